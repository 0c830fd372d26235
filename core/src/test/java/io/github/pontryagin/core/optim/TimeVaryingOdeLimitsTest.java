package io.github.pontryagin.core.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.function.BiFunction;

import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.hipparchus.ode.nonstiff.DormandPrince853Integrator;
import org.junit.jupiter.api.Test;

/**
 * The continuous limits of FISTA and of the decaying heavy ball ({@link TimeVaryingMomentum}), integrated by
 * Hipparchus, and their decay of J − J* on convex quadratics.
 *
 * <ul>
 *   <li>FISTA: {@code β_k = (λ_{k−1} − 1)/λ_k = 1 − 3/k + O(log k / k²)} since {@code λ_k = k/2 + O(log k)}, so with
 *       s = h² its iterates follow the same limit as Nesterov's, {@code Ẍ + (3/t)Ẋ + ∇J(X) = 0} at t = kh
 *       (Su, Boyd and Candès 2016, §2).</li>
 *   <li>Heavy ball with {@code α_k = α₀/(k+2)}, {@code β_k = k/(k+2) = 1 − 2/(k+2)}: with {@code α₀ = c h} the
 *       second difference divided by h² gives {@code Ẍ + (2/t)Ẋ + (c/t)∇J(X) = 0}, {@code Ẋ(0) = −c∇J(x₀)/2}. Its
 *       energy {@code E = ct(J − J*) + ½‖tẊ + X − x*‖²} has {@code Ė = c(J − J* − ⟨∇J, X − x*⟩) ≤ 0} for convex J,
 *       so {@code J − J* ≤ ‖x₀ − x*‖²/(2ct)}: O(1/t), not O(1/t²); on one eigenvalue λ of a quadratic the solution
 *       is a Bessel function, {@code X ∝ t^{−1/2} J₁(2√(cλt))}, so J − J* ~ t^{−3/2}.</li>
 * </ul>
 */
class TimeVaryingOdeLimitsTest {

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
    private static final double T0 = 1e-7;

    /**
     * X(horizon) of {@code Ẍ = −damping(t) Ẋ − force(t) ∇J(X)} by DormandPrince853 from t₀ = 1e-7, where X and Ẋ
     * are given by the series of the solution at t = 0.
     */
    private static double[] limit(double horizon, BiFunction<Double, double[], double[]> acceleration,
                                  double[] position, double[] velocity) {
        OrdinaryDifferentialEquation ode = new OrdinaryDifferentialEquation() {
            @Override
            public int getDimension() {
                return 4;
            }

            @Override
            public double[] computeDerivatives(double t, double[] y) {
                double[] a = acceleration.apply(t, y);
                return new double[] {y[2], y[3], a[0], a[1]};
            }
        };
        double[] y0 = {position[0], position[1], velocity[0], velocity[1]};
        DormandPrince853Integrator integrator = new DormandPrince853Integrator(1e-12, 0.1, 1e-13, 1e-13);
        ODEState end = integrator.integrate(ode, new ODEState(T0, y0), horizon);
        return new double[] {end.getPrimaryState()[0], end.getPrimaryState()[1]};
    }

    /** {@code Ẍ + (3/t)Ẋ + ∇J = 0}; near 0, X = x₀ − t²∇J(x₀)/8. */
    private static double[] suBoydCandesLimit(double horizon) {
        double[] g0 = TestObjectives.gradient(QUARTIC, X0);
        double[] x = new double[2];
        double[] v = new double[2];
        for (int i = 0; i < 2; i++) {
            x[i] = X0[i] - T0 * T0 * g0[i] / 8.0;
            v[i] = -T0 * g0[i] / 4.0;
        }
        return limit(horizon, (t, y) -> {
            double[] g = TestObjectives.gradient(QUARTIC, new double[] {y[0], y[1]});
            return new double[] {-3.0 / t * y[2] - g[0], -3.0 / t * y[3] - g[1]};
        }, x, v);
    }

    /** {@code Ẍ + (2/t)Ẋ + (c/t)∇J = 0}; near 0, X = x₀ − (c/2)∇J(x₀) t. */
    private static double[] decayingHeavyBallLimit(double horizon, double c) {
        double[] g0 = TestObjectives.gradient(QUARTIC, X0);
        double[] x = new double[2];
        double[] v = new double[2];
        for (int i = 0; i < 2; i++) {
            v[i] = -0.5 * c * g0[i];
            x[i] = X0[i] + T0 * v[i];
        }
        return limit(horizon, (t, y) -> {
            double[] g = TestObjectives.gradient(QUARTIC, new double[] {y[0], y[1]});
            return new double[] {-2.0 / t * y[2] - c / t * g[0], -2.0 / t * y[3] - c / t * g[1]};
        }, x, v);
    }

