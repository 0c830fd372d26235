package io.github.pontryagin.adjoint;

/**
 * Exact Hessian–vector products of a loss {@code J(y_N)} of a {@link DiscreteFlow}, by the second-order adjoint:
 * the tangent-linear model of the discrete adjoint (forward over reverse; e.g. Wang, Navon, Le Dimet and Zou
 * 1992 for the continuous analogue). Along a direction {@code (δy_0, δh, δθ)} the tangent pass gives the stage
 * tangents {@code V_i, δK_i} ({@link TangentFlow}); differentiating the reverse-form adjoint step
 * ({@code docs/theory.md} §2.1) along them gives
 * <pre>
 *   δν_i = δh (b_i p⁺ + Σ_{j&gt;i} a_ji w_j) + h b_i δp⁺ + h Σ_{j&gt;i} a_ji δw_j,
 *   δw_i = ∂_y f(Y_i)ᵀ δν_i + [∂²⟨ν_i, f⟩/∂y∂(y, θ)] (V_i, δθ),   δp_n = δp⁺ + Σ_i δw_i,
 * </pre>
 * and likewise for {@code ∂J/∂θ_n} and {@code ∂J/∂h_n}. Started from {@code δp_N = ∇²_{y_N}J v_N} (plus the
 * head's mixed terms, supplied by the caller), the tangents of the gradient blocks are the blocks of
 * {@code ∇²J (δy_0, δh, δθ)}. The second-order terms come from {@link
 * io.github.pontryagin.core.field.VectorField#secondOrderVjp}. Works for every explicit tableau, the plain layer,
 * the leapfrog, HB-Net, conformal-Euler and AGD-Net updates ({@code docs/theory.md} §2.11) and any checkpointing;
 * not a hot path (it allocates).
 */
public final class SecondOrderAdjoint {

    private SecondOrderAdjoint() {
    }

    /**
     * @param pass     a discrete pass after {@link DiscretePass#forward} with {@code theta}, {@code h}
     * @param v0       {@code δy_0}, feature-major d × M
     * @param dh       {@code δh}, length N, or null
     * @param dtheta   {@code δθ}, length N × P, or null
     * @param pN       {@code ∂J/∂y_N}
     * @param dpN      its derivative along the direction (from the caller's loss and {@code v_N})
     * @param gradient receives the gradient blocks (as {@link GradientPass#backward})
     * @param tangent  receives their derivatives along the direction: the Hessian–vector product blocks
     */
    public static void propagate(DiscretePass pass, double[] theta, double[] h, double[] v0, double[] dh,
                                 double[] dtheta, double[] pN, double[] dpN, FlowGradient gradient,
                                 FlowGradient tangent) {
        if (pass == null) {
            throw new IllegalArgumentException("pass must be given (DiscreteAdjoint.reverse().newPass(flow, m))");
        }
        pass.secondOrder(theta, h, v0, dh, dtheta, pN, dpN, gradient, tangent);
    }
}
