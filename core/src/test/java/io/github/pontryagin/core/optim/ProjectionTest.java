package io.github.pontryagin.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** Simplex and box projections are the true Euclidean projections; sub-range and wrapper behaviour. */
class ProjectionTest {

    /**
     * Brute-force QP: for every support set S the KKT candidate {@code x_S = y_S − θ},
     * {@code θ = (Σ_S y − T)/|S|}, {@code x = 0} off S; the feasible candidate nearest to y is the projection.
     */
    private static double[] bruteForceSimplex(double[] y, double total) {
        int n = y.length;
        double best = Double.POSITIVE_INFINITY;
        double[] bestX = null;
        for (int mask = 1; mask < (1 << n); mask++) {
            double sum = 0.0;
            int size = 0;
            for (int i = 0; i < n; i++) {
                if ((mask & (1 << i)) != 0) {
                    sum += y[i];
                    size++;
                }
            }
            double theta = (sum - total) / size;
            double[] x = new double[n];
            boolean feasible = true;
            for (int i = 0; i < n; i++) {
                if ((mask & (1 << i)) != 0) {
                    x[i] = y[i] - theta;
                    feasible &= x[i] >= -1e-15;
                }
            }
            if (!feasible) {
                continue;
            }
            double distance = 0.0;
            for (int i = 0; i < n; i++) {
                distance += (x[i] - y[i]) * (x[i] - y[i]);
            }
            if (distance < best) {
                best = distance;
                bestX = x;
            }
        }
        return bestX;
    }

    @Test
    void simplexProjectionEqualsBruteForceQuadraticProgramOnSmallCases() {
        SplittableRandom random = new SplittableRandom(2024L);
        for (int trial = 0; trial < 500; trial++) {
            int n = 1 + random.nextInt(7);
            double total = random.nextDouble(0.1, 3.0);
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                y[i] = random.nextDouble(-2.0, 2.0);
            }
            double[] expected = bruteForceSimplex(y, total);
            double[] x = y.clone();
            Projection.simplex(total).project(x);
            assertArrayEquals(expected, x, 1e-12, "trial " + trial);
            double sum = 0.0;
            for (double xi : x) {
                assertTrue(xi >= 0.0);
                sum += xi;
            }
            assertEquals(total, sum, 1e-12);
        }
    }

    @Test
    void simplexProjectionHandlesTiesAndFeasiblePoints() {
        double[] tied = {0.5, 0.5, 0.5, 0.5};
        Projection.simplex(1.0).project(tied);
        assertArrayEquals(new double[] {0.25, 0.25, 0.25, 0.25}, tied, 1e-15);
        double[] feasible = {0.2, 0.3, 0.5};
        Projection.simplex(1.0).project(feasible);
        assertArrayEquals(new double[] {0.2, 0.3, 0.5}, feasible, 1e-15);
    }

    @Test
    void projectionOnRangeTouchesOnlyThatRange() {
        double[] u = {5.0, 7.0, 0.9, 0.9, -0.3, 9.0};
        Projection.simplex(1.0).onRange(2, 5).project(u);
        assertEquals(5.0, u[0]);
        assertEquals(7.0, u[1]);
        assertEquals(9.0, u[5]);
        assertArrayEquals(bruteForceSimplex(new double[] {0.9, 0.9, -0.3}, 1.0), new double[] {u[2], u[3], u[4]}, 1e-15);
        assertThrows(IllegalArgumentException.class, () -> Projection.box(0, 1).onRange(2, 9).project(new double[4]));
    }

    @Test
    void boxProjectionClampsEveryEntryAndAcceptsUnboundedSides() {
        double[] u = {-2.0, 0.5, 3.0};
        Projection.box(-1.0, 1.0).project(u);
        assertArrayEquals(new double[] {-1.0, 0.5, 1.0}, u, 0.0);
        double[] v = {-2.0, 5.0};
        Projection.box(0.0, Double.POSITIVE_INFINITY).project(v);
        assertArrayEquals(new double[] {0.0, 5.0}, v, 0.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Projection.box(1.0, 0.0));
        assertTrue(e.getMessage().contains("0.0") && e.getMessage().contains(">= lower bound 1.0"), e.getMessage());
    }

    @Test
    void projectedGradientDescentConvergesToProjectionOfTheUnconstrainedMinimizer() {
        double[] center = {0.9, -0.4, 0.7, 0.1};
        Objective distance = (u, g) -> {
            double value = 0.0;
            for (int i = 0; i < u.length; i++) {
                g[i] = u[i] - center[i];
                value += 0.5 * g[i] * g[i];
            }
            return value;
        };
        Optimizer optimizer = Optimizers.gradientDescent(0.3).withProjection(Projection.simplex(1.0));
        double[] u = {0.25, 0.25, 0.25, 0.25};
        OptimizerState state = optimizer.newState(4);
        for (int k = 0; k < 200; k++) {
            optimizer.step(distance, u, state);
        }
        assertArrayEquals(bruteForceSimplex(center, 1.0), u, 1e-12);
    }
}
