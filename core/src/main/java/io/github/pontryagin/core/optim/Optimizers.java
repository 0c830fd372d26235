package io.github.pontryagin.core.optim;

import java.util.List;

import io.github.pontryagin.core.Registry;

/**
 * The textbook optimizers as factory methods on top of {@link DampedHamiltonianFlow} schemes
 * (docs/theory.md §3), with the mapping between the flow's (h, γ, m) and the textbook (learning rate,
 * momentum). Every factory validates its hyper-parameters and throws
 * {@link IllegalArgumentException} naming the parameter, the value and the accepted range.
 *
 * <p>{@link #registry()} names them for the command line: adding an optimizer is its class plus one
 * {@code .add} line there.
 */
public final class Optimizers {

    /** Armijo reductions allowed per step before the step is given up (ρ⁶⁰ ≤ 1e-18 for ρ = 0.5). */
    public static final int DEFAULT_MAX_BACKTRACKS = 60;

    private static final Registry<OptimizerFactory> REGISTRY = Registry.<OptimizerFactory>builder("optimizer")
            .add(new OptimizerFactory("adam", "Adam, beta1 0.9, beta2 0.999 (Kingma and Ba 2015)", 0.02,
                    p -> adam(p.learningRate())))
            .add(new OptimizerFactory("adamw", "Adam with decoupled weight decay (Loshchilov and Hutter 2019)", 0.02,
                    p -> adamW(p.learningRate(), 0.9, 0.999, 1e-8, p.weightDecay())))
            .add(new OptimizerFactory("gd", "gradient descent with a fixed step", 0.1,
                    p -> gradientDescent(p.learningRate())))
            .add(new OptimizerFactory("armijo", "gradient descent with Armijo backtracking, rho 0.5, c 0.4", 1.0,
                    p -> armijo(p.learningRate(), 0.5, 0.4)))
            .add(new OptimizerFactory("armijo-warm", "Armijo backtracking, rho 0.5, c 0.4, warm start: each step "
                    + "first tries min(2 tau_prev, tau_0)", 1.0, p -> armijoWarmStart(p.learningRate(), 0.5, 0.4,
                    p.learningRate())))
            .add(new OptimizerFactory("lipschitz", "the paper's tau = 1/L rule; the learning rate is L0", 0.1,
                    p -> lipschitzBacktracking(p.learningRate())))
            .add(new OptimizerFactory("heavy-ball", "Polyak's heavy ball (conformal symplectic Euler)", 0.1,
                    p -> heavyBall(p.learningRate(), p.momentum())))
            .add(new OptimizerFactory("nesterov", "Nesterov's accelerated gradient", 0.1,
                    p -> nesterov(p.learningRate(), p.momentum())))
            .add(new OptimizerFactory("relativistic", "relativistic gradient descent, delta 1, alpha 1 "
                    + "(Franca et al. 2020)", 0.1, p -> relativistic(p.learningRate(), Math.max(p.momentum(), 1e-3),
                    1.0, 1.0)))
            .add(new OptimizerFactory("rmsprop", "RMSprop, rho 0.9", 0.01, p -> rmsProp(p.learningRate(), 0.9, 1e-8)))
            .add(new OptimizerFactory("adagrad", "Adagrad", 0.5, p -> adagrad(p.learningRate(), 1e-8)))
            .add(new OptimizerFactory("adadelta", "Adadelta, rho 0.95 (Zeiler 2012)", 1.0,
                    p -> adadelta(p.learningRate(), 0.95, 1e-6)))
            .add(new OptimizerFactory("ssa1", "symplectic scheme SSA1, k 1; the step is min(learning rate, 1)", 1.0,
                    p -> ssa1(Math.min(p.learningRate(), 1.0), 1.0)))
            .add(new OptimizerFactory("ssa2", "symplectic scheme SSA2, k q tau 1; the step is min(learning rate, 1)",
                    1.0, p -> ssa2(Math.min(p.learningRate(), 1.0), 1.0, 1.0, 1.0)))
            .add(new OptimizerFactory("nesterov-sbc", "Nesterov with beta_k = k/(k+3), the damping 3/t of Su, Boyd "
                    + "and Candes 2016", 0.1, p -> new TimeVaryingMomentum(p.learningRate(), TimeVaryingMomentum.Rule.SU_BOYD_CANDES)))
            .add(new OptimizerFactory("fista", "FISTA's momentum lambda_k (Beck and Teboulle 2009)", 0.1,
                    p -> new TimeVaryingMomentum(p.learningRate(), TimeVaryingMomentum.Rule.FISTA)))
            .add(new OptimizerFactory("heavy-ball-decaying", "heavy ball with alpha0/(k+2) and k/(k+2)", 0.5,
                    p -> new TimeVaryingMomentum(p.learningRate(), TimeVaryingMomentum.Rule.HEAVY_BALL)))
            .add(new OptimizerFactory("itoh-abe", "randomised coordinate Itoh-Abe discrete gradient, derivative-free; "
                    + "the learning rate is tau", 1.0, p -> itohAbe(p.learningRate(), 1)))
            .add(new OptimizerFactory("mec", "MEC learning flow on orthogonal blocks (Celledoni and Fiori 2004), step "
                    + "h = learning rate, damping (1 - momentum)/h", 0.1,
                    p -> new MecLearning(p.learningRate(), (1.0 - p.momentum()) / p.learningRate(), List.of())))
            // second-order and quasi-Newton methods (docs/optimizers.md); full batch only
            .add(new OptimizerFactory("lbfgs", "L-BFGS, memory 10, strong-Wolfe line search (Nocedal 1980); the "
                    + "learning rate scales the first step", 1.0, p -> lbfgs(10, p.learningRate())))
            .add(new OptimizerFactory("cg", "nonlinear conjugate gradients, Polak-Ribiere+, strong-Wolfe line search; "
                    + "the learning rate scales the first step", 1.0,
                    p -> conjugateGradient(NonlinearConjugateGradient.Formula.POLAK_RIBIERE_PLUS, p.learningRate())))
            .add(new OptimizerFactory("cg-fr", "nonlinear conjugate gradients, Fletcher-Reeves", 1.0,
                    p -> conjugateGradient(NonlinearConjugateGradient.Formula.FLETCHER_REEVES, p.learningRate())))
            .add(new OptimizerFactory("cg-hs", "nonlinear conjugate gradients, Hestenes-Stiefel", 1.0,
                    p -> conjugateGradient(NonlinearConjugateGradient.Formula.HESTENES_STIEFEL, p.learningRate())))
            .add(new OptimizerFactory("gauss-newton", "Gauss-Newton with backtracking, least-squares heads only; "
                    + "the learning rate is unused", 1.0, p -> gaussNewton()))
            .add(new OptimizerFactory("levenberg-marquardt", "Levenberg-Marquardt, Nielsen's damping update, "
                    + "least-squares heads only; the learning rate is tau (first lambda = tau max diag JtJ)", 1.0,
                    p -> levenbergMarquardt(p.learningRate())))
            .add(new OptimizerFactory("newton-cg", "truncated Newton-CG with a strong-Wolfe line search; exact "
                    + "Hessian-vector products (second-order adjoint) with the logistic-ls head, gradient differences "
                    + "otherwise; the learning rate is unused", 1.0,
                    p -> newtonCg()))
            .add(new OptimizerFactory("newton-cg-tr", "trust-region Newton-CG (Steihaug-Toint), first radius 0.1; "
                    + "exact Hessian-vector products with the logistic-ls head, gradient differences otherwise; the "
                    + "learning rate is unused", 1.0, p -> newtonTrustRegion()))
            .build();

