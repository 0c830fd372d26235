package io.github.pontryagin.odenets;

import io.github.pontryagin.adjoint.Adjoint;
import io.github.pontryagin.adjoint.DiscreteAdjoint;
import io.github.pontryagin.adjoint.LayerUpdate;
import io.github.pontryagin.core.field.ParameterBlock;
import io.github.pontryagin.core.field.VectorField;
import io.github.pontryagin.core.field.VectorFieldSpec;
import io.github.pontryagin.core.tableau.Tableau;
import io.github.pontryagin.odenets.head.Heads;

/**
 * Fluent configuration of an {@link OdeNet}. The independent choices — layer update (tableau), vector field,
 * step-size policy, head, adjoint — are separate arguments, each a value; every setter validates its
 * argument and names it in the error.
 */
public final class OdeNetBuilder {

    private int inputDimension = 2;
    private int width = -1;
    private int layers = 20;
    private LayerUpdate update = LayerUpdate.rungeKutta(Tableau.rk4());
    private VectorFieldSpec fieldSpec = VectorFieldSpec.of("sigma-affine");
    private VectorField customField;
    private StepSizePolicy stepSizes;
    private double horizon = 1.0;
    private String head = "logistic-ls";
    private int classes = 2;
    private boolean learnableLift;
    private Initialization initialization = Initialization.PAPER;
    private long seed = 1;
    private double tikhonov;
    private double smoothness;
    private int threads = ExecutionOptions.DEFAULT.threads();
    private int chunkSize = ExecutionOptions.DEFAULT.chunkSize();
    private boolean sparseLift = ExecutionOptions.DEFAULT.sparseLift();
    private Adjoint adjoint = DiscreteAdjoint.reverse();

    OdeNetBuilder() {
    }

    static OdeNetBuilder from(NetArchitecture a, ExecutionOptions options, Adjoint adjoint) {
        OdeNetBuilder b = new OdeNetBuilder();
        b.inputDimension = a.inputDimension();
        b.width = a.width();
        b.layers = a.layers();
        b.update = a.update();
        b.fieldSpec = a.fieldSpec();
        b.customField = a.customField();
        b.stepSizes = a.stepSizes();
        b.horizon = a.horizon();
        b.head = a.head();
        b.classes = a.classes();
        b.learnableLift = a.learnableLift();
        b.initialization = a.initialization();
        b.seed = a.seed();
        b.tikhonov = a.tikhonov();
        b.smoothness = a.smoothness();
        b.threads = options.threads();
        b.chunkSize = options.chunkSize();
        b.sparseLift = options.sparseLift();
        b.adjoint = adjoint;
        return b;
    }

    /** Input dimension d0 (≥ 1). Default 2. */
    public OdeNetBuilder inputDimension(int d0) {
        this.inputDimension = positive("inputDimension", d0);
        return this;
    }

    /**
     * State dimension d; inputs are zero-padded (d ≥ d0) or lifted by a learnable d × d0 matrix (any d, e.g.
     * 784 pixels to d = 64). Default d0.
     */
    public OdeNetBuilder width(int d) {
        this.width = positive("width", d);
        return this;
    }

    /** Number of layers N ≥ 1. Default 20. */
    public OdeNetBuilder layers(int n) {
        this.layers = positive("layers", n);
        return this;
    }

    /** How each layer maps y_n to y_{n+1}. Default: one classical RK4 step. */
    public OdeNetBuilder layerUpdate(LayerUpdate u) {
        this.update = notNull("layerUpdate", u);
        return this;
    }

    /** Each layer one explicit Runge–Kutta step of this tableau. */
    public OdeNetBuilder tableau(Tableau t) {
        if (t == null) {
            throw new IllegalArgumentException("tableau must not be null; one of " + Tableau.names());
        }
        return layerUpdate(LayerUpdate.rungeKutta(t));
    }

    /** The tableau by name ({@link Tableau#byName}). */
    public OdeNetBuilder tableau(String name) {
        return tableau(Tableau.byName(name));
    }

    /** A built-in vector-field family with its settings. Default {@code sigma-affine} with tanh. */
    public OdeNetBuilder field(VectorFieldSpec spec) {
        this.fieldSpec = notNull("field", spec);
        this.customField = null;
        return this;
    }

