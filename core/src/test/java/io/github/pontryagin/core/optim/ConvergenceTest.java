package io.github.pontryagin.core.optim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every optimizer drives Rosenbrock 2-D (from (−1.2, 1)), Rosenbrock 10-D (from 0) and a 10-D
 * quadratic with condition number 1e4 below a stated tolerance within a stated number of steps.
 * The bounds are the measured counts (printed as "measured …") times 1.5. RMSprop and Adadelta
 * with a constant learning rate stall at a level set by the learning rate (their steps have size
 * ≈ α whatever the gradient), so their tolerances are looser and stated per case.
 */
class ConvergenceTest {

    /** Absolute tolerance on J (J* = 0); RMSprop and Adadelta use the looser ones stated in {@link #cases()}. */
    private static final double ROSENBROCK_TOLERANCE = 1e-8;
    private static final double QUADRATIC_RELATIVE_TOLERANCE = 1e-8;

    private record Case(String problem, String optimizer, Supplier<Optimizer> factory, double tolerance, int bound) {
    }

    private static double[] rosenbrock2Start() {
        return new double[] {-1.2, 1.0};
    }

    private static int iterationsToTolerance(Optimizer optimizer, Objective objective, double[] u, double tolerance,
            int cap) {
        OptimizerState state = optimizer.newState(u.length);
        double[] g = new double[u.length];
        for (int k = 0; k <= cap; k++) {
            double value = objective.valueAndGradient(u, g);
            if (!Double.isFinite(value)) {
                return Integer.MAX_VALUE;
            }
            if (value <= tolerance) {
                return k;
            }
            optimizer.step(objective, u, state);
        }
        return Integer.MAX_VALUE;
    }

