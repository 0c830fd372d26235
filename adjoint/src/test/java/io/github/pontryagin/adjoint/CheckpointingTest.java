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
            TestProblems.Problem problem = new TestProblems.Problem(
                    new DiscreteFlow(LayerUpdate.rungeKutta(tableau), field, 11), TestProblems.BATCH, 13);
            double[] full = problem.adjointGradient(DiscreteAdjoint.reverse());
            for (int interval : new int[] {1, 2, 3, 4, 5, 10, 11, 12, 1000, 0}) {
                // 0 stands for checkpointSqrt(); intervals above N = 11 store everything
                DiscreteAdjoint adjoint = interval == 0 ? DiscreteAdjoint.reverse().checkpointSqrt()
                        : DiscreteAdjoint.reverse().checkpointEvery(interval);
                double[] checkpointed = problem.adjointGradient(adjoint);
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
    void checkpointedSprkGradientsEqualFullStorageBitForBit() {
        VectorField field = VectorFields.create("two-layer", 3, Activation.TANH);
        TestProblems.Problem problem = new TestProblems.Problem(
                new DiscreteFlow(LayerUpdate.rungeKutta(Tableau.rk4()), field, 9), TestProblems.BATCH, 17);
        double[] full = problem.adjointGradient(DiscreteAdjoint.sprk());
        for (int interval : new int[] {1, 2, 4, 9}) {
            double[] checkpointed = problem.adjointGradient(DiscreteAdjoint.sprk().checkpointEvery(interval));
            for (int i = 0; i < full.length; i++) {
                assertEquals(Double.doubleToRawLongBits(full[i]), Double.doubleToRawLongBits(checkpointed[i]),
                        "SPRK interval " + interval + " entry " + i);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.pontryagin.core.field.VectorFields#families")
    void checkpointedGradientsEqualFullStorageBitForBitForAWideState(String family) {
        // d = 70: the products run many 2 × 4 register blocks and two 64-column blocks of accumulateOuter
        VectorField field = VectorFields.create(family, 70, Activation.TANH);
        TestProblems.Problem problem = new TestProblems.Problem(
                new DiscreteFlow(LayerUpdate.rungeKutta(Tableau.kutta3()), field, 6), 2 * 8 + 5, 31);
        double[] full = problem.adjointGradient(DiscreteAdjoint.reverse());
        for (Adjoint adjoint : new Adjoint[] {DiscreteAdjoint.reverse().checkpointEvery(2),
            DiscreteAdjoint.reverse().checkpointSqrt(), DiscreteAdjoint.sprk().checkpointEvery(4)}) {
            double[] checkpointed = problem.adjointGradient(adjoint);
            double largest = 0;
            for (int i = 0; i < full.length; i++) {
                largest = Math.max(largest, Math.abs(full[i]));
                if (adjoint.toString().contains("SPRK")) {
                    continue; // another summation order: compared to round-off below
                }
                assertEquals(Double.doubleToRawLongBits(full[i]), Double.doubleToRawLongBits(checkpointed[i]),
                        family + " d = 70, " + adjoint + ", entry " + i + ": " + full[i] + " vs " + checkpointed[i]);
            }
            assertTrue(largest > 1e-6, family + ": the gradient must not vanish, max " + largest);
            assertArrayEquals(full, checkpointed, 1e-12 * largest, family + " d = 70, " + adjoint);
        }
    }

    @Test
    void adjointsDescribeThemselves() {
        assertEquals("discrete adjoint, reverse form, checkpoint every 4 layers",
                DiscreteAdjoint.reverse().checkpointEvery(4).toString());
        assertEquals("discrete adjoint, SPRK form, every stage stored", DiscreteAdjoint.sprk().describe());
        assertTrue(ContinuousAdjoint.tolerance(1e-9, 1e-8).describe().contains("1.0E-9"));
    }

    @Test
    void storedDoublesGrowLikeLayersOverIntervalPlusInterval() {
        VectorField field = VectorFields.create("sigma-affine", 2, Activation.TANH);
        DiscreteFlow flow = new DiscreteFlow(LayerUpdate.rungeKutta(Tableau.rk4()), field, 400);
        int m = 10;
        long full = DiscreteAdjoint.reverse().newPass(flow, m).storedDoubles();
        int k = DiscreteAdjoint.reverse().checkpointSqrt().checkpointInterval(flow.layers());
        assertEquals(20, k);
        long checkpointed = DiscreteAdjoint.reverse().checkpointEvery(k).newPass(flow, m).storedDoubles();
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
        GradientPass shared = DiscreteAdjoint.reverse().checkpointEvery(2).newPass(problem.flow, problem.m);
        double[] first = problem.adjointGradient(shared);
        problem.theta[0] += 0.5;
        double[] changed = problem.adjointGradient(shared);
        double[] fresh = problem.adjointGradient(DiscreteAdjoint.reverse().checkpointEvery(2));
        assertArrayEquals(fresh, changed, 0.0);
        assertTrue(first[1] != changed[1], "the gradient must depend on the new parameters");
    }
}
