package io.github.pontryagin.odenets.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import io.github.pontryagin.core.optim.LearningRateSchedule;
import io.github.pontryagin.core.optim.FullBatchOptimizer;
import io.github.pontryagin.core.optim.GaussNewton;
import io.github.pontryagin.core.optim.LevenbergMarquardt;
import io.github.pontryagin.core.optim.Objective;
import io.github.pontryagin.core.optim.Optimizer;
import io.github.pontryagin.core.optim.Projection;
import io.github.pontryagin.core.optim.OptimizerState;
import io.github.pontryagin.core.optim.Optimizers;
import io.github.pontryagin.core.optim.Retraction;
import io.github.pontryagin.core.optim.SliceRunner;
import io.github.pontryagin.core.optim.StiefelBlock;
import io.github.pontryagin.core.optim.WeightAverage;
import io.github.pontryagin.odenets.Evaluation;
import io.github.pontryagin.odenets.LossObjective;
import io.github.pontryagin.odenets.SparseBatch;
import io.github.pontryagin.odenets.SparseRows;
import io.github.pontryagin.odenets.OdeNet;
import io.github.pontryagin.odenets.Parameters;
import io.github.pontryagin.odenets.StepSizePolicy;
import io.github.pontryagin.odenets.data.Dataset;
import io.github.pontryagin.odenets.head.LogisticLeastSquares;

/**
 * Trains an {@link OdeNet}: full-batch or mini-batch, any {@link Optimizer} (followed by the net's
 * step-size projection for ODENet+simplex), a fixed number of iterations.
 *
 * <ul>
 *   <li><b>Determinism.</b> Mini-batches are drawn without replacement: epoch {@code e} uses a
 *       permutation from a generator seeded with {@code (seed, e)}, and batch {@code b} of the epoch is
 *       its {@code b}-th slice ({@code ⌊M / batch⌋} batches per epoch). The batch of any iteration
 *       therefore depends only on the seed and the iteration number, which makes resumed runs
 *       bit-identical to uninterrupted ones.</li>
 *   <li><b>NaN guard.</b> If the loss or a parameter becomes NaN or infinite, or a parameter's
 *       magnitude exceeds {@link #DIVERGED}, training stops, the
 *       net keeps the last finite parameters, and {@link TrainingResult#stopReason()} says at which
 *       iteration and why.</li>
 *   <li><b>Checkpoints.</b> With {@link Builder#checkpoint(Path, long)} the net, the optimizer state
 *       and the history are written atomically every k iterations; {@link #resume} continues.</li>
 *   <li><b>Schedules, constraints, averaging, keep-best</b> (docs/theory.md §3): {@link Builder#schedule} scales
 *       the steps; {@link Builder#orthogonal} keeps named blocks on Stiefel manifolds (projected there at the
 *       start); {@link Builder#average} makes the net end on the SWA mean of the collected iterates (re-projected
 *       onto the Stiefel manifolds); {@link Builder#keepBest} makes it end on the evaluation with the best held-out
 *       accuracy when a held-out set is given, else on the iterate with the lowest training loss seen (every step
 *       for full batch, at the evaluation points otherwise).</li>
 * </ul>
 */
public final class Trainer {

    /**
     * Magnitude of a parameter taken as divergence: squares of larger values overflow, so the loss of such
     * a net is meaningless even while it is still finite.
     */
    public static final double DIVERGED = 1e100;

    private final Builder config;

