package io.github.pontryagin.adjoint;

import io.github.pontryagin.core.field.VectorField;
import io.github.pontryagin.core.kernel.DenseKernels;

/**
 * A network as a discrete dynamical system: {@code N} layers, layer {@code n} one {@link LayerUpdate} of the vector
 * field {@code f(·; θ_n)} with step size {@code h_n}, {@code y_{n+1} = Φ(y_n; θ_n, h_n)} (for a Runge–Kutta update,
 * the ResNet as a discretized ODE: Benning, Celledoni, Ehrhardt, Owren, Schönlieb 2019; {@code docs/theory.md} §1).
 *
 * <p>Parameters are one flat array {@code theta} with layer {@code n} at {@code n·P}
 * ({@code P = }{@link LayerUpdate#parametersPerLayer}: the field's parameters, a branch set's for DMRNet, the update's
 * own coefficients); states are feature-major
 * {@code d × M} batches, {@code d = update.stateDimension(field)}. Gradients come from a
 * {@link GradientPass} of an {@link Adjoint} ({@code adjoint.newPass(flow, M)}). Instances are immutable and
 * thread-safe; all mutable memory lives in the passes.
 */
public final class DiscreteFlow {

    private final LayerUpdate update;
    private final VectorField field;
    private final int layers;
    private final int d;
    private final int parametersPerLayer;

    /**
     * @throws IllegalArgumentException if a component is missing or {@code layers <= 0}
     */
    public DiscreteFlow(LayerUpdate update, VectorField field, int layers) {
        if (update == null) {
            throw new IllegalArgumentException(
                    "layer update must be given (e.g. LayerUpdate.rungeKutta(Tableau.rk4()))");
        }
        if (field == null) {
            throw new IllegalArgumentException("vector field must be given (e.g. new SigmaAffine(d, Activation.TANH))");
        }
        if (layers <= 0) {
            throw new IllegalArgumentException("number of layers N must be > 0, got " + layers);
        }
        update.requireCompatible(field);
        update.requireLayers(layers);
        this.update = update;
        this.field = field;
        this.layers = layers;
        this.d = update.stateDimension(field);
        this.parametersPerLayer = update.parametersPerLayer(field);
    }

    public LayerUpdate update() {
        return update;
    }

    public VectorField field() {
        return field;
    }

    public int layers() {
        return layers;
    }

    public int dimension() {
        return d;
    }

    /** {@code P}, the parameters of one layer: the field's, the branch sets' and the update's own (if any). */
    public int parametersPerLayer() {
        return parametersPerLayer;
    }

    /** Length of the flat parameter array: {@code N × P}. */
    public int parameterCount() {
        return layers * parametersPerLayer;
    }

