package io.github.pontryagin.core.optim;

/**
 * The strong-Wolfe line search of Nocedal and Wright (2006), Algorithms 3.5 (bracketing) and 3.6 (zoom): along a
 * descent direction {@code d} from {@code u} it looks for a step {@code α > 0} with, for
 * {@code φ(α) = J(u + αd)},
 * <pre>
 *   φ(α) ≤ φ(0) + c₁ α φ'(0)          (sufficient decrease)
 *   |φ'(α)| ≤ c₂ |φ'(0)|              (strong curvature condition),   0 &lt; c₁ &lt; c₂ &lt; 1.
 * </pre>
 * The first trial is evaluated with its gradient (quasi-Newton steps usually accept it). Later trials are first
 * evaluated with {@link Objective#value} alone: a trial that fails sufficient decrease (or does not improve on the
 * bracket's low end) is decided without its derivative, and the gradient is computed only where sufficient
 * decrease holds. Zoom interpolates by the cubic through φ and φ' at both ends (Nocedal and Wright eq. 3.59) when
 * both derivatives are known, else by the quadratic through φ(lo), φ'(lo), φ(hi), safeguarded into the middle 80%
 * of the bracket (bisection when the interpolant is not finite, e.g. after an overflow at the high end).
 *
 * <p>One instance per optimizer state; it owns the trial arrays, so a search allocates nothing. After a successful
 * {@link #search}, {@link #trial} and {@link #trialGradient} hold the accepted point and its gradient; after a
 * failure, {@link #failure} says why and the caller keeps its last good point.
 */
final class StrongWolfeLineSearch {

    final double c1;
    final double c2;
    final int maxEvaluations;
    final double[] trial;
    final double[] trialGradient;
    double step;
    double value;
    int evaluations;
    String failure;

    private double[] u;
    private double[] d;
    private Objective objective;
    private double naturalStep;

    StrongWolfeLineSearch(double c1, double c2, int maxEvaluations, int dimension) {
        validate(c1, c2, maxEvaluations);
        this.c1 = c1;
        this.c2 = c2;
        this.maxEvaluations = maxEvaluations;
        this.trial = new double[dimension];
        this.trialGradient = new double[dimension];
    }

    static void validate(double c1, double c2, int maxEvaluations) {
        Checks.unitOpen("c1 (sufficient decrease)", c1);
        Checks.unitOpen("c2 (curvature)", c2);
        if (!(c1 < c2)) {
            throw new IllegalArgumentException("the Wolfe constants must satisfy c1 < c2, got c1 = " + c1
                    + " and c2 = " + c2);
        }
        if (maxEvaluations < 1) {
            throw new IllegalArgumentException("maxEvaluations (line search) must be >= 1, got " + maxEvaluations);
        }
    }

    /**
     * @param value0      {@code J(u)}
     * @param g0          {@code ∇J(u)}
     * @param direction   {@code d} with {@code ⟨∇J(u), d⟩ < 0}
     * @param initialStep first trial α₀ &gt; 0
     * @return whether a step satisfying the strong Wolfe conditions was found
     */
    boolean search(Objective objective, double[] u, double value0, double[] g0, double[] direction,
                   double initialStep) {
        return search(objective, u, value0, g0, direction, initialStep, initialStep);
    }

    /**
     * As {@link #search(Objective, double[], double, double[], double[], double)}, with a first trial shortened from
     * a natural step: the bracketing phase doubles the trial but lands exactly on {@code naturalStep} (α = 1 for a
     * quasi-Newton direction) on its way up, so the unit step stays among the trials.
     *
     * @param naturalStep the unshortened first trial, ≥ initialStep
     */
    boolean search(Objective objective, double[] u, double value0, double[] g0, double[] direction,
                   double initialStep, double naturalStep) {
        this.naturalStep = naturalStep;
        this.objective = objective;
        this.u = u;
        this.d = direction;
        this.evaluations = 0;
        this.failure = null;
        this.step = 0.0;
        try {
            return bracket(value0, dot(g0, direction), initialStep);
        } finally {
            this.objective = null;
            this.u = null;
            this.d = null;
        }
    }

