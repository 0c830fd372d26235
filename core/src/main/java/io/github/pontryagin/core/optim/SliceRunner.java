package io.github.pontryagin.core.optim;

/**
 * Runs work over an index range {@code [0, n)} cut into consecutive slices, on one thread or on a team of threads
 * that an {@link Objective} lends between its evaluations ({@link Objective#sliceRunner()}: an ODE-net's workers, idle
 * while the optimizer updates the parameter vector). Meant for element-wise passes over long vectors (an
 * optimizer's update, copies, checks): when the entry {@code i} of every output depends only on the entries
 * {@code i} of the inputs, any cut gives the same bits as one pass over {@code [0, n)}, so results do not depend on
 * the number of threads. Each pass keeps its own simple loops inside a slice (the JIT vectorises them as it does
 * the whole-range loops).
 */
@FunctionalInterface
public interface SliceRunner {

    /**
     * Entries per slice below which a pass over a vector is not worth a hand-off to another thread: 8 192 doubles are
     * 64 KB, a few microseconds of a simple loop, about the cost of waking a spinning worker and waiting for it.
     */
    int VECTOR_GRAIN = 1 << 13;

    /** Runs every pass on the calling thread, as one slice. */
    SliceRunner SERIAL = (n, grain, work) -> {
        if (n > 0) {
            work.run(0, n);
        }
    };

    /**
     * Runs {@code work} on consecutive slices that cover {@code [0, n)} exactly once, each of at least {@code grain}
     * indices (one slice when n is smaller than two grains), and returns when all are done. The slices
     * may run concurrently, so {@code work} must write only the indices of its slice (or otherwise disjoint places),
     * and it must not call this runner or the objective that lent it.
     *
     * @param n     length of the range, ≥ 0
     * @param grain the smallest slice worth a thread, ≥ 1
     * @param work  the pass over one slice
     */
    void run(int n, int grain, Slice work);

    /** A pass over the indices {@code from ≤ i < to}. */
    @FunctionalInterface
    interface Slice {
        void run(int from, int to);
    }
}
