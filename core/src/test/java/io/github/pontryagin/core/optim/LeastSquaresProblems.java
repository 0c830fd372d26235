package io.github.pontryagin.core.optim;

/** Rosenbrock and the κ-conditioned quadratic as sums of squares, with exact Jacobians and Hessians. */
final class LeastSquaresProblems {

    private LeastSquaresProblems() {
    }

    /**
     * Rosenbrock {@code Σ 100 (u_{i+1} − u_i²)² + (1 − u_i)²} (the same J as {@link TestObjectives#ROSENBROCK}) with
     * residuals {@code √2·10 (u_{i+1} − u_i²)} and {@code √2 (1 − u_i)}, i = 0 … n−2.
     */
    static class Rosenbrock implements LeastSquaresObjective, SecondOrderObjective {
        private static final double SQRT2 = Math.sqrt(2.0);
        final int n;
        private final double[] point;

        Rosenbrock(int n) {
            this.n = n;
            this.point = new double[n];
        }

        @Override
        public int residualCount() {
            return 2 * (n - 1);
        }

        @Override
        public double residuals(double[] u, double[] rOut) {
            System.arraycopy(u, 0, point, 0, n);
            double value = 0.0;
            for (int i = 0; i + 1 < n; i++) {
                rOut[2 * i] = SQRT2 * 10.0 * (u[i + 1] - u[i] * u[i]);
                rOut[2 * i + 1] = SQRT2 * (1.0 - u[i]);
                value += 0.5 * (rOut[2 * i] * rOut[2 * i] + rOut[2 * i + 1] * rOut[2 * i + 1]);
            }
            return value;
        }

        @Override
        public void jacobianTimes(double[] v, double[] out) {
            for (int i = 0; i + 1 < n; i++) {
                out[2 * i] = SQRT2 * 10.0 * (v[i + 1] - 2.0 * point[i] * v[i]);
                out[2 * i + 1] = -SQRT2 * v[i];
            }
        }

        @Override
        public void jacobianTransposeTimes(double[] w, double[] out) {
            java.util.Arrays.fill(out, 0.0);
            for (int i = 0; i + 1 < n; i++) {
                out[i + 1] += SQRT2 * 10.0 * w[2 * i];
                out[i] += -SQRT2 * 20.0 * point[i] * w[2 * i] - SQRT2 * w[2 * i + 1];
            }
        }

        @Override
        public double valueAndGradient(double[] u, double[] gradOut) {
            return TestObjectives.ROSENBROCK.valueAndGradient(u, gradOut);
        }

        @Override
        public void hessianTimes(double[] u, double[] v, double[] out) {
            java.util.Arrays.fill(out, 0.0);
            for (int i = 0; i + 1 < n; i++) {
                out[i] += (1200.0 * u[i] * u[i] - 400.0 * u[i + 1] + 2.0) * v[i] - 400.0 * u[i] * v[i + 1];
                out[i + 1] += -400.0 * u[i] * v[i] + 200.0 * v[i + 1];
            }
        }
    }

    /** The quadratic {@code ½ (u − c)ᵀA(u − c)} of {@link TestObjectives.Quadratic} as {@code ½‖R(u − c)‖²}, A = RᵀR. */
    static final class Quadratic implements LeastSquaresObjective, SecondOrderObjective {
        final TestObjectives.Quadratic quadratic;
        final double[][] r;
        final int n;

        Quadratic(int n, double condition, long seed) {
            this.n = n;
            this.quadratic = new TestObjectives.Quadratic(n, condition, seed);
            // R = Cholesky factor Lᵀ of A (A = L Lᵀ), so A = RᵀR
            double[][] a = quadratic.a;
            double[][] l = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j <= i; j++) {
                    double s = a[i][j];
                    for (int k = 0; k < j; k++) {
                        s -= l[i][k] * l[j][k];
                    }
                    l[i][j] = i == j ? Math.sqrt(s) : s / l[j][j];
                }
            }
            r = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    r[i][j] = l[j][i];
                }
            }
        }

        @Override
        public int residualCount() {
            return n;
        }

        @Override
        public double residuals(double[] u, double[] rOut) {
            double value = 0.0;
            for (int i = 0; i < n; i++) {
                double s = 0.0;
                for (int j = 0; j < n; j++) {
                    s += r[i][j] * (u[j] - quadratic.center[j]);
                }
                rOut[i] = s;
                value += 0.5 * s * s;
            }
            return value;
        }

        @Override
        public void jacobianTimes(double[] v, double[] out) {
            for (int i = 0; i < n; i++) {
                double s = 0.0;
                for (int j = 0; j < n; j++) {
                    s += r[i][j] * v[j];
                }
                out[i] = s;
            }
        }

        @Override
        public void jacobianTransposeTimes(double[] w, double[] out) {
            for (int j = 0; j < n; j++) {
                double s = 0.0;
                for (int i = 0; i < n; i++) {
                    s += r[i][j] * w[i];
                }
                out[j] = s;
            }
        }

        @Override
        public double valueAndGradient(double[] u, double[] gradOut) {
            return quadratic.valueAndGradient(u, gradOut);
        }

        @Override
        public void hessianTimes(double[] u, double[] v, double[] out) {
            for (int i = 0; i < n; i++) {
                double s = 0.0;
                for (int j = 0; j < n; j++) {
                    s += quadratic.a[i][j] * v[j];
                }
                out[i] = s;
            }
        }
    }
}