    private boolean bracket(double value0, double slope0, double initialStep) {
        if (!(slope0 < 0.0)) {
            return fail("the direction is not a descent direction (<grad J, d> = " + slope0 + ")");
        }
        if (!(initialStep > 0.0) || !Double.isFinite(initialStep)) {
            return fail("the first trial step is " + initialStep);
        }
        double previous = 0.0;
        double previousValue = value0;
        double previousSlope = slope0;
        double alpha = initialStep;
        for (int i = 0; ; i++) {
            if (evaluations >= maxEvaluations) {
                return fail("no step satisfies the strong Wolfe conditions within " + maxEvaluations
                        + " evaluations (last trial step " + alpha + ")");
            }
            double phi;
            double slope = Double.NaN;
            if (i == 0) {
                phi = withGradient(alpha);
                slope = dot(trialGradient, d);
            } else {
                phi = valueOnly(alpha);
            }
            if (!(phi <= value0 + c1 * alpha * slope0) || (i > 0 && phi >= previousValue)) {
                return zoom(value0, slope0, previous, previousValue, previousSlope, alpha, phi, slope);
            }
            if (i > 0) {
                phi = withGradient(alpha);
                slope = dot(trialGradient, d);
            }
            if (Math.abs(slope) <= -c2 * slope0) {
                return accept(alpha, phi);
            }
            if (slope >= 0.0) {
                return zoom(value0, slope0, alpha, phi, slope, previous, previousValue, previousSlope);
            }
            previous = alpha;
            previousValue = phi;
            previousSlope = slope;
            alpha = alpha < naturalStep ? Math.min(2.0 * alpha, naturalStep) : 2.0 * alpha;
        }
    }

    /** Algorithm 3.6: {@code lo} satisfies sufficient decrease and has the lowest value; the slope at lo points to hi. */
    private boolean zoom(double value0, double slope0, double lo, double loValue, double loSlope, double hi,
                         double hiValue, double hiSlope) {
        while (true) {
            if (evaluations >= maxEvaluations) {
                return fail("no step satisfies the strong Wolfe conditions within " + maxEvaluations
                        + " evaluations (bracket [" + Math.min(lo, hi) + ", " + Math.max(lo, hi) + "])");
            }
            double alpha = interpolate(lo, loValue, loSlope, hi, hiValue, hiSlope);
            if (alpha == lo || alpha == hi || Math.abs(hi - lo) <= 1e-15 * Math.max(Math.abs(lo), Math.abs(hi))) {
                return fail("the bracket [" + Math.min(lo, hi) + ", " + Math.max(lo, hi)
                        + "] shrank to round-off without a step satisfying the strong Wolfe conditions");
            }
            double phi = valueOnly(alpha);
            if (!(phi <= value0 + c1 * alpha * slope0) || phi >= loValue) {
                hi = alpha;
                hiValue = phi;
                hiSlope = Double.NaN;
                continue;
            }
            phi = withGradient(alpha);
            double slope = dot(trialGradient, d);
            if (!(phi <= value0 + c1 * alpha * slope0) || phi >= loValue) {
                hi = alpha;
                hiValue = phi;
                hiSlope = slope;
                continue;
            }
            if (Math.abs(slope) <= -c2 * slope0) {
                return accept(alpha, phi);
            }
            if (slope * (hi - lo) >= 0.0) {
                hi = lo;
                hiValue = loValue;
                hiSlope = loSlope;
            }
            lo = alpha;
            loValue = phi;
            loSlope = slope;
        }
    }

    /** Minimizer of the cubic (both slopes known) or quadratic interpolant, kept in the middle 80% of the bracket. */
    static double interpolate(double lo, double loValue, double loSlope, double hi, double hiValue, double hiSlope) {
        double lower = Math.min(lo, hi);
        double upper = Math.max(lo, hi);
        double width = upper - lower;
        double alpha = Double.NaN;
        if (Double.isFinite(hiValue)) {
            if (Double.isFinite(hiSlope)) {
                double d1 = loSlope + hiSlope - 3.0 * (loValue - hiValue) / (lo - hi);
                double discriminant = d1 * d1 - loSlope * hiSlope;
                if (discriminant >= 0.0) {
                    double d2 = Math.signum(hi - lo) * Math.sqrt(discriminant);
                    alpha = hi - (hi - lo) * (hiSlope + d2 - d1) / (hiSlope - loSlope + 2.0 * d2);
                }
            } else {
                double delta = hi - lo;
                double curvature = 2.0 * (hiValue - loValue - loSlope * delta);
                if (curvature > 0.0) {
                    alpha = lo - loSlope * delta * delta / curvature;
                }
            }
        }
        if (!Double.isFinite(alpha)) {
            return 0.5 * (lo + hi);
        }
        return Math.min(Math.max(alpha, lower + 0.1 * width), upper - 0.1 * width);
    }

    private double valueOnly(double alpha) {
        movePoint(alpha);
        evaluations++;
        return objective.value(trial);
    }

    private double withGradient(double alpha) {
        movePoint(alpha);
        evaluations++;
        return objective.valueAndGradient(trial, trialGradient);
    }

    private void movePoint(double alpha) {
        for (int i = 0; i < trial.length; i++) {
            trial[i] = u[i] + alpha * d[i];
        }
    }

    private boolean accept(double alpha, double phi) {
        step = alpha;
        value = phi;
        return true;
    }

    private boolean fail(String reason) {
        failure = reason;
        return false;
    }

    static double dot(double[] a, double[] b) {
        double sum = 0.0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
