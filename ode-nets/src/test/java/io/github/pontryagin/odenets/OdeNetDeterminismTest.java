package io.github.pontryagin.odenets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Same seed, same bits, any thread count; construction and inputs validated. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class OdeNetDeterminismTest {

    private static double[] randomInputs(int d0, int m, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] x = new double[d0 * m];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextGaussian();
        }
        return x;
    }

    @Test
    void lossAndGradientAreBitIdenticalForOneTwoAndFourThreads() {
        int m = 1000;
        double[] x = randomInputs(2, m, 3);
        int[] labels = new int[m];
        for (int k = 0; k < m; k++) {
            labels[k] = (k * 7) % 2;
        }
        double[] reference = null;
        double referenceLoss = 0;
        for (int threads : new int[] {1, 2, 4}) {
            try (OdeNet net = OdeNet.builder().inputDimension(2).width(4).layers(8).chunkSize(128).threads(threads)
                    .initialization(Initialization.XAVIER).seed(9).build()) {
                double[] gradient = new double[net.parameters().length];
                double loss = net.lossAndGradient(net.parameters(), x, labels, m, gradient);
                if (reference == null) {
                    reference = gradient;
                    referenceLoss = loss;
                } else {
                    assertEquals(Double.doubleToRawLongBits(referenceLoss), Double.doubleToRawLongBits(loss));
                    assertArrayEquals(reference, gradient, 0.0, threads + " threads");
                }
            }
        }
    }

    @Test
    void sameSeedGivesSameParametersAndDifferentSeedDoesNot() {
        OdeNet a = OdeNet.builder().seed(4).build();
        OdeNet b = OdeNet.builder().seed(4).build();
        OdeNet c = OdeNet.builder().seed(5).build();
        assertArrayEquals(a.parameters(), b.parameters(), 0.0);
        double[] u = a.parameters();
        double[] v = c.parameters();
        int random = 0;
        int differing = 0;
        for (Parameters.Layer layer : java.util.stream.IntStream.range(0, a.layers()).mapToObj(a.layout()::layer)
                .toList()) {
            for (int i : layer.block("K").indices()) {
                random++;
                if (u[i] != v[i]) {
                    differing++;
                }
            }
        }
        assertEquals(random, differing, "another seed must change every random entry (every K), not just one");
        assertNotEquals(u[0], v[0]);
    }

    @Test
    void paperInitializationDrawsEveryKFromAStandardNormal() {
        // docs/theory.md §1: K ~ N(0, 1) in every layer; 8·8·20 = 1280 draws, bounds at 4 standard errors
        OdeNet net = OdeNet.builder().inputDimension(2).width(8).layers(20).horizon(1).seed(7).build();
        Parameters layout = net.layout();
        double[] u = net.parameters();
        double sum = 0;
        double squares = 0;
        int count = 0;
        double[] firstLayer = null;
        for (int n = 0; n < 20; n++) {
            Parameters.Block k = layout.layer(n).block("K");
            assertEquals(64, k.size(), "K is d × d");
            double[] values = java.util.Arrays.copyOfRange(u, k.offset(), k.end());
            if (firstLayer == null) {
                firstLayer = values;
            } else {
                assertTrue(!java.util.Arrays.equals(firstLayer, values), "layer " + n + " must draw its own K");
            }
            for (double value : values) {
                sum += value;
                squares += value * value;
                count++;
            }
            for (int i : layout.layer(n).block("beta").indices()) {
                assertEquals(0.0, u[i], "beta = 0 in layer " + n);
            }
        }
        double mean = sum / count;
        double variance = squares / count - mean * mean;
        assertTrue(Math.abs(mean) < 4 / Math.sqrt(count), "mean of K entries " + mean);
        assertTrue(Math.abs(variance - 1) < 4 * Math.sqrt(2.0 / count), "variance of K entries " + variance
                + " (N(0, 1), not a width-scaled init)");
        for (int i = 0; i < 8; i++) {
            assertEquals(10.0, u[layout.headWeights().index(i, 0)], "W = (10, …, 10)");
        }
        assertEquals(0.0, u[layout.headBias().index(0, 0)], "mu = 0");
    }

    @Test
    void paperInitializationMatchesThePaper() {
        OdeNet net = OdeNet.builder().inputDimension(2).width(2).layers(20).horizon(1).seed(1).build();
        Parameters layout = net.layout();
        double[] u = net.parameters();
        for (int i = 0; i < 2; i++) {
            assertEquals(10.0, u[layout.headWeights().index(i, 0)], "W = (10, 10)");
        }
        assertEquals(0.0, u[layout.headBias().index(0, 0)], "mu = 0");
        for (int n = 0; n < 20; n++) {
            assertEquals(1.0 / 20, u[layout.stepSizes().index(0, n)], "h starts at T/N");
            assertEquals(0.0, u[layout.layer(n).block("beta").offset()], "beta = 0");
        }
    }

    @Test
    void simplexProjectionKeepsStepSizesOnTheSimplex() {
        OdeNet net = OdeNet.builder().layers(6).horizon(1.5).stepSizes(StepSizePolicy.SIMPLEX).build();
        double[] u = net.parameters().clone();
        int from = net.layout().stepSizes().offset();
        double[] trial = {0.9, -0.2, 0.4, 0.1, 0.7, 0.05};
        System.arraycopy(trial, 0, u, from, 6);
        net.constraints().project(u, 0, u.length, new double[u.length]);
        double sum = 0;
        for (int n = 0; n < 6; n++) {
            assertTrue(u[from + n] >= 0);
            sum += u[from + n];
        }
        assertEquals(1.5, sum, 1e-14);
        assertEquals(0.0, u[from + 1], "negative entries are clipped to the boundary");
    }

    @Test
    void predictionsAndLayerStatesAreConsistent() {
        int m = 50;
        double[] x = randomInputs(2, m, 8);
        OdeNet net = OdeNet.builder().inputDimension(2).width(3).layers(5).initialization(Initialization.XAVIER)
                .chunkSize(16).build();
        double[][] states = net.layerStates(x, m);
        assertEquals(6, states.length);
        for (int k = 0; k < m; k++) {
            assertEquals(x[k], states[0][k], 0.0, "y0 is the zero-padded input");
            assertEquals(0.0, states[0][2 * m + k], 0.0);
        }
        double[] p = net.probabilities(x, m);
        int[] predicted = net.predict(x, m);
        for (int k = 0; k < m; k++) {
            assertEquals(1.0, p[k] + p[m + k], 1e-15);
            assertEquals(p[m + k] > p[k] ? 1 : 0, predicted[k]);
        }
    }

    @Test
    void badArgumentsNameTheProblem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OdeNet.builder().layers(0));
        assertTrue(e.getMessage().contains("layers must be > 0, got 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> OdeNet.builder().horizon(-1));
        assertTrue(e.getMessage().contains("horizon T"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> OdeNet.builder().inputDimension(3).width(2).build());
        assertTrue(e.getMessage().contains("width d = 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> OdeNet.builder().tableau("rk5"));
        assertTrue(e.getMessage().contains("unknown tableau 'rk5'"), e.getMessage());
        OdeNet net = OdeNet.builder().build();
        e = assertThrows(IllegalArgumentException.class, () -> net.predict(new double[5], 3));
        assertTrue(e.getMessage().contains("2 × 3 = 6"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> net.loss(new double[4], new int[] {0, 2}, 2));
        assertTrue(e.getMessage().contains("label 2"), e.getMessage());
    }
}
