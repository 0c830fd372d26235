package io.github.pontryagin.odenets.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.github.pontryagin.core.optim.SliceRunner;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A mini-batch gathered in slices of points, cut at uneven places and run concurrently (the later slices first),
 * holds the bits of the batch gathered in one piece and of the points themselves, for mostly-zero data (a selection
 * of sparse rows, whose feature-major form is compared) and dense or narrow data (gathered directly), at batch sizes
 * not divisible by the number of slices; the stale values of the previous batch do not survive.
 */
class MiniBatchesTest {

    @ParameterizedTest(name = "d0 {0}, zeros {1}, batch {2}")
    @CsvSource({"70, 0.8, 13", "70, 0.8, 20", "70, 0.2, 13", "5, 0.8, 13"})
    void slicedGathersHaveTheBitsOfTheWholeGather(int d0, double zeros, int batch) {
        int m = 61;
        SplittableRandom random = new SplittableRandom(d0 + batch);
        double[] features = new double[d0 * m];
        for (int i = 0; i < features.length; i++) {
            double r = random.nextDouble();
            features[i] = r < zeros ? 0.0 : r < zeros + 0.02 ? -0.0 : random.nextGaussian();
        }
        int[] labels = new int[m];
        for (int k = 0; k < m; k++) {
            labels[k] = random.nextInt(10);
        }
        MiniBatches whole = new MiniBatches(features, labels, d0, m, batch);
        MiniBatches sliced = new MiniBatches(features, labels, d0, m, batch);
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            SliceRunner uneven = (n, grain, work) -> {
                int[] cut = {0, 1, n / 3, n / 3 + 4, n};
                List<Future<?>> running = new ArrayList<>();
                for (int s = cut.length - 2; s >= 0; s--) {
                    int from = cut[s];
                    int to = cut[s + 1];
                    running.add(threads.submit(() -> work.run(from, to)));
                }
                for (Future<?> f : running) {
                    try {
                        f.get();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            };
            int[] order = new int[m];
            for (int epoch = 0; epoch < 2; epoch++) {
                Trainer.shuffle(order, 3, epoch);
                for (int from = 0; from + batch <= m; from += batch) {
                    whole.gather(order, from, SliceRunner.SERIAL);
                    sliced.gather(order, from, uneven);
                    double[] wholeX = whole.featureMajor();
                    double[] slicedX = sliced.featureMajor();
                    assertEquals(d0 >= 64 && zeros > 0.5, whole.sparse(), "sparse rows for mostly-zero wide data");
                    for (int k = 0; k < batch; k++) {
                        int p = order[from + k];
                        assertEquals(labels[p], sliced.labels()[k], "label of point " + k);
                        assertEquals(whole.labels()[k], sliced.labels()[k]);
                        for (int j = 0; j < d0; j++) {
                            long bits = Double.doubleToRawLongBits(features[j * m + p]);
                            assertEquals(bits, Double.doubleToRawLongBits(wholeX[j * batch + k]), "whole gather");
                            assertEquals(bits, Double.doubleToRawLongBits(slicedX[j * batch + k]),
                                    "coordinate " + j + " of point " + k + " of the batch at " + from);
                        }
                    }
                }
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
