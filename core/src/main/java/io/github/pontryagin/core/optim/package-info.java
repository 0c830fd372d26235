/**
 * Training optimizers as discretized damped Hamiltonian flows (docs/theory.md §3): {@link
 * io.github.pontryagin.core.optim.Objective}, {@link io.github.pontryagin.core.optim.Optimizer}
 * with its {@link io.github.pontryagin.core.optim.OptimizerState}, the flow
 * {@link io.github.pontryagin.core.optim.DampedHamiltonianFlow} {@code ṗ = −∇J(u) − γp, u̇ = ∇T(p)}
 * and its schemes, the textbook optimizers as factory methods in
 * {@link io.github.pontryagin.core.optim.Optimizers}, gradient clipping and projections.
 *
 * <p>Mapping used by the factories (m = 1): heavy ball and Nesterov with learning rate τ and
 * momentum μ are h = √τ, γ = −ln(μ)/h; relativistic GD (ε, μ, δ, α) is h = √(2ε), γ = −ln(μ)/h,
 * c = 2/(h√δ). Iteration counts measured by {@code ConvergenceTest} are listed in its source.
 *
 * <p>Second-order and quasi-Newton methods are the overdamped limit γ → ∞ with a mass matrix G, the gradient flow
 * {@code u̇ = −G⁻¹∇J} in the metric G (docs/theory.md §3.13, docs/optimizers.md): Newton-CG
 * ({@code G = ∇²J}), Gauss–Newton ({@code G = J_rᵀJ_r} on a {@link
 * io.github.pontryagin.core.optim.LeastSquaresObjective}), Levenberg–Marquardt ({@code G = J_rᵀJ_r + λI}),
 * L-BFGS (a secant estimate of G) and nonlinear conjugate gradients; they are
 * {@link io.github.pontryagin.core.optim.FullBatchOptimizer}s.
 */
package io.github.pontryagin.core.optim;
