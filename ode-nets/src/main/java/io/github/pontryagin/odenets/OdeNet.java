package io.github.pontryagin.odenets;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import io.github.pontryagin.adjoint.DiscreteAdjoint;
import io.github.pontryagin.adjoint.FlowGradient;
import io.github.pontryagin.adjoint.RungeKuttaFlow;
import io.github.pontryagin.adjoint.Trajectory;
import io.github.pontryagin.core.field.Activation;
import io.github.pontryagin.core.field.ParameterBlock;
import io.github.pontryagin.core.field.VectorField;
import io.github.pontryagin.core.field.VectorFields;
import io.github.pontryagin.core.optim.Projection;
import io.github.pontryagin.core.tableau.Tableau;
import io.github.pontryagin.odenets.head.Head;
import io.github.pontryagin.odenets.head.Heads;

/**
 * An ODE-net classifier (SPEC §1): lift the input {@code x ∈ R^{d0}} to {@code y_0 ∈ R^d} (zero padding,
 * or a learnable matrix), apply {@code N} explicit Runge–Kutta layers of a learnable vector field with
 * step sizes {@code h_n} (fixed, free or on the simplex {@code Σ h_n = T}), then a {@link Head}.
 * Gradients come from the discrete adjoint ({@link DiscreteAdjoint}) and are exact for the discrete loss.
 *
 * <p>The net owns its parameter vector ({@link #parameters()}, laid out by {@link #layout()}); the
 * evaluation methods take a parameter vector explicitly so optimizers can evaluate trial points.
 * Batches are feature-major ({@code x[i*M + k]} is coordinate i of point k).
 *
 * <p><b>Determinism and threads.</b> A batch is split into fixed chunks of {@link Builder#chunkSize}
 * points (independent of the thread count); chunk losses and gradients are summed in chunk order, so
 * results are bit-identical for any number of threads. An instance is not safe for concurrent calls
 * from several threads (it reuses workspaces); it parallelises internally.
 *
 * <pre>{@code
 * OdeNet net = OdeNet.builder().inputDimension(2).width(2).layers(20)
 *         .tableau(Tableau.rk4()).stepSizes(StepSizePolicy.FREE).seed(1).build();
 * double loss = net.lossAndGradient(net.parameters(), x, labels, m, gradient);
 * }</pre>
 */
public final class OdeNet implements AutoCloseable {

    private final Builder config;
    private final VectorField field;
    private final RungeKuttaFlow flow;
    private final Head head;
    private final ParameterLayout layout;
    private final double[] parameters;
    private final double[] fixedStepSizes;
    private final int checkpointInterval;
    private final double[] thetaBuffer;
    private final double[] stepBuffer;
    private final double[] projectionWork;
    private List<Chunk> chunks = List.of();
    private int chunkBatch = -1;
    private ChunkPool pool;
    // Arguments of the evaluation in progress, read by the two chunk tasks below; the tasks are built once,
    // so a call allocates nothing (no capturing lambdas, no futures).
    private double[] callU;
    private double[] callX;
    private int[] callLabels;
    private int callM;
    private boolean callGradient;
    private final ChunkPool.Task evaluateTask =
            i -> chunks.get(i).evaluate(callU, callX, callLabels, callM, callGradient);
    private final ChunkPool.Task forwardTask = i -> chunks.get(i).forward(callU, callX, callM);

