package io.github.pontryagin.odenets;

/**
 * How an ODE-net is evaluated; results do not depend on these. A batch is split into fixed chunks of
 * {@code chunkSize} points whose losses and gradients are summed in chunk order, so any number of
 * {@code threads} gives the same bits.
 *
 * @param threads   worker threads (the caller included), ≥ 1
 * @param chunkSize points per chunk, ≥ 1
 */
public record ExecutionOptions(int threads, int chunkSize) {

    /** One thread, chunks of 256 points. */
    public static final ExecutionOptions DEFAULT = new ExecutionOptions(1, 256);

    public ExecutionOptions {
        if (threads <= 0) {
            throw new IllegalArgumentException("threads must be > 0, got " + threads);
        }
        if (chunkSize <= 0) {
            throw new IllegalArgumentException("chunkSize must be > 0, got " + chunkSize);
        }
    }
}
