package io.github.pontryagin.adjoint;

/**
 * Reversible backpropagation: the exact discrete adjoint of a reversible layer update (leapfrog, conformal
 * Störmer–Verlet), with the states recomputed backwards, {@code y_n = Φ_{h_n}⁻¹(y_{n+1})}, instead of stored
 * (Gomez, Ren, Urtasun, Grosse, "The reversible residual network", 2017; Chang et al., "Reversible architectures
 * for arbitrarily deep residual neural networks", 2018). The forward pass keeps only {@code y_0}, {@code y_N} and one layer's stages, so memory is
 * O(s d M), independent of {@code N}; the backward pass costs about one extra forward pass.
 *
 * <p>In floating point the recomputed states drift from the forward ones by accumulated round-off. The backward
 * pass measures the drift where it is known exactly, at {@code y_0}: {@code ‖ŷ_0 − y_0‖_∞ / ‖y_0‖_∞}. When it exceeds
 * the tolerance, the gradient is taken again with a checkpointed discrete adjoint ({@code ⌈√N⌉} checkpoints, the
 * stored-trajectory gradient bit for bit), and the pass counts the fallback. Immutable value.
 */
public final class ReversibleAdjoint implements Adjoint {

    /** The default drift tolerance (relative, max norm, at {@code y_0}). */
    public static final double DEFAULT_TOLERANCE = 1e-10;

    private final double tolerance;

    private ReversibleAdjoint(double tolerance) {
        this.tolerance = tolerance;
    }

    /** Reversible backpropagation with the default drift tolerance {@value #DEFAULT_TOLERANCE}. */
    public static ReversibleAdjoint defaults() {
        return new ReversibleAdjoint(DEFAULT_TOLERANCE);
    }

    /**
     * Reversible backpropagation falling back to checkpoints when the relative drift of the recomputed
     * {@code y_0} exceeds {@code tolerance}.
     *
     * @throws IllegalArgumentException if {@code tolerance} is not finite and {@code > 0}
     */
    public static ReversibleAdjoint tolerance(double tolerance) {
        if (!(tolerance > 0) || !Double.isFinite(tolerance)) {
            throw new IllegalArgumentException("reversible drift tolerance must be finite and > 0 (e.g. 1e-10), got "
                    + tolerance);
        }
        return new ReversibleAdjoint(tolerance);
    }

    /** The drift tolerance. */
    public double driftTolerance() {
        return tolerance;
    }

    @Override
    public ReversiblePass newPass(DiscreteFlow flow, int batchSize) {
        if (flow == null) {
            throw new IllegalArgumentException("flow must be given");
        }
        if (!flow.update().isReversible()) {
            throw new IllegalArgumentException("reversible backpropagation needs a reversible layer update"
                    + " (leapfrog, conformal-verlet), got " + flow.update().name());
        }
        return new ReversiblePass(flow, this, batchSize);
    }

    /**
     * The drift of recomputed states: runs the flow forward from {@code y0} storing every state, then backwards
     * from {@code y_N} by the inverse steps, and returns {@code ‖ŷ_n − y_n‖_∞ / ‖y_n‖_∞} for {@code n = 0 … N}
     * (entry {@code N} is 0). Allocates; for measurements and tests.
     */
    public static double[] drift(DiscreteFlow flow, double[] theta, double[] h, double[] y0, int batchSize) {
        if (!flow.update().isReversible()) {
            throw new IllegalArgumentException("drift is defined for a reversible layer update (leapfrog,"
                    + " conformal-verlet), got "
                    + flow.update().name());
        }
        double[][] states = flow.states(theta, h, y0, batchSize);
        int layers = flow.layers();
        Trajectory scratch = new Trajectory(flow, batchSize, layers, 1);
        Workspace work = new Workspace(flow, batchSize);
        double[] x = states[layers].clone();
        double[] drift = new double[layers + 1];
        for (int n = layers - 1; n >= 0; n--) {
            flow.update().inverseStep(flow.field(), theta, n * flow.parametersPerLayer(), h[n], x, batchSize, scratch,
                    0, work);
            drift[n] = relativeDistance(x, states[n]);
        }
        return drift;
    }

    /** {@code ‖x − y‖_∞ / ‖y‖_∞} ({@code ‖x − y‖_∞} when {@code y = 0}). */
    static double relativeDistance(double[] x, double[] y) {
        double difference = 0;
        double size = 0;
        for (int q = 0; q < y.length; q++) {
            difference = Math.max(difference, Math.abs(x[q] - y[q]));
            size = Math.max(size, Math.abs(y[q]));
        }
        return size > 0 ? difference / size : difference;
    }

    @Override
    public String describe() {
        return "reversible backpropagation (states recomputed backwards), checkpoint fallback above drift "
                + tolerance;
    }

    @Override
    public String toString() {
        return describe();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReversibleAdjoint other && Double.compare(other.tolerance, tolerance) == 0;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(tolerance);
    }
}