    private static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        // Rosenbrock 2-D and 10-D: the same hyper-parameters for both.
        for (String problem : new String[] {"rosenbrock2", "rosenbrock10"}) {
            double t = ROSENBROCK_TOLERANCE;
            cases.add(new Case(problem, "gradientDescent(5e-4)", () -> Optimizers.gradientDescent(5e-4), t, Bounds.get(problem, 0)));
            cases.add(new Case(problem, "armijo(1, 0.5, 0.4)", () -> Optimizers.armijo(1.0, 0.5, 0.4), t, Bounds.get(problem, 1)));
            cases.add(new Case(problem, "lipschitzBacktracking(0.1)", () -> Optimizers.lipschitzBacktracking(0.1), t, Bounds.get(problem, 2)));
            cases.add(new Case(problem, "heavyBall(5e-4, 0.9)", () -> Optimizers.heavyBall(5e-4, 0.9), t, Bounds.get(problem, 3)));
            cases.add(new Case(problem, "nesterov(5e-4, 0.9)", () -> Optimizers.nesterov(5e-4, 0.9), t, Bounds.get(problem, 4)));
            cases.add(new Case(problem, "relativistic(5e-4, 0.9, 1, 1)", () -> Optimizers.relativistic(5e-4, 0.9, 1.0, 1.0), t, Bounds.get(problem, 5)));
            cases.add(new Case(problem, "adam(1e-2, 0.9, 0.999, 1e-8)", () -> Optimizers.adam(1e-2, 0.9, 0.999, 1e-8), t, Bounds.get(problem, 6)));
            cases.add(new Case(problem, "adamW(1e-2, 0.9, 0.999, 1e-8, 1e-6)", () -> Optimizers.adamW(1e-2, 0.9, 0.999, 1e-8, 1e-6), t, Bounds.get(problem, 7)));
            double stalled = problem.equals("rosenbrock2") ? 1e-5 : 1e-4;
            cases.add(new Case(problem, "rmsProp(1e-4, 0.99, 1e-8)", () -> Optimizers.rmsProp(1e-4, 0.99, 1e-8), stalled, Bounds.get(problem, 8)));
            cases.add(new Case(problem, "adagrad(0.1, 1e-8)", () -> Optimizers.adagrad(0.1, 1e-8), t, Bounds.get(problem, 9)));
            cases.add(new Case(problem, "adadelta(0.03, 0.9, 1e-8)", () -> Optimizers.adadelta(0.03, 0.9, 1e-8), 10 * stalled, Bounds.get(problem, 10)));
            cases.add(new Case(problem, "ssa1(0.02, 1)", () -> Optimizers.ssa1(0.02, 1.0), t, Bounds.get(problem, 11)));
            cases.add(new Case(problem, "ssa2(0.02, 1, 1, 0.1)", () -> Optimizers.ssa2(0.02, 1.0, 1.0, 0.1), t, Bounds.get(problem, 12)));
        }
        String q = "quadratic1e4";
        double t = QUADRATIC_RELATIVE_TOLERANCE;
        double kappa = 1e4;
        double sq = Math.sqrt(kappa);
        cases.add(new Case(q, "gradientDescent(1/L)", () -> Optimizers.gradientDescent(1.0 / kappa), t, Bounds.get(q, 0)));
        cases.add(new Case(q, "armijo(1, 0.5, 0.4)", () -> Optimizers.armijo(1.0, 0.5, 0.4), t, Bounds.get(q, 1)));
        cases.add(new Case(q, "lipschitzBacktracking(0.1)", () -> Optimizers.lipschitzBacktracking(0.1), t, Bounds.get(q, 2)));
        cases.add(new Case(q, "heavyBall(4/(sqrt L + 1)^2, ((sqrt k-1)/(sqrt k+1))^2)",
                () -> Optimizers.heavyBall(4.0 / ((sq + 1) * (sq + 1)), Math.pow((sq - 1) / (sq + 1), 2)), t, Bounds.get(q, 3)));
        cases.add(new Case(q, "nesterov(1/L, (sqrt k-1)/(sqrt k+1))",
                () -> Optimizers.nesterov(1.0 / kappa, (sq - 1) / (sq + 1)), t, Bounds.get(q, 4)));
        cases.add(new Case(q, "relativistic(1/L, (sqrt k-1)/(sqrt k+1), 1, 1)",
                () -> Optimizers.relativistic(1.0 / kappa, (sq - 1) / (sq + 1), 1.0, 1.0), t, Bounds.get(q, 5)));
        cases.add(new Case(q, "adam(1e-2, 0.9, 0.999, 1e-8)", () -> Optimizers.adam(1e-2, 0.9, 0.999, 1e-8), t, Bounds.get(q, 6)));
        cases.add(new Case(q, "adamW(1e-2, 0.9, 0.999, 1e-8, 1e-6)", () -> Optimizers.adamW(1e-2, 0.9, 0.999, 1e-8, 1e-6), t, Bounds.get(q, 7)));
        cases.add(new Case(q, "rmsProp(1e-4, 0.99, 1e-8)", () -> Optimizers.rmsProp(1e-4, 0.99, 1e-8), 1e-6, Bounds.get(q, 8)));
        cases.add(new Case(q, "adagrad(0.1, 1e-8)", () -> Optimizers.adagrad(0.1, 1e-8), t, Bounds.get(q, 9)));
        cases.add(new Case(q, "adadelta(0.03, 0.9, 1e-8)", () -> Optimizers.adadelta(0.03, 0.9, 1e-8), 1e-5, Bounds.get(q, 10)));
        cases.add(new Case(q, "ssa1(0.01, 1)", () -> Optimizers.ssa1(0.01, 1.0), t, Bounds.get(q, 11)));
        cases.add(new Case(q, "ssa2(0.01, 1, 1, 0.1)", () -> Optimizers.ssa2(0.01, 1.0, 1.0, 0.1), t, Bounds.get(q, 12)));
        return cases;
    }

    /** Measured iteration counts (in comments) × 1.5, per problem, in the order of {@link #cases()}. */
    private static final class Bounds {
        // measured: 41670, 1344, 9188, 4036, 4079, 2051, 4725, 4728, 29049, 27266, 34859, 931, 1064
        private static final int[] ROSENBROCK_2 = {62505, 2016, 13782, 6054, 6119, 3077, 7088, 7092, 43574, 40899, 52289, 1397, 1596};
        // measured: 35468, 9194, 14336, 3460, 3470, 1777, 773, 773, 29340, 12548, 12146, 387, 432
        private static final int[] ROSENBROCK_10 = {53202, 13791, 21504, 5190, 5205, 2666, 1160, 1160, 44010, 18822, 18219, 581, 648};
        // measured: 40336, 10929, 19252, 779, 624, 818, 4802, 4802, 10837, 26336, 21532, 631, 675
        private static final int[] QUADRATIC = {60504, 16394, 28878, 1169, 936, 1227, 7203, 7203, 16256, 39504, 32298, 947, 1013};

        static int get(String problem, int index) {
            return switch (problem) {
                case "rosenbrock2" -> ROSENBROCK_2[index];
                case "rosenbrock10" -> ROSENBROCK_10[index];
                default -> QUADRATIC[index];
            };
        }
    }

    @TestFactory
    List<DynamicTest> everyOptimizerReachesToleranceWithinStatedSteps() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Case c : cases()) {
            tests.add(DynamicTest.dynamicTest(c.problem() + " " + c.optimizer(), () -> {
                Objective objective;
                double[] u;
                double tolerance;
                switch (c.problem()) {
                    case "rosenbrock2" -> {
                        objective = TestObjectives.ROSENBROCK;
                        u = rosenbrock2Start();
                        tolerance = c.tolerance();
                    }
                    case "rosenbrock10" -> {
                        objective = TestObjectives.ROSENBROCK;
                        u = new double[10];
                        tolerance = c.tolerance();
                    }
                    default -> {
                        objective = new TestObjectives.Quadratic(10, 1e4, 11L);
                        u = new double[10];
                        tolerance = c.tolerance() * TestObjectives.value(objective, u);
                    }
                }
                int iterations = iterationsToTolerance(c.factory().get(), objective, u, tolerance, c.bound());
                System.out.printf("measured %-13s %-55s tol %-8.0e %s%n", c.problem(), c.optimizer(), c.tolerance(),
                        iterations == Integer.MAX_VALUE ? "not reached" : Integer.toString(iterations));
                assertTrue(iterations <= c.bound(), c.problem() + " " + c.optimizer() + " needed more than "
                        + c.bound() + " steps to reach " + tolerance);
            }));
        }
        return tests;
    }
}
