package io.github.pontryagin.core.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * Every optimizer equals its textbook update, written out independently below, for 50 steps on a
 * random ill-conditioned quadratic (n = 8, condition 1e3): max difference ≤ 1e-12 relative.
 */
class TextbookEqualityTest {

    private static final int STEPS = 50;
    private static final int N = 8;
    private static final double TOLERANCE = 1e-12;

    /** One textbook iteration on u, with its own state. */
    private interface Textbook {
        void step(Objective f, double[] u);
    }

    private final TestObjectives.Quadratic quadratic = new TestObjectives.Quadratic(N, 1e3, 42L);

    private double[] start() {
        SplittableRandom random = new SplittableRandom(7L);
        double[] u = new double[N];
        for (int i = 0; i < N; i++) {
            u[i] = random.nextDouble(-2.0, 2.0);
        }
        return u;
    }

    /** @return the largest relative difference seen over the run */
    private double compare(Optimizer optimizer, Textbook textbook) {
        double[] u = start();
        double[] reference = start();
        OptimizerState state = optimizer.newState(N);
        double worst = 0.0;
        for (int step = 0; step < STEPS; step++) {
            optimizer.step(quadratic, u, state);
            textbook.step(quadratic, reference);
            double scale = 1.0;
            for (double r : reference) {
                scale = Math.max(scale, Math.abs(r));
            }
            for (int i = 0; i < N; i++) {
                assertTrue(Double.isFinite(reference[i]), "textbook iterate diverged");
                worst = Math.max(worst, Math.abs(u[i] - reference[i]) / scale);
            }
        }
        assertEquals(STEPS, state.iteration());
        return worst;
    }

    private void assertEqualsTextbook(Optimizer optimizer, Textbook textbook) {
        double worst = compare(optimizer, textbook);
        assertTrue(worst <= TOLERANCE, optimizer + " differs from its textbook update by " + worst);
    }

    private static double[] grad(Objective f, double[] x) {
        return TestObjectives.gradient(f, x);
    }

    @Test
    void gradientDescentEqualsTextbookUpdateOnIllConditionedQuadratic() {
        double tau = 1.5e-3;
        assertEqualsTextbook(Optimizers.gradientDescent(tau), (f, u) -> {
            double[] g = grad(f, u);
            for (int i = 0; i < N; i++) {
                u[i] = u[i] - tau * g[i];
            }
        });
    }

    @Test
    void armijoBacktrackingEqualsTextbookUpdateOnIllConditionedQuadratic() {
        double tau0 = 1.0;
        double rho = 0.5;
        double c = 0.4;
        assertEqualsTextbook(Optimizers.armijo(tau0, rho, c), (f, u) -> {
            double[] g = grad(f, u);
            double f0 = TestObjectives.value(f, u);
            double gg = 0.0;
            for (double gi : g) {
                gg += gi * gi;
            }
            double t = tau0;
            while (true) {
                double[] trial = new double[N];
                for (int i = 0; i < N; i++) {
                    trial[i] = u[i] - t * g[i];
                }
                if (TestObjectives.value(f, trial) <= f0 - c * t * gg) {
                    System.arraycopy(trial, 0, u, 0, N);
                    return;
                }
                t = t * rho;
            }
        });
    }

    @Test
    void lipschitzRuleEqualsTextbookUpdateOnIllConditionedQuadratic() {
        double[] lipschitz = {0.1};
        assertEqualsTextbook(Optimizers.lipschitzBacktracking(0.1), (f, u) -> {
            double[] g = grad(f, u);
            double f0 = TestObjectives.value(f, u);
            double gg = 0.0;
            for (double gi : g) {
                gg += gi * gi;
            }
            while (true) {
                double[] trial = new double[N];
                for (int i = 0; i < N; i++) {
                    trial[i] = u[i] - g[i] / lipschitz[0];
                }
                if (TestObjectives.value(f, trial) <= f0 - gg / (2.0 * lipschitz[0])) {
                    System.arraycopy(trial, 0, u, 0, N);
                    lipschitz[0] = lipschitz[0] * 0.99;
                    return;
                }
                lipschitz[0] = lipschitz[0] * 1.5;
            }
        });
    }

    @Test
    void heavyBallEqualsTextbookUpdateOnIllConditionedQuadratic() {
        double tau = 1e-3;
        double mu = 0.9;
        double[] v = new double[N];
        assertEqualsTextbook(Optimizers.heavyBall(tau, mu), (f, u) -> {
            double[] g = grad(f, u);
            for (int i = 0; i < N; i++) {
                v[i] = mu * v[i] - tau * g[i];
                u[i] = u[i] + v[i];
            }
        });
    }

    @Test
    void nesterovEqualsTextbookUpdateOnIllConditionedQuadratic() {
        double tau = 1e-3;
        double mu = 0.9;
        double[] v = new double[N];
        assertEqualsTextbook(Optimizers.nesterov(tau, mu), nesterovTextbook(tau, mu, v));
    }