    private Optimizers() {
    }

    /** The optimizers by name, each a factory from the common hyper-parameters, in the order of help texts. */
    public static Registry<OptimizerFactory> registry() {
        return REGISTRY;
    }

    /** @param learningRate τ &gt; 0 @return {@code u ← u − τ∇J(u)} */
    public static Optimizer gradientDescent(double learningRate) {
        return new GradientDescent(learningRate);
    }

    /**
     * @param initialStep τ₀ &gt; 0
     * @param rho         shrink factor ρ ∈ (0, 1)
     * @param c           sufficient-decrease constant c ∈ (0, 1)
     * @return gradient descent with Armijo backtracking ({@link ArmijoBacktracking})
     */
    public static Optimizer armijo(double initialStep, double rho, double c) {
        return new ArmijoBacktracking(initialStep, rho, c, DEFAULT_MAX_BACKTRACKS);
    }

    /**
     * @param initialStep τ₀ &gt; 0, the first trial of the first step
     * @param rho         shrink factor ρ ∈ (0, 1)
     * @param c           sufficient-decrease constant c ∈ (0, 1)
     * @param maxStep     τ_max ≥ τ₀
     * @return gradient descent with Armijo backtracking whose step k first tries
     *         {@code min(τ_{k−1}/ρ, τ_max)} ({@link ArmijoBacktracking}, warm start)
     */
    public static Optimizer armijoWarmStart(double initialStep, double rho, double c, double maxStep) {
        return new ArmijoBacktracking(initialStep, rho, c, DEFAULT_MAX_BACKTRACKS, true, maxStep);
    }

