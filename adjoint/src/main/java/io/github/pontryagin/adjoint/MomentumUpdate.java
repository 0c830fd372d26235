package io.github.pontryagin.adjoint;

import java.util.Arrays;
import java.util.List;

import io.github.pontryagin.core.field.VectorField;

/**
 * The layout shared by the one-stage momentum layers ({@link HeavyBallUpdate}, {@link ConformalEulerUpdate},
 * {@link ConformalVerletUpdate}): the layer state is two blocks of the field's dimension {@code d_f},
 * feature-major, the position block first (the first {@code d_f·M} entries, which the head reads) and the second
 * block (the previous position or the velocity) after it; one field evaluation per layer at a position {@code x}
 * (the current one, or the Störmer–Verlet midpoint), with the stage value {@code (x, second)} and the position part
 * of the slope {@code K = f(x; θ_n)} stored; the update's own coefficients follow the field's parameters of the
 * layer.
 */
abstract class MomentumUpdate extends LayerUpdate {

    private final String name;
    private final List<String> coefficientNames;

    /** An update called {@code name} with the own coefficients {@code coefficientNames} per layer. */
    MomentumUpdate(String name, List<String> coefficientNames) {
        this.name = name;
        this.coefficientNames = List.copyOf(coefficientNames);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final int layerParameterCount() {
        return coefficientNames.size();
    }

    @Override
    public final List<String> layerParameterNames() {
        return coefficientNames;
    }

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
     * For the second-order adjoint, with {@code ν = h c} and {@code δν = h δc + δh c}: {@code w = ∂_x f(x)ᵀ ν}
     * (adding {@code ∂_θ f(x)ᵀ ν} to {@code gradTheta}) and its tangent
     * {@code δw = ∂_x f(x)ᵀ δν + [∂²⟨ν, f⟩](δx, δθ)} (adding {@code ∂_θ f(x)ᵀ δν} and the second-order term to
     * {@code dGradTheta}); allocates.
     *
     * @param c  the cotangent that h scales, its first {@code d_f·M} entries read
     * @param dx the direction of the stage value {@code x}, its first {@code d_f·M} entries read
     * @return {@code {w, δw}}, each of the state's length
     */
    static double[][] scaledPullBackTangent(VectorField field, double[] theta, int thetaOffset, double[] primal,
                                            double[] c, double[] dc, double h, double dh, double[] dx,
                                            double[] dtheta, int m, double[] gradTheta, double[] dGradTheta) {
        int dm = primal.length;
        double[] nu = new double[dm];
        double[] dnu = new double[dm];
        for (int q = 0; q < dm / 2; q++) {
            nu[q] = h * c[q];
            dnu[q] = h * dc[q] + dh * c[q];
        }
        double[] w = new double[dm];
        double[] dw = new double[dm];
        double[] second = new double[dm];
        double[] scratch = new double[field.workspaceSize(m)];
        field.vjp(theta, thetaOffset, primal, nu, m, w, gradTheta, thetaOffset, scratch);
        field.vjp(theta, thetaOffset, primal, dnu, m, dw, dGradTheta, thetaOffset, scratch);
        field.secondOrderVjp(theta, thetaOffset, primal, nu, dx, dtheta, thetaOffset, m, second, dGradTheta,
                thetaOffset);
        for (int q = 0; q < dm / 2; q++) {
            dw[q] += second[q];
        }
        return new double[][] {w, dw};
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
