package io.github.pontryagin.adjoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import io.github.pontryagin.core.field.Activation;
import io.github.pontryagin.core.field.SigmaAffine;
import io.github.pontryagin.core.field.VectorField;
import io.github.pontryagin.core.tableau.Tableau;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad input fails early with a message that names the problem. */
class InputValidationTest {

    private final VectorField field = new SigmaAffine(3, Activation.TANH);
    private final DiscreteFlow flow = new DiscreteFlow(LayerUpdate.rungeKutta(Tableau.heun()), field, 4);
    private final double[] theta = new double[flow.parameterCount()];
    private final double[] h = {0.1, 0.1, 0.1, 0.1};
    private final double[] y0 = new double[3 * 2];

    private GradientPass pass() {
        return DiscreteAdjoint.reverse().newPass(flow, 2);
    }

    @Test
    void wrongParameterLengthIsReported() {
        assertMessage(() -> pass().forward(new double[5], h, y0), "parameters theta", "length 5",
                "48");
    }

    @Test
    void wrongStepSizeLengthIsReported() {
        assertMessage(() -> pass().forward(theta, new double[3], y0), "step sizes h", "3", "4");
    }

    @Test
    void stateDimensionMismatchIsReported() {
        assertMessage(() -> pass().forward(theta, h, new double[7]), "initial state y0", "7",
                "d × M");
    }

    @Test
    void nanInParametersIsReportedWithItsPosition() {
        double[] bad = theta.clone();
        bad[13] = Double.NaN;
        assertMessage(() -> pass().forward(bad, h, y0), "theta[13]", "layer 1", "NaN");
    }

    @Test
    void aCallerThatCheckedThetaSkipsOnlyTheScanOfTheta() {
        // the same states, bit for bit, as the checked forward pass
        double[] y = new double[3 * 2];
        double[] k = theta.clone();
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < k.length; i++) {
            k[i] = random.nextDouble() - 0.5;
        }
        for (int i = 0; i < y.length; i++) {
            y[i] = random.nextDouble() - 0.5;
        }
        double[] checked = pass().forward(k, h, y).clone();
        double[] trusted = pass().forwardWithFiniteTheta(k, h, y);
        assertArrayEquals(checked, trusted);
        // no scan of theta (a NaN propagates instead of being reported) ...
        double[] bad = k.clone();
        bad[13] = Double.NaN;
        assertTrue(Double.isNaN(pass().forwardWithFiniteTheta(bad, h, y)[0]));
        // ... but lengths and step sizes are still checked
        assertMessage(() -> pass().forwardWithFiniteTheta(new double[5], h, y0), "parameters theta", "length 5");
        double[] badH = h.clone();
        badH[1] = Double.NaN;
        assertMessage(() -> pass().forwardWithFiniteTheta(theta, badH, y0), "h[1]", "NaN");
    }

    @Test
    void infiniteStepSizeIsReported() {
        double[] bad = h.clone();
        bad[2] = Double.POSITIVE_INFINITY;
        assertMessage(() -> pass().forward(theta, bad, y0), "h[2]", "Infinity");
    }

    @Test
    void emptyBatchIsReported() {
        assertMessage(() -> DiscreteAdjoint.reverse().newPass(flow, 0), "batch size", "empty");
    }

    @Test
    void nonPositiveLayerCountIsReported() {
        assertMessage(() -> new DiscreteFlow(LayerUpdate.rungeKutta(Tableau.rk4()), field, 0), "layers", "0");
    }

    @Test
    void nonExplicitTableauIsRejected() {
        assertMessage(() -> new Tableau("implicit midpoint", 2, new double[][] {{0.5}}, new double[] {1},
                new double[] {0.5}), "not explicit", "a[0][0]");
    }

    @Test
    void nonFiniteAdjointSeedIsReported() {
        GradientPass pass = pass();
        pass.forward(theta, h, y0);
        double[] pN = new double[6];
        pN[4] = Double.NaN;
        assertMessage(() -> pass.backward(theta, h, pN, flow.newGradient(2)), "pN[4]", "NaN");
    }

    @Test
    void backwardBeforeForwardIsReported() {
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> pass().backward(theta, h, new double[6], flow.newGradient(2)));
        assertTrue(error.getMessage().contains("forward"), error.getMessage());
    }

    @Test
    void checkpointIntervalOutOfRangeIsReported() {
        assertMessage(() -> DiscreteAdjoint.reverse().checkpointEvery(0), "checkpoint interval", ">= 1", "0");
    }

    @Test
    void continuousAdjointOfThePlainUpdateIsRejected() {
        DiscreteFlow plain = new DiscreteFlow(LayerUpdate.plain(), field, 4);
        assertMessage(() -> ContinuousAdjoint.tolerance(1e-10).newPass(plain, 2), "continuous adjoint", "plain",
                "step sizes");
    }

    @Test
    void sprkFormOfATableauWithAZeroWeightIsRejected() {
        DiscreteFlow midpoint = new DiscreteFlow(LayerUpdate.rungeKutta(Tableau.byName("midpoint")), field, 4);
        assertMessage(() -> DiscreteAdjoint.sprk().newPass(midpoint, 2), "midpoint", "b[0] = 0");
    }

    private static void assertMessage(Executable action, String... fragments) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, action);
        for (String fragment : fragments) {
            assertTrue(error.getMessage().contains(fragment), "message '" + error.getMessage()
                    + "' should mention '" + fragment + "'");
        }
    }
}
