package io.github.pontryagin.odenets;

import io.github.pontryagin.core.optim.Objective;
import io.github.pontryagin.core.optim.SliceRunner;

/**
 * The loss of an {@link OdeNet} on one batch as a function of the parameter vector, the {@link Objective} an
 * optimizer sees: {@link #valueAndGradient} runs the forward pass with its tape and the adjoint
 * ({@link OdeNet#lossAndGradient}); {@link #value} runs the tape-less forward pass alone ({@link OdeNet#loss}),
 * with the same bits of the loss. It counts both kinds of evaluation, so that benchmarks can report the work a
 * training run did. The batch arrays are read at every call: a trainer may refill them between steps. Not
 * thread-safe (neither is the net).
 */
public final class LossObjective implements Objective {

    private final OdeNet net;
    private final double[] x;
    /** The inputs as a sparse batch (then {@link #x} is null), or null. */
    private final SparseBatch batch;
    private final int[] labels;
    private final int m;
    private long valueEvaluations;
    private long gradientEvaluations;

    /**
     * @param x      inputs, feature-major {@code d0 × m}
     * @param labels class labels, length ≥ m
     */
    LossObjective(OdeNet net, double[] x, int[] labels, int m) {
        this.net = net;
        this.x = x;
        this.batch = null;
        this.labels = labels;
        this.m = m;
    }

    /**
     * @param batch  inputs drawn from sparse rows (the batch's selection is read at every call)
     * @param labels class labels, length ≥ {@code batch.size()}
     */
    LossObjective(OdeNet net, SparseBatch batch, int[] labels) {
        this.net = net;
        this.x = null;
        this.batch = batch;
        this.labels = labels;
        this.m = batch.size();
    }

    @Override
    public double valueAndGradient(double[] u, double[] gradOut) {
        gradientEvaluations++;
        return batch != null ? net.lossAndGradient(u, batch, labels, gradOut)
                : net.lossAndGradient(u, x, labels, m, gradOut);
    }

    @Override
    public double value(double[] u) {
        valueEvaluations++;
        return batch != null ? net.loss(u, batch, labels) : net.loss(u, x, labels, m);
    }

    /** The net's threads ({@link OdeNet#sliceRunner()}), idle between two evaluations. */
    @Override
    public SliceRunner sliceRunner() {
        return net.sliceRunner();
    }

    /** Calls of {@link #value} so far (forward passes without a gradient). */
    public long valueEvaluations() {
        return valueEvaluations;
    }

    /** Calls of {@link #valueAndGradient} so far (forward and adjoint passes). */
    public long gradientEvaluations() {
        return gradientEvaluations;
    }
}
