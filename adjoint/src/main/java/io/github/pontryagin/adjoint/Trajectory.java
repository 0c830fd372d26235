package io.github.pontryagin.adjoint;

import java.util.Arrays;

/**
 * The tape of a forward pass: what the backward pass reads. It holds the stage values {@code Y_{n,i}} and slopes
 * {@code K_{n,i} = f(Y_{n,i}; θ_n)} of one segment of {@code interval} consecutive layers, the states {@code y_n}
 * at the start of every segment (the checkpoints), and the final state {@code y_N}.
 *
 * <p>With {@code interval = N} every stage is stored (memory O(N s d M)); with a smaller interval only the
 * checkpoints are kept and the backward pass recomputes each segment from its checkpoint with the very same code,
 * so the gradients are bit-identical (memory O((N/k + k s) d M); Griewank and Walther 2008, ch. 12). The
 * parameters are not stored: the backward pass receives them again. A tape is sized once for a flow, a batch size
 * and an interval, and reused across calls; scratch memory lives in a separate workspace.
 */
public final class Trajectory {

    final int m;
    final int layers;
    final int interval;
    final int segments;
    /** Checkpoint {@code j} is {@code y_{j·interval}}: {@code segments × d·m}. */
    final double[] checkpoints;
    /** Stage values of the segment in the buffers: {@code interval × s × d·m}. */
    final double[] stageY;
    /** Stage slopes of the segment in the buffers: {@code interval × s × d·m}. */
    final double[] stageK;
    /** The final state {@code y_N}. */
    final double[] finalState;
    /** Index of the segment whose stages are in {@link #stageY}/{@link #stageK}, or −1. */
    int segmentInBuffer = -1;
    boolean complete;

    Trajectory(DiscreteFlow flow, int m, int interval) {
        this(flow, m, interval, interval);
    }

    /**
     * A tape whose stage buffers hold {@code bufferedLayers} layers (a reversible pass keeps one layer and only the
     * checkpoint {@code y_0}: {@code interval = N}, {@code bufferedLayers = 1}).
     */
    Trajectory(DiscreteFlow flow, int m, int interval, int bufferedLayers) {
        if (m <= 0) {
            throw new IllegalArgumentException("batch size m must be > 0, got " + m + " (empty batch)");
        }
        int layers = flow.layers();
        if (interval < 1 || interval > layers) {
            throw new IllegalArgumentException("checkpoint interval must be in [1, " + layers + "] (the number of"
                    + " layers), got " + interval);
        }
        this.m = m;
        this.layers = layers;
        this.interval = interval;
        this.segments = (layers + interval - 1) / interval;
        int dm = flow.dimension() * m;
        long stageCount = (long) bufferedLayers * flow.update().stages() * dm;
        if (stageCount > Integer.MAX_VALUE - 16 || (long) segments * dm > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("trajectory too large for one array: " + bufferedLayers + " layers × "
                    + flow.update().stages() + " stages × d·m = " + dm
                    + "; use a smaller checkpoint interval or batch");
        }
        this.checkpoints = new double[segments * dm];
        this.stageY = new double[(int) stageCount];
        this.stageK = new double[(int) stageCount];
        this.finalState = new double[dm];
    }

    /** The batch size M this tape was sized for. */
    public int batchSize() {
        return m;
    }

    /** Layers per stored segment ({@code N} for full storage). */
    public int checkpointInterval() {
        return interval;
    }

    /** Doubles held by this tape (stage buffers plus checkpoints plus final state). */
    public long storedDoubles() {
        return (long) checkpoints.length + stageY.length + stageK.length + finalState.length;
    }

    /** Whether {@link #state(int)} has {@code y_n}: {@code n = N} or {@code n} a multiple of the interval. */
    public boolean storesState(int n) {
        return n == layers || (n >= 0 && n < layers && n % interval == 0);
    }

    /**
     * A copy of the state {@code y_n} of the last forward pass; available for {@code n = N} and for every
     * checkpoint ({@code n} a multiple of the interval), so an interval of 1 gives every layer's state.
     */
    public double[] state(int n) {
        requireComplete();
        int dm = finalState.length;
        if (n == layers) {
            return finalState.clone();
        }
        if (!storesState(n)) {
            throw new IllegalArgumentException("state " + n + " is not stored: states are kept at multiples of the"
                    + " checkpoint interval " + interval + " and at N = " + layers);
        }
        return Arrays.copyOfRange(checkpoints, (n / interval) * dm, (n / interval + 1) * dm);
    }

    /**
     * The final state {@code y_N} of the last forward pass (feature-major, {@code d × M}). This is the tape's own
     * array: read it, do not keep or modify it.
     */
    public double[] finalState() {
        requireComplete();
        return finalState;
    }

    void requireComplete() {
        if (!complete) {
            throw new IllegalStateException("no forward pass has been run on this tape yet");
        }
    }
}
