package io.github.pontryagin.adjoint;

import io.github.pontryagin.core.field.VectorField;
import io.github.pontryagin.core.tableau.Tableau;

/**
 * The tangent (linearized, forward-mode) pass of a {@link RungeKuttaFlow}: the directional
 * derivative {@code v_n = dy_n} of every state along a perturbation {@code (δy_0, δh)} of the initial
 * state and the step sizes. Per layer, differentiating the Runge–Kutta step:
 * <pre>
 *   V_i = v_n + h Σ_{j&lt;i} a_ij dK_j + δh Σ_{j&lt;i} a_ij K_j,   dK_i = ∂_y f(Y_i) V_i,
 *   v_{n+1} = v_n + h Σ_i b_i dK_i + δh Σ_i b_i K_i.
 * </pre>
 * With {@code δh = 0} this is {@code v_{n+1} = (∂y_{n+1}/∂y_n) v_n}, the map whose pairing with the
 * adjoint is conserved: {@code ⟨p_n, v_n⟩ = ⟨p_{n+1}, v_{n+1}⟩} (the bilinear invariant that makes
 * the adjoint symplectic, SPEC §2 check 2). Pairing {@code v_N} with {@code p_N} gives the directional
 * derivative of the loss, the forward-mode counterpart of the gradient.
 */
public final class TangentFlow {

    private TangentFlow() {
    }

    /**
     * Propagates a tangent through the layers, using (or recomputing from checkpoints) the stages of
     * a completed forward pass.
     *
     * @param trajectory a trajectory filled by {@link RungeKuttaFlow#forward}
     * @param v0         initial tangent {@code δy_0}, feature-major {@code d × M}
     * @param dh         step-size direction {@code δh}, length N, or {@code null} for none
     * @return the tangents {@code v_0 … v_N}, each a new array of length {@code d·M}
     */
    public static double[][] propagate(Trajectory trajectory, double[] v0, double[] dh) {
        if (trajectory == null || !trajectory.complete) {
            throw new IllegalStateException("run RungeKuttaFlow.forward on this trajectory before the tangent pass");
        }
        RungeKuttaFlow flow = trajectory.flow;
        VectorField field = flow.field();
        Tableau tableau = flow.tableau();
        int m = trajectory.m;
        int dm = flow.dimension() * m;
        int layers = flow.layers();
        int s = flow.stages();
        int k = trajectory.interval;
        RungeKuttaFlow.requireLength("tangent v0", v0, dm, "d × M");
        if (dh != null) {
            RungeKuttaFlow.requireLength("step-size direction dh", dh, layers, "N");
        }
        double[] theta = trajectory.forwardTheta;
        double[] h = trajectory.forwardH;
        double[][] tangents = new double[layers + 1][];
        tangents[0] = v0.clone();
        double[] stageTangent = new double[dm];
        double[] stagePrimal = new double[dm];
        double[] dK = new double[s * dm];
        double[] out = new double[dm];
        double[] work = new double[field.workspaceSize(m)];
        for (int n = 0; n < layers; n++) {
            int segment = n / k;
            flow.loadSegment(theta, h, trajectory, segment);
            int stageOffset = (n - segment * k) * s * dm;
            int thetaOffset = n * flow.parametersPerLayer();
            double[] v = tangents[n];
            double[] next = new double[dm];
            if (!flow.hasSkipConnection()) {
                System.arraycopy(trajectory.stageY, stageOffset, stagePrimal, 0, dm);
                field.jvp(theta, thetaOffset, stagePrimal, v, m, next, work);
                tangents[n + 1] = next;
                continue;
            }
            double hn = h[n];
            double dhn = dh == null ? 0 : dh[n];
            for (int i = 0; i < s; i++) {
                System.arraycopy(v, 0, stageTangent, 0, dm);
                for (int j = 0; j < i; j++) {
                    double aij = tableau.a(i, j);
                    if (aij != 0) {
                        for (int q = 0; q < dm; q++) {
                            stageTangent[q] += hn * aij * dK[j * dm + q]
                                    + dhn * aij * trajectory.stageK[stageOffset + j * dm + q];
                        }
                    }
                }
                System.arraycopy(trajectory.stageY, stageOffset + i * dm, stagePrimal, 0, dm);
                field.jvp(theta, thetaOffset, stagePrimal, stageTangent, m, out, work);
                System.arraycopy(out, 0, dK, i * dm, dm);
            }
            System.arraycopy(v, 0, next, 0, dm);
            for (int i = 0; i < s; i++) {
                double bi = tableau.b(i);
                if (bi != 0) {
                    for (int q = 0; q < dm; q++) {
                        next[q] += hn * bi * dK[i * dm + q] + dhn * bi * trajectory.stageK[stageOffset + i * dm + q];
                    }
                }
            }
            tangents[n + 1] = next;
        }
        return tangents;
    }
}
