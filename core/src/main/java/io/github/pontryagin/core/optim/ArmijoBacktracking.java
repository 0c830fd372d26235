package io.github.pontryagin.core.optim;

/**
 * Gradient descent with Armijo backtracking: starting from a first trial step τ, shrink {@code τ ← ρτ} until
 * {@code J(u − τg) ≤ J(u) − c τ ‖g‖²}, {@code g = ∇J(u)}, then {@code u ← u − τg} (Armijo 1966; Celledoni 2020,
 * "τ chosen via backtracking"; docs/theory.md §3, suite B uses ρ = 0.5, c = 0.4). Two rules for the first trial:
 * <ul>
 *   <li><b>restart</b> ({@code warmStart = false}): every step starts from {@code τ₀}, the rule of the lectures;</li>
 *   <li><b>warm start</b> ({@code warmStart = true}): step k starts from
 *       {@code τ = min(τ_{k−1}/ρ, τ_max)}, with {@code τ_{k−1}} the step accepted by the previous step (τ₀ at the
 *       first step and after a step that accepted nothing) and {@code τ_max = maxStep}. One enlargement per step
 *       lets τ grow back when the landscape allows a longer step; a step whose previous τ is still acceptable
 *       costs two trials instead of the {@code log_{1/ρ}(τ₀/τ)} reductions of the restart rule
 *       (Nocedal and Wright 2006, §3.5, "initial step length").</li>
 * </ul>
 * Trial points are evaluated with {@link Objective#value} (no gradient); the gradient of the next step is taken
 * at its start point. One step therefore costs exactly one {@link Objective#valueAndGradient}, at the start point
 * u, and {@code 1 + b} calls of {@link Objective#value}, one per trial point, where {@code b} =
 * {@link OptimizerState#lastBacktracks()} is the number of reductions ({@code maxBacktracks + 1} value-only calls
 * when nothing is accepted). Every gradient is used: the one at u is the search direction of this step, and the
 * accepted trial point becomes the start point of the next step, whose gradient is taken there and nowhere else.
 * What is repeated is one loss value per step: the accepted point's value is computed value-only as a trial and
 * again, with its gradient, at the start of the next step (avoiding that would mean recording a trajectory for
 * every trial, for the one that is accepted). With the restart rule the iterates are those of evaluating every
 * trial with {@link Objective#valueAndGradient}, bit for bit, as long as the objective's value-only path returns
 * the same bits as its gradient path (true of the nets' losses). If no τ is accepted within {@code maxBacktracks}
 * reductions (only possible at a point where the gradient is not a usable descent direction in floating point),
 * {@code u} is left unchanged and {@link OptimizerState#lastStepSize()} is 0. The step returns {@code J(u)} at
 * the start point.
 *
 * @param initialStep        τ₀ &gt; 0
 * @param shrink             ρ ∈ (0, 1)
 * @param sufficientDecrease c ∈ (0, 1)
 * @param maxBacktracks      maximum number of reductions per step, ≥ 1
 * @param warmStart          the warm-start rule instead of the restart rule
 * @param maxStep            τ_max ≥ τ₀, the largest first trial of the warm-start rule (unused by the restart rule)
 */
public record ArmijoBacktracking(double initialStep, double shrink, double sufficientDecrease, int maxBacktracks,
                                 boolean warmStart, double maxStep) implements Optimizer {

    public ArmijoBacktracking {
        Checks.positive("initialStep", initialStep);
        Checks.unitOpen("shrink (rho)", shrink);
        Checks.unitOpen("sufficientDecrease (c)", sufficientDecrease);
        if (maxBacktracks < 1) {
            throw new IllegalArgumentException("maxBacktracks must be >= 1, got " + maxBacktracks);
        }
        if (!(maxStep >= initialStep) || Double.isInfinite(maxStep)) {
            throw new IllegalArgumentException("maxStep (tau_max) must be finite and >= initialStep " + initialStep
                    + ", got " + maxStep);
        }
    }

    /** The restart rule: every step starts from {@code τ₀}. */
    public ArmijoBacktracking(double initialStep, double shrink, double sufficientDecrease, int maxBacktracks) {
        this(initialStep, shrink, sufficientDecrease, maxBacktracks, false, initialStep);
    }

    @Override
    public OptimizerState newState(int dimension) {
        return new OptimizerState(dimension, false, false, false, true, true);
    }

    /** The first trial step of the next step, given the state of the previous one. */
    double firstTrial(OptimizerState state) {
        double previous = state.lastStepSize;
        if (!warmStart || state.iteration == 0 || !(previous > 0)) {
            return initialStep;
        }
        return Math.min(previous / shrink, maxStep);
    }

    @Override
    public double step(Objective objective, double[] u, OptimizerState state) {
        Checks.sameLength(u, state);
        double[] g = state.gradient;
        double[] trial = state.point;
        double value = objective.valueAndGradient(u, g);
        double gradientNormSquared = 0.0;
        for (double gi : g) {
            gradientNormSquared += gi * gi;
        }
        double tau = firstTrial(state);
        state.lastStepSize = 0.0;
        state.lastBacktracks = maxBacktracks;
        for (int k = 0; k <= maxBacktracks; k++) {
            for (int i = 0; i < u.length; i++) {
                trial[i] = u[i] - tau * g[i];
            }
            double trialValue = objective.value(trial);
            if (trialValue <= value - sufficientDecrease * tau * gradientNormSquared) {
                System.arraycopy(trial, 0, u, 0, u.length);
                state.lastStepSize = tau;
                state.lastBacktracks = k;
                break;
            }
            tau *= shrink;
        }
        state.iteration++;
        state.lastValue = value;
        return value;
    }
}
