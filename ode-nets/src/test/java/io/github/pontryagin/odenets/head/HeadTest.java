package io.github.pontryagin.odenets.head;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The three heads: loss values against formulas written out independently here, the gradients they
 * write (∂/∂y_N into pN, ∂/∂(W, μ) added to gradOut) against central finite differences,
 * probabilities that are probabilities, and the inputs they reject.
 */
class HeadTest {

    private static final int D = 2;
    private static final int M = 3;
    /** Feature-major y_N: row i holds coordinate i of the M points. */
    private static final double[] Y_N = {0.4, -1.0, 2.0, /* */ 1.5, 0.25, -0.5};
    private static final int[] BINARY_LABELS = {1, 0, 1};
    private static final int[] SOFTMAX_LABELS = {2, 0, 1};
    /** Binary heads: W = (0.5, −1.2), μ = 0.3. */
    private static final double[] BINARY_PARAMS = {0.5, -1.2, 0.3};
    /** Softmax with 3 classes: W row-major (W[i][c] at i·3 + c), then μ. */
    private static final double[] SOFTMAX_PARAMS = {0.5, -1.2, 0.7, /* */ -0.3, 0.8, 0.1, /* */ 0.2, -0.4, 0.05};

    private static double logistic(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    private static double binaryLogit(double[] w, int k) {
        return w[0] * Y_N[k] + w[1] * Y_N[M + k] + w[2];
    }

    private static double lossSum(Head head, double[] params, double[] yN, int[] labels) {
        return head.lossSum(params, 0, yN, D, M, labels, 0, 1.0, new double[D * M], null, 0);
    }

    /**
     * The softmax head's batch loops against the point-at-a-time loops written out here (its earlier form): the same
     * bits of the loss sum, of {@code scale · ∂ℓ/∂y_N} and of the gradient added to {@code gradOut}, with offsets.
     */
    @Test
    void softmaxBatchLoopsHaveTheBitsOfThePointByPointLoops() {
        SplittableRandom random = new SplittableRandom(21);
        int d = 7;
        int m = 13;
        int classes = 4;
        double[] params = new double[3 + (d + 1) * classes];
        double[] yN = new double[d * m];
        for (int i = 0; i < params.length; i++) {
            params[i] = random.nextGaussian();
        }
        for (int i = 0; i < yN.length; i++) {
            yN[i] = 2 * random.nextGaussian();
        }
        int[] labels = new int[m + 2];
        for (int k = 0; k < labels.length; k++) {
            labels[k] = random.nextInt(classes);
        }
        double scale = 1.0 / 29;
        double[] grad = new double[5 + (d + 1) * classes];
        for (int i = 0; i < grad.length; i++) {
            grad[i] = random.nextGaussian();
        }
        double[] expectedGrad = grad.clone();
        double[] expectedPN = new double[d * m];
        double expected = 0;
        double[] z = new double[classes];
        for (int k = 0; k < m; k++) {
            pointLogits(params, 3, yN, d, m, k, z);
            int label = labels[2 + k];
            double zc = z[label];
            expected += softmaxInPlace(z) - zc;
            z[label] -= 1;
            for (int i = 0; i < d; i++) {
                double t = 0;
                for (int c = 0; c < classes; c++) {
                    t += params[3 + i * classes + c] * z[c];
                }
                expectedPN[i * m + k] = scale * t;
            }
            for (int c = 0; c < classes; c++) {
                double dz = scale * z[c];
                for (int i = 0; i < d; i++) {
                    expectedGrad[5 + i * classes + c] += dz * yN[i * m + k];
                }
                expectedGrad[5 + d * classes + c] += dz;
            }
        }
        double[] pN = new double[d * m];
        double loss = new SoftmaxCrossEntropy(classes).lossSum(params, 3, yN, d, m, labels, 2, scale, pN, grad, 5);
        assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(loss), "loss sum");
        for (int i = 0; i < pN.length; i++) {
            assertEquals(Double.doubleToRawLongBits(expectedPN[i]), Double.doubleToRawLongBits(pN[i]), "pN " + i);
        }
        for (int i = 0; i < grad.length; i++) {
            assertEquals(Double.doubleToRawLongBits(expectedGrad[i]), Double.doubleToRawLongBits(grad[i]),
                    "gradient " + i);
        }
    }

