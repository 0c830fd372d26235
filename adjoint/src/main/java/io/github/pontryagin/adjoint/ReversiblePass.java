package io.github.pontryagin.adjoint;

import java.util.Arrays;

/**
 * The {@link GradientPass} of a {@link ReversibleAdjoint}: the forward pass keeps {@code y_0} and {@code y_N}; the
 * backward pass inverts one layer at a time, {@code ŷ_n = Φ⁻¹(ŷ_{n+1})} (which also records the stages of that
 * layer), and applies the layer's exact discrete adjoint to them. At the end it compares {@code ŷ_0} with the
 * stored {@code y_0}; above the tolerance it recomputes the gradient with a checkpointed discrete adjoint.
 */
public final class ReversiblePass implements GradientPass {

    private final DiscreteFlow flow;
    private final ReversibleAdjoint adjoint;
    private final Trajectory tape;
    private final Workspace work;
    private DiscretePass fallback;
    private double lastDrift = Double.NaN;
    private int fallbacks;

    ReversiblePass(DiscreteFlow flow, ReversibleAdjoint adjoint, int batchSize) {
        this.flow = flow;
        this.adjoint = adjoint;
        this.tape = new Trajectory(flow, batchSize, flow.layers(), 1);
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
    public ReversibleAdjoint adjoint() {
        return adjoint;
    }

    /** The relative drift {@code ‖ŷ_0 − y_0‖_∞ / ‖y_0‖_∞} of the last backward pass (NaN before the first). */
    public double lastDrift() {
        return lastDrift;
    }

    /** How many backward passes fell back to checkpoints because the drift exceeded the tolerance. */
    public int fallbacks() {
        return fallbacks;
    }

    @Override
    public double[] forward(double[] theta, double[] h, double[] y0) {
        flow.validate(theta, h);
        int m = tape.m;
        int dm = flow.dimension() * m;
        if (y0 == null || y0.length != dm) {
            DiscreteFlow.requireLength("initial state y0", y0, dm, "d × M = " + flow.dimension() + " × " + m);
        }
        LayerUpdate update = flow.update();
        int perLayer = flow.parametersPerLayer();
        double[] y = work.current;
        System.arraycopy(y0, 0, y, 0, dm);
        System.arraycopy(y0, 0, tape.checkpoints, 0, dm);
        for (int n = 0; n < flow.layers(); n++) {
            update.step(flow.field(), theta, n * perLayer, h[n], y, m, tape.stageY, tape.stageK, 0, work);
        }
        System.arraycopy(y, 0, tape.finalState, 0, dm);
        tape.segmentInBuffer = -1;
        tape.complete = true;
        return tape.finalState;
    }

    @Override
    public void backward(double[] theta, double[] h, double[] pN, FlowGradient out, double[][] costates) {
        tape.requireComplete();
        int m = tape.m;
        flow.validateBackward(pN, out, costates, m);
        LayerUpdate update = flow.update();
        int layers = flow.layers();
        int dm = flow.dimension() * m;
        int perLayer = flow.parametersPerLayer();
        Arrays.fill(out.theta, 0.0);
        double[] x = work.current;
        System.arraycopy(tape.finalState, 0, x, 0, dm);
        double[] p = work.costate;
        System.arraycopy(pN, 0, p, 0, dm);
        DiscreteFlow.record(costates, layers, p);
        for (int n = layers - 1; n >= 0; n--) {
            update.inverseStep(flow.field(), theta, n * perLayer, h[n], x, m, tape, 0, work);
            out.h[n] = update.adjointStep(flow.field(), theta, n * perLayer, h[n], p, m, tape, 0, work, false,
                    out.theta);
            DiscreteFlow.record(costates, n, p);
        }
        lastDrift = ReversibleAdjoint.relativeDistance(x, tape.checkpoints);
        if (!(lastDrift <= adjoint.driftTolerance())) {
            fallbacks++;
            if (fallback == null) {
                fallback = DiscreteAdjoint.reverse().checkpointSqrt().newPass(flow, m);
            }
            fallback.forward(theta, h, tape.checkpoints);
            fallback.backward(theta, h, pN, out, costates);
            return;
        }
        System.arraycopy(p, 0, out.y0, 0, dm);
    }

    @Override
    public boolean storesState(int n) {
        return n == 0 || n == flow.layers();
    }

    @Override
    public double[] state(int n) {
        return tape.state(n);
    }

    /** Doubles held between the forward and the backward pass, including a fallback tape once one was needed. */
    @Override
    public long storedDoubles() {
        return tape.storedDoubles() + (fallback == null ? 0 : fallback.storedDoubles());
    }

    @Override
    public String toString() {
        return adjoint.describe() + " of " + flow + ", M = " + tape.m;
    }
}
