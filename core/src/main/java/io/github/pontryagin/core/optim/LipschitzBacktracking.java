package io.github.pontryagin.core.optim;

/**
 * Gradient descent with the step {@code τ = 1/L} and an adaptive Lipschitz estimate L (Celledoni 2020
 * experiments; docs/theory.md §3, suite A: L₀ = 0.1, L ×1.5 on reject, ×0.99 on accept). A trial
 * {@code u⁺ = u − ∇J(u)/L} is accepted when {@code J(u⁺) ≤ J(u) − ‖∇J(u)‖²/(2L)}, the
 * descent-lemma bound for an L-smooth J, i.e. Armijo's condition with c = ½ at τ = 1/L.
 *
 * <p>The source lectures do not state the acceptance test; this descent-lemma form is the standard one for
 * the 1/L rule. On reject {@code L ← increase·L} and the trial is repeated; on accept the step is
 * taken and {@code L ← decrease·L} for the next step. After {@code maxBacktracks} rejections
 * {@code u} is left unchanged (L keeps its increased value). Trial points are evaluated with
 * {@link Objective#value} (no gradient; the iterates are those of evaluating them with the gradient, bit for bit,
 * when the value-only path returns the same bits). The step returns {@code J(u)} at the start point.
 *
 * @param initialLipschitz L₀ &gt; 0
 * @param increase         factor &gt; 1 applied on reject (paper: 1.5)
 * @param decrease         factor in (0, 1] applied on accept (paper: 0.99)
 * @param maxBacktracks    maximum number of rejections per step, ≥ 1
 */
public record LipschitzBacktracking(double initialLipschitz, double increase, double decrease, int maxBacktracks)
        implements Optimizer {

    public LipschitzBacktracking {
        Checks.positive("initialLipschitz", initialLipschitz);
        Checks.greaterThanOne("increase", increase);
        Checks.unitLeftOpen("decrease", decrease);
        if (maxBacktracks < 1) {
            throw new IllegalArgumentException("maxBacktracks must be >= 1, got " + maxBacktracks);
        }
    }

    @Override
    public OptimizerState newState(int dimension) {
        OptimizerState state = new OptimizerState(dimension, false, false, false, true, true);
        state.lipschitz = initialLipschitz;
        return state;
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
        state.lastStepSize = 0.0;
        state.lastBacktracks = maxBacktracks;
        for (int k = 0; k <= maxBacktracks; k++) {
            double tau = 1.0 / state.lipschitz;
            for (int i = 0; i < u.length; i++) {
                trial[i] = u[i] - tau * g[i];
            }
            double trialValue = objective.value(trial);
            if (trialValue <= value - 0.5 * tau * gradientNormSquared) {
                System.arraycopy(trial, 0, u, 0, u.length);
                state.lastStepSize = tau;
                state.lastBacktracks = k;
                state.lipschitz *= decrease;
                break;
            }
            if (k < maxBacktracks) {
                state.lipschitz *= increase;
            }
        }
        state.iteration++;
        state.lastValue = value;
        return value;
    }
}
