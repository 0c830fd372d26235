package io.github.pontryagin.adjoint;

import java.util.Arrays;

import io.github.pontryagin.core.kernel.DenseKernels;
import io.github.pontryagin.core.field.VectorField;
import io.github.pontryagin.core.tableau.Tableau;

/**
 * A network as a discretized ODE: {@code N} layers, layer {@code n} one explicit Runge–Kutta step
 * of size {@code h_n} of the vector field {@code f(·; θ_n)}, with the same {@code θ_n} in every stage
 * (SPEC §1, seed 002):
 * <pre>
 *   Y_i = y_n + h_n Σ_{j&lt;i} a_ij K_j,   K_i = f(Y_i; θ_n),   y_{n+1} = y_n + h_n Σ_i b_i K_i.
 * </pre>
 * The paper's "Net" baseline without skip connection, {@code y_{n+1} = f(y_n; θ_n)}, goes through
 * the same code ({@link #withoutSkipConnection}); it ignores the step sizes.
 *
 * <p>Parameters are one flat array {@code theta} with layer {@code n} at {@code n·P}
 * ({@code P = field.parameterCount()}); states are feature-major {@code d × M} batches.
 * Instances are immutable and thread-safe; all mutable memory lives in {@link Trajectory}.
 */
public final class RungeKuttaFlow {

    private final Tableau tableau;
    private final VectorField field;
    private final int layers;
    private final boolean skipConnection;
    private final int s;
    private final int d;
    private final int parametersPerLayer;
    private final double[][] a;
    private final double[] b;

    /**
     * @throws IllegalArgumentException if a component is missing or {@code layers <= 0}
     */
    public RungeKuttaFlow(Tableau tableau, VectorField field, int layers) {
        this(tableau, field, layers, true);
    }

    private RungeKuttaFlow(Tableau tableau, VectorField field, int layers, boolean skipConnection) {
        if (tableau == null) {
            throw new IllegalArgumentException("tableau must be given (e.g. Tableau.rk4())");
        }
        if (field == null) {
            throw new IllegalArgumentException("vector field must be given (e.g. new SigmaAffine(d, Activation.TANH))");
        }
        if (layers <= 0) {
            throw new IllegalArgumentException("number of layers N must be > 0, got " + layers);
        }
        this.tableau = tableau;
        this.field = field;
        this.layers = layers;
        this.skipConnection = skipConnection;
        this.s = tableau.stages();
        this.d = field.dimension();
        this.parametersPerLayer = field.parameterCount();
        this.a = tableau.a();
        this.b = tableau.b();
    }

    /**
     * The paper's "Net" baseline {@code y_{n+1} = f(y_n; θ_n)}: one stage, no skip connection,
     * step sizes ignored (their gradient is 0).
     */
    public static RungeKuttaFlow withoutSkipConnection(VectorField field, int layers) {
        return new RungeKuttaFlow(Tableau.euler(), field, layers, false);
    }

    public Tableau tableau() {
        return tableau;
    }

    public VectorField field() {
        return field;
    }

    public int layers() {
        return layers;
    }

    public int stages() {
        return s;
    }

    public int dimension() {
        return d;
    }

    public boolean hasSkipConnection() {
        return skipConnection;
    }

    public int parametersPerLayer() {
        return parametersPerLayer;
    }

    /** Length of the flat parameter array: {@code N × P}. */
    public int parameterCount() {
        return layers * parametersPerLayer;
    }

    /** A trajectory that stores every stage of every layer (no recomputation). */
    public Trajectory newTrajectory(int batchSize) {
        return new Trajectory(this, batchSize, layers);
    }

    /**
     * A trajectory that keeps a checkpoint every {@code interval} layers and recomputes segments
     * in the backward pass; see {@link #defaultCheckpointInterval()}.
     */
    public Trajectory newTrajectory(int batchSize, int interval) {
        return new Trajectory(this, batchSize, interval);
    }

    /** {@code ⌈√N⌉}, which minimises the stored layers {@code N/k + k}. */
    public int defaultCheckpointInterval() {
        return Math.max(1, (int) Math.ceil(Math.sqrt(layers)));
    }

    /** A gradient holder sized for this flow and batch size. */
    public FlowGradient newGradient(int batchSize) {
        return new FlowGradient(parameterCount(), layers, d * batchSize);
    }

