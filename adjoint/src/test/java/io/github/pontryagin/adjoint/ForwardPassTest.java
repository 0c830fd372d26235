package io.github.pontryagin.adjoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pontryagin.core.field.Activation;
import io.github.pontryagin.core.field.VectorField;
import io.github.pontryagin.core.field.VectorFields;
import io.github.pontryagin.core.tableau.Tableau;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The value-only forward pass: the y_N of every gradient pass, bit for bit, with memory independent of N. */
class ForwardPassTest {

    private static void assertSameBits(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]),
                    what + " entry " + i + ": " + expected[i] + " vs " + actual[i]);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.pontryagin.core.field.VectorFields#families")
    void finalStateEqualsTheGradientPassesForwardBitForBit(String family) {
        VectorField field = VectorFields.create(family, 4, Activation.TANH);
        for (LayerUpdate update : new LayerUpdate[] {LayerUpdate.rungeKutta(Tableau.euler()),
                LayerUpdate.rungeKutta(Tableau.heun()), LayerUpdate.rungeKutta(Tableau.rk4()), LayerUpdate.plain()}) {
            TestProblems.Problem problem = new TestProblems.Problem(new DiscreteFlow(update, field, 7), 37, 5);
            ForwardPass valuePass = problem.flow.newForwardPass(problem.m);
            double[] valueOnly = valuePass.forward(problem.theta, problem.h, problem.y0).clone();
            Adjoint[] adjoints = update.usesStepSizes()
                    ? new Adjoint[] {DiscreteAdjoint.reverse(), DiscreteAdjoint.reverse().checkpointEvery(3),
                            ContinuousAdjoint.tolerance(1e-8)}
                    : new Adjoint[] {DiscreteAdjoint.reverse(), DiscreteAdjoint.reverse().checkpointEvery(3)};
            for (Adjoint adjoint : adjoints) {
                GradientPass pass = adjoint.newPass(problem.flow, problem.m);
                assertSameBits(pass.forward(problem.theta, problem.h, problem.y0), valueOnly,
                        family + "/" + update.name() + "/" + adjoint.describe());
            }
            // a second call on the same pass starts afresh from its y0
            assertSameBits(valueOnly, valuePass.forward(problem.theta, problem.h, problem.y0), "repeated call");
        }
    }

    @Test
    void heldMemoryDoesNotGrowWithTheNumberOfLayers() {
        VectorField field = VectorFields.create("sigma-affine", 8, Activation.TANH);
        LayerUpdate rk4 = LayerUpdate.rungeKutta(Tableau.rk4());
        long few = new DiscreteFlow(rk4, field, 2).newForwardPass(100).heldDoubles();
        long many = new DiscreteFlow(rk4, field, 200).newForwardPass(100).heldDoubles();
        assertEquals(few, many);
        long tape = DiscreteAdjoint.reverse().newPass(new DiscreteFlow(rk4, field, 200), 100).storedDoubles();
        assertTrue(many < tape / 50, "value pass holds " + many + " doubles, the tape " + tape);
    }

    @Test
    void wrongInitialStateLengthIsRejectedNamingBothLengths() {
        DiscreteFlow flow = new DiscreteFlow(LayerUpdate.rungeKutta(Tableau.rk4()),
                VectorFields.create("sigma-affine", 2, Activation.TANH), 3);
        ForwardPass pass = flow.newForwardPass(5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> pass.forward(new double[flow.parameterCount()], new double[3], new double[7]));
        assertTrue(e.getMessage().contains("7") && e.getMessage().contains("10"), e.getMessage());
    }
}