    /**
     * @param initialLipschitz L₀ &gt; 0 (paper: 0.1)
     * @return the paper's rule τ = 1/L, L ×1.5 on reject, ×0.99 on accept ({@link LipschitzBacktracking})
     */
    public static Optimizer lipschitzBacktracking(double initialLipschitz) {
        return new LipschitzBacktracking(initialLipschitz, 1.5, 0.99, 200);
    }

    /**
     * Polyak's heavy ball {@code v ← μv − τ∇J(u); u ← u + v} (docs/theory.md §3) as
     * {@link ConformalSymplecticEuler} with m = 1, {@code h = √τ}, {@code γ = −ln(μ)/h}
     * (so {@code τ = h²/m}, {@code μ = e^{−γh}}; the state's momentum is {@code p = (m/h) v}).
     * μ = 0 is gradient descent (infinite damping) and returns {@link GradientDescent}.
     *
     * @param learningRate τ &gt; 0
     * @param momentum     μ ∈ [0, 1)
     * @return the heavy-ball optimizer
     */
    public static Optimizer heavyBall(double learningRate, double momentum) {
        Checks.positive("learningRate", learningRate);
        Checks.unitHalfOpen("momentum", momentum);
        if (momentum == 0.0) {
            return new GradientDescent(learningRate);
        }
        double h = Math.sqrt(learningRate);
        return new ConformalSymplecticEuler(DampedHamiltonianFlow.newtonian(1.0, -Math.log(momentum) / h), h);
    }

    /**
     * Nesterov {@code y = u + μv; v ← μv − τ∇J(y); u ← u + v} (docs/theory.md §3) as
     * {@link ConformalNesterov} with the same mapping as {@link #heavyBall}: m = 1, {@code h = √τ},
     * {@code γ = −ln(μ)/h}. μ = 0 returns {@link GradientDescent}.
     *
     * @param learningRate τ &gt; 0
     * @param momentum     μ ∈ [0, 1)
     * @return Nesterov's accelerated gradient
     */
    public static Optimizer nesterov(double learningRate, double momentum) {
        Checks.positive("learningRate", learningRate);
        Checks.unitHalfOpen("momentum", momentum);
        if (momentum == 0.0) {
            return new GradientDescent(learningRate);
        }
        double h = Math.sqrt(learningRate);
        return new ConformalNesterov(DampedHamiltonianFlow.newtonian(1.0, -Math.log(momentum) / h), h);
    }

    /**
     * Relativistic gradient descent, docs/theory.md §3 (França et al. 2020):
     * <pre>
     *   x½ = x + √μ v/√(1 + δμ‖v‖²);  v½ = √μ v − ε∇J(x½);
     *   x ← αx½ + (1−α)x + v½/√(1 + δ‖v½‖²);  v ← √μ v½
     * </pre>
     * as {@link DissipativeLeapfrog} with m = 1, {@code h = √(2ε)}, {@code γ = −ln(μ)/h} and the
     * relativistic {@code T = c√(‖p‖² + c²)}, {@code c = 2/(h√δ)} (Newtonian T when δ = 0); the
     * state's momentum is {@code p = (2/h) v}. With δ = 0: α = 1 is conformal Störmer–Verlet and
     * α = 0 is Nesterov with learning rate ε and momentum μ (with this formula it is
     * α = 0, not α = 1, that gives Nesterov; see {@link ConformalNesterov}).
     *
     * @param epsilon step ε &gt; 0
     * @param mu      μ ∈ (0, 1)
     * @param delta   δ ≥ 0
     * @param alpha   α ∈ [0, 1]
     * @return relativistic gradient descent
     */
    public static Optimizer relativistic(double epsilon, double mu, double delta, double alpha) {
        Checks.positive("epsilon", epsilon);
        Checks.unitOpen("mu", mu);
        Checks.nonNegative("delta", delta);
        Checks.unitClosed("alpha", alpha);
        double h = Math.sqrt(2.0 * epsilon);
        double damping = -Math.log(mu) / h;
        KineticEnergy kinetic = delta == 0.0
                ? KineticEnergy.newtonian(1.0)
                : KineticEnergy.relativistic(1.0, 2.0 / (h * Math.sqrt(delta)));
        return new DissipativeLeapfrog(new DampedHamiltonianFlow(kinetic, damping), h, alpha);
    }

    /**
     * @param flow the damped Hamiltonian flow
     * @param h    step h &gt; 0
     * @return conformal symplectic Euler, order 1
     */
    public static Optimizer conformalSymplecticEuler(DampedHamiltonianFlow flow, double h) {
        return new ConformalSymplecticEuler(flow, h);
    }

