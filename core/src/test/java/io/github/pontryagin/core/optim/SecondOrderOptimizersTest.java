package io.github.pontryagin.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * L-BFGS, nonlinear CG, Gauss–Newton, Levenberg–Marquardt and Newton-CG on the problems of {@link ConvergenceTest}
 * (Rosenbrock 2-D from (−1.2, 1), Rosenbrock 10-D from 0, the 10-D quadratic with κ = 1e4), with bounds = measured
 * counts × 1.5 as there; the strong Wolfe conditions at every accepted step; the Levenberg–Marquardt limits.
 */
class SecondOrderOptimizersTest {

    private record Case(String problem, String optimizer, Supplier<Optimizer> factory, int bound) {
    }

    private static final String[] PROBLEMS = {"rosenbrock2", "rosenbrock10", "quadratic1e4"};

    /** Measured iteration counts (in comments) × 1.5, per problem, in the order of {@link #cases()}. */
    // measured: rosenbrock2 97, 33, 54, 32, 10, 12, 13, 68, 48, 20; rosenbrock10 131, 120, 120, 110, 20, 21, 23, 71,
    // 62, 23; quadratic 141, 36, 18, 77, 1, 5, 4, 9, 10, 11 (Newton-CG with the forcing min(½, √‖∇J‖) since
    // 2026-12-02: 68, 71, 9; with min(½, ‖∇J‖) it was 68, 70, 9). L-BFGS with the relative first-trial bound
    // Δ = 0.005 (default since 2026-12-02): 97, 131, 141; without a bound (Δ = +∞) it was 36, 51, 67.
    private static final int[][] BOUNDS = {
            {146, 50, 81, 48, 15, 18, 20, 102, 72, 30},
            {197, 180, 180, 165, 30, 32, 35, 106, 93, 35},
            {212, 54, 27, 116, 2, 8, 6, 14, 15, 17},
    };