    /** A user-written vector field on {@code R^d}; its dimension must equal the width. */
    public OdeNetBuilder field(VectorField field) {
        this.customField = notNull("field", field);
        this.fieldSpec = null;
        return this;
    }

    /** Step-size policy. Default {@link StepSizePolicy#FREE} (FIXED for an update without step sizes). */
    public OdeNetBuilder stepSizes(StepSizePolicy p) {
        this.stepSizes = notNull("stepSizes", p);
        return this;
    }

    /** Final time T &gt; 0: h_n start at T/N (and sum to T on the simplex). Default 1. */
    public OdeNetBuilder horizon(double t) {
        if (!(t > 0) || !Double.isFinite(t)) {
            throw new IllegalArgumentException("horizon T must be finite and > 0, got " + t);
        }
        this.horizon = t;
        return this;
    }

    /** Head id ({@link Heads#ids()}). Default {@code logistic-ls}, the paper's. */
    public OdeNetBuilder head(String id) {
        Heads.create(id, id != null && id.equals("softmax") ? Math.max(2, classes) : 2);
        this.head = id;
        return this;
    }

    /** Number of classes (2 for the binary heads). Default 2. */
    public OdeNetBuilder classes(int c) {
        if (c < 2) {
            throw new IllegalArgumentException("classes must be >= 2, got " + c);
        }
        this.classes = c;
        return this;
    }

    /** Lift inputs by a learnable {@code d × d0} matrix (initialised to the zero-padding map). */
    public OdeNetBuilder learnableLift(boolean on) {
        this.learnableLift = on;
        return this;
    }

    public OdeNetBuilder initialization(Initialization i) {
        this.initialization = notNull("initialization", i);
        return this;
    }

    /** Seed of the random initialisation. Default 1. */
    public OdeNetBuilder seed(long s) {
        this.seed = s;
        return this;
    }

    /** Tikhonov weight λ ≥ 0: adds {@code (λ/2) ‖θ‖²}. */
    public OdeNetBuilder tikhonov(double lambda) {
        this.tikhonov = nonNegative("tikhonov", lambda);
        return this;
    }

    /** Smoothness weight κ ≥ 0: adds {@code (κ/2) Σ_n ‖θ_{n+1} − θ_n‖² / h_n}. */
    public OdeNetBuilder smoothness(double kappa) {
        this.smoothness = nonNegative("smoothness", kappa);
        return this;
    }

    /** Worker threads for the batch chunks (results do not depend on it). Default 1. */
    public OdeNetBuilder threads(int t) {
        this.threads = positive("threads", t);
        return this;
    }

    /** Points per chunk (fixes the summation order). Default 256. */
    public OdeNetBuilder chunkSize(int c) {
        this.chunkSize = positive("chunkSize", c);
        return this;
    }

    /**
     * Whether a learnable lift of a wide input skips the zero inputs of mostly-zero chunks (default on; the same
     * forward pass, the lift's gradient summed in another order: {@link ExecutionOptions#sparseLift()}).
     */
    public OdeNetBuilder sparseLift(boolean on) {
        this.sparseLift = on;
        return this;
    }

    /**
     * How gradients are taken: {@code DiscreteAdjoint.reverse()} (default), {@code DiscreteAdjoint.sprk()},
     * either with {@code .checkpointEvery(k)}, or {@code ContinuousAdjoint.tolerance(…)}.
     */
    public OdeNetBuilder adjoint(Adjoint a) {
        this.adjoint = notNull("adjoint", a);
        return this;
    }

    /**
     * The length of the parameter vector of the net this builder would build, computed without building
     * it (long arithmetic, no overflow).
     *
     * @throws IllegalArgumentException if the settings are inconsistent or a layer's parameters would not fit
     *                                  in one array
     */
    public long parameterCount() {
        int d = resolvedWidth();
        VectorField f = customField != null ? customField : fieldSpec.create(d);
        boolean learned = resolvedPolicy().learned();
        int headOutputs = head.equals("softmax") ? classes : 1;
        return Parameters.count(resolvedUpdate().parametersPerLayer(f), layers, learned, d, headOutputs,
                inputDimension, learnableLift);
    }

