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
 */
package io.github.pontryagin.core.optim;