    /**
     * @param flow the damped Hamiltonian flow
     * @param h    step h &gt; 0
     * @return conformal Störmer–Verlet (Strang splitting with exact damping e^{−γh/2}), order 2
     */
    public static Optimizer conformalStormerVerlet(DampedHamiltonianFlow flow, double h) {
        return new DissipativeLeapfrog(flow, h, 1.0);
    }

    /**
     * @param flow  the damped Hamiltonian flow (relativistic T for França's leapfrog)
     * @param h     step h &gt; 0
     * @param alpha α ∈ [0, 1]
     * @return the dissipative leapfrog {@link DissipativeLeapfrog}
     */
    public static Optimizer dissipativeLeapfrog(DampedHamiltonianFlow flow, double h, double alpha) {
        return new DissipativeLeapfrog(flow, h, alpha);
    }

    /**
     * @param learningRate α &gt; 0
     * @param beta1        β₁ ∈ [0, 1)
     * @param beta2        β₂ ∈ [0, 1)
     * @param epsilon      ε &gt; 0
     * @return Adam with bias correction, as {@link PreconditionedConformalEuler}: {@code e^{−γh} = β₁},
     *         {@code h = 1 − β₁}, momentum {@code p = −m}, mass {@code (h/α)(1 − β₁ᵗ)(√v̂ + ε)}
     */
    public static Optimizer adam(double learningRate, double beta1, double beta2, double epsilon) {
        return adamW(learningRate, beta1, beta2, epsilon, 0.0);
    }

    /** @param learningRate α &gt; 0 @return Adam with β₁ = 0.9, β₂ = 0.999, ε = 1e-8 (the defaults of Kingma and Ba 2015) */
    public static Optimizer adam(double learningRate) {
        return adam(learningRate, 0.9, 0.999, 1e-8);
    }

    /**
     * @param learningRate α &gt; 0
     * @param beta1        β₁ ∈ [0, 1)
     * @param beta2        β₂ ∈ [0, 1)
     * @param epsilon      ε &gt; 0
     * @param weightDecay  decoupled weight decay λ ≥ 0
     * @return AdamW: {@link #adam(double, double, double, double)} with the decoupled decay
     *         {@code u ← u − αλu} in the drift (Loshchilov and Hutter 2019, with the decay multiplied by the
     *         learning rate as in PyTorch)
     */
    public static Optimizer adamW(double learningRate, double beta1, double beta2, double epsilon, double weightDecay) {
        Checks.positive("learningRate", learningRate);
        Checks.unitHalfOpen("beta1", beta1);
        Checks.nonNegative("weightDecay", weightDecay);
        double h = 1.0 - beta1;
        return new PreconditionedConformalEuler(h, beta1,
                new DiagonalMass.SecondMoment(beta2, epsilon, beta1, true, h / learningRate),
                learningRate * weightDecay, weightDecay == 0.0 ? "Adam" : "AdamW");
    }

    /**
     * @param learningRate α &gt; 0
     * @param rho          ρ ∈ [0, 1)
     * @param epsilon      ε &gt; 0
     * @return RMSprop {@code S ← ρS + (1−ρ)g²;  u ← u − α g/(√S + ε)} (Tieleman and Hinton 2012), as the
     *         overdamped {@link PreconditionedConformalEuler} with mass {@code (√S + ε)/α}
     */
    public static Optimizer rmsProp(double learningRate, double rho, double epsilon) {
        Checks.positive("learningRate", learningRate);
        Checks.unitHalfOpen("rho", rho);
        return new PreconditionedConformalEuler(1.0, 0.0,
                new DiagonalMass.SecondMoment(rho, epsilon, 0.0, false, 1.0 / learningRate), 0.0, "RMSprop");
    }

    /**
     * @param learningRate α &gt; 0
     * @param epsilon      ε &gt; 0
     * @return Adagrad {@code S ← S + g²;  u ← u − α g/(√S + ε)} (Duchi, Hazan and Singer 2011), as the overdamped
     *         {@link PreconditionedConformalEuler} with the non-decreasing mass {@code (√S + ε)/α}
     */
    public static Optimizer adagrad(double learningRate, double epsilon) {
        Checks.positive("learningRate", learningRate);
        return new PreconditionedConformalEuler(1.0, 0.0, new DiagonalMass.Accumulated(epsilon, 1.0 / learningRate),
                0.0, "Adagrad");
    }

