package io.github.pontryagin.core.optim;

import java.util.Arrays;

/**
 * Nonlinear conjugate gradients (Nocedal and Wright 2006, §5.2): {@code d_k = −∇J_k + β_k d_{k−1}},
 * {@code u ← u + α d_k} with a strong-Wolfe step ({@link StrongWolfeLineSearch}), where β is
 * <ul>
 *   <li>Fletcher–Reeves: {@code β = ‖g_k‖² / ‖g_{k−1}‖²} (eq. 5.41a; descent is guaranteed for c₂ &lt; ½);</li>
 *   <li>Polak–Ribière+: {@code β = max(0, g_kᵀ(g_k − g_{k−1}) / ‖g_{k−1}‖²)} (eq. 5.44, 5.45);</li>
 *   <li>Hestenes–Stiefel: {@code β = g_kᵀ(g_k − g_{k−1}) / d_{k−1}ᵀ(g_k − g_{k−1})} (eq. 5.46).</li>
 * </ul>
 * It restarts with {@code d = −g} every n steps and whenever {@code d} is not a descent direction. First trial
 * step: {@code initialStep / ‖g‖} on a restart, else {@code α_{k−1} g_{k−1}ᵀd_{k−1} / g_kᵀd_k} (eq. 3.60),
 * capped at 1e10 times the previous step. In docs/theory.md §3 terms it is a discretized heavy-ball flow whose
 * momentum coefficient β and step α are chosen by the line search instead of fixed. On failure of the line
 * search, {@code u} keeps the last accepted point and {@link OptimizerState#stopReason()} says why.
 *
 * @param formula        the choice of β
 * @param initialStep    scale of the first trial step on a restart, &gt; 0
 * @param c1             sufficient-decrease constant, in (0, c2)
 * @param c2             curvature constant, in (c1, 1) (0.1 is usual for conjugate gradients)
 * @param maxEvaluations objective evaluations allowed per line search, ≥ 1
 */
