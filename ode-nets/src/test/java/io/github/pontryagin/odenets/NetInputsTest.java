package io.github.pontryagin.odenets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class NetInputsTest {

    @Test
    void allFiniteFindsEveryNonFiniteValueAtEveryPlace() {
        double[] specials = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        double[] finite = {0.0, -0.0, 1.0, -Double.MAX_VALUE, Double.MAX_VALUE, Double.MIN_VALUE};
        for (int n = 0; n <= 9; n++) {
            for (double f : finite) {
                double[] u = new double[n];
                java.util.Arrays.fill(u, f);
                assertEquals(true, NetInputs.allFinite(u), "n = " + n + ", all " + f);
                for (int at = 0; at < n; at++) {
                    for (double special : specials) {
                        double[] v = u.clone();
                        v[at] = special;
                        assertEquals(false, NetInputs.allFinite(v), "n = " + n + ", " + special + " at " + at);
                    }
                }
            }
        }
    }

    /**
     * {@code lossAndGradient} checks the parameters in slices on the net's threads: a non-finite entry in any slice
     * (first, last, at the cuts) gives a NaN loss and a NaN gradient, with 1 to 3 threads; finite ones a finite loss.
     */
    @Test
    void lossAndGradientRefusesANonFiniteParameterInEverySlice() {
        int d0 = 200;
        int m = 6;
        SplittableRandom random = new SplittableRandom(3);
        double[] x = new double[d0 * m];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextDouble();
        }
        int[] labels = {0, 1, 2, 0, 1, 2};
        for (int threads = 1; threads <= 3; threads++) {
            try (OdeNet net = OdeNet.builder().inputDimension(d0).width(128).layers(1).tableau("euler").classes(3)
                    .head("softmax").learnableLift(true).seed(1).threads(threads).build()) {
                double[] u = net.parameters();
                int n = u.length;
                assertTrue(n > 3 * io.github.pontryagin.core.optim.SliceRunner.VECTOR_GRAIN, "too few parameters: " + n);
                double[] gradient = new double[n];
                assertTrue(Double.isFinite(net.lossAndGradient(u, x, labels, m, gradient)));
                for (int at : new int[] {0, n / 3 - 1, n / 3, n / 2, 2 * n / 3, n - 1}) {
                    for (double special : new double[] {Double.NaN, Double.NEGATIVE_INFINITY}) {
                        double[] v = u.clone();
                        v[at] = special;
                        double loss = net.lossAndGradient(v, x, labels, m, gradient);
                        assertTrue(Double.isNaN(loss), threads + " threads, " + special + " at " + at);
                        for (double g : gradient) {
                            assertTrue(Double.isNaN(g), threads + " threads, " + special + " at " + at);
                        }
                    }
                }
            }
        }
    }
}
