package io.github.pontryagin.odenets.train;

import java.util.SplittableRandom;

import io.github.pontryagin.core.optim.WeightAverage;
import io.github.pontryagin.odenets.OdeNet;

/**
 * Predictions with uncertainty from SWAG (Maddox et al. 2019; docs/theory.md §3.12): the class probabilities
 * averaged over S parameter samples of a {@link WeightAverage#swag SWAG} Gaussian (Bayesian model averaging),
 * with their standard deviation over the samples.
 *
 * @param mean      mean probability, {@code classes × m}, {@code [c*m + k]}
 * @param deviation standard deviation over the samples, same layout
 * @param samples   S
 */
public record SwagPrediction(double[] mean, double[] deviation, int samples) {

    /**
     * Evaluates the net at S samples of {@code swag} and restores its parameters afterwards.
     *
     * @param net     the net (its parameters are borrowed, then restored)
     * @param swag    a SWAG average of this net's parameters
     * @param x       points, feature-major {@code d0 × m}
     * @param m       number of points
     * @param samples S ≥ 2
     * @param seed    seed of the samples
     * @return mean and standard deviation of the class probabilities
     */
    public static SwagPrediction of(OdeNet net, WeightAverage swag, double[] x, int m, int samples, long seed) {
        if (samples < 2) {
            throw new IllegalArgumentException("SWAG predictions need samples >= 2 for a deviation, got " + samples);
        }
        if (swag == null || !swag.isGaussian() || swag.dimension() != net.parameters().length) {
            throw new IllegalArgumentException("SWAG predictions need a SWAG average with the net's "
                    + net.parameters().length + " parameters, got " + (swag == null ? "null"
                    : (swag.isGaussian() ? "SWAG of dimension " + swag.dimension() : "SWA (no covariance)")));
        }
        double[] saved = net.parameters().clone();
        double[] sample = new double[saved.length];
        SplittableRandom random = new SplittableRandom(seed);
        double[] sum = null;
        double[] squares = null;
        try {
            for (int s = 0; s < samples; s++) {
                swag.sample(random, sample);
                net.setParameters(sample);
                double[] p = net.probabilities(x, m);
                if (sum == null) {
                    sum = new double[p.length];
                    squares = new double[p.length];
                }
                for (int i = 0; i < p.length; i++) {
                    sum[i] += p[i];
                    squares[i] += p[i] * p[i];
                }
            }
        } finally {
            net.setParameters(saved);
        }
        double[] deviation = new double[sum.length];
        for (int i = 0; i < sum.length; i++) {
            double mean = sum[i] / samples;
            deviation[i] = Math.sqrt(Math.max(squares[i] / samples - mean * mean, 0.0) * samples / (samples - 1.0));
            sum[i] = mean;
        }
        return new SwagPrediction(sum, deviation, samples);
    }
}
