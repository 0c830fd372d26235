package io.github.pontryagin.adjoint;

import java.util.Arrays;

import io.github.pontryagin.core.field.VectorField;
import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.ODEStateAndDerivative;
import org.hipparchus.ode.OrdinaryDifferentialEquation;

/**
 * The {@link GradientPass} of a {@link ContinuousAdjoint}: the forward pass is the flow's discrete update, storing
 * every layer state {@code y_n}; the backward pass integrates, for {@code n = N−1 … 0} and from
 * {@code (y(t_{n+1}), p(t_{n+1})) = (y_{n+1}, p_{n+1})} back over the segment of length {@code h_n}, the augmented
 * system {@code ẏ = f(y; θ_n)}, {@code ṗ = −∂_y f(y; θ_n)ᵀ p}, {@code ġ = −∂_θ f(y; θ_n)ᵀ p}, and sets
 * {@code ∂J/∂θ_n = g(t_n)}, {@code ∂J/∂h_n = ⟨p_{n+1}, f(y_{n+1}; θ_n)⟩} (see {@link ContinuousAdjoint}). A
 * segment with {@code h_n = 0} contributes nothing but its {@code h}-gradient. Allocates in the backward pass
 * (Hipparchus works on fresh arrays).
 */
public final class ContinuousPass implements GradientPass {

    private final DiscreteFlow flow;
    private final ContinuousAdjoint adjoint;
    private final DiscretePass states;

    ContinuousPass(DiscreteFlow flow, ContinuousAdjoint adjoint, int batchSize) {
        this.flow = flow;
        this.adjoint = adjoint;
        this.states = DiscreteAdjoint.reverse().checkpointEvery(1).newPass(flow, batchSize);
    }

    @Override
    public int batchSize() {
        return states.batchSize();
    }

    @Override
    public DiscreteFlow flow() {
        return flow;
    }

    @Override
    public ContinuousAdjoint adjoint() {
        return adjoint;
    }

    @Override
    public double[] forward(double[] theta, double[] h, double[] y0) {
        return states.forward(theta, h, y0);
    }

    @Override
    public void backward(double[] theta, double[] h, double[] pN, FlowGradient out, double[][] costates) {
        Trajectory tape = states.trajectory();
        if (!tape.complete) {
            throw new IllegalStateException("run forward on this pass before the backward pass");
        }
        int m = tape.m;
        flow.validateBackward(pN, out, costates, m);
        VectorField field = flow.field();
        int dm = flow.dimension() * m;
        int count = flow.parametersPerLayer();
        int layers = flow.layers();
        double[] work = new double[field.workspaceSize(m)];
        double[] f = new double[dm];
        double[] p = pN.clone();
        DiscreteFlow.record(costates, layers, p);
        for (int n = layers - 1; n >= 0; n--) {
            final int offset = n * count;
            double[] next = tape.state(n + 1);
            field.apply(theta, offset, next, m, f, work);
            out.h[n] = dot(p, f);
            if (h[n] == 0) {
                Arrays.fill(out.theta, offset, offset + count, 0.0);
            } else {
                OrdinaryDifferentialEquation augmented = augmented(field, theta, offset, m, dm, count, work);
                double[] z = new double[2 * dm + count];
                System.arraycopy(next, 0, z, 0, dm);
                System.arraycopy(p, 0, z, dm, dm);
                ODEStateAndDerivative end = adjoint.integrator(h[n]).integrate(augmented, new ODEState(h[n], z), 0.0);
                double[] result = end.getPrimaryState();
                System.arraycopy(result, dm, p, 0, dm);
                System.arraycopy(result, 2 * dm, out.theta, offset, count);
            }
            DiscreteFlow.record(costates, n, p);
        }
        System.arraycopy(p, 0, out.y0, 0, dm);
    }

    /** {@code (ẏ, ṗ, ġ) = (f(y), −∂_y f(y)ᵀ p, −∂_θ f(y)ᵀ p)} on {@code z = (y, p, g)}. */
    static OrdinaryDifferentialEquation augmented(VectorField field, double[] theta, int offset, int m, int dm,
                                                          int count, double[] work) {
        return new OrdinaryDifferentialEquation() {
            @Override
            public int getDimension() {
                return 2 * dm + count;
            }

            @Override
            public double[] computeDerivatives(double t, double[] z) {
                double[] y = Arrays.copyOfRange(z, 0, dm);
                double[] costate = Arrays.copyOfRange(z, dm, 2 * dm);
                double[] grad = new double[count];
                double[] f = new double[dm];
                double[] vjp = new double[dm];
                field.apply(theta, offset, y, m, f, work);
                field.vjp(theta, offset, y, costate, m, vjp, grad, 0, work);
                double[] derivative = new double[2 * dm + count];
                System.arraycopy(f, 0, derivative, 0, dm);
                for (int q = 0; q < dm; q++) {
                    derivative[dm + q] = -vjp[q];
                }
                for (int r = 0; r < count; r++) {
                    derivative[2 * dm + r] = -grad[r];
                }
                return derivative;
            }
        };
    }

    private static double dot(double[] x, double[] y) {
        double sum = 0;
        for (int q = 0; q < x.length; q++) {
            sum += x[q] * y[q];
        }
        return sum;
    }

    @Override
    public boolean storesState(int n) {
        return states.storesState(n);
    }

    /** Every layer state {@code y_0 … y_N} is stored. */
    @Override
    public double[] state(int n) {
        return states.state(n);
    }

    @Override
    public long storedDoubles() {
        return states.storedDoubles();
    }

    @Override
    public String toString() {
        return adjoint.describe() + " of " + flow + ", M = " + batchSize();
    }
}