    private Trainer(Builder b) {
        this.config = b.copy();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Trains {@code net} in place from iteration 0. {@code test} may be null. */
    public TrainingResult train(OdeNet net, Dataset train, Dataset test) throws IOException {
        return run(net, train, test, 0, null, new ArrayList<>(), new double[0]);
    }

    /**
     * Continues a run from a checkpoint written by a trainer with the same settings, up to this
     * trainer's number of iterations.
     */
    public TrainingResult resume(Path checkpoint, Dataset train, Dataset test) throws IOException {
        return resume(TrainingCheckpoint.read(checkpoint), checkpoint.toString(), train, test);
    }

    /**
     * Continues a run from a checkpoint already read, after checking that it was written by a trainer
     * with the same seed, batch size, settings ({@link Builder#setting}) and training data, and that
     * this trainer's iterations go past the checkpoint's.
     *
     * @param source the checkpoint's name for error messages
     * @throws IllegalArgumentException naming every difference, if resuming would not continue the same run
     */
    public TrainingResult resume(TrainingCheckpoint saved, String source, Dataset train, Dataset test)
            throws IOException {
        Map<String, String> mine = settings(train, saved.net());
        mine.put("seed", Long.toString(config.seed));
        mine.put("batchSize", Integer.toString(config.batchSize));
        Map<String, String> theirs = new LinkedHashMap<>(saved.settings());
        theirs.put("seed", Long.toString(saved.seed()));
        theirs.put("batchSize", Integer.toString(saved.batchSize()));
        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, String> e : theirs.entrySet()) {
            String value = mine.get(e.getKey());
            if (value != null && !value.equals(e.getValue())) {
                differences.add(e.getKey() + " " + e.getValue() + " (now " + value + ")");
            }
        }
        if (!differences.isEmpty()) {
            throw new IllegalArgumentException("checkpoint " + source + " was written with "
                    + String.join(", ", differences) + "; resuming would not continue the same run");
        }
        long total = totalIterations(train.size());
        if (total <= saved.iteration()) {
            throw new IllegalArgumentException("checkpoint " + source + " is at iteration " + saved.iteration()
                    + " and this run stops at iteration " + total + "; ask for more iterations to continue it");
        }
        return run(saved.net(), train, test, saved.iteration(), saved.optimizerState(),
                new ArrayList<>(saved.history()), saved.losses());
    }

    /**
     * The settings recorded in checkpoints: those of {@link Builder#setting}, the net's chunk size and a
     * fingerprint of the training data (size, dimension and a 64-bit FNV-1a hash of the features' bits and the labels).
     */
    private Map<String, String> settings(Dataset train, OdeNet net) {
        Map<String, String> s = new LinkedHashMap<>(config.settings);
        // the chunk size fixes the order in which per-point gradients are summed, hence the bits
        s.put("chunkSize", Integer.toString(net.executionOptions().chunkSize()));
        // so does the sparse lift (the order of the lift's gradient sums)
        s.put("sparseLift", Boolean.toString(net.executionOptions().sparseLift()));
        if (train != null && train.size() > 0) {
            long hash = 0xcbf29ce484222325L;
            for (double x : train.features()) {
                hash = (hash ^ Double.doubleToLongBits(x)) * 0x100000001b3L;
            }
            for (int label : train.labels()) {
                hash = (hash ^ label) * 0x100000001b3L;
            }
            s.put("trainingData", train.size() + " points of dimension " + train.dimension() + ", hash "
                    + Long.toHexString(hash));
        }
        return s;
    }

    private long totalIterations(int m) {
        int batch = config.batchSize <= 0 || config.batchSize >= m ? m : config.batchSize;
        return config.epochs > 0 ? Math.multiplyExact(config.epochs, (long) (m / batch)) : config.iterations;
    }

