package io.github.pontryagin.core.optim;

import java.util.Arrays;

/**
 * Euclidean projection onto the scaled simplex {@code {x ≥ 0, Σx = T}}: sort y, find the largest
 * ρ with {@code y_(ρ) > (Σ_{i≤ρ} y_(i) − T)/ρ} (entries in decreasing order), set
 * {@code θ = (Σ_{i≤ρ} y_(i) − T)/ρ} and {@code x = max(y − θ, 0)}. O(n log n).
 *
 * <p>Reference: Held, Wolfe &amp; Crowder (1974); Duchi, Shalev-Shwartz, Singer &amp; Chandra (2008),
 * Fig. 1; docs/theory.md §1 ("ODENet+simplex").
 *
 * @param total T &gt; 0
 */
public record SimplexProjection(double total) implements Projection {

    public SimplexProjection {
        Checks.positive("total", total);
    }

    @Override
    public void project(double[] u, int from, int to, double[] work) {
        int n = to - from;
        if (n <= 0) {
            throw new IllegalArgumentException("simplex projection needs a non-empty range, got [" + from + ", " + to + ")");
        }
        if (work.length < n) {
            throw new IllegalArgumentException("work array needs length >= " + n + ", got " + work.length);
        }
        for (int i = 0; i < n; i++) {
            double value = u[from + i];
            if (Double.isNaN(value)) {
                throw new IllegalArgumentException("cannot project a vector with NaN at index " + (from + i));
            }
            work[i] = value;
        }
        Arrays.sort(work, 0, n);
        double cumulative = 0.0;
        double theta = 0.0;
        for (int j = 1; j <= n; j++) {
            double y = work[n - j];
            cumulative += y;
            double candidate = (cumulative - total) / j;
            if (y > candidate) {
                theta = candidate;
            }
        }
        for (int i = from; i < to; i++) {
            u[i] = Math.max(u[i] - theta, 0.0);
        }
    }
}
