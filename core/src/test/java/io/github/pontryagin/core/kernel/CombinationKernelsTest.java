package io.github.pontryagin.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The stage-combination kernels of {@link DenseKernels} ({@code combineStages} and its building blocks
 * {@code axpyInto}, {@code linearCombination}, {@code accumulateFour}) give the bits of the textbook expressions,
 * with the Vector API and in the plain rerun ({@code -Dpontryagin.vector=false}), for lengths that exercise whole vectors and tails.
 */
class CombinationKernelsTest {

    private static final int[] LENGTHS = {0, 1, 3, 4, 5, 8, 17, 250};

    private static double[] random(int n, SplittableRandom random) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = random.nextGaussian();
        }
        return a;
    }

    @Test
    void axpyIntoWritesBothOutputsWithTheBitsOfMultiplyThenAdd() {
        SplittableRandom random = new SplittableRandom(11);
        for (int n : LENGTHS) {
            double[] y = random(n + 2, random);
            double[] x = random(n + 3, random);
            double c = random.nextGaussian();
            double[] out = new double[n + 1];
            double[] out2 = new double[n + 4];
            DenseKernels.axpyInto(y, 2, c, x, 3, out, 1, out2, 4, n);
            double[] single = new double[n];
            DenseKernels.axpyInto(y, 2, c, x, 3, single, 0, null, 0, n);
            for (int k = 0; k < n; k++) {
                double expected = y[2 + k] + c * x[3 + k];
                assertEquals(expected, out[1 + k], 0.0, "n = " + n);
                assertEquals(expected, out2[4 + k], 0.0, "n = " + n);
                assertEquals(expected, single[k], 0.0, "n = " + n);
            }
        }
    }

    @Test
    void axpyIntoInPlaceAddsToY() {
        SplittableRandom random = new SplittableRandom(14);
        for (int n : LENGTHS) {
            double[] y = random(n + 1, random);
            double[] x = random(n, random);
            double[] expected = new double[n];
            for (int k = 0; k < n; k++) {
                expected[k] = y[1 + k] + 0.75 * x[k];
            }
            DenseKernels.axpyInto(y, 1, 0.75, x, 0, y, 1, null, 0, n);
            for (int k = 0; k < n; k++) {
                assertEquals(expected[k], y[1 + k], 0.0, "n = " + n);
            }
        }
    }

    @Test
    void linearCombinationHasTheBitsOfTwoProductsThenTheSum() {
        SplittableRandom random = new SplittableRandom(12);
        for (int n : LENGTHS) {
            double[] x = random(n + 1, random);
            double[] y = random(n + 5, random);
            double a = random.nextGaussian();
            double b = random.nextGaussian();
            double[] out = new double[n + 2];
            DenseKernels.linearCombination(a, x, 1, b, y, 5, out, 2, n);
            for (int k = 0; k < n; k++) {
                assertEquals(a * x[1 + k] + b * y[5 + k], out[2 + k], 0.0, "n = " + n);
            }
        }
    }

    @Test
    void accumulateFourSumsLeftToRight() {
        SplittableRandom random = new SplittableRandom(13);
        for (int n : LENGTHS) {
            double[] y = random(n, random);
            double[] x = random(4 * n + 7, random);
            double[] c = random(4, random);
            double[] expected = new double[n];
            for (int k = 0; k < n; k++) {
                double v = y[k];
                v += c[0] * x[7 + k];
                v += c[1] * x[7 + 3 * n + k];
                v += c[2] * x[7 + n + k];
                v += c[3] * x[7 + 2 * n + k];
                expected[k] = v;
            }
            DenseKernels.accumulateFour(y, x, c[0], 7, c[1], 7 + 3 * n, c[2], 7 + n, c[3], 7 + 2 * n, n);
            for (int k = 0; k < n; k++) {
                assertEquals(expected[k], y[k], 0.0, "n = " + n);
            }
        }
    }

    @Test
    void combineStagesHasTheBitsOfTheLeftToRightSumAndSkipsZeroCoefficients() {
        SplittableRandom random = new SplittableRandom(15);
        for (int n : LENGTHS) {
            for (int terms = 0; terms <= 9; terms++) {
                for (double alpha : new double[] {1.0, -0.375}) {
                    for (boolean inPlace : new boolean[] {false, true}) {
                        double[] stagesBuffer = random(2 + 10 * n, random);
                        int[] stages = new int[terms];
                        double[] c = new double[terms];
                        for (int t = 0; t < terms; t++) {
                            stages[t] = (t * 7 + 3) % 10;
                            c[t] = t % 3 == 1 ? 0.0 : random.nextGaussian();
                        }
                        double[] base = random(n + 1, random);
                        double[] expected = new double[n];
                        for (int k = 0; k < n; k++) {
                            double v = alpha == 1.0 ? base[1 + k] : alpha * base[1 + k];
                            for (int t = 0; t < terms; t++) {
                                if (c[t] != 0) {
                                    v += c[t] * stagesBuffer[2 + stages[t] * n + k];
                                }
                            }
                            expected[k] = v;
                        }
                        double[] out = inPlace ? base : new double[n + 1];
                        double[] out2 = new double[n + 3];
                        DenseKernels.combineStages(alpha, base, 1, c, stages, terms, stagesBuffer, 2, out, 1, out2, 3,
                                n);
                        for (int k = 0; k < n; k++) {
                            String where = "n = " + n + ", terms = " + terms + ", alpha = " + alpha;
                            assertEquals(expected[k], out[1 + k], 0.0, where);
                            assertEquals(expected[k], out2[3 + k], 0.0, where);
                        }
                    }
                }
            }
        }
    }
}
