package io.github.pontryagin.core.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.hipparchus.ode.nonstiff.DormandPrince853Integrator;
import org.junit.jupiter.api.Test;

/**
 * Momentum with time-varying damping: the Su–Boyd–Candès limit ODE {@code Ẍ + (3/t)Ẋ + ∇J(X) = 0}, the
 * O(1/k²) bound, and equality with the textbook updates.
 */
class TimeVaryingDampingTest {

    /** ½xᵀAx + ¼Σx⁴, convex, minimum 0 at 0. */
    private static final Objective QUARTIC = (u, g) -> {
        double[][] a = {{2.0, 0.5}, {0.5, 1.0}};
        double value = 0.0;
        for (int i = 0; i < 2; i++) {
            double s = a[i][0] * u[0] + a[i][1] * u[1];
            g[i] = s + u[i] * u[i] * u[i];
            value += 0.5 * u[i] * s + 0.25 * u[i] * u[i] * u[i] * u[i];
        }
        return value;
    };

    private static final double[] X0 = {1.0, -0.8};

    /** X(T) of the Su–Boyd–Candès ODE by DormandPrince853, started at t₀ from the series X = x₀ − t²∇J(x₀)/8. */
    private static double[] limitOde(double horizon) {
        double[] g0 = TestObjectives.gradient(QUARTIC, X0);
        double t0 = 1e-6;
        double[] y0 = new double[4];
        for (int i = 0; i < 2; i++) {
            y0[i] = X0[i] - t0 * t0 * g0[i] / 8.0;
            y0[2 + i] = -t0 * g0[i] / 4.0;
        }
        OrdinaryDifferentialEquation ode = new OrdinaryDifferentialEquation() {
            @Override
            public int getDimension() {
                return 4;
            }

            @Override
            public double[] computeDerivatives(double t, double[] y) {
                double[] g = TestObjectives.gradient(QUARTIC, new double[] {y[0], y[1]});
                return new double[] {y[2], y[3], -3.0 / t * y[2] - g[0], -3.0 / t * y[3] - g[1]};
            }
        };
        DormandPrince853Integrator integrator = new DormandPrince853Integrator(1e-12, 0.1, 1e-13, 1e-13);
        ODEState end = integrator.integrate(ode, new ODEState(t0, y0), horizon);
        return new double[] {end.getPrimaryState()[0], end.getPrimaryState()[1]};
    }

    @Test
    void nesterovIteratesFollowTheSuBoydCandesOdeWithFittedOrderOne() {
        double horizon = 2.0;
        double[] reference = limitOde(horizon);
        double[] hs = {0.02, 0.01, 0.005, 0.0025};
        double[] errors = new double[hs.length];
        for (int r = 0; r < hs.length; r++) {
            double h = hs[r];
            Optimizer nesterov = new TimeVaryingMomentum(h * h, TimeVaryingMomentum.Rule.SU_BOYD_CANDES);
            double[] u = X0.clone();
            OptimizerState state = nesterov.newState(2);
            long steps = Math.round(horizon / h);
            for (long k = 0; k < steps; k++) {
                nesterov.step(QUARTIC, u, state);
            }
            errors[r] = Math.hypot(u[0] - reference[0], u[1] - reference[1]);
        }
        double slope = fittedSlope(hs, errors);
        assertEquals(1.0, slope, 0.2, "order of u_k → X(k√s), errors " + java.util.Arrays.toString(errors));
    }

    @Test
    void nesterovAndFistaSatisfyTheInverseSquareBoundOnIllConditionedQuadratic() {
        TestObjectives.Quadratic f = new TestObjectives.Quadratic(8, 1e4, 3);
        double s = 1.0 / f.largestEigenvalue;
        for (TimeVaryingMomentum.Rule rule : new TimeVaryingMomentum.Rule[] {
                TimeVaryingMomentum.Rule.SU_BOYD_CANDES, TimeVaryingMomentum.Rule.FISTA}) {
            Optimizer method = new TimeVaryingMomentum(s, rule);
            double[] u = new double[8];
            double distance = 0.0;
            for (int i = 0; i < 8; i++) {
                distance += (u[i] - f.center[i]) * (u[i] - f.center[i]);
            }
            OptimizerState state = method.newState(8);
            for (int k = 1; k <= 3000; k++) {
                method.step(f, u, state);
                double gap = TestObjectives.value(f, u);
                double bound = 2.0 * distance / (s * (k + 1.0) * (k + 1.0));
                assertTrue(gap <= bound, rule + ": J − J* = " + gap + " above 2‖u₀ − u*‖²/(s(k+1)²) = " + bound
                        + " at k = " + k);
            }
        }
    }

    @Test
    void rulesEqualTheirTextbookUpdates() {
        TestObjectives.Quadratic f = new TestObjectives.Quadratic(5, 100.0, 8);
        double s = 0.005;
        for (TimeVaryingMomentum.Rule rule : TimeVaryingMomentum.Rule.values()) {
            Optimizer method = new TimeVaryingMomentum(s, rule);
            double[] u = {0.3, -0.2, 0.5, 1.0, -1.0};
            double[] x = u.clone();
            double[] xPrevious = u.clone();
            double[] y = u.clone();
            double lambda = 1.0;
            OptimizerState state = method.newState(5);
            double worst = 0.0;
            for (int k = 0; k < 50; k++) {
                method.step(f, u, state);
                double[] next = new double[5];
                if (rule == TimeVaryingMomentum.Rule.HEAVY_BALL) {
                    double[] g = TestObjectives.gradient(f, x);
                    for (int i = 0; i < 5; i++) {
                        next[i] = x[i] - s / (k + 2.0) * g[i] + k / (k + 2.0) * (x[i] - xPrevious[i]);
                    }
                } else {
                    double[] g = TestObjectives.gradient(f, y);
                    for (int i = 0; i < 5; i++) {
                        next[i] = y[i] - s * g[i];
                    }
                    double beta;
                    if (rule == TimeVaryingMomentum.Rule.SU_BOYD_CANDES) {
                        beta = k / (k + 3.0);
                    } else {
                        double nextLambda = 0.5 * (1.0 + Math.sqrt(1.0 + 4.0 * lambda * lambda));
                        beta = (lambda - 1.0) / nextLambda;
                        lambda = nextLambda;
                    }
                    for (int i = 0; i < 5; i++) {
                        y[i] = next[i] + beta * (next[i] - x[i]);
                    }
                }
                xPrevious = x;
                x = next;
                for (int i = 0; i < 5; i++) {
                    worst = Math.max(worst, Math.abs(u[i] - x[i]) / Math.max(1.0, Math.abs(x[i])));
                }
            }
            assertTrue(worst <= 1e-12, rule + " differs from its textbook update by " + worst);
        }
    }

    private static double fittedSlope(double[] hs, double[] errors) {
        int n = hs.length;
        double mx = 0.0;
        double my = 0.0;
        for (int i = 0; i < n; i++) {
            mx += Math.log(hs[i]) / n;
            my += Math.log(errors[i]) / n;
        }
        double sxy = 0.0;
        double sxx = 0.0;
        for (int i = 0; i < n; i++) {
            double dx = Math.log(hs[i]) - mx;
            sxy += dx * (Math.log(errors[i]) - my);
            sxx += dx * dx;
        }
        return sxy / sxx;
    }
}
