package io.github.pontryagin.adjoint;

import java.util.Random;

import org.hipparchus.CalculusFieldElement;

/**
 * Shared pieces of the verification tests ({@code docs/theory.md} §2, checks 3–5): seeded random problem data, the
 * paper's classifier head and loss with its hand-derived gradient, error measures and log–log slope
 * fitting. Everything here is deterministic for a given seed.
 */
final class OracleSupport {

    private OracleSupport() {
    }

    /** {@code n} independent N(0, std²) samples. */
    static double[] gaussian(Random random, int n, double std) {
        double[] x = new double[n];
        for (int q = 0; q < n; q++) {
            x[q] = std * random.nextGaussian();
        }
        return x;
    }

    /** {@code n} independent samples, uniform in {@code [low, high)}. */
    static double[] uniform(Random random, int n, double low, double high) {
        double[] x = new double[n];
        for (int q = 0; q < n; q++) {
            x[q] = low + (high - low) * random.nextDouble();
        }
        return x;
    }

    /** {@code copies} consecutive copies of {@code block}. */
    static double[] repeat(double[] block, int copies) {
        double[] out = new double[block.length * copies];
        for (int c = 0; c < copies; c++) {
            System.arraycopy(block, 0, out, c * block.length, block.length);
        }
        return out;
    }

    static double maxAbs(double[] x) {
        double max = 0;
        for (double v : x) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    static double maxAbsDifference(double[] expected, double[] actual) {
        if (expected.length != actual.length) {
            throw new IllegalArgumentException("lengths differ: " + expected.length + " vs " + actual.length);
        }
        double max = 0;
        for (int q = 0; q < expected.length; q++) {
            max = Math.max(max, Math.abs(expected[q] - actual[q]));
        }
        return max;
    }

    /**
     * {@code max |expected − actual| / max |expected|}: relative to the block's own largest entry, so that tiny
     * entries of a block do not turn round-off into alarms and a block of small scale (say 1e-6) is still held
     * to a relative tolerance. A block that is exactly zero must be matched exactly (error 0, else infinite).
     */
    static double blockError(double[] expected, double[] actual) {
        double difference = maxAbsDifference(expected, actual);
        double scale = maxAbs(expected);
        if (scale == 0) {
            return difference == 0 ? 0 : Double.POSITIVE_INFINITY;
        }
        return difference / scale;
    }

    /** Least-squares slope of {@code log(error)} against {@code log(h)}. */
    static double logLogSlope(double[] h, double[] error) {
        int n = h.length;
        double meanX = 0;
        double meanY = 0;
        for (int q = 0; q < n; q++) {
            meanX += Math.log(h[q]);
            meanY += Math.log(error[q]);
        }
        meanX /= n;
        meanY /= n;
        double sxy = 0;
        double sxx = 0;
        for (int q = 0; q < n; q++) {
            double dx = Math.log(h[q]) - meanX;
            sxy += dx * (Math.log(error[q]) - meanY);
            sxx += dx * dx;
        }
        return sxy / sxx;
    }

    /** A log–log slope fitted on {@code steps[first..last]}. */
    record Fit(double slope, int first, int last) {
        int points() {
            return last - first + 1;
        }
    }

    /**
     * Fits the log–log slope on the {@code window} finest steps (steps ordered coarse to fine) whose
     * error is above {@code floor}: below it the error is dominated by round-off or by the
     * reference's own error, above it by the method's leading error term.
     */
    static Fit fitFinest(double[] steps, double[] errors, double floor, int window) {
        int last = steps.length - 1;
        while (last >= 0 && !(errors[last] > floor)) {
            last--;
        }
        int first = Math.max(0, last - window + 1);
        if (last - first + 1 < 2) {
            return new Fit(Double.NaN, first, last);
        }
        return new Fit(logLogSlope(java.util.Arrays.copyOfRange(steps, first, last + 1),
                java.util.Arrays.copyOfRange(errors, first, last + 1)), first, last);
    }

    /**
     * The paper's head and loss ({@code docs/theory.md} §1): {@code C(y) = η(Wᵀ y + μ)} with η the logistic function,
     * labels {@code c ∈ {0, 1}}, {@code J = (1/2M) Σ_m (C(y_N^m) − c^m)²}. States are feature-major
     * {@code d × M} batches like everywhere in the flow code.
     */
    static final class PaperLoss {

        private final double[] w;
        private final double mu;
        private final int[] labels;

        PaperLoss(double[] w, double mu, int[] labels) {
            this.w = w.clone();
            this.mu = mu;
            this.labels = labels.clone();
        }

        /** Random W ~ N(0, 1), μ ~ N(0, 0.5²) and alternating labels 0, 1, 0, … for M points. */
        static PaperLoss random(Random random, int d, int m) {
            int[] labels = new int[m];
            for (int k = 0; k < m; k++) {
                labels[k] = k % 2;
            }
            return new PaperLoss(gaussian(random, d, 1.0), 0.5 * random.nextGaussian(), labels);
        }

        int batchSize() {
            return labels.length;
        }

        private double classifier(double[] y, int k) {
            int m = labels.length;
            double z = mu;
            for (int i = 0; i < w.length; i++) {
                z += w[i] * y[i * m + k];
            }
            return 1 / (1 + Math.exp(-z));
        }

        /** J at the final states {@code yN} (feature-major). */
        double value(double[] yN) {
            int m = labels.length;
            double sum = 0;
            for (int k = 0; k < m; k++) {
                double r = classifier(yN, k) - labels[k];
                sum += r * r;
            }
            return sum / (2 * m);
        }

        /** {@code p_N = ∂J/∂y_N}: per point {@code (1/M)(C − c) C (1 − C) W}, feature-major. */
        double[] gradient(double[] yN) {
            int m = labels.length;
            double[] p = new double[w.length * m];
            for (int k = 0; k < m; k++) {
                double c = classifier(yN, k);
                double scale = (c - labels[k]) * c * (1 - c) / m;
                for (int i = 0; i < w.length; i++) {
                    p[i * m + k] = scale * w[i];
                }
            }
            return p;
        }

        /** J over any calculus field, from the final states of the points ({@code points[k][i]}). */
        <T extends CalculusFieldElement<T>> T value(T[][] points) {
            int m = labels.length;
            T sum = points[0][0].getField().getZero();
            for (int k = 0; k < m; k++) {
                T z = points[k][0].getField().getZero().add(mu);
                for (int i = 0; i < w.length; i++) {
                    z = z.add(points[k][i].multiply(w[i]));
                }
                T c = z.negate().exp().add(1).reciprocal();
                T r = c.subtract(labels[k]);
                sum = sum.add(r.multiply(r));
            }
            return sum.divide(2.0 * m);
        }
    }
}
