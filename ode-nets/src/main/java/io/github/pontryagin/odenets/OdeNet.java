package io.github.pontryagin.odenets;

import java.util.SplittableRandom;

import io.github.pontryagin.adjoint.Adjoint;
import io.github.pontryagin.adjoint.DiscreteFlow;
import io.github.pontryagin.core.field.VectorField;
import io.github.pontryagin.core.optim.Projection;
import io.github.pontryagin.core.optim.SliceRunner;
import io.github.pontryagin.odenets.data.Dataset;
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
 * points. Batches are feature-major ({@code x[i*M + k]} is coordinate i of point k) on the hot paths;
 * {@link #predict(double[][])}, {@link #predict(Dataset)}, {@link #evaluate} take rows or a data set. Results do
 * not depend on the {@link ExecutionOptions}. Not safe for concurrent calls; it parallelises internally.
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
    private final SliceRunner slices;
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
        Lift lift = new Lift(architecture.inputDimension(), architecture.width(), layout.lift(),
                options.sparseLift());
        this.evaluator = new ChunkedEvaluator(flow, adjoint, head, lift, layout, options, fixedStepSizes);
        this.slices = evaluator::runSlices;
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
        NetInputs.requireParameters(u, parameters.length);
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

    /**
     * The net's threads ({@link ExecutionOptions#threads()}, the caller included) for element-wise passes over long
     * vectors between two evaluations, when its workers are idle: an optimizer's update of the parameter vector (the
     * net's {@link #objective} lends them, {@link io.github.pontryagin.core.optim.Objective#sliceRunner()}), a trainer's
     * copies and checks. Like the evaluations, not for concurrent calls, nor from inside an evaluation.
     */
    public SliceRunner sliceRunner() {
        return slices;
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
        NetInputs.requireParameters(u, parameters.length);
        NetInputs.requireBatch(x, m, architecture.inputDimension());
        NetInputs.requireGradientAndLabels(gradOut, parameters.length, labels, m, head.classes());
        return checkedLossAndGradient(u, x, null, labels, m, gradOut);
    }

    /**
     * {@link #lossAndGradient(double[], double[], int[], int, double[])} of a batch drawn from sparse rows (a
     * trainer's mini-batch of a mostly-zero data set): the same loss and gradient, bit for bit, as on the batch's
     * feature-major form ({@link SparseBatch#toFeatureMajor()}), without that array. A learnable lift of a wide
     * input lists the non-zeros of each chunk straight from the rows for its sparse products (no scan of a dense
     * batch; with {@link ExecutionOptions#sparseLift()} off or a narrow input, each chunk is gathered first).
     *
     * @param batch  the inputs, {@code batch.size()} points of the net's input dimension
     * @param labels class labels, length ≥ {@code batch.size()}
     */
    public double lossAndGradient(double[] u, SparseBatch batch, int[] labels, double[] gradOut) {
        NetInputs.requireParameters(u, parameters.length);
        NetInputs.requireBatch(batch, architecture.inputDimension());
        NetInputs.requireGradientAndLabels(gradOut, parameters.length, labels, batch.size(), head.classes());
        return checkedLossAndGradient(u, null, batch, labels, batch.size(), gradOut);
    }

    /** {@link #lossAndGradient} on inputs already checked: feature-major {@code x}, or (x null) a sparse batch. */
    private double checkedLossAndGradient(double[] u, double[] x, SparseBatch batch, int[] labels, int m,
                                          double[] gradOut) {
        // the check also copies the flow's parameters for the chunks (one read of u for both)
        if (!evaluator.allFinite(u, true)) {
            if (gradOut != null) {
                java.util.Arrays.fill(gradOut, Double.NaN);
            }
            return Double.NaN;
        }
        double loss = evaluator.lossSum(u, x, batch, labels, m, m, gradOut, true);
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
        NetInputs.requireParameters(u, parameters.length);
        NetInputs.requireBatch(x, m, architecture.inputDimension());
        NetInputs.requireTotal(total, m);
        NetInputs.requireGradientAndLabels(gradOut, parameters.length, labels, m, head.classes());
        return evaluator.lossSum(u, x, labels, m, total, gradOut);
    }

    /**
     * The regularisers' value at {@code u} (Tikhonov, smoothness; 0 without them), adding their gradient to
     * {@code gradOut} when not null. {@link #lossAndGradient} = data term / M + this.
     */
    public double regularization(double[] u, double[] gradOut) {
        NetInputs.requireParameters(u, parameters.length);
        return regularize(u, gradOut);
    }

    private double regularize(double[] u, double[] gradOut) {
        return regularizer.addTo(u, evaluator.stepSizes(u, stepSizeScratch), gradOut);
    }

    /**
     * Loss at {@code u}, no gradient: a forward pass storing nothing between layers ({@link
     * io.github.pontryagin.adjoint.ForwardPass}), allocation-free; bit-identical to {@link #lossAndGradient}'s loss.
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

    /**
     * The loss on a sparse batch as an objective of the parameter vector (see
     * {@link #objective(double[], int[], int)}).
     */
    public LossObjective objective(SparseBatch batch, int[] labels) {
        NetInputs.requireBatch(batch, architecture.inputDimension());
        return new LossObjective(this, batch, labels);
    }

    /** Loss at the net's own parameters. */
    public double loss(double[] x, int[] labels, int m) {
        return loss(parameters, x, labels, m);
    }

    /**
     * The loss on a batch as a sum of squares {@code ½‖r(u)‖²} (Gauss–Newton, Levenberg–Marquardt): only for the
     * logistic-ls head without regularisers ({@link NetLeastSquares}), else IllegalArgumentException. Not copied.
     */
    public NetLeastSquares leastSquares(double[] x, int[] labels, int m) {
        return new NetLeastSquares(this, x, labels, m);
    }

    /** Class probabilities {@code out[c*m + k]} at the net's parameters; feature-major {@code x}, the hot path. */
    public double[] probabilities(double[] x, int m) {
        NetInputs.requireBatch(x, m, architecture.inputDimension());
        return evaluator.probabilities(parameters, x, m);
    }

    /**
     * Predicted class of each point (the most probable), at the net's parameters. The hot path: {@code x} is
     * feature-major, {@code x[i*m + k]} coordinate i of point k, used without a copy. Only its length
     * ({@code d0 × m}) is checked: a row-major array ({@code x[k*d0 + i]}, NumPy's order) of the same length
     * cannot be told apart from its values and gives wrong classes; pass rows to {@link #predict(double[][])}.
     */
    public int[] predict(double[] x, int m) {
        return NetInputs.argmax(probabilities(x, m), head.classes(), m);
    }

    /**
     * Class probabilities of points given one per row, batch-first as in NumPy or PyTorch:
     * {@code points[k]} has {@link #inputDimension()} coordinates, {@code out[k][c]}. A feature-major
     * {@code d0 × M} array ({@code M ≠ d0}) is refused with a message saying so.
     */
    public double[][] probabilities(double[][] points) {
        double[] p = probabilities(NetInputs.featureMajor(points, inputDimension()), points.length);
        return NetInputs.rows(p, head.classes(), points.length);
    }

    /** Predicted class of each point given one per row (batch-first; see {@link #probabilities(double[][])}). */
    public int[] predict(double[][] points) {
        return NetInputs.argmax(probabilities(NetInputs.featureMajor(points, inputDimension()), points.length),
                head.classes(), points.length);
    }

    /** Predicted class of each point of {@code data} (of dimension {@link #inputDimension()}). */
    public int[] predict(Dataset data) {
        NetInputs.requireDimension(data, inputDimension());
        return predict(data.features(), data.size());
    }

    /** Loss, accuracy and confusion matrix on {@code data}, at the net's parameters ({@link Evaluation#of}). */
    public Evaluation evaluate(Dataset data) {
        return Evaluation.of(this, data);
    }

    /**
     * Loss, accuracy and confusion matrix of a batch drawn from sparse rows, at the net's parameters: the loss of
     * {@link #loss(double[], SparseBatch, int[])} and the predictions of {@link #predict(SparseBatch)}, bit for bit,
     * from one forward pass per point instead of two.
     */
    public Evaluation evaluate(SparseBatch batch, int[] labels) {
        NetInputs.requireBatch(batch, architecture.inputDimension());
        NetInputs.requireLabels(labels, batch.size(), head.classes());
        return evaluation(null, batch, labels, batch.size());
    }

    /**
     * Loss, accuracy and confusion matrix of feature-major {@code x} ({@code d0 × m}) with its labels, at the net's
     * parameters: the loss of {@link #loss(double[], int[], int)} and the predictions of
     * {@link #predict(double[], int)}, bit for bit, from one forward pass per point instead of two.
     */
    public Evaluation evaluate(double[] x, int[] labels, int m) {
        NetInputs.requireBatch(x, m, architecture.inputDimension());
        NetInputs.requireLabels(labels, m, head.classes());
        return evaluation(x, null, labels, m);
    }

    /**
     * {@link #evaluate} of feature-major {@code x} ({@code d0 × m}) or (x null) of a sparse batch, inputs checked: the
     * value-only loss and the class probabilities from the same forward passes, when the parameters are finite;
     * otherwise the loss is NaN, as {@link #lossAndGradient} gives it, and the predictions those of {@link #predict}
     * (whose forward pass refuses a non-finite layer parameter, naming it).
     */
    private Evaluation evaluation(double[] x, SparseBatch batch, int[] labels, int m) {
        int classes = head.classes();
        double[] p;
        double loss;
        // the check also copies the flow's parameters for the chunks (one read of them for both)
        if (evaluator.allFinite(parameters, true)) {
            p = new double[classes * m];
            double sum = evaluator.lossAndProbabilities(parameters, x, batch, labels, m, m, p, true);
            loss = sum / m + regularize(parameters, null);
        } else {
            p = batch != null ? evaluator.probabilities(parameters, batch) : evaluator.probabilities(parameters, x, m);
            loss = Double.NaN;
        }
        return Evaluation.of(loss, NetInputs.argmax(p, classes, m), labels, m, classes);
    }

    /**
     * Class probabilities {@code out[c·M + k]} of a batch drawn from sparse rows, at the net's parameters: the bits
     * of {@link #probabilities(double[], int)} on its feature-major form, without that array.
     */
    public double[] probabilities(SparseBatch batch) {
        NetInputs.requireBatch(batch, architecture.inputDimension());
        return evaluator.probabilities(parameters, batch);
    }

    /** Predicted class of each point of a batch drawn from sparse rows, at the net's parameters. */
    public int[] predict(SparseBatch batch) {
        return NetInputs.argmax(probabilities(batch), head.classes(), batch.size());
    }

    /** Fraction of the points of a batch drawn from sparse rows whose predicted class equals the label. */
    public double accuracy(SparseBatch batch, int[] labels) {
        return NetInputs.accuracy(predict(batch), labels, batch.size());
    }

    /**
     * Loss at {@code u} on a batch drawn from sparse rows, no gradient (see
     * {@link #loss(double[], double[], int[], int)}).
     */
    public double loss(double[] u, SparseBatch batch, int[] labels) {
        return lossAndGradient(u, batch, labels, null);
    }

    /** Fraction of points whose predicted class equals the label (feature-major {@code x}). */
    public double accuracy(double[] x, int[] labels, int m) {
        return NetInputs.accuracy(predict(x, m), labels, m);
    }

    /** The states {@code y_0 … y_N} of every layer for the batch, each feature-major {@code d × m}. */
    public double[][] layerStates(double[] x, int m) {
        NetInputs.requireBatch(x, m, architecture.inputDimension());
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
}
