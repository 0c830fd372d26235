package io.github.pontryagin.adjoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import io.github.pontryagin.core.field.Activation;
import io.github.pontryagin.core.tableau.Tableau;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The SPRK form and the reverse form of the adjoint are the same method ({@code docs/theory.md} §2). */
class SprkFormTest {

    @AfterAll
    static void printWorstError() {
        WorstErrors.print("SPRK vs reverse");
    }

    @ParameterizedTest(name = "{0} / {1} / {2}")
    @MethodSource("io.github.pontryagin.adjoint.TestProblems#everyTableauWithNonZeroWeightsFamilyAndActivation")
    void sprkFormEqualsReverseFormToRoundOff(String tableau, String family, Activation activation) {
        TestProblems.Problem problem = TestProblems.Problem.of(tableau, family, activation, 29);
        double[] reverse = problem.adjointGradient(DiscreteAdjoint.reverse());
        double[] sprk = problem.adjointGradient(DiscreteAdjoint.sprk().checkpointEvery(1));
        List<GradientCheck.Block> blocks = problem.blocks();
        for (GradientCheck.Block block : blocks) {
            double largest = 1e-300;
            double difference = 0;
            for (int i : block.indices()) {
                largest = Math.max(largest, Math.abs(reverse[i]));
                difference = Math.max(difference, Math.abs(reverse[i] - sprk[i]));
            }
            WorstErrors.record("SPRK vs reverse", tableau + "/" + family, difference / largest);
            assertTrue(difference <= 1e-13 * largest, tableau + "/" + family + " block " + block.name()
                    + ": forms differ by " + difference + " (largest entry " + largest + ")");
        }
    }

    @Test
    void sprkFormRejectsZeroWeightsWithAClearMessage() {
        TestProblems.Problem problem = TestProblems.Problem.of("midpoint", "sigma-affine", Activation.TANH, 2);
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> problem.adjointGradient(DiscreteAdjoint.sprk()));
        assertTrue(error.getMessage().contains("b[0] = 0"), error.getMessage());
    }

    @Test
    void partnerPairSatisfiesTheSymplecticityCondition() {
        int checked = 0;
        for (Tableau tableau : Tableau.all()) {
            if (!tableau.hasNonZeroWeights()) {
                continue; // no partner: sprkFormRejectsZeroWeightsWithAClearMessage
            }
            checked++;
            double[][] bar = tableau.partner().partnerA();
            for (int i = 0; i < tableau.stages(); i++) {
                for (int j = 0; j < tableau.stages(); j++) {
                    double condition = tableau.b(i) * bar[i][j] + tableau.b(j) * tableau.a(j, i)
                            - tableau.b(i) * tableau.b(j);
                    assertTrue(Math.abs(condition) <= 1e-15, tableau.name() + " (" + i + "," + j + "): " + condition);
                }
            }
        }
        assertEquals(Tableau.all().size() - 2, checked, "every tableau but midpoint and luther has a partner");
    }
}