    @Test
    void logisticLeastSquaresLossIsHalfTheSquaredResidualOfTheLogistic() {
        double expected = 0;
        for (int k = 0; k < M; k++) {
            double r = logistic(binaryLogit(BINARY_PARAMS, k)) - BINARY_LABELS[k];
            expected += 0.5 * r * r;
        }
        assertEquals(expected, lossSum(new LogisticLeastSquares(), BINARY_PARAMS, Y_N, BINARY_LABELS), 1e-14);
    }

    @Test
    void binaryCrossEntropyLossIsMinusLogLikelihoodOfTheLabel() {
        double expected = 0;
        for (int k = 0; k < M; k++) {
            double c = logistic(binaryLogit(BINARY_PARAMS, k));
            expected += BINARY_LABELS[k] == 1 ? -Math.log(c) : -Math.log(1 - c);
        }
        assertEquals(expected, lossSum(new BinaryCrossEntropy(), BINARY_PARAMS, Y_N, BINARY_LABELS), 1e-13);
    }

    @Test
    void softmaxCrossEntropyLossIsMinusLogOfTheLabelsProbability() {
        double expected = 0;
        for (int k = 0; k < M; k++) {
            double[] e = new double[3];
            double sum = 0;
            for (int c = 0; c < 3; c++) {
                double z = SOFTMAX_PARAMS[c] * Y_N[k] + SOFTMAX_PARAMS[3 + c] * Y_N[M + k] + SOFTMAX_PARAMS[6 + c];
                e[c] = Math.exp(z);
                sum += e[c];
            }
            expected -= Math.log(e[SOFTMAX_LABELS[k]] / sum);
        }
        assertEquals(expected, lossSum(new SoftmaxCrossEntropy(3), SOFTMAX_PARAMS, Y_N, SOFTMAX_LABELS), 1e-13);
    }

    @Test
    void zeroWeightsGiveTheUninformedLossOfEachHead() {
        // W = 0, μ = 0: every probability is 1/K, so ℓ = ½·¼ (least squares), log 2, log K.
        int[] labels = {0, 1, 1};
        assertEquals(M * 0.125, lossSum(new LogisticLeastSquares(), new double[3], Y_N, labels), 1e-15);
        assertEquals(M * Math.log(2), lossSum(new BinaryCrossEntropy(), new double[3], Y_N, labels), 1e-15);
        assertEquals(M * Math.log(4), lossSum(new SoftmaxCrossEntropy(4), new double[D * 4 + 4], Y_N,
                new int[] {3, 0, 2}), 1e-14);
    }

    @Test
    void binaryCrossEntropyStaysFiniteForSaturatedLogits() {
        // z = ±800: a naive −log(1 − η(z)) is +∞; the stable form softplus(z) − c z gives |z|.
        double[] params = {800, 0, 0};
        double[] yN = {1, -1, 0, /* */ 0, 0, 0};
        double loss = lossSum(new BinaryCrossEntropy(), params, yN, new int[] {0, 1, 1});
        assertEquals(800 + 800 + Math.log(2), loss, 1e-9);
    }

    @Test
    void gradientsOfEveryHeadMatchCentralFiniteDifferences() {
        for (Head head : List.<Head>of(new LogisticLeastSquares(), new BinaryCrossEntropy(),
                new SoftmaxCrossEntropy(3))) {
            boolean softmax = head instanceof SoftmaxCrossEntropy;
            double[] params = softmax ? SOFTMAX_PARAMS : BINARY_PARAMS;
            int[] labels = softmax ? SOFTMAX_LABELS : BINARY_LABELS;
            checkAgainstFiniteDifferences(head, params, labels, 0.37);
        }
    }

    @Test
    void gradientsMatchFiniteDifferencesOnRandomNumbersForFiveClasses() {
        SplittableRandom random = new SplittableRandom(11);
        Head head = new SoftmaxCrossEntropy(5);
        double[] params = new double[head.parameterCount(D)];
        for (int i = 0; i < params.length; i++) {
            params[i] = random.nextGaussian();
        }
        int[] labels = {4, 1, 3};
        checkAgainstFiniteDifferences(head, params, labels, 1.0);
    }