    private TrainingResult run(OdeNet net, Dataset train, Dataset test, long first,
                               OptimizerState.Snapshot restore, List<TrainingProgress> history, double[] earlier)
            throws IOException {
        if (train == null || train.size() == 0) {
            throw new IllegalArgumentException("training set must contain at least one point");
        }
        if (train.dimension() != net.inputDimension()) {
            throw new IllegalArgumentException("training points have dimension " + train.dimension()
                    + " but the net expects inputDimension " + net.inputDimension());
        }
        if (test != null && test.dimension() != net.inputDimension()) {
            throw new IllegalArgumentException("test points have dimension " + test.dimension()
                    + " but the net expects inputDimension " + net.inputDimension());
        }
        int m = train.size();
        int batch = config.batchSize <= 0 || config.batchSize >= m ? m : config.batchSize;
        int batchesPerEpoch = m / batch;
        double[] features = train.features();
        int[] labels = train.labels();
        double[] testFeatures = test == null ? null : test.features();
        int[] testLabels = test == null ? null : test.labels();
        int d0 = train.dimension();
        // the training accuracy of the evaluations during the run: on all points, or on the first k
        int accuracyPoints = config.trainAccuracyPoints > 0 ? Math.min(m, config.trainAccuracyPoints) : m;
        MiniBatches batches = batch == m ? null : new MiniBatches(features, labels, d0, m, batch);
        // the evaluation passes read the sparse rows too when the batches do (the same bits as the dense data)
        Passes passes = new Passes(net, features, labels, m, batches == null ? null : batches.rows(), accuracyPoints,
                testFeatures, testLabels, test == null ? 0 : test.size());
        LossObjective lossObjective = batches == null ? net.objective(features, labels, m)
                : batches.objective(net);
        Objective objective = config.optimizer instanceof FullBatchOptimizer
                ? fullBatchObjective(net, batch, m, lossObjective, features, labels) : lossObjective;
        Projection constraints = net.constraints();
        List<StiefelBlock> orthogonal = orthogonalBlocks(net.layout(), config.orthogonalBlocks);
        Optimizer base = config.schedule == null ? config.optimizer : config.optimizer.withSchedule(config.schedule);
        if (!orthogonal.isEmpty()) {
            base = base.onStiefel(orthogonal, config.retraction);
        }
        Optimizer optimizer = base.withProjection(constraints);
        double[] u = net.parameters();
        for (StiefelBlock block : orthogonal) {
            block.projectToManifold(u);
        }
        if (config.average != null && config.average.dimension() != u.length) {
            throw new IllegalArgumentException("the weight average has dimension " + config.average.dimension()
                    + " but the net has " + u.length + " parameters");
        }
        // keep-best: by held-out accuracy when a held-out set is given, else by the training loss
        boolean byHeldOut = config.keepBest && test != null && test.size() > 0;
        double[] best = config.keepBest ? u.clone() : null;
        double bestLoss = Double.POSITIVE_INFINITY;
        OptimizerState state = optimizer.newState(u.length);
        if (restore != null) {
            state.restore(restore);
        }
        if (restore == null) {
            // a loaded point may be infeasible; a resumed one is the output of a projected step, and projecting it
            // again would move it by an ulp (the projection is not idempotent in floating point): no longer the
            // uninterrupted run's bits
            constraints.project(u, 0, u.length, new double[u.length]);
        }
        // u at the start of the step ([0]) and the array the check after the step copies u into ([1]); swapped
        // after every step that passes the check, so that u is read once per step for both
        double[][] copies = {u.clone(), new double[u.length]};
        // the net's threads, idle between two evaluations, gather the batches and copy and check u
        SliceRunner slices = net.sliceRunner();
        double bestAccuracy = Double.NEGATIVE_INFINITY;
        long bestIteration = first;
        int[] permutation = new int[m];
        long permutationEpoch = -1;
        long total = totalIterations(m);
        Map<String, String> settings = config.checkpointPath == null ? Map.of() : settings(train, net);
        double[] losses = config.checkpointPath == null ? new double[0]
                : Arrays.copyOf(earlier, (int) Math.min(Integer.MAX_VALUE - 16, Math.max(16, 2L * earlier.length)));
        int lossCount = config.checkpointPath == null ? 0 : earlier.length;
        for (TrainingListener listener : config.listeners) {
            listener.onStart(first, total);
        }
        long start = System.nanoTime();
        long evaluationNanos = 0;
        String stopReason = null;
        double loss = Double.NaN;
        long iteration = first;
        while (iteration < total) {
            if (batch < m) {
                long epoch = iteration / batchesPerEpoch;
                if (epoch != permutationEpoch) {
                    shuffle(permutation, config.seed, epoch);
                    permutationEpoch = epoch;
                }
                batches.gather(permutation, (int) (iteration % batchesPerEpoch) * batch, slices);
            }
            loss = optimizer.step(objective, u, state);
            iteration++;
            double[] stepStart = copies[0];
            String problem = nonFinite(loss, u, copies[1], net);
            if (problem != null) {
                System.arraycopy(stepStart, 0, u, 0, u.length);
                stopReason = "stopped at iteration " + iteration + ": " + problem
                        + "; the net keeps the parameters of iteration " + (iteration - 1);
                break;
            }
            copies[0] = copies[1];
            copies[1] = stepStart;
            if (config.checkpointPath != null) {
                if (lossCount == losses.length) {
                    losses = Arrays.copyOf(losses, (int) Math.min(Integer.MAX_VALUE - 16, 2L * losses.length));
                }
                losses[lossCount++] = loss;
            }
            if (state.stopReason() != null) {
                stopReason = "stopped at iteration " + iteration + ": " + state.stopReason();
                break;
            }
            boolean evaluate = iteration % config.evaluateEvery == 0 || iteration == total;
            long evaluationStart = System.nanoTime();
            if (best != null && !byHeldOut && batch == m && loss < bestLoss) {
                // the step returned J at its start point, which stepStart holds (exact for all but look-ahead methods)
                bestLoss = loss;
                System.arraycopy(stepStart, 0, best, 0, u.length);
            }
            if (best != null && !byHeldOut && batch < m && evaluate) {
                double full = passes.trainingLoss(u);
                if (full < bestLoss) {
                    bestLoss = full;
                    System.arraycopy(u, 0, best, 0, u.length);
                }
            }
            if (config.average != null && iteration >= config.averageStart
                    && (iteration - config.averageStart) % config.averageEvery == 0) {
                config.average.add(u);
            }
            double trainAccuracy = Double.NaN;
            double testAccuracy = Double.NaN;
            if (evaluate) {
                trainAccuracy = passes.subsetAccuracy();
                if (test != null) {
                    testAccuracy = passes.testAccuracy();
                }
            }
            if (byHeldOut && evaluate && testAccuracy > bestAccuracy) {
                bestAccuracy = testAccuracy;
                bestIteration = iteration;
                System.arraycopy(u, 0, best, 0, u.length);
            }
            long now = System.nanoTime();
            evaluationNanos += now - evaluationStart;
            TrainingProgress progress = new TrainingProgress(iteration, total, loss, trainAccuracy, testAccuracy,
                    now - start, evaluationNanos);
            if (evaluate) {
                history.add(progress);
            }
            for (TrainingListener listener : config.listeners) {
                listener.onIteration(progress);
            }
            if (config.checkpointPath != null && iteration % config.checkpointEvery == 0) {
                TrainingCheckpoint.write(config.checkpointPath, net, iteration, config.seed, config.batchSize,
                        state.snapshot(), history, losses, lossCount, settings);
            }
        }
        if (config.average != null && config.average.count() > 0) {
            System.arraycopy(config.average.mean(), 0, u, 0, u.length);
            for (StiefelBlock block : orthogonal) {
                block.projectToManifold(u);
            }
            constraints.project(u, 0, u.length, new double[u.length]);
        }
        if (best != null && !byHeldOut) {
            double last = passes.trainingLoss(u);
            if (passes.trainingLoss(best) < last) {
                System.arraycopy(best, 0, u, 0, u.length);
            }
        }
        if (byHeldOut && bestIteration != iteration && bestAccuracy > Double.NEGATIVE_INFINITY) {
            System.arraycopy(best, 0, u, 0, u.length);
            String kept = "kept the parameters of iteration " + bestIteration + " (best held-out accuracy "
                    + bestAccuracy + ")";
            stopReason = stopReason == null ? null : stopReason + "; " + kept;
        }
        // the final loss and accuracy on the training set from one forward pass over it (u is the net's parameters)
        Evaluation trained = passes.trainingEvaluation();
        double trainAccuracy = trained.accuracy();
        double testAccuracy = test == null ? Double.NaN : passes.testAccuracy();
        double finalLoss = trained.loss();
        TrainingResult result = new TrainingResult(net, iteration, finalLoss, trainAccuracy, testAccuracy,
                List.copyOf(history), stopReason, (System.nanoTime() - start) * 1e-9);
        for (TrainingListener listener : config.listeners) {
            listener.onEnd(result);
        }
        return result;
    }