    private static Textbook nesterovTextbook(double tau, double mu, double[] v) {
        return (f, u) -> {
            double[] y = new double[N];
            for (int i = 0; i < N; i++) {
                y[i] = u[i] + mu * v[i];
            }
            double[] g = grad(f, y);
            for (int i = 0; i < N; i++) {
                v[i] = mu * v[i] - tau * g[i];
                u[i] = u[i] + v[i];
            }
        };
    }

    private static Textbook relativisticTextbook(double eps, double mu, double delta, double alpha, double[] v) {
        return (f, x) -> {
            double sm = Math.sqrt(mu);
            double vv = 0.0;
            for (double vi : v) {
                vv += vi * vi;
            }
            double[] half = new double[N];
            for (int i = 0; i < N; i++) {
                half[i] = x[i] + sm * v[i] / Math.sqrt(1.0 + delta * mu * vv);
            }
            double[] g = grad(f, half);
            double[] vHalf = new double[N];
            double hh = 0.0;
            for (int i = 0; i < N; i++) {
                vHalf[i] = sm * v[i] - eps * g[i];
                hh += vHalf[i] * vHalf[i];
            }
            for (int i = 0; i < N; i++) {
                x[i] = alpha * half[i] + (1.0 - alpha) * x[i] + vHalf[i] / Math.sqrt(1.0 + delta * hh);
                v[i] = sm * vHalf[i];
            }
        };
    }

    @Test
    void relativisticGradientDescentEqualsSpecUpdateOnIllConditionedQuadratic() {
        double eps = 5e-4;
        double mu = 0.8;
        double delta = 2.0;
        double alpha = 0.6;
        assertEqualsTextbook(Optimizers.relativistic(eps, mu, delta, alpha),
                relativisticTextbook(eps, mu, delta, alpha, new double[N]));
    }

    @Test
    void relativisticWithDeltaZeroAlphaZeroEqualsNesterov() {
        double eps = 1e-3;
        double mu = 0.9;
        assertEqualsTextbook(Optimizers.relativistic(eps, mu, 0.0, 0.0), nesterovTextbook(eps, mu, new double[N]));
    }

    @Test
    void relativisticWithDeltaZeroAlphaOneIsConformalStormerVerletAndNotNesterov() {
        double eps = 1e-3;
        double mu = 0.9;
        double h = Math.sqrt(2.0 * eps);
        Optimizer verlet = Optimizers.conformalStormerVerlet(DampedHamiltonianFlow.newtonian(1.0, -Math.log(mu) / h), h);
        assertEqualsTextbook(verlet, relativisticTextbook(eps, mu, 0.0, 1.0, new double[N]));
        double differenceToNesterov = compare(Optimizers.relativistic(eps, mu, 0.0, 1.0),
                nesterovTextbook(eps, mu, new double[N]));
        assertTrue(differenceToNesterov > 1e-3, "alpha = 1 unexpectedly matched Nesterov: " + differenceToNesterov);
    }

    @Test
    void adamEqualsTextbookUpdateOnIllConditionedQuadratic() {
        assertEqualsTextbook(Optimizers.adam(0.01, 0.9, 0.999, 1e-8), adamTextbook(0.01, 0.9, 0.999, 1e-8, 0.0));
    }

    @Test
    void adamWEqualsTextbookUpdateOnIllConditionedQuadratic() {
        assertEqualsTextbook(Optimizers.adamW(0.01, 0.8, 0.99, 1e-6, 0.05), adamTextbook(0.01, 0.8, 0.99, 1e-6, 0.05));
    }

    private static Textbook adamTextbook(double alpha, double b1, double b2, double eps, double decay) {
        double[] m = new double[N];
        double[] v = new double[N];
        int[] t = {0};
        return (f, u) -> {
            double[] g = grad(f, u);
            t[0]++;
            for (int i = 0; i < N; i++) {
                m[i] = b1 * m[i] + (1 - b1) * g[i];
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
                double mHat = m[i] / (1 - Math.pow(b1, t[0]));
                double vHat = v[i] / (1 - Math.pow(b2, t[0]));
                u[i] = u[i] - alpha * decay * u[i] - alpha * mHat / (Math.sqrt(vHat) + eps);
            }
        };
    }

    @Test
    void rmsPropEqualsTextbookUpdateOnIllConditionedQuadratic() {
        double[] s = new double[N];
        assertEqualsTextbook(Optimizers.rmsProp(0.01, 0.9, 1e-8), (f, u) -> {
            double[] g = grad(f, u);
            for (int i = 0; i < N; i++) {
                s[i] = 0.9 * s[i] + 0.1 * g[i] * g[i];
                u[i] = u[i] - 0.01 * g[i] / (Math.sqrt(s[i]) + 1e-8);
            }
        });
    }

