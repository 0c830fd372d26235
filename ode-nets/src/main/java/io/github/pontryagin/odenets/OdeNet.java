package io.github.pontryagin.odenets;

import java.util.SplittableRandom;

import io.github.pontryagin.adjoint.Adjoint;
import io.github.pontryagin.adjoint.DiscreteFlow;
import io.github.pontryagin.core.field.VectorField;
import io.github.pontryagin.core.optim.Projection;
import io.github.pontryagin.odenets.head.Head;
import io.github.pontryagin.odenets.head.Heads;

/**
 * An ODE-net classifier (docs/theory.md §1): lift the input {@code x ∈ R^{d0}} to {@code y_0 ∈ R^d}, apply
 * {@code N} layers, each one step {@code y_{n+1} = Φ_{h_n}(y_n; θ_n)} of a {@link io.github.pontryagin.adjoint.LayerUpdate}
 * (an explicit Runge–Kutta step of a learnable vector field), then a {@link Head}. Gradients come from the
 * chosen {@link Adjoint} (by default the discrete adjoint, exact for the discrete loss).
 *
 * <p>The net owns its parameter vector ({@link #parameters()}), whose named blocks {@link #layout()}
 * describes; the evaluation methods take a parameter vector explicitly so optimizers can evaluate trial
 * points. Batches are feature-major ({@code x[i*M + k]} is coordinate i of point k). Results do not depend on
 * the {@link ExecutionOptions}. An instance is not safe for concurrent calls (it reuses workspaces); it
 * parallelises internally.
 *
 * <pre>{@code
 * try (OdeNet net = OdeNet.builder().inputDimension(2).width(2).layers(20)
 *         .tableau(Tableau.rk4()).stepSizes(StepSizePolicy.FREE).seed(1).build()) {
 *     double loss = net.lossAndGradient(net.parameters(), x, labels, m, gradient);
 * }
 * }</pre>
 */
public final class OdeNet implements AutoCloseable {

    private final NetArchitecture architecture;
    private final ExecutionOptions options;
    private final Adjoint adjoint;
    private final VectorField field;
    private final DiscreteFlow flow;
    private final Head head;
    private final Parameters layout;
    private final double[] parameters;
    private final double[] fixedStepSizes;
    private final Regularizer regularizer;
    private final ChunkedEvaluator evaluator;
    /** The step sizes of the point being evaluated, for the regulariser (no allocation per evaluation). */
    private final double[] stepSizeScratch;

    OdeNet(NetArchitecture architecture, ExecutionOptions options, Adjoint adjoint) {
        this.architecture = architecture;
        this.options = options;
        this.adjoint = adjoint;
        this.field = architecture.createField();
        this.flow = new DiscreteFlow(architecture.update(), field, architecture.layers());
        this.head = Heads.create(architecture.head(), architecture.classes());
        this.layout = new Parameters(field, architecture.update(), architecture.layers(), architecture.stepSizes().learned(),
                head.outputs(), architecture.inputDimension(), architecture.learnableLift());
        this.parameters = new double[layout.size()];
        this.fixedStepSizes = architecture.stepSizes().initial(architecture.layers(), architecture.horizon());
        this.regularizer = new Regularizer(architecture.tikhonov(), architecture.smoothness(), layout);
        Lift lift = new Lift(architecture.inputDimension(), architecture.width(), layout.lift());
        this.evaluator = new ChunkedEvaluator(flow, adjoint, head, lift, layout, options, fixedStepSizes);
        this.stepSizeScratch = new double[architecture.layers()];
        architecture.initialization().initialize(layout, field, architecture.update(), fixedStepSizes, parameters,
                new SplittableRandom(architecture.seed()));
    }

    public static OdeNetBuilder builder() {
        return new OdeNetBuilder();
    }

    /** A builder holding this net's configuration, to build a fresh net (e.g. with another seed). */
    public OdeNetBuilder toBuilder() {
        return OdeNetBuilder.from(architecture, options, adjoint);
    }

    /** What this net is (what a model file records besides the parameter values). */
    public NetArchitecture architecture() {
        return architecture;
    }

    public ExecutionOptions executionOptions() {
        return options;
    }

