package io.github.pontryagin.adjoint;

import java.util.Optional;

import io.github.pontryagin.core.field.VectorField;
import io.github.pontryagin.core.tableau.Tableau;

/**
 * How one layer maps {@code y_n} to {@code y_{n+1}} with the parameters {@code θ_n} and the step size {@code h_n},
 * together with the exact discrete adjoint of that map (the costate step {@code p_{n+1} ↦ p_n} with the
 * {@code θ_n}- and {@code h_n}-gradients) and its tangent (the forward-mode derivative). Two updates exist:
 * <ul>
 *   <li>{@link #rungeKutta(Tableau)}: one explicit Runge–Kutta step of the tableau,
 *       {@code Y_i = y_n + h Σ_{j<i} a_ij K_j}, {@code K_i = f(Y_i; θ_n)}, {@code y_{n+1} = y_n + h Σ_i b_i K_i}
 *       (the ResNet layer; Benning, Celledoni, Ehrhardt, Owren, Schönlieb 2019; {@code docs/theory.md} §1);</li>
 *   <li>{@link #plain()}: the "Net" baseline without skip connection, {@code y_{n+1} = f(y_n; θ_n)}, which
 *       ignores the step sizes (their gradient is 0).</li>
 * </ul>
 * The discrete adjoints are in {@code docs/theory.md} §2. Instances are immutable and thread-safe; a
 * {@link DiscreteFlow} drives them layer by layer, the buffers they read and write belong to a {@link Trajectory}
 * (stored stages) and a workspace.
 */
public abstract class LayerUpdate {

    LayerUpdate() {
    }

    /** One explicit Runge–Kutta step of {@code tableau} per layer. */
    public static LayerUpdate rungeKutta(Tableau tableau) {
        if (tableau == null) {
            throw new IllegalArgumentException("tableau must be given (e.g. Tableau.rk4())");
        }
        return new RungeKuttaUpdate(tableau);
    }

    /** The plain layer {@code y_{n+1} = f(y_n; θ_n)} (no skip connection, step sizes ignored). */
    public static LayerUpdate plain() {
        return PlainUpdate.INSTANCE;
    }

    /** A short name: the tableau's name, or {@code plain}. */
    public abstract String name();

    /** Evaluations of the vector field per layer (the stages stored per layer). */
    public abstract int stages();

    /** Whether {@code y_{n+1}} depends on the step size {@code h_n}. */
    public abstract boolean usesStepSizes();

    /** The Runge–Kutta tableau, or empty for an update that is not a Runge–Kutta step. */
    public Optional<Tableau> tableau() {
        return Optional.empty();
    }

    /** Throws, with a message naming the problem, when the SPRK form of the adjoint does not apply. */
    abstract void requirePartitionedForm();

    /**
     * {@code y ← y_{n+1}}, writing the stage slopes {@code K_i} to {@code stageK} and, when {@code stageY} is not
     * null, the stage values {@code Y_i} to {@code stageY}, both from {@code stageOffset} (stage i at
     * {@code stageOffset + i·d·m}). The tape's buffers for a pass that differentiates; a scratch of {@code s·d·m}
     * and a null {@code stageY} for a value-only {@link ForwardPass}, with the same bits of {@code y_{n+1}}.
     */
    abstract void step(VectorField field, double[] theta, int thetaOffset, double h, double[] y, int m,
                       double[] stageY, double[] stageK, int stageOffset, Workspace work);

    /**
     * {@code p ← p_n} from {@code p = p_{n+1}}, adding {@code ∂J/∂θ_n} to {@code gradTheta} at {@code thetaOffset};
     * returns {@code ∂J/∂h_n}. Reads the stages stored by {@link #step} at {@code stageOffset}.
     *
     * @param partitioned the SPRK form instead of the reverse form (the same numbers up to round-off)
     */
    abstract double adjointStep(VectorField field, double[] theta, int thetaOffset, double h, double[] p, int m,
                                Trajectory tape, int stageOffset, Workspace work, boolean partitioned,
                                double[] gradTheta);

    /**
     * {@code next = v_{n+1}}, the derivative of {@code y_{n+1}} along {@code (v = δy_n, δh)}. Reads the stages
     * stored by {@link #step}; allocates its scratch (not a hot path).
     */
    abstract void tangentStep(VectorField field, double[] theta, int thetaOffset, double h, double dh, double[] v,
                              double[] next, int m, Trajectory tape, int stageOffset);

    @Override
    public String toString() {
        return name();
    }
}