    private OdeNet(Builder source) {
        Builder b = source.copy();
        this.config = b;
        this.field = VectorFields.create(b.field, b.width, b.activation,
                b.hiddenWidth < 0 ? VectorFields.defaultWidth(b.field, b.width) : b.hiddenWidth, b.gamma);
        this.flow = b.skipConnection ? new RungeKuttaFlow(b.tableau, field, b.layers)
                : RungeKuttaFlow.withoutSkipConnection(field, b.layers);
        this.head = Heads.create(b.head, b.classes);
        int thetaLength = flow.parameterCount();
        int hLength = b.skipConnection && b.stepSizes.learned() ? b.layers : 0;
        int headLength = head.parameterCount(b.width);
        int liftLength = b.learnableLift ? b.width * b.inputDimension : 0;
        this.layout = new ParameterLayout(0, thetaLength, thetaLength, hLength, thetaLength + hLength, headLength,
                thetaLength + hLength + headLength, liftLength);
        this.parameters = new double[layout.size()];
        this.fixedStepSizes = new double[b.layers];
        Arrays.fill(fixedStepSizes, b.horizon / b.layers);
        this.checkpointInterval = b.checkpointInterval == 0 ? b.layers
                : b.checkpointInterval < 0 ? flow.defaultCheckpointInterval() : Math.min(b.checkpointInterval, b.layers);
        this.thetaBuffer = new double[thetaLength];
        this.stepBuffer = new double[b.layers];
        this.projectionWork = new double[layout.size()];
        initialize(new SplittableRandom(b.seed));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this net's configuration, to build a fresh net (e.g. with another seed). */
    public Builder toBuilder() {
        return config.copy();
    }

    private void initialize(SplittableRandom random) {
        Initialization init = config.initialization;
        int perLayer = field.parameterCount();
        for (int n = 0; n < config.layers; n++) {
            for (ParameterBlock block : field.parameterBlocks()) {
                int offset = layout.thetaOffset() + n * perLayer + block.offset();
                if (block.kind() == ParameterBlock.Kind.WEIGHT) {
                    double sigma = init.weightStandardDeviation(block.cols(), block.rows());
                    Initialization.gaussian(parameters, offset, block.size(), sigma, random);
                }
            }
        }
        for (int n = 0; n < layout.stepSizeLength(); n++) {
            parameters[layout.stepSizeOffset() + n] = config.horizon / config.layers;
        }
        int weights = config.width * head.outputs();
        if (init == Initialization.PAPER) {
            Arrays.fill(parameters, layout.headOffset(), layout.headOffset() + weights, 10.0);
        } else {
            Initialization.gaussian(parameters, layout.headOffset(), weights,
                    init.weightStandardDeviation(config.width, head.outputs()), random);
        }
        for (int i = 0; i < Math.min(config.width, config.inputDimension) && layout.liftLength() > 0; i++) {
            parameters[layout.liftOffset() + i * config.inputDimension + i] = 1.0;
        }
    }

    /** The trainable parameter vector (live: optimizers update it in place). */
    public double[] parameters() {
        return parameters;
    }

    /** Replaces the parameters by a copy of {@code u}. */
    public void setParameters(double[] u) {
        requireParameters(u);
        System.arraycopy(u, 0, parameters, 0, parameters.length);
    }

    public ParameterLayout layout() {
        return layout;
    }

    public RungeKuttaFlow flow() {
        return flow;
    }

    public VectorField field() {
        return field;
    }

    public Head head() {
        return head;
    }

    public Tableau tableau() {
        return config.tableau;
    }

    public int inputDimension() {
        return config.inputDimension;
    }

    public int width() {
        return config.width;
    }

    public int layers() {
        return config.layers;
    }

    public StepSizePolicy stepSizePolicy() {
        return config.stepSizes;
    }

    public double horizon() {
        return config.horizon;
    }

    public boolean hasSkipConnection() {
        return config.skipConnection;
    }

    public boolean hasLearnableLift() {
        return config.learnableLift;
    }

    public long seed() {
        return config.seed;
    }

    public int classes() {
        return config.classes;
    }

    public Activation activation() {
        return config.activation;
    }

    /** The hidden width setting of the field (−1 for the family's default). */
    public int hiddenWidth() {
        return config.hiddenWidth;
    }

    public double gamma() {
        return config.gamma;
    }

    public Initialization initialization() {
        return config.initialization;
    }

    public double tikhonov() {
        return config.tikhonov;
    }

    public double smoothness() {
        return config.smoothness;
    }

    /** A readable name for entry {@code i} of the parameter vector, e.g. {@code layer 3 K[1][0]} or {@code h_5}. */
    public String describeParameter(int i) {
        if (i < 0 || i >= parameters.length) {
            throw new IllegalArgumentException("parameter index " + i + " outside 0.." + (parameters.length - 1));
        }
        if (i < layout.thetaOffset() + layout.thetaLength()) {
            int perLayer = field.parameterCount();
            int layer = i / perLayer;
            int r = i - layer * perLayer;
            for (ParameterBlock block : field.parameterBlocks()) {
                if (r >= block.offset() && r < block.offset() + block.size()) {
                    int local = r - block.offset();
                    return "layer " + layer + " " + block.name() + "[" + local / block.cols() + "]["
                            + local % block.cols() + "]";
                }
            }
        }
        if (i < layout.headOffset()) {
            return "h_" + (i - layout.stepSizeOffset());
        }
        if (i < layout.liftOffset()) {
            int local = i - layout.headOffset();
            int weights = config.width * head.outputs();
            return local < weights ? "head W[" + local / head.outputs() + "][" + local % head.outputs() + "]"
                    : "head mu[" + (local - weights) + "]";
        }
        int local = i - layout.liftOffset();
        return "lift[" + local / config.inputDimension + "][" + local % config.inputDimension + "]";
    }

    /** The step sizes {@code h_n} encoded in {@code u} (or the fixed ones), as a new array. */
    public double[] stepSizes(double[] u) {
        if (layout.stepSizeLength() == 0) {
            return fixedStepSizes.clone();
        }
        return Arrays.copyOfRange(u, layout.stepSizeOffset(), layout.stepSizeOffset() + layout.stepSizeLength());
    }

    /** The step sizes of the net's own parameters. */
    public double[] stepSizes() {
        return stepSizes(parameters);
    }

    /**
     * Loss (1/M Σ per-point loss, plus regularisers) of the batch at parameters {@code u}, and its
     * gradient into {@code gradOut} (when not null) by the discrete adjoint. When {@code u} holds a
     * non-finite entry or the forward pass overflows, the loss is NaN or infinite and the gradient is
     * filled with NaN (so that optimizers and the trainer's guard can react) instead of throwing.
     *
     * @param x      inputs, feature-major {@code d0 × m}
     * @param labels class labels, length ≥ m
     */
    public double lossAndGradient(double[] u, double[] x, int[] labels, int m, double[] gradOut) {
        requireParameters(u);
        requireBatch(x, m);
        if (labels == null || labels.length < m) {
            throw new IllegalArgumentException("labels must have at least " + m + " entries, got "
                    + (labels == null ? "null" : labels.length));
        }
        if (gradOut != null && gradOut.length != parameters.length) {
            throw new IllegalArgumentException("gradient array has length " + gradOut.length + " but the net has "
                    + parameters.length + " parameters");
        }
        for (int k = 0; k < m; k++) {
            if (labels[k] < 0 || labels[k] >= head.classes()) {
                throw new IllegalArgumentException("label " + labels[k] + " of point " + k + " is outside the head's"
                        + " classes 0.." + (head.classes() - 1));
            }
        }
        for (double v : u) {
            if (!Double.isFinite(v)) {
                if (gradOut != null) {
                    Arrays.fill(gradOut, Double.NaN);
                }
                return Double.NaN;
            }
        }
        prepare(u, m);
        callLabels = labels;
        callGradient = gradOut != null;
        runChunks(evaluateTask, u, x, m);
        double loss = 0;
        if (gradOut != null) {
            Arrays.fill(gradOut, 0.0);
        }
        for (Chunk chunk : chunks) {
            loss += chunk.loss;
            if (gradOut != null) {
                for (int i = 0; i < gradOut.length; i++) {
                    gradOut[i] += chunk.gradient[i];
                }
            }
        }
        return loss / m + regularize(u, gradOut);
    }

    /** Loss at parameters {@code u} (no gradient). */
    public double loss(double[] u, double[] x, int[] labels, int m) {
        return lossAndGradient(u, x, labels, m, null);
    }

    /** Loss at the net's own parameters. */
    public double loss(double[] x, int[] labels, int m) {
        return loss(parameters, x, labels, m);
    }

    /** Class probabilities at the net's parameters: {@code out[c*m + k]}, {@code classes() × m}. */
    public double[] probabilities(double[] x, int m) {
        requireBatch(x, m);
        prepare(parameters, m);
        runChunks(forwardTask, parameters, x, m);
        double[] out = new double[head.classes() * m];
        for (Chunk chunk : chunks) {
            double[] p = new double[head.classes() * chunk.size];
            head.probabilities(parameters, layout.headOffset(), chunk.trajectory.finalState(), config.width,
                    chunk.size, p);
            for (int c = 0; c < head.classes(); c++) {
                System.arraycopy(p, c * chunk.size, out, c * m + chunk.start, chunk.size);
            }
        }
        return out;
    }

    /** Predicted class of each point, at the net's parameters. */
    public int[] predict(double[] x, int m) {
        double[] p = probabilities(x, m);
        int[] out = new int[m];
        for (int k = 0; k < m; k++) {
            int best = 0;
            for (int c = 1; c < head.classes(); c++) {
                if (p[c * m + k] > p[best * m + k]) {
                    best = c;
                }
            }
            out[k] = best;
        }
        return out;
    }

    /** Fraction of points whose predicted class equals the label. */
    public double accuracy(double[] x, int[] labels, int m) {
        int[] predicted = predict(x, m);
        int correct = 0;
        for (int k = 0; k < m; k++) {
            if (predicted[k] == labels[k]) {
                correct++;
            }
        }
        return (double) correct / m;
    }

    /**
     * The states {@code y_0 … y_N} of every layer for the batch, each feature-major {@code d × m}
     * (for the "points transformed layer by layer" plots).
     */
    public double[][] layerStates(double[] x, int m) {
        requireBatch(x, m);
        Trajectory trajectory = flow.newTrajectory(m, 1);
        double[] y0 = new double[config.width * m];
        lift(parameters, x, m, 0, m, y0);
        copyParameters(parameters);
        flow.forward(thetaBuffer, stepBuffer, y0, trajectory);
        double[][] states = new double[config.layers + 1][];
        for (int n = 0; n <= config.layers; n++) {
            states[n] = trajectory.state(n);
        }
        return states;
    }

    /**
     * Applies the step-size policy's constraint to {@code u}: for {@link StepSizePolicy#SIMPLEX}, the
     * Euclidean projection of h onto {@code {h ≥ 0, Σ h_n = T}}; otherwise nothing.
     */
    public void projectStepSizes(double[] u) {
        if (config.stepSizes == StepSizePolicy.SIMPLEX && layout.stepSizeLength() > 0) {
            stepSizeProjection().project(u, 0, u.length, projectionWork);
        }
    }

    /**
     * The step-size constraint as an optimizer projection (use with
     * {@code optimizer.withProjection(net.stepSizeProjection())}): the simplex projection on the h range
     * for {@link StepSizePolicy#SIMPLEX}, the identity otherwise.
     */
    public Projection stepSizeProjection() {
        if (config.stepSizes != StepSizePolicy.SIMPLEX || layout.stepSizeLength() == 0) {
            return (u, from, to, work) -> { };
        }
        return Projection.simplex(config.horizon).onRange(layout.stepSizeOffset(),
                layout.stepSizeOffset() + layout.stepSizeLength());
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.close();
            pool = null;
        }
    }

