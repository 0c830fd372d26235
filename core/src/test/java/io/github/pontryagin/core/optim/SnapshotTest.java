package io.github.pontryagin.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
                        .withProjection(Projection.box(-2, 2)),
                new TimeVaryingMomentum(1e-3, TimeVaryingMomentum.Rule.FISTA), Optimizers.itohAbe(0.5, 3),
                new ItohAbe(0.5, false, 0, List.of()), Optimizers.lbfgs(3, 1.0),
                Optimizers.conjugateGradient(NonlinearConjugateGradient.Formula.POLAK_RIBIERE_PLUS, 1.0),
                Optimizers.conjugateGradient(NonlinearConjugateGradient.Formula.FLETCHER_REEVES, 1.0),
                Optimizers.conjugateGradient(NonlinearConjugateGradient.Formula.HESTENES_STIEFEL, 1.0),
                Optimizers.newtonCg());
    }

    /**
     * Adam's step leaves its mass and velocity (outputs only) unwritten; a snapshot and the energy still see those of
     * the last step: {@code M = (h/α)(1 − β₁ᵗ)(√(v/(1 − β₂ᵗ)) + ε)} to round-off, {@code w = p/M} exactly, and
     * {@code H = ½ Σ p²/M + J}.
     */
    @Test
    void aSnapshotOfAdamHoldsTheMassAndVelocityOfItsLastStep() {
        double alpha = 1e-2;
        PreconditionedConformalEuler adam = (PreconditionedConformalEuler) Optimizers.adam(alpha);
        double[] u = {-1.2, 1.0};
        OptimizerState state = adam.newState(u.length);
        int steps = 7;
        for (int i = 0; i < steps; i++) {
            adam.step(ROSENBROCK, u, state);
        }
        OptimizerState.Snapshot snapshot = state.snapshot();
        double kinetic = 0;
        for (int i = 0; i < u.length; i++) {
            double mass = 0.1 / alpha * (1 - Math.pow(0.9, steps))
                    * (Math.sqrt(snapshot.secondMoment()[i] / (1 - Math.pow(0.999, steps))) + 1e-8);
            assertEquals(mass, snapshot.point()[i], 1e-12 * mass, "mass " + i);
            assertEquals(snapshot.momentum()[i] / snapshot.point()[i], snapshot.work()[i], 0.0, "velocity " + i);
            kinetic += 0.5 * snapshot.momentum()[i] * snapshot.momentum()[i] / snapshot.point()[i];
        }
        double value = ROSENBROCK.valueAndGradient(u.clone(), new double[2]);
        assertEquals(kinetic + value, adam.energy(value, state), 1e-15 * Math.abs(kinetic + value));
    }

    /** The least-squares methods on Rosenbrock's residuals, and the Stiefel methods (MEC, Givens Itoh–Abe). */
    @Test
    void restoredStateContinuesTheLeastSquaresAndStiefelMethodsBitIdentically() {
        LeastSquaresProblems.Rosenbrock residuals = new LeastSquaresProblems.Rosenbrock(2);
        for (Optimizer optimizer : List.of(Optimizers.gaussNewton(), Optimizers.levenbergMarquardt(1e-3))) {
            assertResumesBitIdentically(optimizer, residuals, new double[] {-1.2, 1.0}, 3);
        }
        Brockett brockett = new Brockett(5, 2, 2, 4);
        List<StiefelBlock> blocks = List.of(brockett.block);
        for (Optimizer optimizer : List.of(new MecLearning(0.05, 0.5, blocks), new ItohAbe(0.3, true, 8, blocks),
                Optimizers.heavyBall(0.01, 0.9).onStiefel(blocks, Retraction.CAYLEY),
                Optimizers.adam(0.01).onStiefel(blocks, Retraction.QR))) {
            assertResumesBitIdentically(optimizer, brockett, brockett.start(2), 15);
        }
    }

    private static void assertResumesBitIdentically(Optimizer optimizer, Objective objective, double[] start,
                                                    int steps) {
        double[] u = start.clone();
        OptimizerState state = optimizer.newState(u.length);
        for (int i = 0; i < steps; i++) {
            optimizer.step(objective, u, state);
        }
        OptimizerState.Snapshot snapshot = state.snapshot();
        double[] resumedU = u.clone();
        for (int i = 0; i < steps; i++) {
            optimizer.step(objective, u, state);
        }
        OptimizerState restored = optimizer.newState(u.length);
        restored.restore(snapshot);
        for (int i = 0; i < steps; i++) {
            optimizer.step(objective, resumedU, restored);
        }
        assertArrayEquals(u, resumedU, 0.0, optimizer.toString());
        assertTrue(!java.util.Arrays.equals(u, start), optimizer + " must move");
    }

    @Test
    void snapshotWithoutTheOptimizerSpecificPartsIsRejected() {
        Optimizer lbfgs = Optimizers.lbfgs(3, 1.0);
        OptimizerState.Snapshot full = lbfgs.newState(2).snapshot();
        OptimizerState.Snapshot old = new OptimizerState.Snapshot(full.iteration(), full.lastValue(),
                full.lastStepSize(), full.lipschitz(), full.lastBacktracks(), full.gradient(), full.momentum(),
                full.secondMoment(), full.accumulatedUpdate(), full.point(), full.work());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> lbfgs.newState(2).restore(old));
        assertTrue(e.getMessage().contains("0 optimizer-specific part(s)") && e.getMessage().contains("has 1"),
                e.getMessage());
        OptimizerState.Snapshot other = Optimizers.lbfgs(4, 1.0).newState(2).snapshot();
        e = assertThrows(IllegalArgumentException.class, () -> lbfgs.newState(2).restore(other));
        assertTrue(e.getMessage().contains("L-BFGS (memory of 3 pairs)") && e.getMessage().contains("needs 19"),
                e.getMessage());
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