    private static double[] errors(double[] hs, double horizon, double[] reference,
                                   java.util.function.DoubleFunction<Optimizer> method) {
        double[] errors = new double[hs.length];
        for (int r = 0; r < hs.length; r++) {
            Optimizer optimizer = method.apply(hs[r]);
            double[] u = X0.clone();
            OptimizerState state = optimizer.newState(2);
            long steps = Math.round(horizon / hs[r]);
            for (long k = 0; k < steps; k++) {
                optimizer.step(QUARTIC, u, state);
            }
            errors[r] = Math.hypot(u[0] - reference[0], u[1] - reference[1]);
        }
        return errors;
    }

    @Test
    void fistaIteratesFollowTheThreeOverTOdeWithFittedOrderOne() {
        double horizon = 2.0;
        double[] hs = {0.02, 0.01, 0.005, 0.0025};
        double[] errors = errors(hs, horizon, suBoydCandesLimit(horizon),
                h -> new TimeVaryingMomentum(h * h, TimeVaryingMomentum.Rule.FISTA));
        double slope = fittedSlope(hs, errors);
        assertEquals(1.0, slope, 0.2, "order of FISTA's u_k → X(k h), s = h², errors " + Arrays.toString(errors));
        assertTrue(errors[errors.length - 1] < 0.02, "FISTA at h = 0.0025 is " + errors[errors.length - 1]
                + " away from the ODE solution");
    }

    @Test
    void decayingHeavyBallIteratesFollowItsOdeWithFittedOrderOne() {
        double horizon = 3.0;
        double c = 1.5;
        double[] hs = {0.02, 0.01, 0.005, 0.0025};
        double[] errors = errors(hs, horizon, decayingHeavyBallLimit(horizon, c),
                h -> new TimeVaryingMomentum(c * h, TimeVaryingMomentum.Rule.HEAVY_BALL));
        double slope = fittedSlope(hs, errors);
        assertEquals(1.0, slope, 0.2, "order of the heavy ball's u_k → X(k h), α₀ = c h, errors "
                + Arrays.toString(errors));
        assertTrue(errors[errors.length - 1] < 0.02, "heavy ball at h = 0.0025 is " + errors[errors.length - 1]
                + " away from the ODE solution");
    }

    @Test
    void fistaDecaysLikeOneOverKSquaredOnAConvexQuadratic() {
        TestObjectives.Quadratic f = new TestObjectives.Quadratic(6, 1e3, 11);
        double s = 1.0 / f.largestEigenvalue;
        Optimizer fista = new TimeVaryingMomentum(s, TimeVaryingMomentum.Rule.FISTA);
        double[] u = new double[6];
        double distance = squaredDistance(u, f.center);
        OptimizerState state = fista.newState(6);
        for (int k = 1; k <= 5000; k++) {
            fista.step(f, u, state);
            double gap = TestObjectives.value(f, u);
            double bound = 2.0 * distance / (s * (k + 1.0) * (k + 1.0));
            assertTrue(gap <= bound, "J − J* = " + gap + " above 2‖u₀ − u*‖²/(s(k+1)²) = " + bound + " at k = " + k);
        }
    }

    /**
     * The discrete counterpart of the ODE's {@code J − J* ≤ ‖x₀ − x*‖²/(2ct)} (ct = α₀k) holds with a factor 2 to
     * spare on the κ = 1e4 quadratic, and the O(1/k²) rate of the look-ahead methods does not: {@code k²(J − J*)}
     * grows by more than 10× between k = 100 and k = 10 000 (so the rate is no better than the theory says).
     */
    @Test
    void decayingHeavyBallDecaysLikeOneOverKButNotOneOverKSquared() {
        TestObjectives.Quadratic f = new TestObjectives.Quadratic(8, 1e4, 3);
        double alpha0 = 1.0 / f.largestEigenvalue;
        Optimizer heavyBall = new TimeVaryingMomentum(alpha0, TimeVaryingMomentum.Rule.HEAVY_BALL);
        double[] u = new double[8];
        double distance = squaredDistance(u, f.center);
        OptimizerState state = heavyBall.newState(8);
        double scaledAt100 = Double.NaN;
        double scaledAtEnd = Double.NaN;
        for (int k = 1; k <= 10_000; k++) {
            heavyBall.step(f, u, state);
            double gap = TestObjectives.value(f, u);
            double bound = distance / (alpha0 * k);
            assertTrue(gap <= bound, "J − J* = " + gap + " above ‖u₀ − u*‖²/(α₀k) = " + bound + " at k = " + k);
            if (k == 100) {
                scaledAt100 = (double) k * k * gap;
            }
            scaledAtEnd = (double) k * k * gap;
        }
        assertTrue(scaledAtEnd > 10 * scaledAt100, "k²(J − J*) went from " + scaledAt100 + " (k = 100) to "
                + scaledAtEnd + " (k = 10 000)");
    }

    private static double squaredDistance(double[] u, double[] center) {
        double d = 0.0;
        for (int i = 0; i < u.length; i++) {
            d += (u[i] - center[i]) * (u[i] - center[i]);
        }
        return d;
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