    // ---------------------------------------------------------------------------------------------

    private double regularize(double[] u, double[] gradOut) {
        double value = 0;
        double lambda = config.tikhonov;
        int thetaLength = layout.thetaLength();
        if (lambda > 0) {
            for (int i = 0; i < thetaLength; i++) {
                double t = u[layout.thetaOffset() + i];
                value += 0.5 * lambda * t * t;
                if (gradOut != null) {
                    gradOut[layout.thetaOffset() + i] += lambda * t;
                }
            }
        }
        double kappa = config.smoothness;
        if (kappa > 0) {
            int perLayer = field.parameterCount();
            double[] h = stepSizes(u);
            for (int n = 0; n + 1 < config.layers; n++) {
                double squared = 0;
                int from = layout.thetaOffset() + n * perLayer;
                for (int r = 0; r < perLayer; r++) {
                    double diff = u[from + perLayer + r] - u[from + r];
                    squared += diff * diff;
                    if (gradOut != null) {
                        gradOut[from + perLayer + r] += kappa * diff / h[n];
                        gradOut[from + r] -= kappa * diff / h[n];
                    }
                }
                value += 0.5 * kappa * squared / h[n];
                if (gradOut != null && layout.stepSizeLength() > 0) {
                    gradOut[layout.stepSizeOffset() + n] -= 0.5 * kappa * squared / (h[n] * h[n]);
                }
            }
        }
        return value;
    }

