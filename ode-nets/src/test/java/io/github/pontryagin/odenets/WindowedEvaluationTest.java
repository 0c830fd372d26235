package io.github.pontryagin.odenets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import io.github.pontryagin.core.tableau.Tableau;
import org.junit.jupiter.api.Test;

/**
 * A large batch evaluated without gradient runs window by window on chunks moved along the batch: its probabilities
 * are bit for bit those of the same points evaluated a window's worth at a time through the whole-batch path, and its
 * loss is bit for bit the loss of {@code lossAndGradient}, for any thread count (windows of 4 chunks per thread), with
 * a short last chunk, dense and sparse lifts.
 */
class WindowedEvaluationTest {

    private static final int M = 203;
    private static final int CHUNK = 8;

    private static double[] inputs(int d0, double zeroFraction) {
        SplittableRandom random = new SplittableRandom(3);
        double[] x = new double[d0 * M];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextDouble() < zeroFraction ? 0.0 : random.nextGaussian();
        }
        return x;
    }

    /** Columns {@code from .. from+n} of the feature-major {@code x} ({@code d0 × M}) as a batch of their own. */
    private static double[] columns(double[] x, int d0, int from, int n) {
        double[] out = new double[d0 * n];
        for (int i = 0; i < d0; i++) {
            System.arraycopy(x, i * M + from, out, i * n, n);
        }
        return out;
    }

    @Test
    void windowedProbabilitiesAndLossesHaveTheBitsOfTheWholeBatchPath() {
        int[] labels = new int[M];
        for (int k = 0; k < M; k++) {
            labels[k] = (k * 5) % 3;
        }
        for (int d0 : new int[] {3, 70}) {
            double[] x = inputs(d0, d0 > 64 ? 0.8 : 0.0);
            double[] reference = null;
            for (int threads : new int[] {1, 2, 3}) {
                try (OdeNet net = OdeNet.builder().inputDimension(d0).width(5).layers(3).tableau(Tableau.rk4())
                        .classes(3).head("softmax").learnableLift(true).seed(7).threads(threads).chunkSize(CHUNK)
                        .build()) {
                    double[] u = net.parameters();
                    for (int i = 0; i < u.length; i++) {
                        u[i] += 0.01 * Math.sin(i);
                    }
                    net.setParameters(u);
                    String what = "d0 = " + d0 + ", " + threads + " threads";
                    double[] p = net.probabilities(x, M);
                    if (reference == null) {
                        // one window's worth (4 chunks) at a time, each through the whole-batch path on one thread
                        reference = new double[3 * M];
                        for (int from = 0; from < M; from += 4 * CHUNK) {
                            int n = Math.min(4 * CHUNK, M - from);
                            double[] q = net.probabilities(columns(x, d0, from, n), n);
                            for (int c = 0; c < 3; c++) {
                                System.arraycopy(q, c * n, reference, c * M + from, n);
                            }
                        }
                    }
                    for (int i = 0; i < p.length; i++) {
                        assertEquals(Double.doubleToRawLongBits(reference[i]), Double.doubleToRawLongBits(p[i]),
                                what + ", entry " + i);
                    }
                    double withGradient = net.lossAndGradient(u, x, labels, M, new double[u.length]);
                    double valueOnly = net.loss(u, x, labels, M);
                    assertEquals(Double.doubleToRawLongBits(withGradient), Double.doubleToRawLongBits(valueOnly), what);
                    // and again after the gradient path: the windows and the batch's chunks do not disturb each other
                    assertEquals(Double.doubleToRawLongBits(withGradient),
                            Double.doubleToRawLongBits(net.loss(u, x, labels, M)), what);
                    double[] again = net.probabilities(x, M);
                    for (int i = 0; i < p.length; i++) {
                        assertEquals(Double.doubleToRawLongBits(p[i]), Double.doubleToRawLongBits(again[i]), what);
                    }
                }
            }
        }
    }

    /**
     * {@link OdeNet#evaluate(double[], int[], int)} and its sparse-batch form take the loss and the predictions from
     * one forward pass; they have the bits of {@link OdeNet#loss} and the classes of {@link OdeNet#predict}, windowed
     * (203 points) and whole (24 points), dense and sparse lifts, 1–3 threads. Parameters with a NaN are refused with
     * the message of {@link OdeNet#predict}, as before.
     */
    @Test
    void oneEvaluationPassHasTheBitsOfTheLossAndThePredictions() {
        int[] labels = new int[M];
        for (int k = 0; k < M; k++) {
            labels[k] = (k * 7) % 3;
        }
        for (int d0 : new int[] {3, 70}) {
            for (int m : new int[] {M, 24}) {
                double[] x = columns(inputs(d0, d0 > 64 ? 0.8 : 0.0), d0, 0, m);
                SparseBatch batch = SparseBatch.firstRows(SparseRows.of(x, d0, m), m);
                for (int threads : new int[] {1, 2, 3}) {
                    try (OdeNet net = OdeNet.builder().inputDimension(d0).width(5).layers(3).tableau(Tableau.rk4())
                            .classes(3).head("softmax").learnableLift(true).seed(7).threads(threads)
                            .chunkSize(CHUNK).build()) {
                        double[] u = net.parameters();
                        for (int i = 0; i < u.length; i++) {
                            u[i] += 0.02 * Math.cos(i);
                        }
                        String what = "d0 = " + d0 + ", m = " + m + ", " + threads + " threads";
                        double loss = net.loss(u, x, labels, m);
                        int[] predicted = net.predict(x, m);
                        for (Evaluation e : new Evaluation[] {net.evaluate(x, labels, m), net.evaluate(batch, labels)}) {
                            assertEquals(Double.doubleToRawLongBits(loss), Double.doubleToRawLongBits(e.loss()), what);
                            assertEquals(net.accuracy(x, labels, m), e.accuracy(), 0.0, what);
                            int[][] confusion = e.confusion();
                            int[][] expected = new int[3][3];
                            for (int k = 0; k < m; k++) {
                                expected[labels[k]][predicted[k]]++;
                            }
                            for (int c = 0; c < 3; c++) {
                                assertArrayEquals(expected[c], confusion[c], what + ", confusion row " + c);
                            }
                        }
                        u[2] = Double.NaN;
                        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                                () -> net.evaluate(x, labels, m), what);
                        assertEquals(assertThrows(IllegalArgumentException.class, () -> net.predict(x, m)).getMessage(),
                                refused.getMessage(), what);
                    }
                }
            }
        }
    }

    /**
     * Once warm, a windowed value-only loss allocates nothing, also when its last chunk is short (203 = 25·8 + 3 points
     * in windows of 32): the window's chunks and the short tail are kept, not rebuilt per window.
     */
    @Test
    void windowedLossWithAShortLastChunkAllocatesNothingOnceWarm() {
        double[] x = inputs(3, 0.0);
        int[] labels = new int[M];
        try (OdeNet net = OdeNet.builder().inputDimension(3).width(5).layers(3).tableau(Tableau.rk4()).classes(3)
                .head("softmax").seed(7).threads(1).chunkSize(CHUNK).build()) {
            LossObjective objective = net.objective(x, labels, M);
            double[] u = net.parameters();
            double[] sum = {0};
            // about 120 windows of 20 calls here before the last kernel is compiled (5 KB per call until then)
            long smallest = AllocationWindows.smallest(400, 20, 20 * 128, () -> sum[0] += objective.value(u));
            assertTrue(Double.isFinite(sum[0]));
            assertTrue(smallest < 20 * 128, "every window of 20 windowed losses allocated, at least " + smallest
                    + " bytes");
        }
    }
}
