package io.github.pontryagin.adjoint;

/**
 * Scratch memory of the forward, backward and tangent passes of one {@link DiscreteFlow} at one batch size, sized
 * once so that the hot path allocates nothing. Nothing in it outlives a call; what the backward pass needs from
 * the forward pass is in the {@link Trajectory}.
 */
final class Workspace {

    /** The running state {@code y_n}. */
    final double[] current;
    /** Input of the vector field. */
    final double[] stageIn;
    /** Output of the vector field. */
    final double[] stageOut;
    /** The stored {@code K_i = f(Y_i)} of the stage being differentiated (see {@code VectorField.vjpWithValue}). */
    final double[] stageValue;
    final double[] fieldWork;
    /**
     * The field's prepared parameters of the layer being stepped ({@code VectorField.prepare}), for updates that
     * evaluate a layer at several stages; empty when the field has none, the update has one stage, or the batch is
     * too narrow for the preparation to pay.
     */
    final double[] prepared;
    final double[] nu;
    /** One cotangent per stage: {@code w_i} (reverse form) or {@code ℓ_i} (SPRK form). */
    final double[] cotangents;
    /** The running costate {@code p_n}. */
    final double[] costate;
    final double[] parameterScratch;
    /** The step-size-scaled coefficients of one stage sum (see {@code DenseKernels.combineStages}). */
    final double[] coefficients;
    /** What the layer update itself needs (see {@code LayerUpdate.newScratch}), or null. */
    final Object updateScratch;

    /** The narrowest batch for which a workspace holds prepared parameters. */
    static final int PREPARED_MIN_BATCH = 16;

    Workspace(DiscreteFlow flow, int m) {
        this(flow, m, false);
    }

    /** With {@code forwardOnly} the buffers that only the backward pass reads are empty. */
    Workspace(DiscreteFlow flow, int m, boolean forwardOnly) {
        int dm = flow.dimension() * m;
        int s = flow.update().stages();
        int backward = forwardOnly ? 0 : dm;
        this.current = new double[dm];
        this.stageIn = new double[dm];
        this.stageOut = new double[dm];
        this.stageValue = new double[backward];
        this.fieldWork = new double[flow.field().workspaceSize(m)];
        this.prepared = new double[s > 1 && m >= PREPARED_MIN_BATCH ? flow.field().preparedSize() : 0];
        this.nu = new double[backward];
        this.cotangents = new double[s * backward];
        this.costate = new double[backward];
        this.parameterScratch = new double[forwardOnly ? 0 : flow.parametersPerLayer()];
        this.coefficients = new double[s];
        this.updateScratch = flow.update().newScratch(flow.field(), m);
    }

    /** Doubles held by this workspace. */
    long doubles() {
        return (long) current.length + stageIn.length + stageOut.length + stageValue.length + fieldWork.length
                + prepared.length + nu.length + cotangents.length + costate.length + parameterScratch.length
                + coefficients.length;
    }
}
