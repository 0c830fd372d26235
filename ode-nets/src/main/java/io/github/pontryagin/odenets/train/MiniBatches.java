package io.github.pontryagin.odenets.train;

import io.github.pontryagin.core.optim.SliceRunner;
import io.github.pontryagin.odenets.LossObjective;
import io.github.pontryagin.odenets.OdeNet;
import io.github.pontryagin.odenets.SparseBatch;
import io.github.pontryagin.odenets.SparseRows;

/**
 * The mini-batch of a run, refilled before every step from the training set: the batch's points
 * {@code order[from .. from+batch)} and their labels ({@link #labels()}). A mostly-zero data set (MNIST's pixels
 * are about 81 % zeros; {@link SparseRows#ofMostlyZero}) is kept as its sparse rows, and a batch is the selection
 * of its points' rows ({@link SparseBatch}), which the net reads in place: no dense batch is written, and the net
 * lists each chunk's non-zeros from the rows instead of scanning a dense batch, with the same bits. Other data are
 * gathered into the feature-major {@code d0 × batch} array of the objective. The points are gathered in slices on
 * the net's threads ({@link SliceRunner}, idle between two evaluations): a slice of points writes only its own
 * entries, so any cut gives the same batch.
 */
final class MiniBatches {

    private final double[] features;
    private final int[] allLabels;
    private final int d0;
    private final int m;
    private final int batch;
    /** The sparse batch over the data set's rows, null when the data are gathered into {@link #x}. */
    private final SparseBatch sparse;
    private final double[] x;
    private final int[] labels;
    /** Points per slice: about {@link SliceRunner#VECTOR_GRAIN} values of a dense batch. */
    private final int grain;

    /**
     * @param features the training set, feature-major {@code d0 × m}
     * @param labels   its labels, length m
     * @param batch    points per batch, {@code 1 ≤ batch ≤ m}
     */
    MiniBatches(double[] features, int[] labels, int d0, int m, int batch) {
        this.features = features;
        this.allLabels = labels;
        this.d0 = d0;
        this.m = m;
        this.batch = batch;
        SparseRows rows = SparseRows.ofMostlyZero(features, d0, m);
        this.sparse = rows == null ? null : new SparseBatch(rows, batch);
        this.x = rows == null ? new double[d0 * batch] : null;
        this.labels = new int[batch];
        this.grain = Math.max(1, SliceRunner.VECTOR_GRAIN / d0);
    }

    /** The loss on the batch (whichever points it holds when evaluated) as an objective of the net's parameters. */
    LossObjective objective(OdeNet net) {
        return sparse != null ? net.objective(sparse, labels) : net.objective(x, labels, batch);
    }

    /** The batch's labels (the same array at every step). */
    int[] labels() {
        return labels;
    }

    /** The batch's inputs feature-major ({@code d0 × batch}): the batch array, or a new one from the sparse rows. */
    double[] featureMajor() {
        return sparse != null ? sparse.toFeatureMajor() : x;
    }

    /** The sparse rows of the training set, or null when the batches are gathered densely. */
    SparseRows rows() {
        return sparse == null ? null : sparse.rows();
    }

    /** Whether the batch is a selection of sparse rows (no dense batch array). */
    boolean sparse() {
        return sparse != null;
    }

    /** Fills the batch with the points {@code order[from .. from+batch)}, in slices of points on {@code slices}. */
    void gather(int[] order, int from, SliceRunner slices) {
        if (sparse != null) {
            // an index and a label per point: not worth waking the workers
            gather(order, from, 0, batch);
            return;
        }
        slices.run(batch, grain, (k0, k1) -> gather(order, from, k0, k1));
    }

    /** Points {@code k0 ≤ k < k1} of the batch: their labels and their inputs. */
    private void gather(int[] order, int from, int k0, int k1) {
        for (int k = k0; k < k1; k++) {
            labels[k] = allLabels[order[from + k]];
        }
        if (sparse != null) {
            sparse.select(order, from, k0, k1);
            return;
        }
        // feature by feature: contiguous writes, and the reads of one feature stay within its row
        for (int i = 0; i < d0; i++) {
            int row = i * m;
            int to = i * batch;
            for (int k = k0; k < k1; k++) {
                x[to + k] = features[row + order[from + k]];
            }
        }
    }
}