    /**
     * Central differences of {@code scale · lossSum} in y_N and in (W, μ), each block compared relative to
     * its largest entry, to 1e-6. Parameters sit at a non-zero offset and gradOut is pre-filled, to check
     * that the head reads and adds at the offsets it is given.
     */
    private static void checkAgainstFiniteDifferences(Head head, double[] params, int[] labels, double scale) {
        int offset = 3;
        int gradOffset = 2;
        int n = params.length;
        double[] stored = new double[offset + n];
        System.arraycopy(params, 0, stored, offset, n);
        double[] pN = new double[D * M];
        double[] gradOut = new double[gradOffset + n + 1];
        Arrays.fill(gradOut, 0.5);
        head.lossSum(stored, offset, Y_N.clone(), D, M, labels, 0, scale, pN, gradOut, gradOffset);
        assertEquals(0.5, gradOut[0], 0.0, "entries before gradOffset untouched");
        assertEquals(0.5, gradOut[gradOffset + n], 0.0, "entries after the head's block untouched");

        double[] fdY = new double[D * M];
        for (int j = 0; j < fdY.length; j++) {
            double[] y = Y_N.clone();
            double eps = 1e-5 * Math.max(1, Math.abs(y[j]));
            y[j] = Y_N[j] + eps;
            double plus = scale * head.lossSum(stored, offset, y, D, M, labels, 0, 1, new double[D * M], null, 0);
            y[j] = Y_N[j] - eps;
            double minus = scale * head.lossSum(stored, offset, y, D, M, labels, 0, 1, new double[D * M], null, 0);
            fdY[j] = (plus - minus) / (2 * eps);
        }
        assertClose(head.id() + " ∂J/∂y_N", fdY, pN);

        double[] fdP = new double[n];
        double[] adjoint = new double[n];
        for (int j = 0; j < n; j++) {
            double[] u = stored.clone();
            double eps = 1e-5 * Math.max(1, Math.abs(u[offset + j]));
            u[offset + j] = stored[offset + j] + eps;
            double plus = scale * head.lossSum(u, offset, Y_N, D, M, labels, 0, 1, new double[D * M], null, 0);
            u[offset + j] = stored[offset + j] - eps;
            double minus = scale * head.lossSum(u, offset, Y_N, D, M, labels, 0, 1, new double[D * M], null, 0);
            fdP[j] = (plus - minus) / (2 * eps);
            adjoint[j] = gradOut[gradOffset + j] - 0.5;
        }
        assertClose(head.id() + " ∂J/∂(W, μ)", fdP, adjoint);
    }

    private static void assertClose(String what, double[] expected, double[] actual) {
        double largest = 0;
        for (double v : expected) {
            largest = Math.max(largest, Math.abs(v));
        }
        assertTrue(largest > 1e-3, what + ": the check needs a gradient that is not ~0, largest " + largest);
        for (int j = 0; j < expected.length; j++) {
            double error = Math.abs(expected[j] - actual[j]) / largest;
            assertTrue(error < 1e-6, what + "[" + j + "]: finite difference " + expected[j] + ", head " + actual[j]
                    + ", relative error " + error);
        }
    }

    @Test
    void probabilitiesLieInTheUnitIntervalAndSumToOne() {
        double[] yN = {0.4, -1.0, 2.0, 400, /* */ 1.5, 0.25, -0.5, -300};
        int m = 4;
        for (Head head : List.<Head>of(new LogisticLeastSquares(), new BinaryCrossEntropy(),
                new SoftmaxCrossEntropy(3))) {
            double[] params = head instanceof SoftmaxCrossEntropy ? SOFTMAX_PARAMS : BINARY_PARAMS;
            double[] p = new double[head.classes() * m];
            head.probabilities(params, 0, yN, D, m, p);
            for (int k = 0; k < m; k++) {
                double sum = 0;
                for (int c = 0; c < head.classes(); c++) {
                    double v = p[c * m + k];
                    assertTrue(v >= 0 && v <= 1, head.id() + ": probability " + v + " of class " + c + ", point " + k);
                    sum += v;
                }
                assertEquals(1, sum, 1e-15, head.id() + ": probabilities of point " + k);
            }
        }
    }