    /**
     * An estimate of the bytes a net of these settings takes in training: parameters with optimizer state
     * and per-chunk gradients, the tapes of the forward pass for a batch of {@code batchPoints} points and
     * the data; used to refuse runs that cannot fit before anything large is allocated.
     *
     * @param dataPoints  all points held (training and test)
     * @param batchPoints the most points evaluated at once (the larger of the batch and the evaluation sets)
     */
    public long estimatedBytes(long dataPoints, long batchPoints) {
        int d = resolvedWidth();
        VectorField f = customField != null ? customField : fieldSpec.create(d);
        long p = parameterCount();
        int stages = update.stages();
        int stateWidth = resolvedUpdate().stateDimension(f);
        long chunk = Math.min(chunkSize, Math.max(1, batchPoints));
        long chunks = (batchPoints + chunk - 1) / chunk;
        long perChunk = saturatingSum(
                saturatingProduct(2L * layers * stages + 12 + stages, stateWidth, chunk),
                saturatingProduct(f.workspaceSize(1) >= 0 ? f.workspaceSize(1) : 3L * f.parameterCount(), chunk, 1),
                saturatingProduct(2, p, 1), layers);
        long doubles = saturatingSum(saturatingProduct(12, p, 1), saturatingProduct(chunks, perChunk, 1),
                saturatingProduct(dataPoints, inputDimension + 1, 1), saturatingProduct(batchPoints, stateWidth, 4));
        return saturatingProduct(doubles, Double.BYTES, 1);
    }

    private static long saturatingProduct(long a, long b, long c) {
        try {
            return Math.multiplyExact(Math.multiplyExact(a, b), c);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    private static long saturatingSum(long... terms) {
        long sum = 0;
        for (long t : terms) {
            sum = sum > Long.MAX_VALUE - t ? Long.MAX_VALUE : sum + t;
        }
        return sum;
    }

    private int resolvedWidth() {
        int d = width < 0 ? (customField != null ? customField.dimension() : inputDimension) : width;
        if (d < inputDimension && !learnableLift) {
            throw new IllegalArgumentException("width d = " + d + " must be >= the input dimension d0 = "
                    + inputDimension + " (zero padding), or the lift must be learnable (a d x d0 matrix)");
        }
        return d;
    }

    /** The layer update made for this depth ({@link LayerUpdate#forLayers}: dense connections of AGD-Net, DMRNet). */
    private LayerUpdate resolvedUpdate() {
        return update.forLayers(layers);
    }

    private StepSizePolicy resolvedPolicy() {
        StepSizePolicy policy = stepSizes;
        if (policy == null) {
            policy = update.usesStepSizes() ? StepSizePolicy.FREE : StepSizePolicy.FIXED;
        } else if (policy.learned() && !update.usesStepSizes()) {
            throw new IllegalArgumentException("stepSizes '" + policy.id() + "' needs a layer update with step sizes;"
                    + " the " + update.name() + " update has none (use StepSizePolicy.FIXED)");
        }
        return policy;
    }

    public OdeNet build() {
        int d = width < 0 ? (customField != null ? customField.dimension() : inputDimension) : width;
        if (d < inputDimension && !learnableLift) {
            throw new IllegalArgumentException("width d = " + d + " must be >= the input dimension d0 = "
                    + inputDimension + " (zero padding), or the lift must be learnable (a d x d0 matrix)");
        }
        if (customField != null && customField.dimension() != d) {
            throw new IllegalArgumentException("field has dimension " + customField.dimension() + " but width = " + d
                    + "; a user field must act on R^width");
        }
        if (!head.equals("softmax") && classes != 2) {
            throw new IllegalArgumentException("head '" + head + "' is binary but classes = " + classes
                    + "; use head 'softmax'");
        }
        StepSizePolicy policy = resolvedPolicy();
        long count = parameterCount();
        if (count > ParameterBlock.MAX_ENTRIES) {
            throw new IllegalArgumentException("the net would have " + count + " parameters, more than "
                    + ParameterBlock.TOO_LARGE + " (" + ParameterBlock.MAX_ENTRIES
                    + "); use fewer layers or a smaller width");
        }
        NetArchitecture architecture = new NetArchitecture(inputDimension, d, layers, resolvedUpdate(), fieldSpec,
                customField,
                policy, horizon, head, classes, learnableLift, initialization, seed, tikhonov, smoothness);
        return new OdeNet(architecture, new ExecutionOptions(threads, chunkSize, sparseLift), adjoint);
    }

    private static <T> T notNull(String name, T value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        return value;
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