    /**
     * The objective of a {@link FullBatchOptimizer}: refuses mini-batches and the simplex step-size policy, and
     * gives the sum-of-squares view ({@link OdeNet#leastSquares}) where the head and regularisers allow it.
     */
    private Objective fullBatchObjective(OdeNet net, int batch, int m, Objective objective, double[] features,
                                         int[] labels) {
        if (batch < m) {
            throw new IllegalArgumentException("optimizer " + config.optimizer + " needs the full batch (it carries "
                    + "curvature or damping from one step to the next, which a changing mini-batch falsifies); got "
                    + "batch size " + config.batchSize + " for " + m + " points");
        }
        if (net.architecture().stepSizes() == StepSizePolicy.SIMPLEX) {
            throw new IllegalArgumentException("optimizer " + config.optimizer + " cannot follow the simplex "
                    + "step-size policy: projecting after its step invalidates its line search and curvature model; "
                    + "use the step-size policy free or fixed");
        }
        boolean sumOfSquares = net.head() instanceof LogisticLeastSquares && net.architecture().tikhonov() == 0.0
                && net.architecture().smoothness() == 0.0;
        boolean needsSquares = config.optimizer instanceof GaussNewton || config.optimizer instanceof LevenbergMarquardt;
        return sumOfSquares || needsSquares ? net.leastSquares(features, labels, m) : objective;
    }

