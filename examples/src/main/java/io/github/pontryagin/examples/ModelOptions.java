package io.github.pontryagin.examples;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.pontryagin.core.field.Activation;
import io.github.pontryagin.core.tableau.ImplicitTableau;
import io.github.pontryagin.core.tableau.Tableau;
import io.github.pontryagin.odenets.Initialization;
import io.github.pontryagin.adjoint.Adjoint;
import io.github.pontryagin.adjoint.DiscreteAdjoint;
import io.github.pontryagin.adjoint.LayerUpdate;
import io.github.pontryagin.adjoint.ReversibleAdjoint;
import io.github.pontryagin.core.field.VectorFieldSpec;
import io.github.pontryagin.odenets.OdeNet;
import io.github.pontryagin.odenets.OdeNetBuilder;
import io.github.pontryagin.odenets.StepSizePolicy;
import io.github.pontryagin.odenets.data.DataFiles;
import io.github.pontryagin.odenets.data.DataShape;
import io.github.pontryagin.odenets.data.Dataset;
import io.github.pontryagin.odenets.data.DatasetCsv;
import io.github.pontryagin.odenets.data.DatasetGenerator;
import io.github.pontryagin.odenets.data.TrainTest;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The data and network options shared by every subcommand that builds a net (a picocli mixin):
 * which data set, and every setting of {@link OdeNetBuilder}.
 */
public final class ModelOptions {

