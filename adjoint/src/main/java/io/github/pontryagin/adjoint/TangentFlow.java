package io.github.pontryagin.adjoint;

/**
 * The tangent (linearized, forward-mode) pass of a {@link DiscreteFlow}: the directional derivative
 * {@code v_n = dy_n} of every state along a perturbation {@code (δy_0, δh)} of the initial state and the step
 * sizes. For a Runge–Kutta update, differentiating the step:
 * <pre>
 *   V_i = v_n + h Σ_{j&lt;i} a_ij dK_j + δh Σ_{j&lt;i} a_ij K_j,   dK_i = ∂_y f(Y_i) V_i,
 *   v_{n+1} = v_n + h Σ_i b_i dK_i + δh Σ_i b_i K_i;
 * </pre>
 * for the plain update {@code v_{n+1} = ∂_y f(y_n) v_n}. With {@code δh = 0} this is
 * {@code v_{n+1} = (∂y_{n+1}/∂y_n) v_n}, the map whose pairing with the adjoint is conserved:
 * {@code ⟨p_n, v_n⟩ = ⟨p_{n+1}, v_{n+1}⟩} (the bilinear invariant that makes the adjoint symplectic,
 * {@code docs/theory.md} §2). Pairing {@code v_N} with {@code p_N} gives the directional derivative of the loss,
 * the forward-mode counterpart of the gradient.
 */
public final class TangentFlow {

    private TangentFlow() {
    }

    /**
     * Propagates a tangent through the layers, using (or recomputing from checkpoints) the stages of the last
     * forward pass of {@code pass}.
     *
     * @param pass  a discrete pass after {@link DiscretePass#forward}
     * @param theta the parameters given to that forward pass
     * @param h     the step sizes given to that forward pass
     * @param v0    initial tangent {@code δy_0}, feature-major {@code d × M}
     * @param dh    step-size direction {@code δh}, length N, or {@code null} for none
     * @return the tangents {@code v_0 … v_N}, each a new array of length {@code d·M}
     */
    public static double[][] propagate(DiscretePass pass, double[] theta, double[] h, double[] v0, double[] dh) {
        if (pass == null) {
            throw new IllegalArgumentException("pass must be given (DiscreteAdjoint.reverse().newPass(flow, m))");
        }
        return pass.tangents(theta, h, v0, dh);
    }

    /**
     * As {@link #propagate(DiscretePass, double[], double[], double[], double[])}, also along a perturbation
     * {@code δθ} of the parameters: each stage slope gains {@code ∂_θ f(Y_i; θ_n) δθ_n}
     * ({@link io.github.pontryagin.core.field.VectorField#parameterJvp}), so {@code v_N} is the full
     * directional derivative of {@code y_N} along {@code (δy_0, δh, δθ)}.
     *
     * @param dtheta parameter direction, length {@code N × P}, or {@code null} for none
     */
    public static double[][] propagate(DiscretePass pass, double[] theta, double[] h, double[] v0, double[] dh,
                                       double[] dtheta) {
        if (pass == null) {
            throw new IllegalArgumentException("pass must be given (DiscreteAdjoint.reverse().newPass(flow, m))");
        }
        return pass.tangents(theta, h, v0, dh, dtheta);
    }

    /**
     * The final tangent {@code v_N} of {@link #propagate(DiscretePass, double[], double[], double[], double[],
     * double[])} into {@code out} (d × M), in the pass's own scratch: after the first call it allocates nothing
     * (for the fields with closed-form products, e.g. sigma-affine, and the Runge–Kutta updates).
     */
    public static void finalTangent(DiscretePass pass, double[] theta, double[] h, double[] v0, double[] dh,
                                    double[] dtheta, double[] out) {
        if (pass == null) {
            throw new IllegalArgumentException("pass must be given (DiscreteAdjoint.reverse().newPass(flow, m))");
        }
        pass.finalTangent(theta, h, v0, dh, dtheta, out);
    }
}
