package io.github.pontryagin.adjoint;

/**
 * The value-only forward pass of a {@link DiscreteFlow} for a fixed batch size: {@code y_N} from {@code y_0},
 * layer by layer, storing nothing between layers (no tape, no checkpoints, no adjoint). It holds the running
 * state, the {@code s} stage slopes of the layer being computed and the field's scratch, {@code O(s·d·M)} doubles
 * for any number of layers, sized once by {@link DiscreteFlow#newForwardPass(int)}; a call allocates nothing.
 * It runs the very same {@link LayerUpdate#step} kernels as the forward pass of every {@link GradientPass}, so
 * its {@code y_N} has the same bits: a line search that evaluates trial points with it sees the same loss as the
 * gradient evaluation at that point. Not thread-safe.
 */
public final class ForwardPass {

    private final DiscreteFlow flow;
    private final int m;
    private final Workspace work;
    private final double[] stageK;
    /** Stage values for the updates that read them back within a step (null for Runge–Kutta and plain layers). */
    private final double[] stageY;

    ForwardPass(DiscreteFlow flow, int batchSize) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size m must be > 0, got " + batchSize + " (empty batch)");
        }
        this.flow = flow;
        this.m = batchSize;
        this.work = new Workspace(flow, batchSize, true);
        this.stageK = new double[flow.update().stages() * flow.dimension() * batchSize];
        boolean needsStageValues = !(flow.update() instanceof RungeKuttaUpdate || flow.update() instanceof PlainUpdate);
        this.stageY = needsStageValues ? new double[stageK.length] : null;
    }

    /** The batch size M this pass was sized for. */
    public int batchSize() {
        return m;
    }

    /** The flow this pass runs. */
    public DiscreteFlow flow() {
        return flow;
    }

    /**
     * Runs the layers from {@code y0} (feature-major {@code d × M}).
     *
     * @return {@code y_N}, the pass's own array: read it, do not keep or modify it
     * @throws IllegalArgumentException on wrong lengths or non-finite parameters / step sizes
     */
    public double[] forward(double[] theta, double[] h, double[] y0) {
        flow.validate(theta, h);
        int dm = flow.dimension() * m;
        if (y0 == null || y0.length != dm) { // the message is only built on failure: no allocation per call
            DiscreteFlow.requireLength("initial state y0", y0, dm, "d × M = " + flow.dimension() + " × " + m);
        }
        double[] y = work.current;
        System.arraycopy(y0, 0, y, 0, dm);
        LayerUpdate update = flow.update();
        int perLayer = flow.parametersPerLayer();
        for (int n = 0; n < flow.layers(); n++) {
            update.step(flow.field(), theta, n * perLayer, h[n], y, m, stageY, stageK, 0, work);
        }
        return y;
    }

    /** Doubles held by this pass (running state, stage slopes and scratch), independent of the number of layers. */
    public long heldDoubles() {
        return stageK.length + work.doubles();
    }

    @Override
    public String toString() {
        return "value-only forward pass of " + flow + ", M = " + m;
    }
}
