package io.github.pontryagin.adjoint;

/**
 * What the forward pass keeps for the backward pass: the stage values {@code Y_{n,i}} and
 * {@code K_{n,i} = f(Y_{n,i}; θ_n)} of a segment of {@code interval} consecutive layers, the states
 * {@code y_n} at the start of every segment (the checkpoints), and the final state {@code y_N}.
 *
 * <p>With {@code interval = N} every stage is stored (memory O(N s d M)); with a smaller interval
 * only the checkpoints are kept and the backward pass recomputes each segment from its checkpoint
 * with the very same code, so the gradients are bit-identical (memory O((N/k + k s) d M)).
 * A trajectory is sized once for a flow and a batch size and reused across calls.
 */
public final class Trajectory {

    final RungeKuttaFlow flow;
    final int m;
    final int interval;
    final int segments;
    /** Checkpoint {@code j} is {@code y_{j·interval}}: {@code segments × d·m}. */
    final double[] checkpoints;
    /** Stage values of the current segment: {@code interval × s × d·m}. */
    final double[] stageY;
    /** Stage slopes of the current segment: {@code interval × s × d·m}. */
    final double[] stageK;
    /** The final state {@code y_N}. */
    final double[] finalState;
    /** Index of the segment whose stages are in {@link #stageY}/{@link #stageK}, or −1. */
    int segmentInBuffer = -1;
    /** Parameters the stored stages were computed with (identity check only). */
    double[] forwardTheta;
    double[] forwardH;
    boolean complete;

    // Scratch for the forward and backward passes, sized once (the hot path allocates nothing).
    final double[] current;
    final double[] stageIn;
    final double[] stageOut;
    /** The stored {@code K_i = f(Y_i)} of the stage being differentiated (see {@code VectorField.vjpWithValue}). */
    final double[] stageValue;
    final double[] fieldWork;
    final double[] nu;
    final double[] cotangents;
    final double[] costate;
    final double[] parameterScratch;

    Trajectory(RungeKuttaFlow flow, int m, int interval) {
        if (m <= 0) {
            throw new IllegalArgumentException("batch size m must be > 0, got " + m + " (empty batch)");
        }
        int layers = flow.layers();
        if (interval < 1 || interval > layers) {
            throw new IllegalArgumentException("checkpoint interval must be in [1, " + layers + "] (the number of"
                    + " layers), got " + interval);
        }
        this.flow = flow;
        this.m = m;
        this.interval = interval;
        this.segments = (layers + interval - 1) / interval;
        int dm = flow.dimension() * m;
        long stageCount = (long) interval * flow.stages() * dm;
        if (stageCount > Integer.MAX_VALUE - 16 || (long) segments * dm > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("trajectory too large for one array: " + interval + " layers × "
                    + flow.stages() + " stages × d·m = " + dm + "; use a smaller checkpoint interval or batch");
        }
        this.checkpoints = new double[segments * dm];
        this.stageY = new double[(int) stageCount];
        this.stageK = new double[(int) stageCount];
        this.finalState = new double[dm];
        this.current = new double[dm];
        this.stageIn = new double[dm];
        this.stageOut = new double[dm];
        this.stageValue = new double[dm];
        this.fieldWork = new double[flow.field().workspaceSize(m)];
        this.nu = new double[dm];
        this.cotangents = new double[flow.stages() * dm];
        this.costate = new double[dm];
        this.parameterScratch = new double[flow.parametersPerLayer()];
    }

    /** The batch size M this trajectory was sized for. */
    public int batchSize() {
        return m;
    }

    /** Layers per stored segment ({@code N} for full storage). */
    public int checkpointInterval() {
        return interval;
    }

    /** True when every stage of every layer is kept (no recomputation in the backward pass). */
    public boolean isFullStorage() {
        return segments == 1;
    }

    /** Doubles held by this trajectory (stage buffers plus checkpoints plus final state). */
    public long storedDoubles() {
        return (long) checkpoints.length + stageY.length + stageK.length + finalState.length;
    }

    /**
     * A copy of the state {@code y_n} of the last forward pass; available for {@code n = N} and for every
     * checkpoint ({@code n} a multiple of the interval), so an interval of 1 gives every layer's state.
     */
    public double[] state(int n) {
        if (!complete) {
            throw new IllegalStateException("no forward pass has been run on this trajectory yet");
        }
        int layers = flow.layers();
        int dm = finalState.length;
        if (n == layers) {
            return finalState.clone();
        }
        if (n < 0 || n > layers || n % interval != 0) {
            throw new IllegalArgumentException("state " + n + " is not stored: states are kept at multiples of the"
                    + " checkpoint interval " + interval + " and at N = " + layers);
        }
        return java.util.Arrays.copyOfRange(checkpoints, (n / interval) * dm, (n / interval + 1) * dm);
    }

    /**
     * The final state {@code y_N} of the last forward pass (feature-major, {@code d × M}). This is the
     * trajectory's own array: read it, do not keep or modify it.
     */
    public double[] finalState() {
        if (!complete) {
            throw new IllegalStateException("no forward pass has been run on this trajectory yet");
        }
        return finalState;
    }
}
