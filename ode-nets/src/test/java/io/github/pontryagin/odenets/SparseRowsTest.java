package io.github.pontryagin.odenets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * Mini-batches gathered from the sparse rows hold the bits of the direct gather from the feature-major data (also
 * −0.0 and NaN inputs, which are not left out), and dense or narrow data are not converted.
 */
class SparseRowsTest {

    @Test
    void gatheredBatchesHaveTheBitsOfTheDirectGather() {
        int d0 = 70;
        int m = 57;
        SplittableRandom random = new SplittableRandom(3);
        double[] features = new double[d0 * m];
        for (int i = 0; i < features.length; i++) {
            double r = random.nextDouble();
            features[i] = r < 0.75 ? 0.0 : r < 0.77 ? -0.0 : r < 0.78 ? Double.NaN : random.nextGaussian();
        }
        SparseRows sparse = SparseRows.ofMostlyZero(features, d0, m);
        assertNotNull(sparse);
        int nonZero = 0;
        for (double v : features) {
            nonZero += Double.doubleToRawLongBits(v) != 0L ? 1 : 0;
        }
        assertEquals(nonZero, sparse.nonZeros(), "entries other than +0.0");
        int[] order = new int[m];
        for (int k = 0; k < m; k++) {
            order[k] = (k * 17 + 5) % m; // a permutation (17 and 57 are coprime)
        }
        int batch = 20;
        double[] out = new double[d0 * batch];
        Arrays.fill(out, 7.0); // stale values of an earlier batch must not survive
        for (int from = 0; from + batch <= m; from += batch) {
            // in two ranges of points, the later one first (as a second thread may): each writes only its columns
            int cut = from == 0 ? 7 : 13;
            sparse.gather(order, from, batch, out, cut, batch);
            sparse.gather(order, from, batch, out, 0, cut);
            for (int j = 0; j < d0; j++) {
                for (int k = 0; k < batch; k++) {
                    assertEquals(Double.doubleToRawLongBits(features[j * m + order[from + k]]),
                            Double.doubleToRawLongBits(out[j * batch + k]), "coordinate " + j + " of point " + k);
                }
            }
        }
    }

    @Test
    void denseOrNarrowDataAreGatheredDirectly() {
        double[] dense = new double[70 * 10];
        Arrays.fill(dense, 0, 400, 1.0);
        assertNull(SparseRows.ofMostlyZero(dense, 70, 10), "more than half non-zero");
        assertNull(SparseRows.ofMostlyZero(new double[20 * 10], 20, 10),
                "fewer than " + SparseRows.MIN_INPUTS + " inputs");
        assertNotNull(SparseRows.ofMostlyZero(new double[70 * 10], 70, 10), "all zero");
    }
}