    private void requireParameters(double[] u) {
        if (u == null || u.length != parameters.length) {
            throw new IllegalArgumentException("parameter vector must have length " + parameters.length + ", got "
                    + (u == null ? "null" : u.length));
        }
    }

    private void requireBatch(double[] x, int m) {
        if (m <= 0) {
            throw new IllegalArgumentException("batch size must be > 0, got " + m + " (empty batch)");
        }
        if (x == null || x.length != config.inputDimension * m) {
            throw new IllegalArgumentException("inputs must be feature-major d0 × M = " + config.inputDimension
                    + " × " + m + " = " + config.inputDimension * m + " values, got "
                    + (x == null ? "null" : x.length));
        }
    }

    private void copyParameters(double[] u) {
        System.arraycopy(u, layout.thetaOffset(), thetaBuffer, 0, thetaBuffer.length);
        if (layout.stepSizeLength() > 0) {
            System.arraycopy(u, layout.stepSizeOffset(), stepBuffer, 0, stepBuffer.length);
        } else {
            System.arraycopy(fixedStepSizes, 0, stepBuffer, 0, stepBuffer.length);
        }
    }

    private void prepare(double[] u, int m) {
        copyParameters(u);
        if (chunkBatch != m) {
            List<Chunk> list = new ArrayList<>();
            for (int start = 0; start < m; start += config.chunkSize) {
                list.add(new Chunk(start, Math.min(config.chunkSize, m - start)));
            }
            chunks = list;
            chunkBatch = m;
        }
    }

