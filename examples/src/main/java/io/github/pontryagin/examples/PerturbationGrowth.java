package io.github.pontryagin.examples;

import java.util.Arrays;

import io.github.pontryagin.odenets.OdeNet;
import io.github.pontryagin.odenets.data.Dataset;

/**
 * How much a trained net amplifies input perturbations: for every point of a data set and its nearest neighbour
 * (Euclidean, in the lifted state {@code y_0}), the ratio {@code ‖y₁(T) − y₂(T)‖ / ‖y₁(0) − y₂(0)‖} of the final and
 * the initial distance of the two trajectories; reported as the median and the maximum over the points. Values
 * above 1 expand, below 1 contract (Haber and Ruthotto 2017 call for neither, §1 of {@code docs/theory.md}).
 */
record PerturbationGrowth(double median, double max) {

    /** The growth of {@code net} on {@code data} (all points; O(M²) neighbour search, for evaluation only). */
    static PerturbationGrowth of(OdeNet net, Dataset data) {
        int m = data.size();
        if (m < 2) {
            return new PerturbationGrowth(Double.NaN, Double.NaN);
        }
        double[][] states = net.layerStates(data.features(), m);
        double[] first = states[0];
        double[] last = states[states.length - 1];
        int d = net.width();
        double[] ratios = new double[m];
        int count = 0;
        for (int k = 0; k < m; k++) {
            int nearest = -1;
            double best = Double.POSITIVE_INFINITY;
            for (int j = 0; j < m; j++) {
                double distance = j == k ? Double.POSITIVE_INFINITY : squaredDistance(first, k, j, d, m);
                if (distance > 0 && distance < best) {
                    best = distance;
                    nearest = j;
                }
            }
            if (nearest >= 0) {
                ratios[count++] = Math.sqrt(squaredDistance(last, k, nearest, d, m) / best);
            }
        }
        if (count == 0) {
            return new PerturbationGrowth(Double.NaN, Double.NaN);
        }
        double[] sorted = Arrays.copyOf(ratios, count);
        Arrays.sort(sorted);
        double median = count % 2 == 1 ? sorted[count / 2] : 0.5 * (sorted[count / 2 - 1] + sorted[count / 2]);
        return new PerturbationGrowth(median, sorted[count - 1]);
    }

    private static double squaredDistance(double[] y, int a, int b, int d, int m) {
        double sum = 0;
        for (int i = 0; i < d; i++) {
            double difference = y[i * m + a] - y[i * m + b];
            sum += difference * difference;
        }
        return sum;
    }
}
