package io.github.pontryagin.odenets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * A net on a {@link SparseBatch} (the chunk's lists built from the rows, no dense batch) against the same net on the
 * batch's feature-major form: the same loss and gradient bit for bit, for a learnable lift with the sparse products
 * on and off, zero padding, chunks whose size and input dimension are not multiples of four, a point without a
 * non-zero, negative zeros (listed in the rows, left out by the scan of a dense batch), a chunk with more non-zeros
 * than zeros (which a dense batch sends to the dense products), and 1–3 threads; the objective of a sparse batch
 * reads its current selection; bad input is refused naming what is wrong.
 */
class SparseBatchTest {

    /** Not a multiple of four: the last group of coordinates is short. */
    private static final int D0 = 102;
    private static final int ROWS = 45;
    private static final int BATCH = 30;

    /** About 80 % zeros (a fifth of them negative); row 3 blank; rows 20–27 without a zero. */
    private static double[] data() {
        SplittableRandom random = new SplittableRandom(21);
        double[] x = new double[D0 * ROWS];
        for (int j = 0; j < D0; j++) {
            for (int k = 0; k < ROWS; k++) {
                boolean full = k >= 20 && k < 28;
                double zero = random.nextDouble() < 0.2 ? -0.0 : 0.0;
                x[j * ROWS + k] = k != 3 && (full || random.nextDouble() < 0.2) ? random.nextGaussian() : zero;
            }
        }
        return x;
    }

    /** A batch of the rows: row 3 (blank), the dense rows 20–27 in the first two chunks of 7, then sparse rows. */
    private static int[] order() {
        int[] order = new int[BATCH];
        order[0] = 3;
        for (int k = 1; k < BATCH; k++) {
            order[k] = k < 9 ? 19 + k : (k * 7 + 2) % 20; // from point 14 on, chunks of sparse rows only
        }
        return order;
    }

    private static OdeNet net(boolean learnable, boolean sparseLift, int threads) {
        return OdeNet.builder().inputDimension(D0).width(learnable ? 11 : D0 + 2).layers(2).tableau("rk4").classes(3)
                .head("softmax").learnableLift(learnable).initialization(Initialization.XAVIER).seed(4).chunkSize(7)
                .threads(threads).sparseLift(sparseLift).build();
    }

    /** Labels {@code (k · step) mod 3}. */
    private static int[] labels(int n, int step) {
        int[] labels = new int[n];
        for (int k = 0; k < n; k++) {
            labels[k] = (k * step) % 3;
        }
        return labels;
    }

    /** The net's initial parameters, each moved by a Gaussian of the given scale (a point that is not special). */
    private static double[] moved(OdeNet net, long seed, double scale) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] u = net.parameters().clone();
        for (int i = 0; i < u.length; i++) {
            u[i] += scale * random.nextGaussian();
        }
        return u;
    }

    @ParameterizedTest(name = "learnable lift {0}, sparse products {1}, {2} threads")
    @CsvSource({"true, true, 1", "true, true, 3", "true, false, 2", "false, true, 2"})
    void lossAndGradientHaveTheBitsOfTheDenseBatch(boolean learnable, boolean sparseLift, int threads) {
        double[] data = data();
        SparseRows rows = SparseRows.of(data, D0, ROWS);
        SparseBatch batch = new SparseBatch(rows, BATCH);
        batch.select(order(), 0, 0, BATCH);
        double[] x = batch.toFeatureMajor();
        int[] labels = labels(BATCH, 5);
        try (OdeNet net = net(learnable, sparseLift, threads)) {
            double[] u = moved(net, 22, 0.1);
            double[] gDense = new double[u.length];
            double[] gSparse = new double[u.length];
            // the sparse batch first: its workspaces sized by its own listing, not by an earlier dense chunk's
            double lSparse = net.lossAndGradient(u, batch, labels, gSparse);
            double lDense = net.lossAndGradient(u, x, labels, BATCH, gDense);
            assertEquals(Double.doubleToRawLongBits(lDense), Double.doubleToRawLongBits(lSparse), "loss");
            double largest = 0;
            for (int i = 0; i < u.length; i++) {
                assertEquals(Double.doubleToRawLongBits(gDense[i]), Double.doubleToRawLongBits(gSparse[i]),
                        "gradient entry " + i + " (" + net.layout().describe(i) + ")");
                largest = Math.max(largest, Math.abs(gDense[i]));
            }
            assertTrue(largest > 1e-3, "the gradient must not vanish, or the comparison proves nothing");
            LossObjective objective = net.objective(batch, labels);
            assertEquals(Double.doubleToRawLongBits(lDense), Double.doubleToRawLongBits(objective.value(u)),
                    "the objective's value");
            // the objective reads the batch's current selection: another selection, another loss
            int[] shifted = order();
            for (int k = 0; k < BATCH; k++) {
                shifted[k] = (shifted[k] + 1) % ROWS;
            }
            batch.select(shifted, 0, 0, BATCH);
            double other = net.loss(u, batch.toFeatureMajor(), labels, BATCH);
            assertEquals(Double.doubleToRawLongBits(other), Double.doubleToRawLongBits(objective.value(u)),
                    "the objective after a new selection");
            assertTrue(other != lDense, "the new selection must change the loss");
        }
    }

    /**
     * Probabilities, predictions, accuracy and loss of a whole data set of rows (more points than a window of
     * chunks: the windowed forward passes) have the bits of the dense data's, for 1–3 threads.
     */
    @ParameterizedTest(name = "{0} threads")
    @CsvSource({"1", "2", "3"})
    void evaluationPassesHaveTheBitsOfTheDenseData(int threads) {
        double[] data = data();
        SparseBatch all = SparseBatch.firstRows(SparseRows.of(data, D0, ROWS), ROWS);
        int[] labels = labels(ROWS, 7);
        try (OdeNet net = net(true, true, threads)) {
            double[] u = moved(net, 23, 0.3);
            net.setParameters(u);
            double[] dense = net.probabilities(data, ROWS);
            double[] sparse = net.probabilities(all);
            for (int i = 0; i < dense.length; i++) {
                assertEquals(Double.doubleToRawLongBits(dense[i]), Double.doubleToRawLongBits(sparse[i]),
                        "probability " + i);
            }
            assertEquals(net.accuracy(data, labels, ROWS), net.accuracy(all, labels));
            double accuracy = net.accuracy(all, labels);
            assertTrue(accuracy > 0 && accuracy < 1, "accuracy " + accuracy + " must tell predictions apart");
            assertEquals(Double.doubleToRawLongBits(net.loss(u, data, labels, ROWS)),
                    Double.doubleToRawLongBits(net.loss(u, all, labels)), "loss");
            SparseBatch first = SparseBatch.firstRows(all.rows(), 10);
            assertEquals(java.util.Arrays.toString(java.util.Arrays.copyOf(net.predict(data, ROWS), 10)),
                    java.util.Arrays.toString(net.predict(first)), "the first 10 rows");
        }
    }

    @Test
    void badInputIsRefusedNamingWhatIsWrong() {
        SparseRows rows = SparseRows.of(data(), D0, ROWS);
        SparseBatch batch = new SparseBatch(rows, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> batch.select(new int[] {0, 1, ROWS, 2}, 0, 0, 4));
        assertEquals("order[2] = " + ROWS + " is not a row of the " + ROWS + " sparse rows", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> batch.select(new int[] {0, 1, 2, 3}, 0, 2, 5));
        assertEquals("points 2 .. 5 are not a range of the batch's 4 points", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> batch.select(new int[] {0, 1, 2}, 0, 0, 4));
        assertEquals("order must hold entries 0 .. 3 for points 0 .. 4, got 3 entries", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SparseBatch.firstRows(rows, ROWS + 1));
        assertEquals("count must be at most the " + ROWS + " rows, got " + (ROWS + 1), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SparseBatch(rows, 0));
        assertEquals("batch size must be > 0, got 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SparseRows.of(new double[10], D0, 2));
        assertEquals("features must be feature-major d0 × m = 102 × 2 = 204 values, got 10", e.getMessage());
        try (OdeNet net = OdeNet.builder().inputDimension(D0 + 1).width(4).layers(1).classes(3).head("softmax")
                .learnableLift(true).seed(1).build()) {
            e = assertThrows(IllegalArgumentException.class,
                    () -> net.lossAndGradient(net.parameters(), batch, new int[4], null));
            assertEquals("the sparse batch's points have 102 coordinates but the net expects inputDimension 103",
                    e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> net.objective(batch, new int[4]));
            assertEquals("the sparse batch's points have 102 coordinates but the net expects inputDimension 103",
                    e.getMessage());
        }
    }
}
