package io.github.pontryagin.odenets;

/**
 * How an ODE-net is evaluated. A batch is split into fixed chunks of {@code chunkSize} points whose losses and
 * gradients are summed in chunk order, so any number of {@code threads} gives the same bits (the chunk size fixes
 * the summation order). With {@code sparseLift} a learnable lift of a wide input (at least 64 coordinates) skips
 * the zero inputs of a chunk that is at least half zeros (MNIST's pixels): the same forward pass bit for bit, the
 * lift's gradient summed in another order (round-off; see {@code Lift}).
 *
 * @param threads    worker threads (the caller included), ≥ 1
 * @param chunkSize  points per chunk, ≥ 1
 * @param sparseLift whether the learnable lift may skip zero inputs
 */
public record ExecutionOptions(int threads, int chunkSize, boolean sparseLift) {

    /** One thread, chunks of 256 points, the sparse lift on. */
    public static final ExecutionOptions DEFAULT = new ExecutionOptions(1, 256, true);

    public ExecutionOptions {
        if (threads <= 0) {
            throw new IllegalArgumentException("threads must be > 0, got " + threads);
        }
        if (chunkSize <= 0) {
            throw new IllegalArgumentException("chunkSize must be > 0, got " + chunkSize);
        }
    }

    /** The given threads and chunk size, the sparse lift on. */
    public ExecutionOptions(int threads, int chunkSize) {
        this(threads, chunkSize, true);
    }
}
