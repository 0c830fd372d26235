package io.github.pontryagin.adjoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pontryagin.core.field.Activation;
import io.github.pontryagin.core.field.VectorField;
import io.github.pontryagin.core.field.VectorFields;
import io.github.pontryagin.core.tableau.Tableau;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Checkpointed backward passes recompute segments with the same code: bit-identical gradients. */
class CheckpointingTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.pontryagin.core.field.VectorFields#families")
    void checkpointedGradientsEqualFullStorageBitForBit(String family) {
        for (Tableau tableau : Tableau.all()) {
            VectorField field = VectorFields.create(family, 4, Activation.TANH);
            TestProblems.Problem problem = new TestProblems.Problem(new RungeKuttaFlow(tableau, field, 11), 7, 13);
            double[] full = problem.adjointGradient(problem.flow.newTrajectory(problem.m),
                    DiscreteAdjoint.Form.REVERSE);
            for (int interval : new int[] {1, 2, 3, 4, 5, 10, 11}) {
                double[] checkpointed = problem.adjointGradient(problem.flow.newTrajectory(problem.m, interval),
                        DiscreteAdjoint.Form.REVERSE);
                assertEquals(full.length, checkpointed.length);
                for (int i = 0; i < full.length; i++) {
                    assertEquals(Double.doubleToRawLongBits(full[i]), Double.doubleToRawLongBits(checkpointed[i]),
                            family + "/" + tableau.name() + " interval " + interval + " entry " + i + ": "
                                    + full[i] + " vs " + checkpointed[i]);
                }
            }
        }
    }

    @Test
    void storedDoublesGrowLikeLayersOverIntervalPlusInterval() {
        VectorField field = VectorFields.create("sigma-affine", 2, Activation.TANH);
        RungeKuttaFlow flow = new RungeKuttaFlow(Tableau.rk4(), field, 400);
        int m = 10;
        long full = flow.newTrajectory(m).storedDoubles();
        int k = flow.defaultCheckpointInterval();
        assertEquals(20, k);
        long checkpointed = flow.newTrajectory(m, k).storedDoubles();
        long dm = 2L * m;
        // full: N·2s layers of stage values (+ one checkpoint and the final state)
        assertEquals(400L * 2 * 4 * dm + 2 * dm, full);
        // checkpointed: N/k checkpoints + k·2s stage values + the final state
        assertEquals((400L / k) * dm + (long) k * 2 * 4 * dm + dm, checkpointed);
        assertTrue(checkpointed * 10 < full, "√N checkpointing must save an order of magnitude at N = 400");
    }

    @Test
    void reusingATrajectoryForNewParametersGivesFreshGradients() {
        TestProblems.Problem problem = TestProblems.Problem.of("kutta3", "sigma-affine", Activation.SIGMOID, 8);
        Trajectory shared = problem.flow.newTrajectory(problem.m, 2);
        double[] first = problem.adjointGradient(shared, DiscreteAdjoint.Form.REVERSE);
        problem.theta[0] += 0.5;
        double[] changed = problem.adjointGradient(shared, DiscreteAdjoint.Form.REVERSE);
        double[] fresh = problem.adjointGradient(problem.flow.newTrajectory(problem.m, 2),
                DiscreteAdjoint.Form.REVERSE);
        assertArrayEquals(fresh, changed, 0.0);
        assertTrue(first[1] != changed[1], "the gradient must depend on the new parameters");
    }
}
