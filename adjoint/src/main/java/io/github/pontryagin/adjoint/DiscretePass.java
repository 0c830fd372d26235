package io.github.pontryagin.adjoint;

import java.util.Arrays;

/**
 * The {@link GradientPass} of a {@link DiscreteAdjoint}: the forward pass stores the stages (all, or a checkpoint
 * every k layers), the backward pass applies the exact discrete adjoint of the layer update layer by layer
 * ({@code docs/theory.md} §2), recomputing each segment from its checkpoint when needed, with bit-identical
 * results for every interval.
 */
public final class DiscretePass implements GradientPass {

    private final DiscreteFlow flow;
    private final DiscreteAdjoint adjoint;
    private final Trajectory tape;
    private final Workspace work;
    private SecondOrderScratch secondOrder;
    /** Forward passes so far: the tangents in the scratch belong to one of them. */
    private long forwards;

    DiscretePass(DiscreteFlow flow, DiscreteAdjoint adjoint, int batchSize, int interval) {
        this.flow = flow;
        this.adjoint = adjoint;
        this.tape = new Trajectory(flow, batchSize, interval);
        this.work = new Workspace(flow, batchSize);
    }

    @Override
    public int batchSize() {
        return tape.m;
    }

    @Override
    public DiscreteFlow flow() {
        return flow;
    }

    @Override
    public DiscreteAdjoint adjoint() {
        return adjoint;
    }

    /** The tape of the last forward pass (stored states and stages). */
    public Trajectory trajectory() {
        return tape;
    }

    @Override
    public double[] forward(double[] theta, double[] h, double[] y0) {
        forwards++;
        return flow.forward(theta, h, y0, tape, work);
    }

    /** {@inheritDoc} This pass skips the scan of theta. */
    @Override
    public double[] forwardWithFiniteTheta(double[] theta, double[] h, double[] y0) {
        forwards++;
        return flow.forward(theta, h, y0, tape, work, true);
    }

    @Override
    public void backward(double[] theta, double[] h, double[] pN, FlowGradient out, double[][] costates) {
        if (!tape.complete) {
            throw new IllegalStateException("run forward on this pass before the backward pass");
        }
        int m = tape.m;
        flow.validateBackward(pN, out, costates, m);
        LayerUpdate update = flow.update();
        boolean partitioned = adjoint.isPartitioned();
        int layers = flow.layers();
        int dm = flow.dimension() * m;
        int perLayer = flow.parametersPerLayer();
        int k = tape.interval;
        int s = update.stages();
        Arrays.fill(out.theta, 0.0);
        double[] p = work.costate;
        System.arraycopy(pN, 0, p, 0, dm);
        DiscreteFlow.record(costates, layers, p);
        for (int n = layers - 1; n >= 0; n--) {
            int segment = n / k;
            flow.loadSegment(theta, h, tape, work, segment);
            out.h[n] = update.adjointStep(flow.field(), theta, n * perLayer, h[n], p, m, tape,
                    (n - segment * k) * s * dm, work, partitioned, out.theta);
            DiscreteFlow.record(costates, n, p);
        }
        System.arraycopy(p, 0, out.y0, 0, dm);
    }

    /**
     * The tangents {@code v_0 … v_N} of the last forward pass along {@code (δy_0 = v0, δh = dh)}; see
     * {@link TangentFlow}.
     */
    double[][] tangents(double[] theta, double[] h, double[] v0, double[] dh) {
        return tangents(theta, h, v0, dh, null);
    }

    /** As {@link #tangents(double[], double[], double[], double[])}, also along {@code δθ = dtheta} when not null. */
    double[][] tangents(double[] theta, double[] h, double[] v0, double[] dh, double[] dtheta) {
        double[][] into = new double[flow.layers() + 1][flow.dimension() * tape.m];
        tangentsInto(theta, h, v0, dh, dtheta, into);
        return into;
    }

