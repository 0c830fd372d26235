package io.github.pontryagin.adjoint;

import java.util.function.UnaryOperator;

import io.github.pontryagin.core.field.VectorField;
import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.ODEStateAndDerivative;
import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.hipparchus.ode.nonstiff.DormandPrince853Integrator;

/**
 * The continuous adjoint ("optimise, then discretise"), as an {@link Adjoint} value. The control
 * {@code θ(t) = θ_n} is piecewise constant on {@code [t_n, t_{n+1})}, {@code t_n = Σ_{k<n} h_k}; the costate solves
 * <pre>
 *   ṗ = −∂_y f(y; θ(t))ᵀ p,   p(T) = ∂J/∂y(T),   ∂J/∂θ_n = ∫_{t_n}^{t_{n+1}} ∂_θ f(y; θ_n)ᵀ p dt,   ∂J/∂y_0 = p(0),
 * </pre>
 * integrated backwards segment by segment, jointly with the state {@code y}, by Hipparchus'
 * {@link DormandPrince853Integrator} ({@code docs/theory.md} §2; Chen, Rubanova, Bettencourt, Duvenaud 2018).
 * The step size {@code h_n} is the length of segment n; lengthening it by {@code δ} moves
 * {@code y(t_{n+1})} by {@code δ·f(y(t_{n+1}); θ_n)} and shifts the later segments without changing them, so
 * <pre>
 *   ∂J/∂h_n = ⟨p(t_{n+1}), f(y(t_{n+1}); θ_n)⟩   (= ⟨p(t_n), f(y(t_n); θ_n)⟩: ⟨p, f(y; θ_n)⟩ is constant on segment n).
 * </pre>
 * The discrete adjoint of an order-q Runge–Kutta method is an order-q approximation of this system, so the two
 * gradients differ by {@code O(h^q)} (Hager 2000).
 *
 * <p>Two uses. {@link #newPass} gives a {@link GradientPass} whose forward pass is the flow's own discrete
 * update (so the loss and predictions are the model's), storing every layer state {@code y_n}; its backward pass
 * starts each segment's backward integration from the stored {@code y_{n+1}}. This is the gradient of the model
 * only up to {@code O(h^q)}; it needs a layer update with step sizes (not {@link LayerUpdate#plain()}).
 * {@link #exactFlowGradient} instead integrates the state forwards too: the gradient of the exact flow, to the
 * tolerance, for convergence studies. Immutable value.
 */
public final class ContinuousAdjoint implements Adjoint {

    /** Gradients of the exact flow, and its final state. */
    public record Result(double[] finalState, double[] theta, double[] y0) {
    }

    private final double absoluteTolerance;
    private final double relativeTolerance;

    private ContinuousAdjoint(double absoluteTolerance, double relativeTolerance) {
        if (!(absoluteTolerance > 0) || !(relativeTolerance > 0)) {
            throw new IllegalArgumentException("tolerances must be > 0, got absolute " + absoluteTolerance
                    + " and relative " + relativeTolerance);
        }
        this.absoluteTolerance = absoluteTolerance;
        this.relativeTolerance = relativeTolerance;
    }

    /**
     * @param absolute DormandPrince853 absolute tolerance, &gt; 0
     * @param relative DormandPrince853 relative tolerance, &gt; 0
     */
    public static ContinuousAdjoint tolerance(double absolute, double relative) {
        return new ContinuousAdjoint(absolute, relative);
    }

    /** The same absolute and relative tolerance. */
    public static ContinuousAdjoint tolerance(double both) {
        return new ContinuousAdjoint(both, both);
    }

    public double absoluteTolerance() {
        return absoluteTolerance;
    }

    public double relativeTolerance() {
        return relativeTolerance;
    }

    /**
     * @throws IllegalArgumentException if the flow's update does not use step sizes (the plain update is not the
     *                                  discretization of an ODE)
     */
    @Override
    public ContinuousPass newPass(DiscreteFlow flow, int batchSize) {
        if (flow == null) {
            throw new IllegalArgumentException("flow must be given");
        }
        if (!flow.update().usesStepSizes()) {
            throw new IllegalArgumentException("the continuous adjoint needs a layer update that discretizes an ODE"
                    + " (e.g. LayerUpdate.rungeKutta); '" + flow.update().name() + "' ignores the step sizes");
        }
        if (flow.update().layerParameterCount() > 0 || flow.dimension() != flow.field().dimension()) {
            throw new IllegalArgumentException("the continuous adjoint integrates y' = f(y; θ_n); the '"
                    + flow.update().name() + "' update carries earlier states and its own coefficients, which that"
                    + " ODE does not have (use DiscreteAdjoint)");
        }
        return new ContinuousPass(flow, this, batchSize);
    }

