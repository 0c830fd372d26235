package io.github.pontryagin.core.optim;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Brockett's cost {@code J(Q) = tr(QᵀAQN)} on V_{n,p}, A symmetric with eigenvalues 1..n, N = diag(1..p), stored as
 * the block [offset, offset + np) of a vector with {@code extra} free coordinates after it carrying ½‖x − 1‖².
 * Its minimum over V_{n,p} is {@code Σ_j N_j λ_{p+1−j}}, pairing the largest N with the smallest λ (Brockett 1991).
 */
final class Brockett implements Objective {
    final int n;
    final int p;
    final int extra;
    final double[][] a;
    final StiefelBlock block;

    Brockett(int n, int p, int extra, long seed) {
        this.n = n;
        this.p = p;
        this.extra = extra;
        double[][] q = TestObjectives.randomOrthogonal(n, new SplittableRandom(seed));
        a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0.0;
                for (int k = 0; k < n; k++) {
                    s += q[i][k] * (k + 1.0) * q[j][k];
                }
                a[i][j] = s;
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                a[i][j] = a[j][i];
            }
        }
        block = new StiefelBlock("Q", 0, n, p);
    }

    int dimension() {
        return n * p + extra;
    }

    double minimum() {
        double s = 0.0;
        for (int j = 0; j < p; j++) {
            s += (j + 1.0) * (p - j);
        }
        return s;
    }

    /** A random point of V_{n,p} (and zeros for the free coordinates). */
    double[] start(long seed) {
        double[][] q = TestObjectives.randomOrthogonal(n, new SplittableRandom(seed));
        double[] u = new double[dimension()];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                u[i * p + j] = q[i][j];
            }
        }
        return u;
    }

    @Override
    public double valueAndGradient(double[] u, double[] g) {
        Arrays.fill(g, 0.0);
        double value = 0.0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                double aq = 0.0;
                for (int k = 0; k < n; k++) {
                    aq += a[i][k] * u[k * p + j];
                }
                value += (j + 1.0) * u[i * p + j] * aq;
                g[i * p + j] = 2.0 * (j + 1.0) * aq;
            }
        }
        for (int e = n * p; e < u.length; e++) {
            double d = u[e] - 1.0;
            value += 0.5 * d * d;
            g[e] = d;
        }
        return value;
    }
}
