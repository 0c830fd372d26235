package io.github.pontryagin.core.optim;

/**
 * Gradient clipping (Pascanu, Mikolov &amp; Bengio 2013; Wang 2021): by global norm,
 * {@code g ← g · c/‖g‖} when {@code ‖g‖ > c}; by value, {@code g_i ← min(max(g_i, −c), c)}.
 *
 * <p>Wang 2021 writes the by-value rule as {@code max(g, c)}, which read literally would not
 * clip; the clamp to [−c, c] is the rule meant. Applied with {@link Optimizer#withGradientClipping}.
 *
 * @param kind      global norm or per-entry value
 * @param threshold c &gt; 0
 */
public record GradientClipping(Kind kind, double threshold) {

    /** Which clipping rule. */
    public enum Kind {
        /** Rescale the whole gradient to Euclidean norm at most c. */
        GLOBAL_NORM,
        /** Clamp every entry to [−c, c]. */
        VALUE
    }

    public GradientClipping {
        Checks.notNull("kind", kind);
        Checks.positive("threshold", threshold);
    }

    /** @param maxNorm c &gt; 0 @return clipping by global Euclidean norm */
    public static GradientClipping byGlobalNorm(double maxNorm) {
        return new GradientClipping(Kind.GLOBAL_NORM, maxNorm);
    }

    /** @param maxAbs c &gt; 0 @return clipping of every entry to [−c, c] */
    public static GradientClipping byValue(double maxAbs) {
        return new GradientClipping(Kind.VALUE, maxAbs);
    }

    /**
     * Clips {@code g} in place.
     *
     * @param g gradient
     */
    public void clip(double[] g) {
        if (kind == Kind.GLOBAL_NORM) {
            double s = 0.0;
            for (double gi : g) {
                s += gi * gi;
            }
            double norm = Math.sqrt(s);
            if (norm > threshold) {
                double scale = threshold / norm;
                for (int i = 0; i < g.length; i++) {
                    g[i] *= scale;
                }
            }
        } else {
            for (int i = 0; i < g.length; i++) {
                g[i] = Math.min(Math.max(g[i], -threshold), threshold);
            }
        }
    }
}