    /** Runs a chunk task on every chunk, on the caller alone or with the persistent pool. */
    private void runChunks(ChunkPool.Task task, double[] u, double[] x, int m) {
        callU = u;
        callX = x;
        callM = m;
        try {
            int count = chunks.size();
            if (config.threads <= 1 || count == 1) {
                for (int i = 0; i < count; i++) {
                    task.run(i);
                }
                return;
            }
            if (pool == null) {
                pool = new ChunkPool(config.threads - 1, "odenet-worker");
            }
            pool.run(task, count);
        } finally {
            callU = null;
            callX = null;
            callLabels = null;
        }
    }

    /** {@code y0 = lift(x)} for points {@code start .. start+size} of a batch of m, into a chunk array. */
    private void lift(double[] u, double[] x, int m, int start, int size, double[] y0) {
        int d0 = config.inputDimension;
        int d = config.width;
        if (layout.liftLength() == 0) {
            Arrays.fill(y0, 0, d * size, 0.0);
            for (int j = 0; j < d0; j++) {
                System.arraycopy(x, j * m + start, y0, j * size, size);
            }
            return;
        }
        int offset = layout.liftOffset();
        for (int i = 0; i < d; i++) {
            Arrays.fill(y0, i * size, (i + 1) * size, 0.0);
            for (int j = 0; j < d0; j++) {
                double l = u[offset + i * d0 + j];
                int xj = j * m + start;
                for (int k = 0; k < size; k++) {
                    y0[i * size + k] += l * x[xj + k];
                }
            }
        }
    }

    /** One fixed slice of the batch with its own workspaces. */
    private final class Chunk {
        final int start;
        final int size;
        final Trajectory trajectory;
        final FlowGradient flowGradient;
        final double[] y0;
        final double[] pN;
        final double[] gradient;
        double loss;

        Chunk(int start, int size) {
            this.start = start;
            this.size = size;
            this.trajectory = flow.newTrajectory(size, checkpointInterval);
            this.flowGradient = flow.newGradient(size);
            this.y0 = new double[config.width * size];
            this.pN = new double[config.width * size];
            this.gradient = new double[parameters.length];
        }

        void forward(double[] u, double[] x, int m) {
            lift(u, x, m, start, size, y0);
            flow.forward(thetaBuffer, stepBuffer, y0, trajectory);
        }