    @Test
    void adagradEqualsTextbookUpdateOnIllConditionedQuadratic() {
        double[] s = new double[N];
        assertEqualsTextbook(Optimizers.adagrad(0.1, 1e-8), (f, u) -> {
            double[] g = grad(f, u);
            for (int i = 0; i < N; i++) {
                s[i] = s[i] + g[i] * g[i];
                u[i] = u[i] - 0.1 * g[i] / (Math.sqrt(s[i]) + 1e-8);
            }
        });
    }

    @Test
    void adadeltaEqualsTextbookUpdateOnIllConditionedQuadratic() {
        double rho = 0.95;
        double eps = 1e-6;
        double lr = 0.5;
        double[] eg = new double[N];
        double[] ed = new double[N];
        assertEqualsTextbook(Optimizers.adadelta(lr, rho, eps), (f, u) -> {
            double[] g = grad(f, u);
            for (int i = 0; i < N; i++) {
                eg[i] = rho * eg[i] + (1 - rho) * g[i] * g[i];
                double dx = -Math.sqrt(ed[i] + eps) / Math.sqrt(eg[i] + eps) * g[i];
                ed[i] = rho * ed[i] + (1 - rho) * dx * dx;
                u[i] = u[i] + lr * dx;
            }
        });
    }

    @Test
    void ssa1EqualsSeedUpdateOnIllConditionedQuadratic() {
        double h = 0.03;
        double k = 0.5;
        double[] v = new double[N];
        int[] n = {0};
        assertEqualsTextbook(Optimizers.ssa1(h, k), (f, u) -> {
            double beta = n[0] / (n[0] + 3.0);
            double[] y = new double[N];
            for (int i = 0; i < N; i++) {
                y[i] = u[i] + h * beta * v[i];
            }
            double[] g = grad(f, y);
            for (int i = 0; i < N; i++) {
                v[i] = Math.pow(beta, k) * ((1 - h * beta) * v[i] - h * g[i]);
                u[i] = u[i] + beta * (1 - h * beta) * (y[i] - u[i]) - h * h * g[i];
            }
            n[0]++;
        });
    }

    @Test
    void ssa2EqualsSeedUpdateOnIllConditionedQuadratic() {
        double h = 0.03;
        double k = 0.5;
        double q = 1.5;
        double tau = 0.2;
        double[] v = new double[N];
        int[] n = {0};
        assertEqualsTextbook(Optimizers.ssa2(h, k, q, tau), (f, u) -> {
            double beta = n[0] / (n[0] + 3.0);
            double[] y = new double[N];
            for (int i = 0; i < N; i++) {
                y[i] = u[i] + h * beta * v[i];
            }
            double[] g = grad(f, y);
            for (int i = 0; i < N; i++) {
                v[i] = Math.pow(beta, k) * (Math.pow(1 - h * beta, q) * v[i] - h * g[i]);
                u[i] = u[i] + (1 - h * beta) / (beta + tau) * (y[i] - u[i]);
            }
            n[0]++;
        });
    }

    @Test
    void globalNormClippingWrapperEqualsTextbookClippedAdam() {
        double c = 0.5;
        Textbook adam = adamTextbook(0.01, 0.9, 0.999, 1e-8, 0.0);
        Objective clippedQuadratic = (u, g) -> {
            double value = quadratic.valueAndGradient(u, g);
            double norm = 0.0;
            for (double gi : g) {
                norm += gi * gi;
            }
            norm = Math.sqrt(norm);
            if (norm > c) {
                for (int i = 0; i < N; i++) {
                    g[i] = g[i] * (c / norm);
                }
            }
            return value;
        };
        assertEqualsTextbook(Optimizers.adam(0.01).withGradientClipping(GradientClipping.byGlobalNorm(c)),
                (f, u) -> adam.step(clippedQuadratic, u));
    }

    @Test
    void valueClippingWrapperEqualsTextbookClippedHeavyBall() {
        double c = 0.3;
        double tau = 1e-3;
        double mu = 0.9;
        double[] v = new double[N];
        assertEqualsTextbook(Optimizers.heavyBall(tau, mu).withGradientClipping(GradientClipping.byValue(c)), (f, u) -> {
            double[] g = grad(f, u);
            for (int i = 0; i < N; i++) {
                double gi = g[i] > c ? c : (g[i] < -c ? -c : g[i]);
                v[i] = mu * v[i] - tau * gi;
                u[i] = u[i] + v[i];
            }
        });
    }

    @Test
    void boxProjectedGradientDescentEqualsTextbookProjectedUpdate() {
        double tau = 1e-3;
        assertEqualsTextbook(Optimizers.gradientDescent(tau).withProjection(Projection.box(-0.5, 0.5)), (f, u) -> {
            double[] g = grad(f, u);
            for (int i = 0; i < N; i++) {
                double x = u[i] - tau * g[i];
                u[i] = x < -0.5 ? -0.5 : (x > 0.5 ? 0.5 : x);
            }
        });
    }
}