    /**
     * The tangents {@code v_0 … v_N} into {@code into} (N + 1 arrays of d × M); the steps take their scratch from
     * {@link #secondOrderScratch()}.
     */
    private void tangentsInto(double[] theta, double[] h, double[] v0, double[] dh, double[] dtheta,
                              double[][] into) {
        tape.requireComplete();
        int m = tape.m;
        int dm = flow.dimension() * m;
        int layers = flow.layers();
        DiscreteFlow.requireLength("tangent v0", v0, dm, "d × M");
        if (dh != null) {
            DiscreteFlow.requireLength("step-size direction dh", dh, layers, "N");
        }
        if (dtheta != null) {
            DiscreteFlow.requireLength("parameter direction dtheta", dtheta, flow.parameterCount(), "N × P");
        }
        LayerUpdate update = flow.update();
        SecondOrderScratch scratch = secondOrderScratch();
        int k = tape.interval;
        int s = update.stages();
        System.arraycopy(v0, 0, into[0], 0, dm);
        for (int n = 0; n < layers; n++) {
            int segment = n / k;
            flow.loadSegment(theta, h, tape, work, segment);
            Arrays.fill(into[n + 1], 0.0);
            update.tangentStep(flow.field(), theta, n * flow.parametersPerLayer(), h[n], dh == null ? 0 : dh[n],
                    into[n], into[n + 1], m, tape, (n - segment * k) * s * dm, dtheta, scratch);
        }
    }

    /** {@code v_N} alone into {@code out} (d × M), allocating nothing after the first call. */
    void finalTangent(double[] theta, double[] h, double[] v0, double[] dh, double[] dtheta, double[] out) {
        DiscreteFlow.requireLength("final tangent out", out, flow.dimension() * tape.m, "d × M");
        SecondOrderScratch scratch = secondOrderScratch();
        double[][] tangents = scratch.tangents;
        tangentsInto(theta, h, v0, dh, dtheta, tangents);
        scratch.recordTangents(forwards, theta, h, v0, dh, dtheta);
        System.arraycopy(tangents[flow.layers()], 0, out, 0, out.length);
    }

    /** The scratch of the tangent and second-order passes, created on first use. */
    private SecondOrderScratch secondOrderScratch() {
        if (secondOrder == null) {
            secondOrder = new SecondOrderScratch(flow, tape.m);
        }
        return secondOrder;
    }

    /**
     * The second-order adjoint (see {@link SecondOrderAdjoint}): after {@link #forward}, the gradient of
     * {@code J} into {@code gradient} and its directional derivative along {@code (δy_0, δh, δθ)} into
     * {@code tangent}, from the seeds {@code p_N} and {@code δp_N}.
     */
    void secondOrder(double[] theta, double[] h, double[] v0, double[] dh, double[] dtheta, double[] pN,
                     double[] dpN, FlowGradient gradient, FlowGradient tangent) {
        SecondOrderScratch scratch = secondOrderScratch();
        double[][] tangents = scratch.tangents;
        // the tangent pass of finalTangent along the same direction after the same forward pass is reused
        if (!scratch.holdsTangents(forwards, theta, h, v0, dh, dtheta)) {
            tangentsInto(theta, h, v0, dh, dtheta, tangents);
            scratch.recordTangents(forwards, theta, h, v0, dh, dtheta);
        }
        int m = tape.m;
        flow.validateBackward(pN, gradient, null, m);
        DiscreteFlow.requireLength("adjoint seed tangent dpN", dpN, flow.dimension() * m, "d × M");
        if (tangent == null || tangent.theta.length != gradient.theta.length || tangent.y0.length != gradient.y0.length) {
            throw new IllegalArgumentException("tangent gradient must be created by flow.newGradient(" + m + ")");
        }
        int dm = flow.dimension() * m;
        int perLayer = flow.parametersPerLayer();
        int k = tape.interval;
        int s = flow.update().stages();
        Arrays.fill(gradient.theta, 0.0);
        Arrays.fill(tangent.theta, 0.0);
        double[] p = scratch.costate;
        double[] dp = scratch.costateTangent;
        System.arraycopy(pN, 0, p, 0, dm);
        System.arraycopy(dpN, 0, dp, 0, dm);
        double[] step = scratch.stepOut;
        for (int n = flow.layers() - 1; n >= 0; n--) {
            int segment = n / k;
            flow.loadSegment(theta, h, tape, work, segment);
            flow.update().secondOrderAdjointStep(flow.field(), theta, n * perLayer, h[n], dh == null ? 0 : dh[n],
                    dtheta, tangents[n], p, dp, m, tape, (n - segment * k) * s * dm, gradient.theta, tangent.theta,
                    step, scratch);
            gradient.h[n] = step[0];
            tangent.h[n] = step[1];
        }
        System.arraycopy(p, 0, gradient.y0, 0, dm);
        System.arraycopy(dp, 0, tangent.y0, 0, dm);
    }

    @Override
    public boolean storesState(int n) {
        return tape.storesState(n);
    }

    @Override
    public double[] state(int n) {
        return tape.state(n);
    }

    @Override
    public long storedDoubles() {
        return tape.storedDoubles();
    }

    @Override
    public String toString() {
        return adjoint.describe() + " of " + flow + ", M = " + tape.m;
    }
}