        void evaluate(double[] u, double[] x, int[] labels, int m, boolean withGradient) {
            forward(u, x, m);
            double[] yN = trajectory.finalState();
            if (!withGradient) {
                loss = head.lossSum(u, layout.headOffset(), yN, config.width, size, labels, start, 1.0 / m, pN,
                        null, 0);
                return;
            }
            Arrays.fill(gradient, 0.0);
            loss = head.lossSum(u, layout.headOffset(), yN, config.width, size, labels, start, 1.0 / m, pN,
                    gradient, layout.headOffset());
            if (!Double.isFinite(loss)) {
                Arrays.fill(gradient, Double.NaN);
                return;
            }
            DiscreteAdjoint.backward(trajectory, pN, flowGradient);
            System.arraycopy(flowGradient.theta, 0, gradient, layout.thetaOffset(), layout.thetaLength());
            if (layout.stepSizeLength() > 0) {
                System.arraycopy(flowGradient.h, 0, gradient, layout.stepSizeOffset(), layout.stepSizeLength());
            }
            if (layout.liftLength() > 0) {
                int d0 = config.inputDimension;
                double[] p0 = flowGradient.y0;
                for (int i = 0; i < config.width; i++) {
                    for (int j = 0; j < d0; j++) {
                        double sum = 0;
                        int xj = j * m + start;
                        for (int k = 0; k < size; k++) {
                            sum += p0[i * size + k] * x[xj + k];
                        }
                        gradient[layout.liftOffset() + i * d0 + j] = sum;
                    }
                }
            }
        }
    }

    /** Fluent configuration of an {@link OdeNet}; every setter validates its argument. */
    public static final class Builder {
        int inputDimension = 2;
        int width = -1;
        int layers = 20;
        Tableau tableau = Tableau.rk4();
        String field = "sigma-affine";
        Activation activation = Activation.TANH;
        int hiddenWidth = -1;
        double gamma = 0;
        StepSizePolicy stepSizes = StepSizePolicy.FREE;
        double horizon = 1.0;
        String head = "logistic-ls";
        int classes = 2;
        boolean skipConnection = true;
        boolean learnableLift;
        Initialization initialization = Initialization.PAPER;
        long seed = 1;
        double tikhonov;
        double smoothness;
        int threads = 1;
        int chunkSize = 256;
        int checkpointInterval;

        private Builder() {
        }

        Builder copy() {
            Builder b = new Builder();
            b.inputDimension = inputDimension;
            b.width = width < 0 ? inputDimension : width;
            b.layers = layers;
            b.tableau = tableau;
            b.field = field;
            b.activation = activation;
            b.hiddenWidth = hiddenWidth;
            b.gamma = gamma;
            b.stepSizes = stepSizes;
            b.horizon = horizon;
            b.head = head;
            b.classes = classes;
            b.skipConnection = skipConnection;
            b.learnableLift = learnableLift;
            b.initialization = initialization;
            b.seed = seed;
            b.tikhonov = tikhonov;
            b.smoothness = smoothness;
            b.threads = threads;
            b.chunkSize = chunkSize;
            b.checkpointInterval = checkpointInterval;
            return b;
        }

        /** Input dimension d0 (≥ 1). Default 2. */
        public Builder inputDimension(int d0) {
            this.inputDimension = positive("inputDimension", d0);
            return this;
        }

        /** State dimension d ≥ d0; inputs are zero-padded (or lifted by a learnable matrix). Default d0. */
        public Builder width(int d) {
            this.width = positive("width", d);
            return this;
        }

        /** Number of layers N ≥ 1. Default 20. */
        public Builder layers(int n) {
            this.layers = positive("layers", n);
            return this;
        }

        /** The Runge–Kutta method of every layer. Default RK4. */
        public Builder tableau(Tableau t) {
            if (t == null) {
                throw new IllegalArgumentException("tableau must not be null; one of " + Tableau.names());
            }
            this.tableau = t;
            return this;
        }

        /** The tableau by name ({@link Tableau#byName}). */
        public Builder tableau(String name) {
            return tableau(Tableau.byName(name));
        }

        /** Vector-field family ({@link VectorFields#families()}). Default {@code sigma-affine}. */
        public Builder field(String family) {
            if (!VectorFields.families().contains(family)) {
                throw new IllegalArgumentException("unknown vector-field family '" + family + "'; expected one of "
                        + VectorFields.families());
            }
            this.field = family;
            return this;
        }

        public Builder activation(Activation a) {
            if (a == null) {
                throw new IllegalArgumentException("activation must not be null");
            }
            this.activation = a;
            return this;
        }

        public Builder activation(String name) {
            return activation(Activation.byName(name));
        }

        /** Hidden width of the two-layer, gradient and hamiltonian families (default: their own). */
        public Builder hiddenWidth(int w) {
            this.hiddenWidth = w == -1 ? -1 : positive("hiddenWidth", w);
            return this;
        }

