package io.github.pontryagin.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** A restored state continues a run bit-identically, for every optimizer (used by training checkpoints). */
class SnapshotTest {

    private static final Objective ROSENBROCK = (u, g) -> {
        double a = 1 - u[0];
        double b = u[1] - u[0] * u[0];
        g[0] = -2 * a - 400 * u[0] * b;
        g[1] = 200 * b;
        return a * a + 100 * b * b;
    };

    private static List<Optimizer> everyOptimizer() {
        return List.of(Optimizers.gradientDescent(1e-3), Optimizers.armijo(1, 0.5, 0.4),
                Optimizers.lipschitzBacktracking(0.1), Optimizers.heavyBall(1e-3, 0.9), Optimizers.nesterov(1e-3, 0.9),
                Optimizers.relativistic(1e-3, 0.9, 1, 1), Optimizers.adam(1e-2),
                Optimizers.adamW(1e-2, 0.9, 0.999, 1e-8, 1e-3), Optimizers.rmsProp(1e-3, 0.99, 1e-8),
                Optimizers.adagrad(0.1, 1e-8), Optimizers.adadelta(0.03, 0.9, 1e-8), Optimizers.ssa1(0.02, 1),
                Optimizers.ssa2(0.02, 1, 1, 0.1),
                Optimizers.adam(1e-2).withGradientClipping(GradientClipping.byGlobalNorm(1))
                        .withProjection(Projection.box(-2, 2)));
    }

    @Test
    void restoredStateContinuesEveryOptimizerBitIdentically() {
        for (Optimizer optimizer : everyOptimizer()) {
            double[] u = {-1.2, 1.0};
            OptimizerState state = optimizer.newState(2);
            for (int i = 0; i < 15; i++) {
                optimizer.step(ROSENBROCK, u, state);
            }
            OptimizerState.Snapshot snapshot = state.snapshot();
            double[] resumedU = u.clone();
            for (int i = 0; i < 15; i++) {
                optimizer.step(ROSENBROCK, u, state);
            }
            OptimizerState restored = optimizer.newState(2);
            restored.restore(snapshot);
            for (int i = 0; i < 15; i++) {
                optimizer.step(ROSENBROCK, resumedU, restored);
            }
            assertArrayEquals(u, resumedU, 0.0, optimizer.toString());
            assertTrue(restored.iteration() == state.iteration(), optimizer.toString());
        }
    }

    @Test
    void snapshotOfAnotherOptimizerIsRejectedWithItsArrayName() {
        OptimizerState.Snapshot adam = Optimizers.adam(0.1).newState(3).snapshot();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Optimizers.gradientDescent(0.1).newState(3).restore(adam));
        assertTrue(e.getMessage().contains("optimizer snapshot array"), e.getMessage());
    }
}
