package io.github.pontryagin.odenets.train;

import io.github.pontryagin.core.optim.SliceRunner;

/**
 * The mini-batch of a run, refilled before every step from the feature-major training set: the batch's points
 * {@code order[from .. from+batch)} into the feature-major {@link #x()} ({@code d0 × batch}) and their labels into
 * {@link #labels()}, from the sparse rows of a mostly-zero data set ({@link SparseBatches}) or directly. The points
 * are gathered in slices on the net's threads ({@link SliceRunner}, idle between two evaluations): a slice of
 * points writes only its own columns of the batch, so any cut gives the same batch.
 */
final class MiniBatches {

    private final double[] features;
    private final int[] allLabels;
    private final int d0;
    private final int m;
    private final int batch;
    /** The sparse rows of the data set, null when they are not worth it (gathered directly). */
    private final SparseBatches sparse;
    private final double[] x;
    private final int[] labels;
    /** Points per slice: about {@link SliceRunner#VECTOR_GRAIN} values of the batch. */
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
        this.sparse = SparseBatches.of(features, d0, m);
        this.x = new double[d0 * batch];
        this.labels = new int[batch];
        this.grain = Math.max(1, SliceRunner.VECTOR_GRAIN / d0);
    }

    /** The batch's inputs, feature-major {@code d0 × batch} (the same array at every step). */
    double[] x() {
        return x;
    }

    /** The batch's labels (the same array at every step). */
    int[] labels() {
        return labels;
    }

    /** Fills the batch with the points {@code order[from .. from+batch)}, in slices of points on {@code slices}. */
    void gather(int[] order, int from, SliceRunner slices) {
        slices.run(batch, grain, (k0, k1) -> gather(order, from, k0, k1));
    }

    /** Points {@code k0 ≤ k < k1} of the batch: their labels and their columns of {@link #x}. */
    private void gather(int[] order, int from, int k0, int k1) {
        for (int k = k0; k < k1; k++) {
            labels[k] = allLabels[order[from + k]];
        }
        if (sparse != null) {
            sparse.gather(order, from, batch, x, k0, k1);
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