    /**
     * The softmax probabilities of a batch (its logits from the vectorized batch product) against the point-at-a-time
     * loops written out here: bias, then the rounded products added in increasing i, then max, exp, sum and quotient;
     * the same bits, at an offset into the parameters and for a batch that is not a whole number of vectors.
     */
    @Test
    void softmaxProbabilitiesHaveTheBitsOfThePointByPointLoops() {
        SplittableRandom random = new SplittableRandom(33);
        int d = 37;
        int m = 29;
        int classes = 10;
        int offset = 5;
        double[] params = new double[offset + (d + 1) * classes];
        double[] yN = new double[d * m];
        for (int i = 0; i < params.length; i++) {
            params[i] = random.nextGaussian();
        }
        for (int i = 0; i < yN.length; i++) {
            yN[i] = 3 * random.nextGaussian();
        }
        double[] actual = new double[classes * m];
        new SoftmaxCrossEntropy(classes).probabilities(params, offset, yN, d, m, actual);
        double[] z = new double[classes];
        for (int k = 0; k < m; k++) {
            pointLogits(params, offset, yN, d, m, k, z);
            softmaxInPlace(z);
            for (int c = 0; c < classes; c++) {
                assertEquals(z[c], actual[c * m + k], 0.0, "probability of class " + c + ", point " + k);
            }
        }
    }

    /**
     * The logits of point k written out: {@code z_c = μ_c + Σ_i W[i, c] y_N[i, k]}, the rounded products added in
     * increasing i, with W row-major at {@code offset} ({@code d × classes}) and μ after it.
     */
    private static void pointLogits(double[] params, int offset, double[] yN, int d, int m, int k, double[] z) {
        int classes = z.length;
        for (int c = 0; c < classes; c++) {
            double v = params[offset + d * classes + c];
            for (int i = 0; i < d; i++) {
                v += params[offset + i * classes + c] * yN[i * m + k];
            }
            z[c] = v;
        }
    }

    /** The softmax of z in place (max, exp of the differences, their sum, quotients); returns log Σ exp z. */
    private static double softmaxInPlace(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int c = 0; c < z.length; c++) {
            z[c] = Math.exp(z[c] - max);
            sum += z[c];
        }
        for (int c = 0; c < z.length; c++) {
            z[c] /= sum;
        }
        return max + Math.log(sum);
    }

    @Test
    void binaryProbabilityOfClassOneIsTheLogisticOfTheLogit() {
        double[] p = new double[2 * M];
        new LogisticLeastSquares().probabilities(BINARY_PARAMS, 0, Y_N, D, M, p);
        for (int k = 0; k < M; k++) {
            assertEquals(logistic(binaryLogit(BINARY_PARAMS, k)), p[M + k], 1e-15);
        }
    }

    @Test
    void headsDescribeTheirShape() {
        assertEquals(D + 1, new LogisticLeastSquares().parameterCount(D));
        assertEquals(2, new BinaryCrossEntropy().classes());
        Head softmax = new SoftmaxCrossEntropy(3);
        assertEquals(3, softmax.outputs());
        assertEquals(D * 3 + 3, softmax.parameterCount(D));
        assertEquals("logistic-ls", Heads.create(" Logistic-LS ", 2).id());
        assertEquals(4, Heads.create("softmax", 4).classes());
    }

    @Test
    void badHeadRequestsAreRejectedWithAMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SoftmaxCrossEntropy(1));
        assertTrue(e.getMessage().contains("at least 2 classes") && e.getMessage().contains("1"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> Heads.create("logistic-ls", 3));
        assertTrue(e.getMessage().contains("3 classes") && e.getMessage().contains("softmax"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Heads.create("bce", 5));
        assertTrue(e.getMessage().contains("binary"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> Heads.create("hinge", 2));
        assertTrue(e.getMessage().contains("'hinge'") && e.getMessage().contains("logistic-ls, bce, softmax"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Heads.create(null, 2));
        assertTrue(e.getMessage().contains("unknown head"), e.getMessage());
    }
}