    /**
     * The evaluation passes of a run on the training set (its loss, the accuracy on all of it or on its first
     * points) and on the held-out set, on the net's threads: from sparse rows when the run's batches are (the rows
     * of the training set, and the held-out set's own when it is mostly zeros too), else from the feature-major
     * arrays; the same bits either way.
     */
    private static final class Passes {
        private final OdeNet net;
        private final double[] features;
        private final int[] labels;
        private final int m;
        private final double[] testFeatures;
        private final int[] testLabels;
        private final int testSize;
        /** The training set, its first points (the accuracy during the run) and the held-out set as sparse batches. */
        private final SparseBatch all;
        private final SparseBatch subset;
        private final SparseBatch testBatch;
        /** Without sparse rows: the first points of the training set, feature-major (the set itself when all). */
        private final double[] subsetX;
        private final int subsetPoints;

        Passes(OdeNet net, double[] features, int[] labels, int m, SparseRows rows, int subsetPoints,
               double[] testFeatures, int[] testLabels, int testSize) {
            this.net = net;
            this.features = features;
            this.labels = labels;
            this.m = m;
            this.testFeatures = testFeatures;
            this.testLabels = testLabels;
            this.testSize = testSize;
            this.subsetPoints = subsetPoints;
            this.all = rows == null ? null : SparseBatch.firstRows(rows, m);
            this.subset = rows == null ? null : SparseBatch.firstRows(rows, subsetPoints);
            SparseRows testRows = rows == null || testSize == 0 ? null
                    : SparseRows.ofMostlyZero(testFeatures, rows.dimension(), testSize);
            this.testBatch = testRows == null ? null : SparseBatch.firstRows(testRows, testSize);
            this.subsetX = rows != null ? null : firstPoints(features, net.inputDimension(), m, subsetPoints);
        }

        /** The first {@code points} of feature-major data of m points: the data themselves when all. */
        private static double[] firstPoints(double[] features, int d0, int m, int points) {
            if (points == m) {
                return features;
            }
            double[] x = new double[d0 * points];
            for (int i = 0; i < d0; i++) {
                System.arraycopy(features, i * m, x, i * points, points);
            }
            return x;
        }