    /**
     * @param learningRate α &gt; 0 (1 for Zeiler's original)
     * @param rho          ρ ∈ [0, 1)
     * @param epsilon      ε &gt; 0
     * @return Adadelta (Zeiler 2012, Algorithm 1, with the learning rate placed as in PyTorch):
     *         {@code G ← ρG + (1−ρ)g²;  Δ = √(D + ε)/√(G + ε) g;  D ← ρD + (1−ρ)Δ²;  u ← u − αΔ}, as the
     *         overdamped {@link PreconditionedConformalEuler} with mass {@code √(G + ε)/(α√(D + ε))}
     */
    public static Optimizer adadelta(double learningRate, double rho, double epsilon) {
        Checks.positive("learningRate", learningRate);
        return new PreconditionedConformalEuler(1.0, 0.0, new DiagonalMass.Adadelta(rho, epsilon, 1.0 / learningRate),
                0.0, "Adadelta");
    }

    /**
     * @param h step h &gt; 0
     * @param k velocity exponent k ≥ 0
     * @return SSA1 of docs/theory.md §3 ({@link Ssa1})
     */
    public static Optimizer ssa1(double h, double k) {
        return new Ssa1(h, k);
    }

    /**
     * @param h   step h ∈ (0, 1]
     * @param k   velocity exponent k ≥ 0
     * @param q   damping exponent q ≥ 0
     * @param tau τ &gt; 0
     * @return SSA2 of docs/theory.md §3 ({@link Ssa2})
     */
    public static Optimizer ssa2(double h, double k, double q, double tau) {
        return new Ssa2(h, k, q, tau);
    }

    /**
     * @param tau  time step τ &gt; 0
     * @param seed seed of the coordinate order
     * @return the randomised coordinate Itoh–Abe method ({@link ItohAbe})
     */
    public static Optimizer itohAbe(double tau, long seed) {
        return new ItohAbe(tau, true, seed, List.of());
    }

    /** Parameter counts up to which the Gauss–Newton methods form and factor the Jacobian (matrix-free above). */
    public static final int DEFAULT_DENSE_LIMIT = 2000;

    /**
     * @param memory      m ≥ 1 stored pairs
     * @param initialStep scale of the first trial step, &gt; 0
     * @return L-BFGS with c₁ = 1e-4, c₂ = 0.9, 40 evaluations per line search and the relative first-trial step
     *         bound {@link LimitedMemoryBfgs#DEFAULT_STEP_BOUND} ({@link LimitedMemoryBfgs})
     */
    public static Optimizer lbfgs(int memory, double initialStep) {
        return new LimitedMemoryBfgs(memory, initialStep, 1e-4, 0.9, 40);
    }

    /**
     * @param formula     the choice of β
     * @param initialStep scale of the first trial step after a restart, &gt; 0
     * @return nonlinear CG with c₁ = 1e-4, c₂ = 0.1 and 40 evaluations per line search
     *         ({@link NonlinearConjugateGradient})
     */
    public static Optimizer conjugateGradient(NonlinearConjugateGradient.Formula formula, double initialStep) {
        return new NonlinearConjugateGradient(formula, initialStep, 1e-4, 0.1, 40);
    }

    /** @return Gauss–Newton with c = 1e-4 and up to 50 halvings, dense up to {@link #DEFAULT_DENSE_LIMIT} parameters */
    public static Optimizer gaussNewton() {
        return new GaussNewton(DEFAULT_DENSE_LIMIT, 1e-4, 50);
    }

    /**
     * @param initialDamping τ &gt; 0, the first λ relative to the largest diagonal entry of {@code J_rᵀJ_r}
     * @return Levenberg–Marquardt with up to 60 rejections per step, dense up to {@link #DEFAULT_DENSE_LIMIT}
     */
    public static Optimizer levenbergMarquardt(double initialDamping) {
        return new LevenbergMarquardt(initialDamping, DEFAULT_DENSE_LIMIT, 60);
    }

    /**
     * @return trust-region Newton-CG ({@link NewtonTrustRegion}): up to 200 inner iterations, Δ₀ = 0.1, Δ ≤ 1e10,
     *         acceptance ρ &gt; 1e-4, η_max = ½, 30 rejections per step
     */
    public static Optimizer newtonTrustRegion() {
        return new NewtonTrustRegion(200, 0.1, 1e10, 1e-4, 0.5, 30);
    }

    /** @return truncated Newton-CG with up to 200 inner iterations, c₁ = 1e-4, c₂ = 0.9, 40 evaluations per search */
    public static Optimizer newtonCg() {
        return new NewtonConjugateGradient(200, 1e-4, 0.9, 40);
    }
}