    /** A gradient holder sized for this flow and batch size. */
    public FlowGradient newGradient(int batchSize) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size m must be > 0, got " + batchSize + " (empty batch)");
        }
        return new FlowGradient(parameterCount(), layers, d * batchSize);
    }

    /**
     * A value-only forward pass sized for this flow and batch size: {@code y_N} without a tape (see
     * {@link ForwardPass}), for losses at trial points.
     */
    public ForwardPass newForwardPass(int batchSize) {
        return new ForwardPass(this, batchSize);
    }

    /** Every layer state {@code y_0 … y_N} (each a new array, feature-major {@code d × M}), e.g. for plots. */
    public double[][] states(double[] theta, double[] h, double[] y0, int batchSize) {
        Trajectory tape = new Trajectory(this, batchSize, 1);
        forward(theta, h, y0, tape, new Workspace(this, batchSize));
        double[][] states = new double[layers + 1][];
        for (int n = 0; n <= layers; n++) {
            states[n] = tape.state(n);
        }
        return states;
    }

    /**
     * The stage values {@code Y_{n,i}} of every layer ({@code [n][i]}, each a new feature-major {@code d × M} array),
     * e.g. for the linearised stability analysis; for the plain update the single stage is {@code y_n}.
     */
    public double[][][] stageValues(double[] theta, double[] h, double[] y0, int batchSize) {
        Trajectory tape = new Trajectory(this, batchSize, layers);
        forward(theta, h, y0, tape, new Workspace(this, batchSize));
        int s = update.stages();
        int dm = d * batchSize;
        double[][][] stages = new double[layers][s][];
        for (int n = 0; n < layers; n++) {
            for (int i = 0; i < s; i++) {
                stages[n][i] = java.util.Arrays.copyOfRange(tape.stageY, (n * s + i) * dm, (n * s + i + 1) * dm);
            }
        }
        return stages;
    }

    /** {@code y_N} for the given parameters, as a new array (allocates a tape; not for a hot path). */
    public double[] solve(double[] theta, double[] h, double[] y0, int batchSize) {
        Trajectory tape = new Trajectory(this, batchSize, 1);
        return forward(theta, h, y0, tape, new Workspace(this, batchSize)).clone();
    }

    /**
     * Runs the layers from {@code y0} and records the checkpoints, the stages of the last segment and {@code y_N}
     * into {@code tape}; returns the tape's {@code y_N}.
     */
    double[] forward(double[] theta, double[] h, double[] y0, Trajectory tape, Workspace work) {
        return forward(theta, h, y0, tape, work, false);
    }

    /**
     * {@link #forward(double[], double[], double[], Trajectory, Workspace)}; {@code thetaFinite}: see
     * {@link #validate(double[], double[], boolean)}.
     */
    double[] forward(double[] theta, double[] h, double[] y0, Trajectory tape, Workspace work, boolean thetaFinite) {
        validate(theta, h, thetaFinite);
        int m = tape.m;
        int dm = d * m;
        if (y0 == null || y0.length != dm) { // the message is only built on failure: no allocation per call
            requireLength("initial state y0", y0, dm, "d × M = " + d + " × " + m);
        }
        double[] y = work.current;
        System.arraycopy(y0, 0, y, 0, dm);
        int k = tape.interval;
        int s = update.stages();
        for (int n = 0; n < layers; n++) {
            if (n % k == 0) {
                System.arraycopy(y, 0, tape.checkpoints, (n / k) * dm, dm);
            }
            update.step(field, theta, n * parametersPerLayer, h[n], y, m, tape.stageY, tape.stageK, (n % k) * s * dm,
                    work);
        }
        System.arraycopy(y, 0, tape.finalState, 0, dm);
        tape.segmentInBuffer = tape.segments - 1;
        tape.complete = true;
        return tape.finalState;
    }

    /** Puts the stages of {@code segment} into the tape's buffers, recomputing from its checkpoint if needed. */
    void loadSegment(double[] theta, double[] h, Trajectory tape, Workspace work, int segment) {
        if (tape.segmentInBuffer == segment) {
            return;
        }
        int m = tape.m;
        int dm = d * m;
        int k = tape.interval;
        int s = update.stages();
        double[] y = work.current;
        System.arraycopy(tape.checkpoints, segment * dm, y, 0, dm);
        int end = Math.min(layers, (segment + 1) * k);
        for (int n = segment * k; n < end; n++) {
            update.step(field, theta, n * parametersPerLayer, h[n], y, m, tape.stageY, tape.stageK,
                    (n - segment * k) * s * dm, work);
        }
        tape.segmentInBuffer = segment;
    }

    void validate(double[] theta, double[] h) {
        validate(theta, h, false);
    }

    /**
     * Checks the lengths of theta and h and that every step size is finite, and every entry of theta unless
     * {@code thetaFinite} says that the caller has checked them (a read of all N·P parameters less per pass).
     */
    void validate(double[] theta, double[] h, boolean thetaFinite) {
        if (theta == null || theta.length != parameterCount()) {
            requireLength("parameters theta", theta, parameterCount(),
                    "N × P = " + layers + " × " + parametersPerLayer);
        }
        if (h == null || h.length != layers) {
            requireLength("step sizes h", h, layers, "N = " + layers);
        }
        // one vectorized pass for the common case; the entry is looked for only to name it
        boolean finite = thetaFinite || DenseKernels.allFinite(theta, 0, theta.length);
        for (int i = 0; !finite && i < theta.length; i++) {
            if (!Double.isFinite(theta[i])) {
                int layer = i / parametersPerLayer;
                throw new IllegalArgumentException("parameter theta[" + i + "] (layer " + layer + ", entry "
                        + (i - layer * parametersPerLayer) + ") is " + theta[i] + "; parameters must be finite");
            }
        }
        for (int n = 0; n < layers; n++) {
            if (!Double.isFinite(h[n])) {
                throw new IllegalArgumentException("step size h[" + n + "] is " + h[n] + "; step sizes must be finite");
            }
        }
    }

    /** Checks the adjoint seed, the gradient holder and the costate rows of a backward pass. */
    void validateBackward(double[] pN, FlowGradient out, double[][] costates, int m) {
        int dm = d * m;
        if (pN == null || pN.length != dm) { // the message is only built on failure: no allocation per call
            requireLength("adjoint seed pN", pN, dm, "d × M = " + d + " × " + m);
        }
        if (out == null || out.theta.length != parameterCount() || out.h.length != layers || out.y0.length != dm) {
            throw new IllegalArgumentException("gradient must be created by flow.newGradient(" + m + ")");
        }
        for (int q = 0; q < dm; q++) {
            if (!Double.isFinite(pN[q])) {
                throw new IllegalArgumentException("adjoint seed pN[" + q + "] is " + pN[q] + "; it must be finite");
            }
        }
        if (costates != null && costates.length != layers + 1) {
            throw new IllegalArgumentException("costates must have N + 1 = " + (layers + 1) + " rows, got "
                    + costates.length);
        }
    }

    static void requireLength(String what, double[] array, int expected, String meaning) {
        if (array == null) {
            throw new IllegalArgumentException(what + " must be given (length " + expected + ")");
        }
        if (array.length != expected) {
            throw new IllegalArgumentException(what + " has length " + array.length + " but must have length "
                    + expected + " (" + meaning + ")");
        }
    }

    /** Copies {@code p} into row {@code n} of {@code costates} when it is not null. */
    static void record(double[][] costates, int n, double[] p) {
        if (costates != null) {
            if (costates[n] == null || costates[n].length != p.length) {
                costates[n] = new double[p.length];
            }
            System.arraycopy(p, 0, costates[n], 0, p.length);
        }
    }

    @Override
    public String toString() {
        return update.name() + " × " + layers + " layers of " + field;
    }
}