        /** The loss on the whole training set at {@code point}. */
        double trainingLoss(double[] point) {
            return all != null ? net.loss(point, all, labels) : net.loss(point, features, labels, m);
        }

        /**
         * The loss and accuracy on the whole training set at the net's parameters, in one pass: the bits of
         * {@link #trainingLoss} and of the accuracy of {@link OdeNet#predict}.
         */
        Evaluation trainingEvaluation() {
            return all != null ? net.evaluate(all, labels) : net.evaluate(features, labels, m);
        }

        /**
         * The accuracy on the first training points (the evaluations during the run); the labels of the first
         * points are a prefix of the labels, and accuracy reads only as many as there are points.
         */
        double subsetAccuracy() {
            return subset != null ? net.accuracy(subset, labels) : net.accuracy(subsetX, labels, subsetPoints);
        }

        /** The accuracy on the held-out set. */
        double testAccuracy() {
            return testBatch != null ? net.accuracy(testBatch, testLabels)
                    : net.accuracy(testFeatures, testLabels, testSize);
        }
    }

    /**
     * Why the step ended on a point the run cannot continue from, null if it did not: a non-finite loss, else the
     * first parameter that is NaN or beyond ±{@link #DIVERGED}. The parameters are checked in slices on the net's
     * threads, and searched again for the first bad one only when a slice found one.
     */
    static String nonFinite(double loss, double[] u, OdeNet net) {
        return nonFinite(loss, u, null, net);
    }

    /**
     * {@link #nonFinite(double, double[], OdeNet)}, copying u into {@code copy} (when not null) in the same pass:
     * block by block, each block checked in the copy while it is in the cache. The copy is complete when the
     * result is null.
     */
    static String nonFinite(double loss, double[] u, double[] copy, OdeNet net) {
        if (!Double.isFinite(loss)) {
            return "the loss is " + loss;
        }
        // written by the slices that find a bad parameter, read after run() has returned, which waits for them all
        boolean[] found = new boolean[1];
        net.sliceRunner().run(u.length, SliceRunner.VECTOR_GRAIN, (from, to) -> {
            double[] read = copy != null ? copy : u;
            for (int b = from; b < to; b += COPY_BLOCK) {
                int end = Math.min(to, b + COPY_BLOCK);
                if (copy != null) {
                    System.arraycopy(u, b, copy, b, end - b);
                }
                for (int i = b; i < end; i++) {
                    if (unusable(read[i])) {
                        found[0] = true;
                        return;
                    }
                }
            }
        });
        for (int i = 0; found[0] && i < u.length; i++) {
            if (unusable(u[i])) {
                return "parameter " + i + " (" + net.layout().describe(i) + ") became " + u[i]
                        + (Double.isFinite(u[i]) ? ", beyond +-" + DIVERGED + " (diverged)" : "");
            }
        }
        return null;
    }

    /** Parameters per block of the copy and check after a step: 8 KB, well within the first-level cache. */
    private static final int COPY_BLOCK = 1024;

    /** NaN, or beyond ±{@link #DIVERGED}. */
    private static boolean unusable(double v) {
        return !(Math.abs(v) <= DIVERGED);
    }

    /**
     * The Stiefel blocks named by {@code names}: a field block name (e.g. {@code K}) means that block in every
     * layer, {@code lift} the learnable lift.
     */
    static List<StiefelBlock> orthogonalBlocks(Parameters layout, List<String> names) {
        List<StiefelBlock> blocks = new ArrayList<>();
        for (String name : names) {
            if (name.equals("lift")) {
                Parameters.Block lift = layout.lift();
                if (lift.isEmpty()) {
                    throw new IllegalArgumentException("orthogonal block 'lift' requested but the net has no learnable "
                            + "lift; build it with a learnable lift or name a field block");
                }
                // stored as Lᵀ (d0 × d): a widening lift has orthonormal columns (LᵀL = I, L read column-major),
                // a narrowing one orthonormal rows (L Lᵀ = I: the stored block's columns)
                int d0 = lift.rows();
                int d = lift.cols();
                blocks.add(d > d0 ? new StiefelBlock("lift", lift.offset(), d, d0, true)
                        : new StiefelBlock("lift", lift.offset(), d0, d));
                continue;
            }
            for (int n = 0; n < layout.theta().rows(); n++) {
                Parameters.Block b = layout.layer(n).block(name);
                blocks.add(new StiefelBlock(name + " of layer " + n, b.offset(), b.rows(), b.cols()));
            }
        }
        return blocks;
    }