public record NonlinearConjugateGradient(Formula formula, double initialStep, double c1, double c2,
                                         int maxEvaluations) implements FullBatchOptimizer {

    /** The choice of β. */
    public enum Formula {
        FLETCHER_REEVES("fr"), POLAK_RIBIERE_PLUS("pr+"), HESTENES_STIEFEL("hs");

        private final String id;

        Formula(String id) {
            this.id = id;
        }

        /** The short name used on the command line: {@code fr}, {@code pr+}, {@code hs}. */
        public String id() {
            return id;
        }

        /** @throws IllegalArgumentException naming the accepted ids */
        public static Formula of(String id) {
            for (Formula f : values()) {
                if (f.id.equalsIgnoreCase(id)) {
                    return f;
                }
            }
            throw new IllegalArgumentException("conjugate-gradient formula must be one of fr, pr+, hs, got '" + id + "'");
        }
    }

    /** @throws IllegalArgumentException naming the first hyper-parameter outside its range */
    public NonlinearConjugateGradient {
        Checks.notNull("formula", formula);
        Checks.positive("initialStep", initialStep);
        StrongWolfeLineSearch.validate(c1, c2, maxEvaluations);
    }

    @Override
    public OptimizerState newState(int dimension) {
        OptimizerState state = new OptimizerState(dimension, true, false, false, true, true);
        state.attach(this, new Memory(this, dimension));
        return state;
    }

    @Override
    public double step(Objective objective, double[] u, OptimizerState state) {
        Checks.sameLength(u, state);
        if (!(state.attachment(this) instanceof Memory memo)) {
            throw new IllegalArgumentException("the optimizer state was not created by this conjugate-gradient "
                    + "optimizer's newState");
        }
        double[] g = state.gradient;
        double[] previousGradient = state.work;
        double[] d = state.momentum;
        state.stopReason = null;
        double value;
        if (memo.cached && Arrays.equals(u, state.point)) {
            value = memo.value;
        } else {
            value = objective.valueAndGradient(u, g);
            memo.restart = true;
        }
        state.iteration++;
        state.lastValue = value;
        double gg = StrongWolfeLineSearch.dot(g, g);
        if (gg == 0.0 || !Double.isFinite(value)) {
            state.lastStepSize = 0.0;
            state.stopReason = gg == 0.0 ? "the gradient is zero: a stationary point"
                    : "the objective is " + value + " at the current point";
            return value;
        }
        boolean restart = memo.restart || memo.sinceRestart >= u.length;
        double firstStep;
        if (!restart) {
            double beta = beta(g, previousGradient, d, memo.previousGg);
            for (int i = 0; i < d.length; i++) {
                d[i] = -g[i] + beta * d[i];
            }
            double slope = StrongWolfeLineSearch.dot(g, d);
            restart = !(slope < 0.0);
            firstStep = Math.min(memo.previousStep * memo.previousSlope / slope, 1e10 * memo.previousStep);
            if (!(firstStep > 0.0) || !Double.isFinite(firstStep)) {
                firstStep = memo.previousStep;
            }
        } else {
            firstStep = initialStep / Math.sqrt(gg);
        }
        if (restart) {
            for (int i = 0; i < d.length; i++) {
                d[i] = -g[i];
            }
            firstStep = initialStep / Math.sqrt(gg);
            memo.sinceRestart = 0;
        }
        StrongWolfeLineSearch search = memo.search;
        if (!search.search(objective, u, value, g, d, firstStep)) {
            state.lastStepSize = 0.0;
            state.lastBacktracks = search.evaluations;
            state.stopReason = "conjugate-gradient line search: " + search.failure
                    + "; the parameters stay at the last accepted point";
            memo.restart = true;
            return value;
        }
        memo.previousStep = search.step;
        memo.previousSlope = StrongWolfeLineSearch.dot(g, d);
        memo.previousGg = gg;
        memo.sinceRestart++;
        memo.restart = false;
        System.arraycopy(g, 0, previousGradient, 0, g.length);
        System.arraycopy(search.trial, 0, u, 0, u.length);
        System.arraycopy(search.trialGradient, 0, g, 0, g.length);
        System.arraycopy(u, 0, state.point, 0, u.length);
        memo.value = search.value;
        memo.cached = true;
        state.lastStepSize = search.step;
        state.lastBacktracks = search.evaluations - 1;
        return value;
    }

    private double beta(double[] g, double[] previousGradient, double[] previousDirection, double previousGg) {
        switch (formula) {
            case FLETCHER_REEVES:
                return StrongWolfeLineSearch.dot(g, g) / previousGg;
            case POLAK_RIBIERE_PLUS: {
                double numerator = 0.0;
                for (int i = 0; i < g.length; i++) {
                    numerator += g[i] * (g[i] - previousGradient[i]);
                }
                return Math.max(0.0, numerator / previousGg);
            }
            default: {
                double numerator = 0.0;
                double denominator = 0.0;
                for (int i = 0; i < g.length; i++) {
                    double change = g[i] - previousGradient[i];
                    numerator += g[i] * change;
                    denominator += previousDirection[i] * change;
                }
                return denominator == 0.0 ? 0.0 : numerator / denominator;
            }
        }
    }

    /** What carries over between steps besides the state's arrays. */
    private static final class Memory implements ResumableState {
        final StrongWolfeLineSearch search;
        boolean restart = true;
        boolean cached;
        int sinceRestart;
        double value;
        double previousStep;
        double previousSlope;
        double previousGg;

        Memory(NonlinearConjugateGradient config, int n) {
            search = new StrongWolfeLineSearch(config.c1, config.c2, config.maxEvaluations, n);
        }

        /** {@code [restart, cached, steps since restart, value, previous step, previous slope, previous gᵀg]}. */
        @Override
        public double[] save() {
            return new double[] {restart ? 1.0 : 0.0, cached ? 1.0 : 0.0, sinceRestart, value, previousStep,
                    previousSlope, previousGg};
        }

        @Override
        public void load(double[] saved) {
            ResumableState.requireLength("nonlinear conjugate gradients", saved, 7);
            restart = saved[0] != 0.0;
            cached = saved[1] != 0.0;
            sinceRestart = (int) saved[2];
            value = saved[3];
            previousStep = saved[4];
            previousSlope = saved[5];
            previousGg = saved[6];
        }
    }
}