    /**
     * Runs the forward pass from {@code y0} (feature-major {@code d × M}, {@code M} = the
     * trajectory's batch size) and records what the backward pass needs into {@code trajectory}.
     *
     * @return the final state {@code y_N} (the trajectory's array, see {@link Trajectory#finalState()})
     * @throws IllegalArgumentException on wrong lengths or non-finite parameters / step sizes
     */
    public double[] forward(double[] theta, double[] h, double[] y0, Trajectory trajectory) {
        validate(theta, h, trajectory);
        int m = trajectory.m;
        int dm = d * m;
        if (y0 == null || y0.length != dm) { // the message is only built on failure: no allocation per call
            requireLength("initial state y0", y0, dm, "d × M = " + d + " × " + m);
        }
        double[] cur = trajectory.current;
        System.arraycopy(y0, 0, cur, 0, dm);
        int k = trajectory.interval;
        for (int n = 0; n < layers; n++) {
            if (n % k == 0) {
                System.arraycopy(cur, 0, trajectory.checkpoints, (n / k) * dm, dm);
            }
            step(theta, h, n, cur, trajectory, (n % k) * s * dm, m);
        }
        System.arraycopy(cur, 0, trajectory.finalState, 0, dm);
        trajectory.segmentInBuffer = trajectory.segments - 1;
        trajectory.forwardTheta = theta;
        trajectory.forwardH = h;
        trajectory.complete = true;
        return trajectory.finalState;
    }

    /**
     * One layer: stores {@code Y_i}, {@code K_i} at {@code stageOffset} of the trajectory's stage
     * buffers and advances {@code y} in place to {@code y_{n+1}}.
     */
    void step(double[] theta, double[] h, int n, double[] y, Trajectory t, int stageOffset, int m) {
        int dm = d * m;
        double[] stageY = t.stageY;
        double[] stageK = t.stageK;
        int thetaOffset = n * parametersPerLayer;
        if (!skipConnection) {
            System.arraycopy(y, 0, stageY, stageOffset, dm);
            field.apply(theta, thetaOffset, y, m, t.stageOut, t.fieldWork);
            System.arraycopy(t.stageOut, 0, stageK, stageOffset, dm);
            System.arraycopy(t.stageOut, 0, y, 0, dm);
            return;
        }
        double hn = h[n];
        double[] stageIn = t.stageIn;
        double[] stageOut = t.stageOut;
        for (int i = 0; i < s; i++) {
            int yi = stageOffset + i * dm;
            double[] ai = a[i];
            int j1 = nextNonzero(ai, 0, i, hn);
            if (j1 < 0) {
                System.arraycopy(y, 0, stageIn, 0, dm);
                System.arraycopy(y, 0, stageY, yi, dm);
            } else {
                int j2 = nextNonzero(ai, j1 + 1, i, hn);
                double c1 = hn * ai[j1];
                int k1 = stageOffset + j1 * dm;
                if (j2 < 0) {
                    // Y_i = y + c1 K_j1 in one pass, written to the field input and the stored stage
                    DenseKernels.axpyInto(y, 0, c1, stageK, k1, stageIn, 0, stageY, yi, dm);
                } else {
                    double c2 = hn * ai[j2];
                    int k2 = stageOffset + j2 * dm;
                    int j3 = nextNonzero(ai, j2 + 1, i, hn);
                    if (j3 < 0) {
                        for (int q = 0; q < dm; q++) {
                            double v = y[q] + c1 * stageK[k1 + q] + c2 * stageK[k2 + q];
                            stageIn[q] = v;
                            stageY[yi + q] = v;
                        }
                    } else {
                        // general row: same left-to-right summation order as the single-term passes
                        for (int q = 0; q < dm; q++) {
                            stageIn[q] = y[q] + c1 * stageK[k1 + q] + c2 * stageK[k2 + q];
                        }
                        for (int j = j3; j < i; j++) {
                            double coefficient = hn * ai[j];
                            if (coefficient != 0) {
                                int kj = stageOffset + j * dm;
                                for (int q = 0; q < dm; q++) {
                                    stageIn[q] += coefficient * stageK[kj + q];
                                }
                            }
                        }
                        System.arraycopy(stageIn, 0, stageY, yi, dm);
                    }
                }
            }
            field.apply(theta, thetaOffset, stageIn, m, stageOut, t.fieldWork);
            System.arraycopy(stageOut, 0, stageK, yi, dm);
        }
        // y += Σ_i h b_i K_i, up to four stages per pass, summed left to right as with one pass per stage
        int i = nextNonzero(b, 0, s, hn);
        while (i >= 0) {
            int i2 = nextNonzero(b, i + 1, s, hn);
            int i3 = i2 < 0 ? -1 : nextNonzero(b, i2 + 1, s, hn);
            int i4 = i3 < 0 ? -1 : nextNonzero(b, i3 + 1, s, hn);
            double c1 = hn * b[i];
            int k1 = stageOffset + i * dm;
            if (i2 < 0) {
                DenseKernels.axpyInto(y, 0, c1, stageK, k1, y, 0, null, 0, dm);
                break;
            }
            double c2 = hn * b[i2];
            int k2 = stageOffset + i2 * dm;
            if (i3 < 0) {
                for (int q = 0; q < dm; q++) {
                    y[q] = y[q] + c1 * stageK[k1 + q] + c2 * stageK[k2 + q];
                }
                break;
            }
            double c3 = hn * b[i3];
            int k3 = stageOffset + i3 * dm;
            if (i4 < 0) {
                for (int q = 0; q < dm; q++) {
                    y[q] = y[q] + c1 * stageK[k1 + q] + c2 * stageK[k2 + q] + c3 * stageK[k3 + q];
                }
                break;
            }
            double c4 = hn * b[i4];
            int k4 = stageOffset + i4 * dm;
            DenseKernels.accumulateFour(y, stageK, c1, k1, c2, k2, c3, k3, c4, k4, dm);
            i = nextNonzero(b, i4 + 1, s, hn);
        }
    }

