package io.github.pontryagin.adjoint;

import java.util.Arrays;

import io.github.pontryagin.core.field.VectorField;

/**
 * Scratch memory of the tangent and second-order adjoint passes of one {@link DiscretePass} ({@link TangentFlow},
 * {@link SecondOrderAdjoint}): the layer tangents {@code v_0 … v_N}, the running costate and its tangent, the field's
 * scratch, and numbered slots that a {@link LayerUpdate}'s {@code tangentStep} and {@code secondOrderAdjointStep}
 * take their stage arrays from (by convention the tangent step numbers its zero slots from 0 and its copies from
 * 100, the second-order adjoint step from 50 and 150, so that the two never share a slot). A slot is allocated on its first use with the length asked for and then reused, so
 * after the first Hessian–vector product the passes allocate nothing. Not thread-safe (one per pass).
 */
final class SecondOrderScratch {

    /** {@code v_0 … v_N}, each d × M. */
    final double[][] tangents;
    /** The costate {@code p_n} and its tangent {@code δp_n}. */
    final double[] costate;
    final double[] costateTangent;
    /** {@code ∂J/∂h_n} and its tangent, written by a layer's second-order adjoint step. */
    final double[] stepOut = new double[2];
    /** Scratch of the field's batched products ({@link VectorField#workspaceSize}). */
    final double[] fieldWork;
    /** The field's scratch batches of d × M ({@link VectorField#secondOrderScratchBatches()}). */
    final double[][] fieldBatches;
    private double[][] slots = new double[16][];
    /** What {@link #tangents} were computed from: the forward pass and copies of the inputs. */
    private long tangentForward = -1;
    private final double[] keyTheta;
    private final double[] keyH;
    private final double[] keyV0;
    private final double[] keyDh;
    private final double[] keyDtheta;
    private boolean keyHasDh;
    private boolean keyHasDtheta;

    SecondOrderScratch(DiscreteFlow flow, int m) {
        int dm = flow.dimension() * m;
        this.tangents = new double[flow.layers() + 1][dm];
        this.costate = new double[dm];
        this.costateTangent = new double[dm];
        this.fieldWork = new double[flow.field().workspaceSize(m)];
        this.fieldBatches = new double[flow.field().secondOrderScratchBatches()][flow.field().dimension() * m];
        this.keyTheta = new double[flow.parameterCount()];
        this.keyH = new double[flow.layers()];
        this.keyV0 = new double[dm];
        this.keyDh = new double[flow.layers()];
        this.keyDtheta = new double[flow.parameterCount()];
    }

    /** Records that {@link #tangents} hold the tangent pass of forward pass {@code forward} along these inputs. */
    void recordTangents(long forward, double[] theta, double[] h, double[] v0, double[] dh, double[] dtheta) {
        tangentForward = forward;
        System.arraycopy(theta, 0, keyTheta, 0, keyTheta.length);
        System.arraycopy(h, 0, keyH, 0, keyH.length);
        System.arraycopy(v0, 0, keyV0, 0, keyV0.length);
        keyHasDh = dh != null;
        if (keyHasDh) {
            System.arraycopy(dh, 0, keyDh, 0, keyDh.length);
        }
        keyHasDtheta = dtheta != null;
        if (keyHasDtheta) {
            System.arraycopy(dtheta, 0, keyDtheta, 0, keyDtheta.length);
        }
    }

    /** Whether {@link #tangents} are those of forward pass {@code forward} along exactly these inputs (bitwise). */
    boolean holdsTangents(long forward, double[] theta, double[] h, double[] v0, double[] dh, double[] dtheta) {
        return forward == tangentForward && (dh != null) == keyHasDh && (dtheta != null) == keyHasDtheta
                && java.util.Arrays.equals(theta, keyTheta) && java.util.Arrays.equals(h, keyH)
                && java.util.Arrays.equals(v0, keyV0) && (dh == null || java.util.Arrays.equals(dh, keyDh))
                && (dtheta == null || java.util.Arrays.equals(dtheta, keyDtheta));
    }

    /**
     * Slot {@code index} as an array of exactly {@code length} zeros (what {@code new double[length]} gives),
     * allocated only on its first use or when a different length is asked for.
     */
    double[] zeros(int index, int length) {
        if (index >= slots.length) {
            slots = Arrays.copyOf(slots, Math.max(index + 1, 2 * slots.length));
        }
        double[] slot = slots[index];
        if (slot == null || slot.length != length) {
            slot = new double[length];
            slots[index] = slot;
        } else {
            Arrays.fill(slot, 0.0);
        }
        return slot;
    }

    /** Slot {@code index} as a copy of {@code from[start .. end)} (what {@code Arrays.copyOfRange} gives). */
    double[] copy(int index, double[] from, int start, int end) {
        double[] slot = zeros(index, end - start);
        System.arraycopy(from, start, slot, 0, end - start);
        return slot;
    }
}
