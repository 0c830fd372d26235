package io.github.pontryagin.adjoint;

import io.github.pontryagin.core.field.VectorField;

/**
 * The layer {@code y_{n+1} = f(y_n; θ_n)} without skip connection. Its adjoint is
 * {@code p_n = ∂_y f(y_n)ᵀ p_{n+1}}, {@code ∂J/∂θ_n = ∂_θ f(y_n)ᵀ p_{n+1}}, {@code ∂J/∂h_n = 0}; its tangent is
 * {@code v_{n+1} = ∂_y f(y_n) v_n}. The SPRK and reverse forms coincide.
 */
final class PlainUpdate extends LayerUpdate {

    static final PlainUpdate INSTANCE = new PlainUpdate();

    private PlainUpdate() {
    }

    @Override
    public String name() {
        return "plain";
    }

    @Override
    public int stages() {
        return 1;
    }

    @Override
    public boolean usesStepSizes() {
        return false;
    }

    @Override
    void requirePartitionedForm() {
        // one stage and no step size: the SPRK form is the reverse form
    }

    @Override
    void step(VectorField field, double[] theta, int thetaOffset, double h, double[] y, int m, double[] stageY,
              double[] stageK, int stageOffset, Workspace work) {
        int dm = y.length;
        if (stageY != null) {
            System.arraycopy(y, 0, stageY, stageOffset, dm);
        }
        field.apply(theta, thetaOffset, y, m, work.stageOut, work.fieldWork);
        System.arraycopy(work.stageOut, 0, stageK, stageOffset, dm);
        System.arraycopy(work.stageOut, 0, y, 0, dm);
    }

    @Override
    double adjointStep(VectorField field, double[] theta, int thetaOffset, double h, double[] p, int m,
                       Trajectory tape, int stageOffset, Workspace work, boolean partitioned, double[] gradTheta) {
        int dm = p.length;
        System.arraycopy(tape.stageY, stageOffset, work.stageIn, 0, dm);
        System.arraycopy(tape.stageK, stageOffset, work.stageValue, 0, dm);
        field.vjpWithValue(theta, thetaOffset, work.stageIn, work.stageValue, p, m, work.nu, gradTheta, thetaOffset,
                work.fieldWork);
        System.arraycopy(work.nu, 0, p, 0, dm);
        return 0.0;
    }

    @Override
    void tangentStep(VectorField field, double[] theta, int thetaOffset, double h, double dh, double[] v,
                     double[] next, int m, Trajectory tape, int stageOffset, double[] dtheta,
                     SecondOrderScratch scratch) {
        double[] primal = scratch.copy(100, tape.stageY, stageOffset, stageOffset + v.length);
        field.jvp(theta, thetaOffset, primal, v, m, next, scratch.fieldWork);
        if (dtheta != null) {
            double[] parameterPart = scratch.zeros(0, v.length);
            field.parameterJvp(theta, thetaOffset, primal, dtheta, thetaOffset, m, parameterPart,
                    scratch.fieldBatches);
            for (int q = 0; q < v.length; q++) {
                next[q] += parameterPart[q];
            }
        }
    }

    @Override
    void secondOrderAdjointStep(VectorField field, double[] theta, int thetaOffset, double h, double dh,
                                double[] dtheta, double[] v, double[] p, double[] dp, int m, Trajectory tape,
                                int stageOffset, double[] gradTheta, double[] dGradTheta, double[] stepOut,
                                SecondOrderScratch scratch) {
        // p_n = ∂_y f(y_n)ᵀ p⁺;  δp_n = ∂_y f(y_n)ᵀ δp⁺ + d/dε[∂_y f(y_n + εv; θ + εδθ)ᵀ] p⁺; likewise for θ
        int dm = p.length;
        double[] primal = scratch.copy(150, tape.stageY, stageOffset, stageOffset + dm);
        double[] work = scratch.fieldWork;
        double[] next = scratch.zeros(50, dm);
        double[] dNext = scratch.zeros(51, dm);
        double[] secondOrder = scratch.zeros(52, dm);
        field.vjp(theta, thetaOffset, primal, p, m, next, gradTheta, thetaOffset, work);
        field.vjp(theta, thetaOffset, primal, dp, m, dNext, dGradTheta, thetaOffset, work);
        field.secondOrderVjp(theta, thetaOffset, primal, p, v, dtheta, thetaOffset, m, secondOrder, dGradTheta,
                thetaOffset, scratch.fieldBatches);
        for (int q = 0; q < dm; q++) {
            p[q] = next[q];
            dp[q] = dNext[q] + secondOrder[q];
        }
        stepOut[0] = 0.0;
        stepOut[1] = 0.0;
    }
}