    @Override
    public String describe() {
        return "continuous adjoint, DormandPrince853, absolute tolerance " + absoluteTolerance
                + ", relative tolerance " + relativeTolerance;
    }

    @Override
    public String toString() {
        return describe();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ContinuousAdjoint c && c.absoluteTolerance == absoluteTolerance
                && c.relativeTolerance == relativeTolerance;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(absoluteTolerance) * 31 + Double.hashCode(relativeTolerance);
    }

    /**
     * The gradient of the exact flow (not of a discrete model): solves the state forwards with the tolerance of
     * this adjoint and the costate backwards, for comparisons with a discrete gradient.
     *
     * @param field         the vector field
     * @param theta         per-segment parameters, {@code h.length × P}
     * @param h             segment lengths, all &gt; 0
     * @param y0            initial state, feature-major {@code d × M}
     * @param m             batch size M
     * @param lossGradient  maps the final state {@code y(T)} to {@code p(T) = ∂J/∂y(T)}
     */
    public Result exactFlowGradient(VectorField field, double[] theta, double[] h, double[] y0, int m,
                           UnaryOperator<double[]> lossGradient) {
        int d = field.dimension();
        int dm = d * m;
        int count = field.parameterCount();
        int segments = h.length;
        DiscreteFlow.requireLength("parameters theta", theta, segments * count, "segments × P");
        DiscreteFlow.requireLength("initial state y0", y0, dm, "d × M");
        double[] times = new double[segments + 1];
        for (int n = 0; n < segments; n++) {
            if (!(h[n] > 0) || !Double.isFinite(h[n])) {
                throw new IllegalArgumentException("segment length h[" + n + "] = " + h[n]
                        + " must be finite and > 0 for the continuous adjoint");
            }
            times[n + 1] = times[n] + h[n];
        }
        double[][] states = new double[segments + 1][];
        states[0] = y0.clone();
        double[] work = new double[field.workspaceSize(m)];
        for (int n = 0; n < segments; n++) {
            final int offset = n * count;
            OrdinaryDifferentialEquation state = new OrdinaryDifferentialEquation() {
                @Override
                public int getDimension() {
                    return dm;
                }

                @Override
                public double[] computeDerivatives(double t, double[] y) {
                    double[] out = new double[dm];
                    field.apply(theta, offset, y, m, out, work);
                    return out;
                }
            };
            states[n + 1] = integrator(h[n]).integrate(state, new ODEState(times[n], states[n]), times[n + 1])
                    .getPrimaryState();
        }
        double[] finalState = states[segments];
        double[] p = lossGradient.apply(finalState.clone());
        DiscreteFlow.requireLength("loss gradient p(T)", p, dm, "d × M");
        double[] gradTheta = new double[segments * count];
        for (int n = segments - 1; n >= 0; n--) {
            final int offset = n * count;
            OrdinaryDifferentialEquation augmented = ContinuousPass.augmented(field, theta, offset, m, dm, count, work);
            double[] z = new double[2 * dm + count];
            System.arraycopy(states[n + 1], 0, z, 0, dm);
            System.arraycopy(p, 0, z, dm, dm);
            ODEStateAndDerivative end = integrator(h[n]).integrate(augmented,
                    new ODEState(times[n + 1], z), times[n]);
            double[] result = end.getPrimaryState();
            System.arraycopy(result, dm, p, 0, dm);
            System.arraycopy(result, 2 * dm, gradTheta, offset, count);
        }
        return new Result(finalState, gradTheta, p);
    }

    /** A DormandPrince853 integrator for a segment of the given length (any sign, not 0). */
    DormandPrince853Integrator integrator(double length) {
        double span = Math.abs(length);
        return new DormandPrince853Integrator(span * 1e-12, span, absoluteTolerance, relativeTolerance);
    }
}