    /** Fisher–Yates shuffle of 0..n−1 with a generator seeded by (seed, epoch). */
    static void shuffle(int[] permutation, long seed, long epoch) {
        for (int i = 0; i < permutation.length; i++) {
            permutation[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch);
        for (int i = permutation.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = permutation[i];
            permutation[i] = permutation[j];
            permutation[j] = t;
        }
    }

    /** Settings of a {@link Trainer}; every setter validates its argument. */
    public static final class Builder {
        private Optimizer optimizer = Optimizers.adam(0.01);
        private long iterations = 1000;
        private long epochs;
        private int batchSize;
        private long seed = 1;
        private int evaluateEvery = 100;
        private final List<TrainingListener> listeners = new ArrayList<>();
        private Path checkpointPath;
        private long checkpointEvery;
        private LearningRateSchedule schedule;
        private List<String> orthogonalBlocks = List.of();
        private Retraction retraction = Retraction.CAYLEY;
        private WeightAverage average;
        private long averageStart;
        private long averageEvery = 1;
        private boolean keepBest;
        private int trainAccuracyPoints;
        private final Map<String, String> settings = new LinkedHashMap<>();

        private Builder() {
        }

        Builder copy() {
            Builder b = new Builder();
            b.optimizer = optimizer;
            b.iterations = iterations;
            b.epochs = epochs;
            b.batchSize = batchSize;
            b.seed = seed;
            b.evaluateEvery = evaluateEvery;
            b.listeners.addAll(listeners);
            b.checkpointPath = checkpointPath;
            b.checkpointEvery = checkpointEvery;
            b.schedule = schedule;
            b.orthogonalBlocks = orthogonalBlocks;
            b.retraction = retraction;
            b.average = average;
            b.averageStart = averageStart;
            b.averageEvery = averageEvery;
            b.keepBest = keepBest;
            b.trainAccuracyPoints = trainAccuracyPoints;
            b.settings.putAll(settings);
            return b;
        }

        /** The optimizer (default Adam with learning rate 0.01). */
        public Builder optimizer(Optimizer o) {
            if (o == null) {
                throw new IllegalArgumentException("optimizer must not be null");
            }
            this.optimizer = o;
            return this;
        }

        /** Total number of optimizer steps (≥ 1). Default 1000. Replaces an earlier {@link #epochs}. */
        public Builder iterations(long n) {
            if (n < 1) {
                throw new IllegalArgumentException("iterations must be >= 1, got " + n);
            }
            this.iterations = n;
            this.epochs = 0;
            return this;
        }

        /**
         * Train for {@code n} passes over the training set instead of a number of iterations:
         * {@code n × ⌊M / batch⌋} steps (n steps for full batch). Replaces an earlier {@link #iterations}.
         */
        public Builder epochs(long n) {
            if (n < 1) {
                throw new IllegalArgumentException("epochs must be >= 1, got " + n);
            }
            this.epochs = n;
            return this;
        }

        /** Mini-batch size; 0 (default) or ≥ the data size means full batch. */
        public Builder batchSize(int b) {
            if (b < 0) {
                throw new IllegalArgumentException("batch size must be >= 0 (0 = full batch), got " + b);
            }
            this.batchSize = b;
            return this;
        }

        /** Seed of the mini-batch order. Default 1. */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /** Compute train/test accuracy and record history every k iterations (and at the end). Default 100. */
        public Builder evaluateEvery(int k) {
            if (k < 1) {
                throw new IllegalArgumentException("evaluateEvery must be >= 1, got " + k);
            }
            this.evaluateEvery = k;
            return this;
        }

        /**
         * Keep-best (early stopping without stopping): at the end the net holds the parameters of the
         * evaluation with the highest accuracy on the held-out set passed as {@code test} (a validation
         * set); without a held-out set, those with the lowest training loss seen. Default off.
         */
        public Builder keepBest(boolean on) {
            this.keepBest = on;
            return this;
        }

        /**
         * The training accuracy of the evaluations during the run on the first {@code k} training points only (an
         * estimate that saves a pass over a large training set at every evaluation); 0 (default) for all points.
         * The accuracy and loss of the {@link TrainingResult} are always those of every point.
         */
        public Builder trainAccuracyPoints(int k) {
            if (k < 0) {
                throw new IllegalArgumentException("trainAccuracyPoints must be >= 0 (0 = every point), got " + k);
            }
            this.trainAccuracyPoints = k;
            return this;
        }

        public Builder listener(TrainingListener l) {
            if (l == null) {
                throw new IllegalArgumentException("listener must not be null");
            }
            this.listeners.add(l);
            return this;
        }

        /** Writes a checkpoint to {@code path} (atomically) every {@code every} iterations. */
        public Builder checkpoint(Path path, long every) {
            if (path == null || every < 1) {
                throw new IllegalArgumentException("checkpoint needs a path and an interval >= 1, got " + path
                        + " every " + every);
            }
            this.checkpointPath = path;
            this.checkpointEvery = every;
            return this;
        }

        /** Scales step k by {@code schedule.factor(k)} (default: none). */
        public Builder schedule(LearningRateSchedule schedule) {
            if (schedule == null) {
                throw new IllegalArgumentException("schedule must not be null");
            }
            this.schedule = schedule;
            return this;
        }

        /**
         * Keeps the named blocks on Stiefel manifolds (QᵀQ = I): a field block name such as {@code K} for that block
         * of every layer, or {@code lift}. Optimizers with a manifold form of their own (MEC learning, Itoh–Abe) use
         * it; the others see the Riemannian gradient and have their steps retracted.
         *
         * @param retraction Cayley or QR
         * @param blockNames at least one name
         */
        public Builder orthogonal(Retraction retraction, List<String> blockNames) {
            if (retraction == null || blockNames == null) {
                throw new IllegalArgumentException("orthogonal needs a retraction and block names, got " + retraction
                        + " and " + blockNames);
            }
            this.retraction = retraction;
            this.orthogonalBlocks = List.copyOf(blockNames);
            return this;
        }

        /**
         * Collects the iterates of iterations {@code start, start + every, …} into {@code average} (SWA or SWAG,
         * which the caller keeps, e.g. to sample SWAG predictions); the net ends on their mean. Default: none.
         */
        public Builder average(WeightAverage average, long start, long every) {
            if (average == null || start < 1 || every < 1) {
                throw new IllegalArgumentException("average needs a WeightAverage, a first iteration >= 1 and an "
                        + "interval >= 1, got start " + start + " every " + every);
            }
            this.average = average;
            this.averageStart = start;
            this.averageEvery = every;
            return this;
        }

        /**
         * Records a setting that changes the result (e.g. the optimizer and its learning rate) in
         * checkpoints; {@link Trainer#resume} refuses a checkpoint whose value differs.
         */
        public Builder setting(String name, String value) {
            if (name == null || value == null || name.isBlank()) {
                throw new IllegalArgumentException("setting needs a name and a value, got " + name + " = " + value);
            }
            settings.put(name, value);
            return this;
        }

        public Trainer build() {
            if (keepBest && average != null) {
                throw new IllegalArgumentException("keepBest and average both choose the final parameters; set one");
            }
            return new Trainer(this);
        }
    }
}