    @HelpSections.In(HelpSections.Section.DATA)
    @Option(names = "--dataset", paramLabel = "NAME", defaultValue = "spiral", converter = Converters.DatasetName.class,
            completionCandidates = Choices.Datasets.class,
            description = "Generated data set: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    DatasetGenerator dataset;

    @HelpSections.In(HelpSections.Section.DATA)
    @Option(names = "--data", paramLabel = "FILE", converter = Converters.ExistingFile.class,
            description = "Training data instead of --dataset: CSV (features and a label column), NumPy .npy "
                    + "(M x (d0+1), label last, or features with --labels) or IDX (MNIST images; the labels file "
                    + "is found by name or given with --labels).")
    Path dataFile;

    @HelpSections.In(HelpSections.Section.DATA)
    @Option(names = "--labels", paramLabel = "FILE", converter = Converters.ExistingFile.class,
            description = "Labels of --data in their own file (.npy of shape (M,) or IDX).")
    Path labelsFile;

    @HelpSections.In(HelpSections.Section.DATA)
    @Option(names = "--test-data", paramLabel = "FILE", converter = Converters.ExistingFile.class,
            description = "Test data, formats as --data (default with --data: none); must have the training "
                    + "data's dimension.")
    Path testDataFile;

    @HelpSections.In(HelpSections.Section.DATA)
    @Option(names = "--test-labels", paramLabel = "FILE", converter = Converters.ExistingFile.class,
            description = "Labels of --test-data in their own file.")
    Path testLabelsFile;

    /**
     * The data files given, by option (a mutable map in option order; absent options map to null), for
     * {@link RunChecks#requireDistinct}: no output may overwrite one of them.
     */
    Map<String, Path> inputFiles() {
        Map<String, Path> inputs = new LinkedHashMap<>();
        inputs.put("--data", dataFile);
        inputs.put("--labels", labelsFile);
        inputs.put("--test-data", testDataFile);
        inputs.put("--test-labels", testLabelsFile);
        return inputs;
    }

    @HelpSections.In(HelpSections.Section.DATA)
    @Option(names = "--label-column", paramLabel = "NAME",
            description = "CSV header name of the label column (default: the last column).")
    String labelColumn;

    @HelpSections.In(HelpSections.Section.DATA)
    @Option(names = "--classes", paramLabel = "K", converter = Converters.ClassCount.class,
            description = "Number of classes of the model (default: from the labels of the data); labels must be "
                    + "in 0..K-1 (2 for the binary heads).")
    Integer classes;

    @HelpSections.In(HelpSections.Section.DATA)
    @Option(names = "--validation-split", paramLabel = "F", defaultValue = "0", converter = Converters.UnitInterval.class,
            description = "Hold out the fraction F of the training points (seeded shuffle) as the validation set, "
                    + "which then takes the place of the test set in the evaluations (default: ${DEFAULT-VALUE}).")
    double validationSplit;

    @HelpSections.In(HelpSections.Section.DATA)
    @Option(names = "--points", paramLabel = "M", defaultValue = "500", converter = Converters.PositiveInt.class,
            description = "Number of generated training points (default: ${DEFAULT-VALUE}).")
    int points;

    @HelpSections.In(HelpSections.Section.DATA)
    @Option(names = "--test-points", paramLabel = "M", converter = Converters.PositiveInt.class,
            description = "Number of generated test points (default: as --points). Test data use seed + 1.")
    Integer testPoints;

    @Option(names = "--layers", paramLabel = "N", defaultValue = "20", converter = Converters.PositiveInt.class,
            description = "Number of layers N (default: ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--width", paramLabel = "D", converter = Converters.PositiveInt.class,
            description = "State dimension d >= d0; inputs are zero-padded (default: max(2, d0)).")
    Integer width;

    @Option(names = "--tableau", paramLabel = "NAME", defaultValue = "rk4", converter = Converters.TableauName.class,
            completionCandidates = Choices.Tableaux.class,
            description = "Runge-Kutta tableau of every layer: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Tableau tableau;

    @Option(names = "--implicit", paramLabel = "NAME", converter = Converters.ImplicitTableauName.class,
            completionCandidates = Choices.ImplicitTableaux.class,
            description = "Implicit, B-stable layers instead of --tableau: ${COMPLETION-CANDIDATES} (stage equations"
                    + " solved per point by Newton's method).")
    ImplicitTableau implicit;

    @Option(names = "--field", paramLabel = "FAMILY", defaultValue = "sigma-affine",
            converter = Converters.FieldFamily.class, completionCandidates = Choices.FieldFamilies.class,
            description = "Vector-field family: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    String field;

    @Option(names = "--activation", paramLabel = "NAME", defaultValue = "tanh",
            converter = Converters.ActivationName.class, completionCandidates = Choices.Activations.class,
            description = "Activation: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Activation activation;

    @Option(names = "--hidden-width", paramLabel = "W", converter = Converters.PositiveInt.class,
            description = "Hidden width of the families that have a hidden layer (default: the family's).")
    Integer hiddenWidth;

    @Option(names = "--gamma", paramLabel = "G", defaultValue = "0", converter = Converters.NonNegativeDouble.class,
            description = "Damping of the antisymmetric family (default: ${DEFAULT-VALUE}).")
    double gamma;

    @Option(names = "--step-sizes", paramLabel = "POLICY", defaultValue = "free", converter = Converters.StepSizes.class,
            completionCandidates = Choices.StepSizes.class,
            description = "Step sizes h_n: ${COMPLETION-CANDIDATES}; fixed (ResNet, h = T/N), free (ODENet, learned), "
                    + "simplex (learned, sum h = T) (default: ${DEFAULT-VALUE}).")
    StepSizePolicy steps;

    @Option(names = "--steps", hidden = true, paramLabel = "POLICY", converter = Converters.StepSizes.class,
            description = CliRules.DEPRECATED + "--step-sizes")
    StepSizePolicy deprecatedSteps;

    @Option(names = "--no-skip", description = "The paper's Net baseline: y_{n+1} = f(y_n), no skip connection.")
    boolean noSkip;

    @Option(names = "--layer-update", paramLabel = "NAME", converter = Converters.LayerUpdateName.class,
            completionCandidates = Choices.LayerUpdates.class,
            description = "A structured layer instead of a --tableau step: ${COMPLETION-CANDIDATES}. leapfrog: the "
                    + "Hamiltonian net, one Stormer-Verlet step on (y, z) = (first, last d/2 coordinates), symplectic"
                    + " and reversible with --field hamiltonian (even width); hb-net: x+ = b1 x + h f(x) + b2 x_prev "
                    + "with b1, b2 learned per layer (starts as the Euler ResNet); conformal-euler: the second-order "
                    + "ODE y'' + g y' = f(y) with the damping g learned per layer; conformal-verlet: the same ODE by "
                    + "conformal Stormer-Verlet (order 2); agd-net: x+ = sum_j b_j x_j + h sum_j a_j "
                    + "f(x_j) over all earlier layers j, a and b learned (starts as the Euler ResNet); dmr-net: "
                    + "DMRNet, two streams x+ = S + h f(x), x'+ = S + h f'(x') with S = sum_j a_j x'_j + b_j x_j "
                    + "and a second field f' on x', a and b learned (starts as the Euler ResNet on x).")
    LayerUpdate layerUpdate;

    @Option(names = "--leapfrog", description = "Short for --layer-update leapfrog (the Hamiltonian net).")
    boolean leapfrog;

    @Option(names = "--reversible", paramLabel = "TOL", arity = "0..1", fallbackValue = "1e-10",
            converter = Converters.PositiveDouble.class,
            description = "Reversible backpropagation (needs --layer-update leapfrog or conformal-verlet): states "
                    + "recomputed backwards instead of stored; "
                    + "checkpoints when the relative drift of the recomputed y_0 exceeds TOL (default TOL: "
                    + "${FALLBACK-VALUE}).")
    Double reversible;

    @Option(names = "--horizon", paramLabel = "T", defaultValue = "1", converter = Converters.PositiveDouble.class,
            description = "Final time T > 0; h_n start at T/N (default: ${DEFAULT-VALUE}).")
    double horizon;

    @Option(names = "--head", paramLabel = "NAME", defaultValue = "logistic-ls", converter = Converters.HeadName.class,
            completionCandidates = Choices.HeadNames.class,
            description = "Classifier head and loss: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    String head;

    @Option(names = "--init", paramLabel = "NAME", defaultValue = "paper",
            converter = Converters.InitializationName.class, completionCandidates = Choices.Initializations.class,
            description = "Initialisation: ${COMPLETION-CANDIDATES}; paper is K ~ N(0,1), W = 10 "
                    + "(default: ${DEFAULT-VALUE}).")
    Initialization initialization;

    @Option(names = "--learnable-lift", description = "Lift inputs by a learnable d x d0 matrix instead of zero padding.")
    boolean learnableLift;

    @Option(names = "--tikhonov", paramLabel = "LAMBDA", defaultValue = "0",
            converter = Converters.NonNegativeDouble.class,
            description = "Tikhonov weight: adds (lambda/2)|theta|^2 (default: ${DEFAULT-VALUE}).")
    double tikhonov;

    @Option(names = "--smoothness", paramLabel = "KAPPA", defaultValue = "0",
            converter = Converters.NonNegativeDouble.class,
            description = "Smoothness weight: adds (kappa/2) sum |theta_{n+1} - theta_n|^2 / h_n (default: ${DEFAULT-VALUE}).")
    double smoothness;

    @HelpSections.In(HelpSections.Section.PERFORMANCE)
    @Option(names = "--recompute-every", paramLabel = "K", defaultValue = "0",
            description = "Memory of the backward pass: 0 stores every stage; K > 0 stores every K-th layer state and "
                    + "recomputes the others; -1 stores ceil(sqrt(N)) of them (default: ${DEFAULT-VALUE}). Not the "
                    + "training snapshots of --checkpoint.")
    int checkpointInterval;

    @Option(names = "--checkpoint-interval", hidden = true, paramLabel = "K",
            description = CliRules.DEPRECATED + "--recompute-every")
    Integer deprecatedCheckpointInterval;

    @HelpSections.In(HelpSections.Section.PERFORMANCE)
    @Option(names = "--chunk-size", paramLabel = "C", defaultValue = "256", converter = Converters.PositiveInt.class,
            description = "Points per chunk of a batch; fixes the summation order (default: ${DEFAULT-VALUE}).")
    int chunkSize;

    @HelpSections.In(HelpSections.Section.DATA)
    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "Seed of the data and of the initialisation (default: ${DEFAULT-VALUE}).")
    long seed;

    @HelpSections.In(HelpSections.Section.PERFORMANCE)
    @Option(names = "--threads", paramLabel = "T", defaultValue = "1", converter = Converters.PositiveInt.class,
            description = "Worker threads per net; results do not depend on it (default: ${DEFAULT-VALUE}).")
    int threads;

    /**
     * The training and test data: from the files, or generated ({@code seed}, {@code seed + 1}); with
     * {@code --validation-split F} the training points are split (seeded) and the held-out part is returned as
     * the test set. Files are checked against {@code --classes} and the test file against the training data's
     * dimension.
     */
    public TrainTest data() throws IOException {
        if (classes != null && classes < 2) {
            throw new IllegalArgumentException("--classes must be >= 2 but is " + classes);
        }
        int k = classes == null ? 0 : classes;
        DatasetCsv.Options options = DatasetCsv.Options.DEFAULT.withLabelColumn(labelColumn)
                .withShape(new DataShape(0, k));
        Dataset train;
        Dataset test;
        if (dataFile != null) {
            train = DataFiles.read(dataFile, labelsFile, options);
            test = testDataFile == null ? train.subset(new int[0]) : DataFiles.read(testDataFile, testLabelsFile,
                    options.withShape(new DataShape(train.dimension(), k)));
        } else {
            DataShape shape = new DataShape(0, k);
            int testCount = testPoints == null ? points : testPoints;
            train = shape.check(dataset.generate(points, seed), dataset.label());
            test = shape.check(dataset.generate(testCount, seed + 1), dataset.label());
        }
        if (validationSplit > 0) {
            TrainTest split = train.split(1 - validationSplit, seed);
            if (split.train().size() == 0 || split.test().size() == 0) {
                throw new IllegalArgumentException("--validation-split " + validationSplit + " of " + train.size()
                        + " points leaves " + split.train().size() + " for training and " + split.test().size()
                        + " for validation; both must be at least 1");
            }
            return split;
        }
        return new TrainTest(train, test);
    }

    /** Refuses {@code --test-data} without {@code --data}, which would be ignored. */
    void requireConsistentData(CommandLine cl) {
        if (testDataFile != null && dataFile == null) {
            throw new ParameterException(cl, "--test-data " + testDataFile + " needs --data: the generated"
                    + " data sets make their own test set (size --test-points)");
        }
    }

    /**
     * The data, after checking that the run fits in memory: generated data are checked before they are
     * generated, CSV data (bounded by their files) before the net is built.
     *
     * @param builder the net's builder when it is known (resume), else null for the model options'
     */
    TrainTest checkedData(CommandLine cl, OdeNetBuilder builder, int inputDimension) throws Exception {
        if (dataFile == null) {
            int d0 = builder != null ? inputDimension : dataset.dimension();
            long test = testPoints == null ? points : testPoints;
            RunChecks.requireMemory(cl, sizes(), builder != null ? builder : builder(d0, 2), d0,
                    points + test, Math.max(points, test));
            return data();
        }
        TrainTest data = data();
        int classes = 2;
        for (int c : data.train().classes()) {
            classes = Math.max(classes, c + 1);
        }
        for (int c : data.test().classes()) {
            classes = Math.max(classes, c + 1);
        }
        int d0 = data.train().dimension();
        long m = data.train().size();
        long test = data.test().size();
        RunChecks.requireMemory(cl, sizes() + ", " + classes + " classes in --data",
                builder != null ? builder : builder(d0, classes), d0, m + test, Math.max(m, test));
        return data;
    }

    private String sizes() {
        return "--points " + points + ", --layers " + layers + ", --width "
                + (width == null ? "default" : width.toString())
                + (hiddenWidth == null ? "" : ", --hidden-width " + hiddenWidth);
    }

    /** A short name of the data for titles: the data set's name or the CSV file's. */
    public String dataName() {
        return dataFile == null ? dataset.label() : String.valueOf(dataFile.getFileName());
    }

    /** The builder for data of dimension {@code d0} with {@code classes} classes. */
    public OdeNetBuilder builder(int d0, int classes) {
        OdeNetBuilder b = OdeNet.builder()
                .inputDimension(d0)
                .width(width == null ? defaultWidth(d0) : width)
                .layers(layers)
                .tableau(tableau)
                .field(VectorFieldSpec.of(field).withActivation(activation)
                        .withHiddenWidth(hiddenWidth == null ? -1 : hiddenWidth).withGamma(gamma))
                .horizon(horizon)
                .classes(classes)
                .head(head)
                .initialization(initialization)
                .learnableLift(learnableLift)
                .tikhonov(tikhonov)
                .smoothness(smoothness)
                .adjoint(adjoint())
                .seed(seed)
                .threads(threads)
                .chunkSize(chunkSize);
        LayerUpdate structured = structuredUpdate();
        if (structured != null && noSkip) {
            throw new IllegalArgumentException("--layer-update " + structured.name() + " and --no-skip exclude each"
                    + " other: the " + structured.name() + " layer has a skip connection (y_{n+1} = y_n + ...)");
        }
        if (structured != null && implicit != null) {
            throw new IllegalArgumentException("--layer-update " + structured.name() + " and --implicit "
                    + implicit.name() + " exclude each other: a layer is one " + structured.name()
                    + " step or one implicit Runge-Kutta step");
        }
        if (noSkip && implicit != null) {
            throw new IllegalArgumentException("--implicit " + implicit.name() + " and --no-skip exclude each other"
                    + " (the plain layer has no step)");
        }
        if (noSkip) {
            b.layerUpdate(LayerUpdate.plain()).stepSizes(StepSizePolicy.FIXED);
        } else if (structured != null) {
            b.layerUpdate(structured).stepSizes(steps);
        } else {
            if (implicit != null) {
                b.layerUpdate(LayerUpdate.implicit(implicit));
            }
            b.stepSizes(steps);
        }
        return b;
    }

    /** The adjoint of {@code --recompute-every}: 0 stores every stage, −1 keeps ⌈√N⌉ checkpoints, K every K-th. */
    Adjoint adjoint() {
        if (reversible != null) {
            LayerUpdate structured = structuredUpdate();
            if (structured == null || !structured.isReversible()) {
                throw new IllegalArgumentException(CliRules.REVERSIBLE_NEEDS);
            }
            if (checkpointInterval != 0) {
                throw new IllegalArgumentException("--reversible and --recompute-every " + checkpointInterval
                        + " exclude each other (reversible backprop stores no checkpoints)");
            }
            return ReversibleAdjoint.tolerance(reversible);
        }
        if (checkpointInterval < -1) {
            throw new IllegalArgumentException("--recompute-every must be -1 (sqrt N), 0 (store all) or > 0, got "
                    + checkpointInterval);
        }
        DiscreteAdjoint reverse = DiscreteAdjoint.reverse();
        return checkpointInterval == 0 ? reverse
                : checkpointInterval < 0 ? reverse.checkpointSqrt() : reverse.checkpointEvery(checkpointInterval);
    }

    /** The width when {@code --width} is not given: {@code max(2, d0)}, rounded up to even for leapfrog layers. */
    private int defaultWidth(int d0) {
        int d = Math.max(2, d0);
        return structuredUpdate() == LayerUpdate.leapfrog() && d % 2 != 0 ? d + 1 : d;
    }

    /** The layer update of {@code --layer-update} or {@code --leapfrog}, or null for a Runge–Kutta step. */
    private LayerUpdate structuredUpdate() {
        if (leapfrog && layerUpdate != null && layerUpdate != LayerUpdate.leapfrog()) {
            throw new IllegalArgumentException("--leapfrog and --layer-update " + layerUpdate.name()
                    + " exclude each other (--leapfrog is short for --layer-update leapfrog)");
        }
        return leapfrog ? LayerUpdate.leapfrog() : layerUpdate;
    }

    /** Builds the net for the given data (dimension and number of classes taken from it). */
    public OdeNet build(TrainTest data) {
        if (this.classes != null) {
            return builder(data.train().dimension(), this.classes).build();
        }
        int classes = 2;
        for (int c : data.train().classes()) {
            classes = Math.max(classes, c + 1);
        }
        for (int c : data.test().classes()) {
            classes = Math.max(classes, c + 1);
        }
        return builder(data.train().dimension(), classes).build();
    }

    /** The paper's name of the net's model: Net, ResNet, ODENet or ODENet+simplex (or Hamiltonian). */
    public static String modelName(OdeNet net) {
        if (!net.architecture().update().usesStepSizes()) {
            return "Net";
        }
        switch (net.architecture().update().name()) {
            case "leapfrog":
                return "Hamiltonian";
            case "hb-net":
                return "HB-Net";
            case "conformal-euler":
                return "2nd-order";
            case "conformal-verlet":
                return "2nd-order-SV";
            case "agd-net":
                return "AGD-Net";
            case "dmr-net":
                return "DMRNet";
            default:
                break; // Runge-Kutta steps, explicit or implicit: named by their step sizes
        }
        return switch (net.architecture().stepSizes()) {
            case FIXED -> "ResNet";
            case FREE -> "ODENet";
            case SIMPLEX -> "ODENet+simplex";
        };
    }

    /** A one-line description of the net, for titles and logs. */
    public static String describe(OdeNet net) {
        return modelName(net) + " " + (net.architecture().update().usesStepSizes() ? net.architecture().update().name() + " " : "") + "N="
                + net.layers() + " d=" + net.width();
    }
}