    private static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (int p = 0; p < PROBLEMS.length; p++) {
            String problem = PROBLEMS[p];
            int[] bound = BOUNDS[p];
            cases.add(new Case(problem, "lbfgs(10, 1)", () -> Optimizers.lbfgs(10, 1.0), bound[0]));
            cases.add(new Case(problem, "cg(pr+)", () -> Optimizers.conjugateGradient(
                    NonlinearConjugateGradient.Formula.POLAK_RIBIERE_PLUS, 1.0), bound[1]));
            cases.add(new Case(problem, "cg(fr)", () -> Optimizers.conjugateGradient(
                    NonlinearConjugateGradient.Formula.FLETCHER_REEVES, 1.0), bound[2]));
            cases.add(new Case(problem, "cg(hs)", () -> Optimizers.conjugateGradient(
                    NonlinearConjugateGradient.Formula.HESTENES_STIEFEL, 1.0), bound[3]));
            cases.add(new Case(problem, "gaussNewton()", Optimizers::gaussNewton, bound[4]));
            cases.add(new Case(problem, "levenbergMarquardt(1e-3)", () -> Optimizers.levenbergMarquardt(1e-3),
                    bound[5]));
            cases.add(new Case(problem, "levenbergMarquardt(1e-3) matrix-free",
                    () -> new LevenbergMarquardt(1e-3, 0, 60), bound[6]));
            cases.add(new Case(problem, "newtonCg()", Optimizers::newtonCg, bound[7]));
            cases.add(new Case(problem, "newtonTrustRegion()", Optimizers::newtonTrustRegion, bound[8]));
            cases.add(new Case(problem, "levenbergMarquardt(1)", () -> Optimizers.levenbergMarquardt(1.0),
                    bound[9]));
        }
        return cases;
    }

    static LeastSquaresObjective problem(String name) {
        return switch (name) {
            case "rosenbrock2" -> new LeastSquaresProblems.Rosenbrock(2);
            case "rosenbrock10" -> new LeastSquaresProblems.Rosenbrock(10);
            default -> new LeastSquaresProblems.Quadratic(10, 1e4, 11L);
        };
    }

    static double[] start(String name) {
        return name.equals("rosenbrock2") ? new double[] {-1.2, 1.0} : new double[10];
    }

    @TestFactory
    List<DynamicTest> everyMethodReachesToleranceWithinStatedSteps() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Case c : cases()) {
            tests.add(DynamicTest.dynamicTest(c.problem() + " " + c.optimizer(), () -> {
                LeastSquaresObjective objective = problem(c.problem());
                double[] u = start(c.problem());
                double tolerance = c.problem().startsWith("rosenbrock") ? 1e-8
                        : 1e-8 * TestObjectives.value(objective, u);
                Optimizer optimizer = c.factory().get();
                OptimizerState state = optimizer.newState(u.length);
                int iterations = Integer.MAX_VALUE;
                for (int k = 0; k <= c.bound(); k++) {
                    if (TestObjectives.value(objective, u) <= tolerance) {
                        iterations = k;
                        break;
                    }
                    optimizer.step(objective, u, state);
                    assertNull(state.stopReason(), c.optimizer() + " stopped: " + state.stopReason());
                }
                System.out.printf("measured %-13s %-40s %s%n", c.problem(), c.optimizer(),
                        iterations == Integer.MAX_VALUE ? "not reached" : Integer.toString(iterations));
                assertTrue(iterations <= c.bound(), c.problem() + " " + c.optimizer() + " needed more than "
                        + c.bound() + " steps to reach " + tolerance);
            }));
        }
        return tests;
    }

    /** Sufficient decrease and the strong curvature condition, checked from the iterates alone. */
    @TestFactory
    List<DynamicTest> strongWolfeConditionsHoldAtEveryAcceptedStep() {
        List<DynamicTest> tests = new ArrayList<>();
        record Search(String name, Supplier<Optimizer> factory, double c1, double c2) {
        }
        List<Search> searches = List.of(
                new Search("lbfgs", () -> Optimizers.lbfgs(5, 1.0), 1e-4, 0.9),
                new Search("cg(pr+)", () -> Optimizers.conjugateGradient(
                        NonlinearConjugateGradient.Formula.POLAK_RIBIERE_PLUS, 1.0), 1e-4, 0.1),
                new Search("cg(fr)", () -> Optimizers.conjugateGradient(
                        NonlinearConjugateGradient.Formula.FLETCHER_REEVES, 1.0), 1e-4, 0.1),
                new Search("cg(hs)", () -> Optimizers.conjugateGradient(
                        NonlinearConjugateGradient.Formula.HESTENES_STIEFEL, 1.0), 1e-4, 0.1),
                new Search("newton-cg", Optimizers::newtonCg, 1e-4, 0.9));
        for (Search s : searches) {
            for (String name : PROBLEMS) {
                tests.add(DynamicTest.dynamicTest(s.name() + " " + name, () -> {
                    Objective objective = problem(name);
                    double[] u = start(name);
                    Optimizer optimizer = s.factory().get();
                    OptimizerState state = optimizer.newState(u.length);
                    double[] g0 = new double[u.length];
                    double[] g1 = new double[u.length];
                    int accepted = 0;
                    for (int k = 0; k < 60; k++) {
                        double[] before = u.clone();
                        double value0 = objective.valueAndGradient(before, g0);
                        if (Math.sqrt(StrongWolfeLineSearch.dot(g0, g0)) < 1e-8) {
                            break;
                        }
                        optimizer.step(objective, u, state);
                        double alpha = state.lastStepSize();
                        assertTrue(alpha > 0, "step " + k + " was not accepted: " + state.stopReason());
                        double value1 = objective.valueAndGradient(u, g1);
                        double slope0 = 0;
                        double slope1 = 0;
                        for (int i = 0; i < u.length; i++) {
                            double d = (u[i] - before[i]) / alpha;
                            slope0 += g0[i] * d;
                            slope1 += g1[i] * d;
                        }
                        double roundOff = 1e-12 * Math.max(1.0, Math.abs(value0));
                        assertTrue(slope0 < 0, "not a descent direction at step " + k);
                        assertTrue(value1 <= value0 + s.c1() * alpha * slope0 + roundOff,
                                "sufficient decrease fails at step " + k);
                        assertTrue(Math.abs(slope1) <= s.c2() * Math.abs(slope0) * (1 + 1e-9) + 1e-14,
                                "curvature condition fails at step " + k + ": " + slope1 + " vs " + slope0);
                        accepted++;
                    }
                    assertTrue(accepted >= 5, "only " + accepted + " steps checked");
                }));
            }
        }
        return tests;
    }

    @Test
    void levenbergMarquardtStepTendsToGaussNewtonAsDampingVanishes() {
        for (int denseLimit : new int[] {2000, 0}) {
            LeastSquaresObjective f = problem("rosenbrock10");
            double[] u = {0.3, -0.2, 0.5, 0.1, 0.9, -0.4, 0.2, 0.7, 0.05, -0.3};
            NormalEquations system = new NormalEquations(10, f.residualCount(), denseLimit, 1e-13, 200);
            system.linearize(f, u);
            double[] gaussNewton = new double[10];
            assertTrue(system.solve(0.0, gaussNewton));
            double previous = Double.POSITIVE_INFINITY;
            for (double lambda : new double[] {1e-2, 1e-4, 1e-6, 1e-8}) {
                double[] step = new double[10];
                assertTrue(system.solve(lambda, step));
                double error = maxDifference(step, gaussNewton) / maxAbs(gaussNewton);
                assertTrue(error < previous, "LM step does not approach the Gauss-Newton step as lambda = " + lambda
                        + " decreases (dense limit " + denseLimit + ")");
                previous = error;
            }
            assertTrue(previous < 1e-6, "LM step at lambda 1e-8 differs from Gauss-Newton by " + previous);
        }
    }

    @Test
    void levenbergMarquardtStepTendsToGradientDescentWithStepOneOverLambda() {
        for (int denseLimit : new int[] {2000, 0}) {
            LeastSquaresObjective f = problem("quadratic1e4");
            double[] u = new double[10];
            NormalEquations system = new NormalEquations(10, f.residualCount(), denseLimit, 1e-13, 200);
            system.linearize(f, u);
            double[] g = TestObjectives.gradient(f, u);
            assertArrayEquals(g, system.gradient(), 1e-12 * maxAbs(g));
            for (double lambda : new double[] {1e8, 1e10}) {
                double[] step = new double[10];
                assertTrue(system.solve(lambda, step));
                double[] descent = new double[10];
                for (int i = 0; i < 10; i++) {
                    descent[i] = -g[i] / lambda;
                }
                // (A + λI)⁻¹ = λ⁻¹(I − A/λ + …): relative error ≈ ‖A‖/λ = 1e4/λ
                assertTrue(maxDifference(step, descent) / maxAbs(descent) < 2e4 / lambda,
                        "LM step at lambda " + lambda + " is not -grad J / lambda");
            }
        }
    }

    @Test
    void gaussNewtonSolvesALinearLeastSquaresProblemInOneStep() {
        LeastSquaresProblems.Quadratic f = new LeastSquaresProblems.Quadratic(10, 1e4, 11L);
        double[] u = new double[10];
        Optimizer gn = Optimizers.gaussNewton();
        gn.step(f, u, gn.newState(10));
        assertArrayEquals(f.quadratic.center, u, 1e-9);
    }

    @Test
    void lineSearchThatCannotSatisfyWolfeKeepsTheLastGoodParameters() {
        // the gradient has the wrong sign: −g is an ascent direction for the value
        Objective wrong = (u, g) -> {
            g[0] = -2.0 * u[0];
            return u[0] * u[0];
        };
        for (Optimizer optimizer : List.of(Optimizers.lbfgs(3, 1.0), Optimizers.newtonCg(),
                Optimizers.conjugateGradient(NonlinearConjugateGradient.Formula.POLAK_RIBIERE_PLUS, 1.0))) {
            double[] u = {1.5};
            OptimizerState state = optimizer.newState(1);
            double value = optimizer.step(wrong, u, state);
            assertEquals(2.25, value);
            assertArrayEquals(new double[] {1.5}, u, "parameters moved after a failed line search");
            assertEquals(0.0, state.lastStepSize());
            assertNotNull(state.stopReason());
            assertTrue(state.stopReason().contains("Wolfe") || state.stopReason().contains("descent"),
                    state.stopReason());
        }
    }

    @Test
    void levenbergMarquardtStopsWithReasonWhenTheJacobianIsNotFinite() {
        LeastSquaresObjective broken = new LeastSquaresProblems.Rosenbrock(2) {
            @Override
            public void jacobianTimes(double[] v, double[] out) {
                java.util.Arrays.fill(out, Double.NaN);
            }
        };
        for (Optimizer optimizer : List.of(Optimizers.levenbergMarquardt(1e-3), Optimizers.gaussNewton())) {
            double[] u = {-1.2, 1.0};
            OptimizerState state = optimizer.newState(2);
            optimizer.step(broken, u, state);
            assertArrayEquals(new double[] {-1.2, 1.0}, u);
            assertNotNull(state.stopReason());
        }
    }

    @Test
    void gaussNewtonMethodsRefuseObjectivesThatAreNotSumsOfSquares() {
        for (String name : List.of("gauss-newton", "levenberg-marquardt")) {
            Optimizer optimizer = Optimizers.registry().get(name).create(null, 0, 0);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> optimizer.step(TestObjectives.ROSENBROCK, new double[] {0, 0}, optimizer.newState(2)));
            assertTrue(e.getMessage().startsWith(name + " needs a sum-of-squares objective"), e.getMessage());
        }
    }

    @Test
    void badHyperparametersAreRejectedNamingTheValue() {
        assertMessage(() -> Optimizers.lbfgs(0, 1.0), "memory", "0");
        assertMessage(() -> Optimizers.lbfgs(5, Double.NaN), "initialStep", "NaN");
        assertMessage(() -> Optimizers.lbfgs(5, -1.0), "initialStep", "-1.0");
        assertMessage(() -> new LimitedMemoryBfgs(5, 1.0, 0.5, 0.4, 10), "c1 < c2", "0.5");
        assertMessage(() -> new NonlinearConjugateGradient(null, 1.0, 1e-4, 0.1, 10), "formula", "null");
        assertMessage(() -> NonlinearConjugateGradient.Formula.of("xx"), "fr, pr+, hs", "xx");
        assertMessage(() -> Optimizers.levenbergMarquardt(0.0), "initialDamping", "0.0");
        assertMessage(() -> Optimizers.levenbergMarquardt(Double.POSITIVE_INFINITY), "initialDamping", "Infinity");
        assertMessage(() -> new GaussNewton(-1, 1e-4, 10), "denseLimit", "-1");
        assertMessage(() -> new NewtonConjugateGradient(0, 1e-4, 0.9, 10), "maxCgIterations", "0");
        assertMessage(() -> Optimizers.registry().get("levenberg-marquardt").create(-2.0, 0, 0), "initialDamping",
                "-2.0");
    }

    @Test
    void levenbergMarquardtStopsWithOneLineNamingLambdaWhenNoDampingGivesADecrease() {
        // r(u) = u with the Jacobian -I reported: every damped step s = u/(1 + lambda) moves away from 0, J grows
        LeastSquaresObjective wrongSign = new LeastSquaresObjective() {
            @Override
            public int residualCount() {
                return 2;
            }

            @Override
            public double residuals(double[] u, double[] rOut) {
                rOut[0] = u[0];
                rOut[1] = u[1];
                return 0.5 * (u[0] * u[0] + u[1] * u[1]);
            }

            @Override
            public void jacobianTimes(double[] v, double[] out) {
                out[0] = -v[0];
                out[1] = -v[1];
            }

            @Override
            public void jacobianTransposeTimes(double[] w, double[] out) {
                out[0] = -w[0];
                out[1] = -w[1];
            }
        };
        for (LevenbergMarquardt.Update update : LevenbergMarquardt.Update.values()) {
            for (int denseLimit : new int[] {0, 2000}) {
                Optimizer lm = new LevenbergMarquardt(1e-3, denseLimit, 200, update);
                double[] u = {-1.2, 1.0};
                OptimizerState state = lm.newState(2);
                double value = lm.step(wrongSign, u, state);
                assertEquals(1.22, value, 1e-15);
                assertArrayEquals(new double[] {-1.2, 1.0}, u, "parameters moved although no step was accepted");
                String reason = state.stopReason();
                assertNotNull(reason, update + ", dense limit " + denseLimit);
                // either no lambda up to the overflow gives a decrease, or the step fell below the round-off of u
                assertTrue((reason.contains("no damping up to lambda = ") || reason.contains("below the round-off"))
                        && reason.contains("lambda = ") && reason.contains(Double.toString(value))
                        && !reason.contains("\n"), reason);
            }
        }
    }

    /** The first trial of L-BFGS's line search has length min(α₀‖d‖, Δ·max(1, ‖u‖)); Δ = ∞ leaves it alone. */
    @Test
    void lbfgsStepBoundShortensTheFirstTrialRelativeToThePoint() {
        LimitedMemoryBfgs bounded = new LimitedMemoryBfgs(5, 1.0, 1e-4, 0.9, 40, 0.01);
        double[] d = {3.0, -4.0};
        assertEquals(0.01 * 1.0 / 5.0, bounded.boundedFirstTrial(1.0, new double[] {0.0, 0.0}, d), 1e-17,
                "||u|| < 1: the bound is Delta itself");
        assertEquals(0.01 * 13.0 / 5.0, bounded.boundedFirstTrial(1.0, new double[] {5.0, 12.0}, d), 1e-16,
                "||u|| = 13: the bound is Delta ||u||");
        assertEquals(1e-4, bounded.boundedFirstTrial(1e-4, new double[] {5.0, 12.0}, d), 0.0,
                "a first trial inside the bound is kept");
        LimitedMemoryBfgs plain = new LimitedMemoryBfgs(5, 1.0, 1e-4, 0.9, 40, Double.POSITIVE_INFINITY);
        assertEquals(1.0, plain.boundedFirstTrial(1.0, new double[] {5.0, 12.0}, d), 0.0);

        // In a step: the first evaluated trial from u = (30, 40) lies at distance 0.01 * 50 along -grad J for
        // J = ½‖u‖² (the unbounded first trial, initialStep / ||grad J|| = 1/50, would be at distance 1).
        double[] first = new double[2];
        boolean[] seen = {false};
        Objective halfSquare = new Objective() {
            @Override
            public double valueAndGradient(double[] u, double[] gradOut) {
                record(u);
                System.arraycopy(u, 0, gradOut, 0, u.length);
                return 0.5 * (u[0] * u[0] + u[1] * u[1]);
            }

            @Override
            public double value(double[] u) {
                record(u);
                return 0.5 * (u[0] * u[0] + u[1] * u[1]);
            }

            private void record(double[] u) {
                if (seen[0] || (u[0] == 30.0 && u[1] == 40.0)) {
                    return;
                }
                seen[0] = true;
                System.arraycopy(u, 0, first, 0, 2);
            }
        };
        double[] u = {30.0, 40.0};
        OptimizerState state = bounded.newState(2);
        bounded.step(halfSquare, u, state);
        assertNull(state.stopReason, state.stopReason);
        assertEquals(0.5, Math.hypot(30.0 - first[0], 40.0 - first[1]), 1e-12, "first trial length");
        assertTrue(Math.hypot(u[0], u[1]) < 50.0, "the accepted step decreases J");
    }

    @Test
    void nonFiniteAndOutOfRangeLineSearchAndDampingSettingsAreRejectedNamingTheValue() {
        assertMessage(() -> new LimitedMemoryBfgs(5, 1.0, Double.NaN, 0.9, 10), "c1", "NaN");
        assertMessage(() -> new LimitedMemoryBfgs(5, 1.0, 1e-4, 1.0, 10), "c2", "1.0");
        assertMessage(() -> new LimitedMemoryBfgs(5, 1.0, 1e-4, 0.9, 0), "maxEvaluations", "0");
        assertMessage(() -> new LimitedMemoryBfgs(-2, 1.0, 1e-4, 0.9, 10), "memory", "-2");
        assertMessage(() -> new LimitedMemoryBfgs(5, 1.0, 1e-4, 0.9, 10, 0.0), "stepBound", "0.0");
        assertMessage(() -> new LimitedMemoryBfgs(5, 1.0, 1e-4, 0.9, 10, Double.NaN), "stepBound", "NaN");
        assertMessage(() -> new NonlinearConjugateGradient(NonlinearConjugateGradient.Formula.FLETCHER_REEVES,
                Double.POSITIVE_INFINITY, 1e-4, 0.1, 10), "initialStep", "Infinity");
        assertMessage(() -> new NonlinearConjugateGradient(NonlinearConjugateGradient.Formula.HESTENES_STIEFEL, 1.0,
                1e-4, Double.NEGATIVE_INFINITY, 10), "c2", "-Infinity");
        assertMessage(() -> new NewtonConjugateGradient(10, 1e-4, 0.9, 10, Double.NaN), "forcingCap", "NaN");
        assertMessage(() -> new NewtonConjugateGradient(10, 1e-4, 0.9, 10, 1.0), "forcingCap", "1.0");
        assertMessage(() -> new LevenbergMarquardt(Double.NaN, 10, 10), "initialDamping", "NaN");
        assertMessage(() -> new LevenbergMarquardt(1e-3, 10, 0), "maxRejections", "0");
        assertMessage(() -> new LevenbergMarquardt(1e-3, 10, 10, null), "update", "null");
        assertMessage(() -> LevenbergMarquardt.Update.of("more"), "nielsen or marquardt", "more");
        assertMessage(() -> new GaussNewton(10, Double.NaN, 10), "sufficientDecrease", "NaN");
        assertMessage(() -> new GaussNewton(10, 1e-4, 0), "maxBacktracks", "0");
        assertMessage(() -> new NewtonTrustRegion(0, 0.1, 1.0, 1e-4, 0.5, 5), "maxCgIterations", "0");
        assertMessage(() -> new NewtonTrustRegion(5, -0.1, 1.0, 1e-4, 0.5, 5), "initialRadius", "-0.1");
        assertMessage(() -> new NewtonTrustRegion(5, 0.1, 0.01, 1e-4, 0.5, 5), "maxRadius", "0.01");
        assertMessage(() -> new NewtonTrustRegion(5, 0.1, 1.0, 0.3, 0.5, 5), "acceptance", "0.3");
        assertMessage(() -> new NewtonTrustRegion(5, 0.1, 1.0, 1e-4, Double.NaN, 5), "forcingCap", "NaN");
        assertMessage(() -> new NewtonTrustRegion(5, 0.1, 1.0, 1e-4, 0.5, 0), "maxRejections", "0");
    }

    /**
     * At a saddle the trust-region step follows the direction of negative curvature to the boundary: from
     * {@code (1, 0)} on {@code J = ½x² − ½y² + ¼y⁴} (saddle at the origin, minima at {@code (0, ±1)}) the gradient
     * is nearly along x and the Hessian is indefinite; the trust region leaves the saddle along y and reaches a
     * minimum; every accepted step decreases J and stays inside the region.
     */
    @Test
    void trustRegionNewtonCgLeavesASaddleAlongNegativeCurvature() {
        SecondOrderObjective saddle = new SecondOrderObjective() {
            @Override
            public double valueAndGradient(double[] u, double[] g) {
                g[0] = u[0];
                g[1] = -u[1] + u[1] * u[1] * u[1];
                return 0.5 * u[0] * u[0] - 0.5 * u[1] * u[1] + 0.25 * Math.pow(u[1], 4);
            }

            @Override
            public void hessianTimes(double[] u, double[] v, double[] out) {
                out[0] = v[0];
                out[1] = (-1.0 + 3.0 * u[1] * u[1]) * v[1];
            }
        };
        // a tiny y offset: the Newton step goes to the saddle's neighbourhood, the negative curvature leaves it
        double[] start = {1.0, 1e-3};
        NewtonTrustRegion tr = (NewtonTrustRegion) Optimizers.newtonTrustRegion();
        double[] u = start.clone();
        OptimizerState state = tr.newState(2);
        double previous = Double.POSITIVE_INFINITY;
        for (int k = 0; k < 60; k++) {
            double radius = tr.radius(state);
            double[] before = u.clone();
            double value = tr.step(saddle, u, state);
            assertNull(state.stopReason(), "iteration " + k);
            assertTrue(value < previous, "J did not decrease at iteration " + k);
            previous = value;
            double moved = Math.hypot(u[0] - before[0], u[1] - before[1]);
            assertTrue(moved <= radius * (1 + 1e-12), "step " + moved + " outside the region " + radius);
            if (Math.abs(u[0]) < 1e-9 && Math.abs(Math.abs(u[1]) - 1.0) < 1e-9) {
                return;
            }
        }
        throw new AssertionError("trust-region Newton-CG did not reach a minimum (0, ±1): at " + u[0] + ", " + u[1]);
    }

    /**
     * A state restored from a snapshot continues every second-order method bit-identically: the snapshot carries
     * the L-BFGS pairs, the conjugate-gradient bookkeeping, the cached value and the damping; with the memory zeroed
     * (an empty L-BFGS memory, a CG restart, λ = 0) the continuation differs, so the memory is what makes it exact.
     */
    @Test
    void restoredSnapshotContinuesEverySecondOrderMethodBitIdentically() {
        List<Optimizer> methods = List.of(Optimizers.lbfgs(4, 1.0),
                Optimizers.conjugateGradient(NonlinearConjugateGradient.Formula.POLAK_RIBIERE_PLUS, 1.0),
                Optimizers.conjugateGradient(NonlinearConjugateGradient.Formula.FLETCHER_REEVES, 1.0),
                Optimizers.conjugateGradient(NonlinearConjugateGradient.Formula.HESTENES_STIEFEL, 1.0),
                Optimizers.newtonCg(), Optimizers.gaussNewton(), Optimizers.levenbergMarquardt(1e-3),
                new LevenbergMarquardt(1e-3, 0, 60, LevenbergMarquardt.Update.MARQUARDT),
                Optimizers.newtonTrustRegion());
        for (Optimizer optimizer : methods) {
            LeastSquaresProblems.Rosenbrock f = new LeastSquaresProblems.Rosenbrock(10);
            double[] u = new double[10];
            OptimizerState state = optimizer.newState(10);
            for (int i = 0; i < 4; i++) {
                optimizer.step(f, u, state);
            }
            OptimizerState.Snapshot snapshot = state.snapshot();
            double[] resumed = u.clone();
            double[] forgetful = u.clone();
            for (int i = 0; i < 6; i++) {
                optimizer.step(f, u, state);
            }
            OptimizerState restored = optimizer.newState(10);
            restored.restore(snapshot);
            LeastSquaresProblems.Rosenbrock fresh = new LeastSquaresProblems.Rosenbrock(10);
            for (int i = 0; i < 6; i++) {
                optimizer.step(fresh, resumed, restored);
            }
            assertArrayEquals(u, resumed, 0.0, optimizer + ": restored run");
            // Gauss-Newton has no memory, Newton-CG's is a cache of the value at the accepted point
            if (!(optimizer instanceof GaussNewton) && !(optimizer instanceof NewtonConjugateGradient)) {
                OptimizerState.Snapshot noMemory = new OptimizerState.Snapshot(snapshot.iteration(),
                        snapshot.lastValue(), snapshot.lastStepSize(), snapshot.lipschitz(), snapshot.lastBacktracks(),
                        snapshot.gradient(), snapshot.momentum(), snapshot.secondMoment(),
                        snapshot.accumulatedUpdate(), snapshot.point(), snapshot.work(),
                        zeroed(snapshot.extra()));
                OptimizerState amnesic = optimizer.newState(10);
                amnesic.restore(noMemory);
                for (int i = 0; i < 6; i++) {
                    optimizer.step(new LeastSquaresProblems.Rosenbrock(10), forgetful, amnesic);
                }
                assertTrue(!java.util.Arrays.equals(u, forgetful), optimizer + ": the memory should matter");
            }
        }
        OptimizerState lbfgs = Optimizers.lbfgs(4, 1.0).newState(10);
        assertMessage(() -> lbfgs.restore(Optimizers.lbfgs(3, 1.0).newState(10).snapshot()), "L-BFGS", "values");
    }

    @Test
    void newtonCgWithGradientDifferencesFollowsExactNewtonCg() {
        LeastSquaresProblems.Rosenbrock exact = new LeastSquaresProblems.Rosenbrock(10);
        Objective gradientOnly = exact::valueAndGradient;
        double[] a = new double[10];
        double[] b = new double[10];
        Optimizer first = Optimizers.newtonCg();
        Optimizer second = Optimizers.newtonCg();
        OptimizerState sa = first.newState(10);
        OptimizerState sb = second.newState(10);
        for (int k = 0; k < 5; k++) {
            first.step(exact, a, sa);
            second.step(gradientOnly, b, sb);
        }
        assertArrayEquals(a, b, 1e-6, "Newton-CG iterates with differenced Hessian products left the exact ones");
    }

    private static void assertMessage(Runnable r, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "message '" + e.getMessage() + "' does not name " + part);
        }
        assertTrue(!e.getMessage().contains("\n"), "message is not one line");
    }

    private static double maxDifference(double[] a, double[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    private static double maxAbs(double[] a) {
        double max = 0;
        for (double x : a) {
            max = Math.max(max, Math.abs(x));
        }
        return max;
    }

    /** The optimizer-specific parts with every value set to 0 (same shapes). */
    private static double[][] zeroed(double[][] extra) {
        double[][] out = new double[extra.length][];
        for (int k = 0; k < extra.length; k++) {
            out[k] = new double[extra[k].length];
        }
        return out;
    }
}
