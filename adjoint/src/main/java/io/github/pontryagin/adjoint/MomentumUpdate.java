package io.github.pontryagin.adjoint;

import java.util.Arrays;

import io.github.pontryagin.core.field.VectorField;

/**
 * The layout shared by the one-stage momentum layers ({@link HeavyBallUpdate}, {@link ConformalEulerUpdate}): the
 * layer state is two blocks of the field's dimension {@code d_f}, feature-major, the position block first (the
 * first {@code d_f·M} entries, which the head reads) and the second block (the previous position or the
 * velocity) after it; one field evaluation per layer at the position, with the stage value {@code (x, second)} and
 * the position part of the slope {@code K = f(x; θ_n)} stored; the update's own coefficients follow the field's
 * parameters of the layer.
 */
abstract class MomentumUpdate extends LayerUpdate {

    @Override
    public final int stages() {
        return 1;
    }

    @Override
    public final boolean usesStepSizes() {
        return true;
    }

    @Override
    public final int stateDimension(VectorField field) {
        return 2 * field.dimension();
    }

    @Override
    final void requirePartitionedForm() {
        // one stage: the SPRK form is the reverse form
    }

    /** Stores the stage value {@code (x, second)} and evaluates {@code K = f(x)} into {@code work.stageOut}. */
    static void evaluate(VectorField field, double[] theta, int thetaOffset, double[] y, int m, double[] stageY,
                         int stageOffset, Workspace work) {
        System.arraycopy(y, 0, stageY, stageOffset, y.length);
        field.apply(theta, thetaOffset, y, m, work.stageOut, work.fieldWork);
    }

    /**
     * {@code work.stageOut = ∂_x f(x)ᵀ ν} for {@code ν = work.nu} at the stored stage, adding {@code ∂_θ f(x)ᵀ ν}
     * to {@code gradTheta}.
     */
    static void pullBack(VectorField field, double[] theta, int thetaOffset, int m, Trajectory tape, int stageOffset,
                         Workspace work, double[] gradTheta) {
        int dm = work.stageIn.length;
        System.arraycopy(tape.stageY, stageOffset, work.stageIn, 0, dm);
        System.arraycopy(tape.stageK, stageOffset, work.stageValue, 0, dm / 2);
        field.vjpWithValue(theta, thetaOffset, work.stageIn, work.stageValue, work.nu, m, work.stageOut, gradTheta,
                thetaOffset, work.fieldWork);
    }

    /**
     * The stored stage value {@code (x, second)} of the layer at {@code stageOffset} and the tangent of its slope,
     * {@code δK = ∂_x f(x) δx + ∂_θ f(x) δθ} (the second term when {@code dtheta} is not null); allocates.
     *
     * @return {@code {primal, δK}}, each of the state's length
     */
    static double[][] slopeTangent(VectorField field, double[] theta, int thetaOffset, double[] v, int m,
                                   Trajectory tape, int stageOffset, double[] dtheta) {
        int dm = v.length;
        double[] primal = Arrays.copyOfRange(tape.stageY, stageOffset, stageOffset + dm);
        double[] dK = new double[dm];
        field.jvp(theta, thetaOffset, primal, v, m, dK, new double[field.workspaceSize(m)]);
        if (dtheta != null) {
            double[] parameterPart = new double[dm];
            field.parameterJvp(theta, thetaOffset, primal, dtheta, thetaOffset, m, parameterPart);
            for (int q = 0; q < dm / 2; q++) {
                dK[q] += parameterPart[q];
            }
        }
        return new double[][] {primal, dK};
    }

    /**
     * For the second-order adjoint: {@code out = ∂_x f(x)ᵀ dnu} (adding {@code ∂_θ f(x)ᵀ dnu} to
     * {@code dGradTheta}) plus the second-order term of {@code ⟨ν, f⟩} along {@code (δx, δθ)}; allocates.
     */
    static double[] pullBackTangent(VectorField field, double[] theta, int thetaOffset, double[] primal,
                                    double[] nu, double[] dnu, double[] v, double[] dtheta, int m,
                                    double[] dGradTheta) {
        int dm = primal.length;
        double[] out = new double[dm];
        double[] second = new double[dm];
        field.vjp(theta, thetaOffset, primal, dnu, m, out, dGradTheta, thetaOffset,
                new double[field.workspaceSize(m)]);
        field.secondOrderVjp(theta, thetaOffset, primal, nu, v, dtheta, thetaOffset, m, second, dGradTheta,
                thetaOffset);
        for (int q = 0; q < dm / 2; q++) {
            out[q] += second[q];
        }
        return out;
    }

    /** {@code Σ_{q < count} a[q] b[from + q]}. */
    static double dot(double[] a, double[] b, int from, int count) {
        double sum = 0;
        for (int q = 0; q < count; q++) {
            sum += a[q] * b[from + q];
        }
        return sum;
    }
}
