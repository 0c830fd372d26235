package io.github.pontryagin.core.optim;

import java.util.SplittableRandom;

/** Objectives for the optimizer tests: rotated quadratics with a chosen condition number, Rosenbrock. */
final class TestObjectives {

    private TestObjectives() {
    }

    /** {@code J(u) = ½ (u − c)ᵀ A (u − c)} with {@code A = Q diag(λ) Qᵀ}, λ log-spaced in [1, κ]. */
    static final class Quadratic implements Objective {
        final double[][] a;
        final double[] center;
        final double largestEigenvalue;
        private final double[] difference;

        Quadratic(int n, double condition, long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            double[][] q = randomOrthogonal(n, random);
            double[] lambda = new double[n];
            for (int i = 0; i < n; i++) {
                lambda[i] = Math.pow(condition, n == 1 ? 0.0 : (double) i / (n - 1));
            }
            a = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0.0;
                    for (int k = 0; k < n; k++) {
                        s += q[i][k] * lambda[k] * q[j][k];
                    }
                    a[i][j] = s;
                }
            }
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < i; j++) {
                    double mean = 0.5 * (a[i][j] + a[j][i]);
                    a[i][j] = mean;
                    a[j][i] = mean;
                }
            }
            center = new double[n];
            for (int i = 0; i < n; i++) {
                center[i] = random.nextDouble(-1.0, 1.0);
            }
            largestEigenvalue = condition;
            difference = new double[n];
        }

        @Override
        public double valueAndGradient(double[] u, double[] gradOut) {
            int n = center.length;
            for (int i = 0; i < n; i++) {
                difference[i] = u[i] - center[i];
            }
            double value = 0.0;
            for (int i = 0; i < n; i++) {
                double s = 0.0;
                for (int j = 0; j < n; j++) {
                    s += a[i][j] * difference[j];
                }
                gradOut[i] = s;
                value += 0.5 * difference[i] * s;
            }
            return value;
        }
    }

    /** {@code Σ 100 (u_{i+1} − u_i²)² + (1 − u_i)²}, minimum 0 at (1, …, 1). */
    static final Objective ROSENBROCK = (u, g) -> {
        double value = 0.0;
        java.util.Arrays.fill(g, 0.0);
        for (int i = 0; i + 1 < u.length; i++) {
            double r = u[i + 1] - u[i] * u[i];
            double s = 1.0 - u[i];
            value += 100.0 * r * r + s * s;
            g[i] += -400.0 * r * u[i] - 2.0 * s;
            g[i + 1] += 200.0 * r;
        }
        return value;
    };

    static double[][] randomOrthogonal(int n, SplittableRandom random) {
        double[][] q = new double[n][n];
        for (int k = 0; k < n; k++) {
            double[] column = new double[n];
            for (int i = 0; i < n; i++) {
                column[i] = gaussian(random);
            }
            for (int pass = 0; pass < 2; pass++) {
                for (int j = 0; j < k; j++) {
                    double dot = 0.0;
                    for (int i = 0; i < n; i++) {
                        dot += q[i][j] * column[i];
                    }
                    for (int i = 0; i < n; i++) {
                        column[i] -= dot * q[i][j];
                    }
                }
            }
            double norm = 0.0;
            for (double c : column) {
                norm += c * c;
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < n; i++) {
                q[i][k] = column[i] / norm;
            }
        }
        return q;
    }

    static double gaussian(SplittableRandom random) {
        double u1 = random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(1.0 - u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    static double value(Objective objective, double[] u) {
        return objective.valueAndGradient(u, new double[u.length]);
    }

    static double[] gradient(Objective objective, double[] u) {
        double[] g = new double[u.length];
        objective.valueAndGradient(u, g);
        return g;
    }
}