    /** The first {@code j} in {@code [from, to)} with {@code h·c[j] != 0}, or −1. */
    static int nextNonzero(double[] c, int from, int to, double hn) {
        for (int j = from; j < to; j++) {
            if (hn * c[j] != 0) {
                return j;
            }
        }
        return -1;
    }

    /** Puts the stages of segment {@code segment} into the buffers, recomputing from its checkpoint. */
    void loadSegment(double[] theta, double[] h, Trajectory t, int segment) {
        if (t.segmentInBuffer == segment) {
            return;
        }
        int m = t.m;
        int dm = d * m;
        int k = t.interval;
        double[] cur = t.current;
        System.arraycopy(t.checkpoints, segment * dm, cur, 0, dm);
        int end = Math.min(layers, (segment + 1) * k);
        for (int n = segment * k; n < end; n++) {
            step(theta, h, n, cur, t, (n - segment * k) * s * dm, m);
        }
        t.segmentInBuffer = segment;
    }

    void validate(double[] theta, double[] h, Trajectory trajectory) {
        if (trajectory == null || trajectory.flow != this) {
            throw new IllegalArgumentException("trajectory must be created by this flow (flow.newTrajectory(M))");
        }
        if (theta == null || theta.length != parameterCount()) {
            requireLength("parameters theta", theta, parameterCount(),
                    "N × P = " + layers + " × " + parametersPerLayer);
        }
        if (h == null || h.length != layers) {
            requireLength("step sizes h", h, layers, "N = " + layers);
        }
        for (int i = 0; i < theta.length; i++) {
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

    static void requireLength(String what, double[] array, int expected, String meaning) {
        if (array == null) {
            throw new IllegalArgumentException(what + " must be given (length " + expected + ")");
        }
        if (array.length != expected) {
            throw new IllegalArgumentException(what + " has length " + array.length + " but must have length "
                    + expected + " (" + meaning + ")");
        }
    }

    /** Convenience: {@code y_N} for the given parameters, as a new array (allocates a trajectory). */
    public double[] solve(double[] theta, double[] h, double[] y0, int batchSize) {
        Trajectory t = newTrajectory(batchSize, 1);
        return Arrays.copyOf(forward(theta, h, y0, t), d * batchSize);
    }

    @Override
    public String toString() {
        return (skipConnection ? tableau.name() : "no-skip") + " × " + layers + " layers of " + field;
    }
}