    /** How gradients are taken. */
    public Adjoint adjoint() {
        return adjoint;
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

    /** The named blocks of the parameter vector. */
    public Parameters layout() {
        return layout;
    }

    public DiscreteFlow flow() {
        return flow;
    }

    public VectorField field() {
        return field;
    }

    public Head head() {
        return head;
    }

    public int inputDimension() {
        return architecture.inputDimension();
    }

    public int width() {
        return architecture.width();
    }

    public int layers() {
        return architecture.layers();
    }

    public int classes() {
        return architecture.classes();
    }

    /** The step sizes {@code h_n} encoded in {@code u} (or the fixed ones), as a new array. */
    public double[] stepSizes(double[] u) {
        return evaluator.stepSizes(u, new double[architecture.layers()]);
    }

    /** The step sizes of the net's own parameters. */
    public double[] stepSizes() {
        return stepSizes(parameters);
    }

    /**
     * Loss (1/M Σ per-point loss, plus regularisers) of the batch at parameters {@code u}, and its gradient
     * into {@code gradOut} (when not null). When {@code u} holds a non-finite entry or the forward pass
     * overflows, the loss is NaN or infinite and the gradient is filled with NaN (so that optimizers and the
     * trainer's guard can react) instead of throwing.
     *
     * @param x      inputs, feature-major {@code d0 × m}
     * @param labels class labels, length ≥ m
     */
    public double lossAndGradient(double[] u, double[] x, int[] labels, int m, double[] gradOut) {
        requireParameters(u);
        requireBatch(x, m);
        requireGradientAndLabels(gradOut, labels, m);
        if (!NetInputs.allFinite(u)) {
            if (gradOut != null) {
                java.util.Arrays.fill(gradOut, Double.NaN);
            }
            return Double.NaN;
        }
        double loss = evaluator.lossSum(u, x, labels, m, m, gradOut);
        return loss / m + regularize(u, gradOut);
    }

    /**
     * The data term of a slice of a larger batch, for summing slices elsewhere (data-parallel training):
     * returns {@code Σ_k ℓ(y_N^k, c^k)} over the slice's m points (unscaled) and writes the gradient of
     * {@code (1/total) Σ_k ℓ} into {@code gradOut} (when not null; overwritten). With
     * {@code J = (Σ_slices value) / total + }{@link #regularization} the full batch's
     * {@link #lossAndGradient} is recovered; a slice of at most {@link ExecutionOptions#chunkSize()} points
     * is exactly one chunk, so slices cut at multiples of the chunk size and summed in order (loss and
     * gradient, each starting from 0) give bit-identical results.
     *
     * @param x      the slice's inputs, feature-major {@code d0 × m}
     * @param labels the slice's labels, length ≥ m
     * @param total  the number of points of the whole batch, ≥ m
     */
    public double lossSum(double[] u, double[] x, int[] labels, int m, int total, double[] gradOut) {
        requireParameters(u);
        requireBatch(x, m);
        if (total < m) {
            throw new IllegalArgumentException("total must be >= m = " + m + " but is " + total);
        }
        requireGradientAndLabels(gradOut, labels, m);
        return evaluator.lossSum(u, x, labels, m, total, gradOut);
    }

    /**
     * The regularisers' value at {@code u} (Tikhonov, smoothness; 0 without them), adding their gradient to
     * {@code gradOut} when not null. {@link #lossAndGradient} = data term / M + this.
     */
    public double regularization(double[] u, double[] gradOut) {
        requireParameters(u);
        return regularize(u, gradOut);
    }

    private double regularize(double[] u, double[] gradOut) {
        return regularizer.addTo(u, evaluator.stepSizes(u, stepSizeScratch), gradOut);
    }

    /**
     * Loss at parameters {@code u} (no gradient): a forward pass that stores nothing between layers (no tape, no
     * adjoint; {@link io.github.pontryagin.adjoint.ForwardPass}), chunked like the gradient and allocation-free
     * once the chunks' passes exist. Bit-identical to the loss returned by {@link #lossAndGradient}, for any
     * thread count.
     */
    public double loss(double[] u, double[] x, int[] labels, int m) {
        return lossAndGradient(u, x, labels, m, null);
    }

    /**
     * The loss on a fixed batch as an {@link io.github.pontryagin.core.optim.Objective} of the parameter vector,
     * with a value-only path for trial points. The arrays are read at every evaluation, not copied.
     */
    public LossObjective objective(double[] x, int[] labels, int m) {
        return new LossObjective(this, x, labels, m);
    }

    /** Loss at the net's own parameters. */
    public double loss(double[] x, int[] labels, int m) {
        return loss(parameters, x, labels, m);
    }

    /**
     * The loss on a batch as a sum of squares {@code ½‖r(u)‖²}, for Gauss–Newton and Levenberg–Marquardt: only for
     * the logistic-ls head without regularisers ({@link NetLeastSquares}). The arrays are used, not copied.
     *
     * @throws IllegalArgumentException if the head is not a sum of squares, a regulariser is on, or the batch is
     *                                  malformed
     */
    public NetLeastSquares leastSquares(double[] x, int[] labels, int m) {
        return new NetLeastSquares(this, x, labels, m);
    }

    /** Class probabilities at the net's parameters: {@code out[c*m + k]}, {@code classes() × m}. */
    public double[] probabilities(double[] x, int m) {
        requireBatch(x, m);
        return evaluator.probabilities(parameters, x, m);
    }

    /** Predicted class of each point (the most probable), at the net's parameters. */
    public int[] predict(double[] x, int m) {
        return NetInputs.argmax(probabilities(x, m), head.classes(), m);
    }

    /** Fraction of points whose predicted class equals the label. */
    public double accuracy(double[] x, int[] labels, int m) {
        int[] predicted = predict(x, m);
        int correct = 0;
        for (int k = 0; k < m; k++) {
            correct += predicted[k] == labels[k] ? 1 : 0;
        }
        return (double) correct / m;
    }

    /** The states {@code y_0 … y_N} of every layer for the batch, each feature-major {@code d × m}. */
    public double[][] layerStates(double[] x, int m) {
        requireBatch(x, m);
        return evaluator.layerStates(parameters, x, m);
    }

    /**
     * The constraints on the parameter vector as one projection (for ODENet+simplex, the step sizes onto
     * {@code {h ≥ 0, Σ h_n = T}}; the identity otherwise). Optimizers apply it after every update
     * ({@code optimizer.withProjection(net.constraints())}).
     */
    public Projection constraints() {
        return architecture.stepSizes().constraint(architecture.horizon(), layout.stepSizes());
    }

    @Override
    public void close() {
        evaluator.close();
    }

    private void requireParameters(double[] u) {
        if (u == null || u.length != parameters.length) {
            throw new IllegalArgumentException("parameter vector must have length " + parameters.length + ", got "
                    + (u == null ? "null" : u.length));
        }
    }

    private void requireGradientAndLabels(double[] gradOut, int[] labels, int m) {
        if (gradOut != null && gradOut.length != parameters.length) {
            throw new IllegalArgumentException("gradient array has length " + gradOut.length + " but the net has "
                    + parameters.length + " parameters");
        }
        NetInputs.requireLabels(labels, m, head.classes());
    }

    private void requireBatch(double[] x, int m) {
        NetInputs.requireBatch(x, m, architecture.inputDimension());
    }
}
