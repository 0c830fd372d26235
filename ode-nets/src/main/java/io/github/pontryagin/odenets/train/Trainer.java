package io.github.pontryagin.odenets.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import io.github.pontryagin.core.optim.Optimizer;
import io.github.pontryagin.core.optim.Projection;
import io.github.pontryagin.core.optim.OptimizerState;
import io.github.pontryagin.core.optim.Optimizers;
import io.github.pontryagin.odenets.LossObjective;
import io.github.pontryagin.odenets.OdeNet;
import io.github.pontryagin.odenets.data.Dataset;

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
 *   <li><b>NaN guard.</b> If the loss or a parameter becomes NaN or infinite, training stops, the
 *       net keeps the last finite parameters, and {@link TrainingResult#stopReason()} says at which
 *       iteration and why.</li>
 *   <li><b>Checkpoints.</b> With {@link Builder#checkpoint(Path, long)} the net, the optimizer state
 *       and the history are written atomically every k iterations; {@link #resume} continues.</li>
 * </ul>
 */
public final class Trainer {

    private final Builder config;

    private Trainer(Builder b) {
        this.config = b.copy();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Trains {@code net} in place from iteration 0. {@code test} may be null. */
    public TrainingResult train(OdeNet net, Dataset train, Dataset test) throws IOException {
        return run(net, train, test, 0, null, new ArrayList<>());
    }

    /**
     * Continues a run from a checkpoint written by a trainer with the same settings, up to this
     * trainer's number of iterations.
     */
    public TrainingResult resume(Path checkpoint, Dataset train, Dataset test) throws IOException {
        TrainingCheckpoint saved = TrainingCheckpoint.read(checkpoint);
        if (saved.seed() != config.seed || saved.batchSize() != config.batchSize) {
            throw new IllegalArgumentException("checkpoint " + checkpoint + " was written with seed " + saved.seed()
                    + " and batch size " + saved.batchSize() + " but this trainer has seed " + config.seed
                    + " and batch size " + config.batchSize + "; resuming would not continue the same run");
        }
        return run(saved.net(), train, test, saved.iteration(), saved.optimizerState(),
                new ArrayList<>(saved.history()));
    }

    private TrainingResult run(OdeNet net, Dataset train, Dataset test, long first,
                               OptimizerState.Snapshot restore, List<TrainingProgress> history) throws IOException {
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
        double[] batchX = batch == m ? features : new double[d0 * batch];
        int[] batchLabels = batch == m ? labels : new int[batch];
        LossObjective objective = net.objective(batchX, batchLabels, batch);
        Projection constraints = net.constraints();
        Optimizer optimizer = config.optimizer.withProjection(constraints);
        double[] u = net.parameters();
        OptimizerState state = optimizer.newState(u.length);
        if (restore != null) {
            state.restore(restore);
        }
        constraints.project(u, 0, u.length, new double[u.length]); // a loaded or resumed point may be infeasible
        double[] lastFinite = u.clone();
        int[] permutation = new int[m];
        long permutationEpoch = -1;
        long total = config.epochs > 0 ? config.epochs * batchesPerEpoch : config.iterations;
        for (TrainingListener listener : config.listeners) {
            listener.onStart(first, total);
        }
        long start = System.nanoTime();
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
                int from = (int) (iteration % batchesPerEpoch) * batch;
                for (int k = 0; k < batch; k++) {
                    int point = permutation[from + k];
                    batchLabels[k] = labels[point];
                    for (int i = 0; i < d0; i++) {
                        batchX[i * batch + k] = features[i * m + point];
                    }
                }
            }
            System.arraycopy(u, 0, lastFinite, 0, u.length);
            loss = optimizer.step(objective, u, state);
            iteration++;
            String problem = nonFinite(loss, u, net);
            if (problem != null) {
                System.arraycopy(lastFinite, 0, u, 0, u.length);
                stopReason = "stopped at iteration " + iteration + ": " + problem
                        + "; the net keeps the parameters of iteration " + (iteration - 1);
                break;
            }
            boolean evaluate = iteration % config.evaluateEvery == 0 || iteration == total;
            double trainAccuracy = Double.NaN;
            double testAccuracy = Double.NaN;
            if (evaluate) {
                trainAccuracy = net.accuracy(features, labels, m);
                if (test != null) {
                    testAccuracy = net.accuracy(testFeatures, testLabels, test.size());
                }
            }
            TrainingProgress progress = new TrainingProgress(iteration, total, loss, trainAccuracy, testAccuracy,
                    System.nanoTime() - start);
            if (evaluate) {
                history.add(progress);
            }
            for (TrainingListener listener : config.listeners) {
                listener.onIteration(progress);
            }
            if (config.checkpointPath != null && iteration % config.checkpointEvery == 0) {
                TrainingCheckpoint.write(config.checkpointPath, net, iteration, config.seed, config.batchSize,
                        state.snapshot(), history);
            }
        }
        double trainAccuracy = net.accuracy(features, labels, m);
        double testAccuracy = test == null ? Double.NaN : net.accuracy(testFeatures, testLabels, test.size());
        double finalLoss = net.loss(u, features, labels, m);
        TrainingResult result = new TrainingResult(net, iteration, finalLoss, trainAccuracy, testAccuracy,
                List.copyOf(history), stopReason, (System.nanoTime() - start) * 1e-9);
        for (TrainingListener listener : config.listeners) {
            listener.onEnd(result);
        }
        return result;
    }

    private static String nonFinite(double loss, double[] u, OdeNet net) {
        if (!Double.isFinite(loss)) {
            return "the loss is " + loss;
        }
        for (int i = 0; i < u.length; i++) {
            if (!Double.isFinite(u[i])) {
                return "parameter " + i + " (" + net.layout().describe(i) + ") became " + u[i];
            }
        }
        return null;
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

        public Trainer build() {
            return new Trainer(this);
        }
    }
}