        /** Damping γ ≥ 0 of the antisymmetric family. */
        public Builder gamma(double g) {
            if (!(g >= 0) || !Double.isFinite(g)) {
                throw new IllegalArgumentException("gamma must be finite and >= 0, got " + g);
            }
            this.gamma = g;
            return this;
        }

        /** Step-size policy. Default {@link StepSizePolicy#FREE}. */
        public Builder stepSizes(StepSizePolicy p) {
            if (p == null) {
                throw new IllegalArgumentException("step-size policy must not be null");
            }
            this.stepSizes = p;
            return this;
        }

        /** Final time T &gt; 0: h_n start at T/N (and sum to T on the simplex). Default 1. */
        public Builder horizon(double t) {
            if (!(t > 0) || !Double.isFinite(t)) {
                throw new IllegalArgumentException("horizon T must be finite and > 0, got " + t);
            }
            this.horizon = t;
            return this;
        }

        /** Head id ({@link Heads#ids()}). Default {@code logistic-ls}, the paper's. */
        public Builder head(String id) {
            Heads.create(id, id != null && id.equals("softmax") ? Math.max(2, classes) : 2);
            this.head = id;
            return this;
        }

        /** Number of classes (2 for the binary heads). Default 2. */
        public Builder classes(int c) {
            if (c < 2) {
                throw new IllegalArgumentException("classes must be >= 2, got " + c);
            }
            this.classes = c;
            return this;
        }

        /** The paper's "Net" baseline: {@code y_{n+1} = f(y_n; θ_n)}, no skip connection, no step sizes. */
        public Builder withoutSkipConnection() {
            this.skipConnection = false;
            this.stepSizes = StepSizePolicy.FIXED;
            return this;
        }

        /** Lift inputs by a learnable {@code d × d0} matrix (initialised to the zero-padding map). */
        public Builder learnableLift(boolean on) {
            this.learnableLift = on;
            return this;
        }

        public Builder initialization(Initialization i) {
            if (i == null) {
                throw new IllegalArgumentException("initialization must not be null");
            }
            this.initialization = i;
            return this;
        }

        /** Seed of the random initialisation. Default 1. */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /** Tikhonov weight λ ≥ 0: adds {@code (λ/2) ‖θ‖²}. */
        public Builder tikhonov(double lambda) {
            this.tikhonov = nonNegative("tikhonov", lambda);
            return this;
        }

        /** Smoothness weight κ ≥ 0: adds {@code (κ/2) Σ_n ‖θ_{n+1} − θ_n‖² / h_n}. */
        public Builder smoothness(double kappa) {
            this.smoothness = nonNegative("smoothness", kappa);
            return this;
        }

        /** Worker threads for the batch chunks (results do not depend on it). Default 1. */
        public Builder threads(int t) {
            this.threads = positive("threads", t);
            return this;
        }

        /** Points per chunk (fixes the summation order). Default 256. */
        public Builder chunkSize(int c) {
            this.chunkSize = positive("chunkSize", c);
            return this;
        }

        /**
         * Checkpoint interval k of the backward pass: 0 stores every stage (default), −1 uses ⌈√N⌉,
         * k &gt; 0 keeps every k-th state. Gradients are bit-identical either way.
         */
        public Builder checkpointInterval(int k) {
            if (k < -1) {
                throw new IllegalArgumentException("checkpointInterval must be -1 (√N), 0 (store all) or > 0, got " + k);
            }
            this.checkpointInterval = k;
            return this;
        }

        public OdeNet build() {
            int d = width < 0 ? inputDimension : width;
            if (d < inputDimension) {
                throw new IllegalArgumentException("width d = " + d + " must be >= the input dimension d0 = "
                        + inputDimension);
            }
            if (!head.equals("softmax") && classes != 2) {
                throw new IllegalArgumentException("head '" + head + "' is binary but classes = " + classes
                        + "; use head 'softmax'");
            }
            return new OdeNet(this);
        }

        private static int positive(String name, int v) {
            if (v <= 0) {
                throw new IllegalArgumentException(name + " must be > 0, got " + v);
            }
            return v;
        }

        private static double nonNegative(String name, double v) {
            if (!(v >= 0) || !Double.isFinite(v)) {
                throw new IllegalArgumentException(name + " must be finite and >= 0, got " + v);
            }
            return v;
        }
    }
}
