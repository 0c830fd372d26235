package io.github.pontryagin.odenets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import io.github.pontryagin.core.optim.Optimizers;
import io.github.pontryagin.odenets.data.Dataset;
import io.github.pontryagin.odenets.data.Datasets;
import io.github.pontryagin.odenets.train.Trainer;
import io.github.pontryagin.odenets.train.TrainingProgress;
import io.github.pontryagin.odenets.train.TrainingResult;

/** Slices of a batch summed elsewhere (data-parallel training), {@link OdeNet#evaluate} and keep-best. */
class OdeNetSliceTest {

    private static OdeNet net() {
        return OdeNet.builder().inputDimension(2).width(3).layers(4).tableau("rk4").classes(3).head("softmax")
                .learnableLift(true).tikhonov(0.01).smoothness(0.1).initialization(Initialization.XAVIER)
                .chunkSize(64).seed(3).build();
    }

    private static Dataset threeClasses(int m, long seed) {
        Dataset spiral = Datasets.spiral(m, seed);
        int[] labels = spiral.labels();
        for (int k = 0; k < m; k++) {
            labels[k] = spiral.feature(0, k) > 0.5 ? 2 : labels[k];
        }
        return new Dataset(2, spiral.features(), labels);
    }

    @Test
    void slicesCutAtChunkBoundariesSumToTheBatchLossBitForBit() {
        try (OdeNet net = net()) {
            Dataset data = threeClasses(300, 4);
            int m = data.size();
            double[] u = net.parameters().clone();
            double[] expected = new double[u.length];
            double expectedLoss = net.lossAndGradient(u, data.features(), data.labels(), m, expected);

            double[] sum = new double[u.length];
            double[] slice = new double[u.length];
            double loss = 0;
            for (int start = 0; start < m; start += 64) {
                int size = Math.min(64, m - start);
                Dataset part = data.subset(java.util.stream.IntStream.range(start, start + size).toArray());
                loss += net.lossSum(u, part.features(), part.labels(), size, m, slice);
                for (int i = 0; i < sum.length; i++) {
                    sum[i] += slice[i];
                }
            }
            double total = loss / m + net.regularization(u, sum);
            assertEquals(Double.doubleToRawLongBits(expectedLoss), Double.doubleToRawLongBits(total),
                    expectedLoss + " vs " + total);
            for (int i = 0; i < u.length; i++) {
                assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(sum[i]),
                        "gradient " + i + " (" + net.layout().describe(i) + ")");
            }
            assertThrows(IllegalArgumentException.class,
                    () -> net.lossSum(u, data.features(), data.labels(), m, m - 1, null));
        }
    }

    @Test
    void evaluateReportsTheLossAndAccuracyOfTheNet() {
        try (OdeNet net = net()) {
            Dataset data = threeClasses(100, 5);
            Evaluation e = Evaluation.of(net, data);
            assertEquals(net.loss(data.features(), data.labels(), 100), e.loss(), 0.0);
            int[] predicted = net.predict(data.features(), 100);
            long correct = java.util.stream.IntStream.range(0, 100).filter(k -> predicted[k] == data.label(k)).count();
            assertEquals(correct / 100.0, e.accuracy(), 0.0);
            assertEquals(100, e.size());
            assertThrows(IllegalArgumentException.class, () -> Evaluation.of(net, Datasets.donut1d(10, 1)));
        }
    }

    @Test
    void keepBestLeavesTheParametersOfTheBestValidationAccuracy() throws Exception {
        Dataset all = Datasets.squares(300, 8);
        var split = all.split(0.8, 9);
        try (OdeNet net = OdeNet.builder().inputDimension(2).width(2).layers(4).tableau("euler").seed(2).build()) {
            // a large learning rate makes the validation accuracy move up and down between evaluations
            TrainingResult result = Trainer.builder().optimizer(Optimizers.adam(0.3)).iterations(120)
                    .evaluateEvery(10).keepBest(true).build().train(net, split.train(), split.test());
            double best = result.history().stream().mapToDouble(TrainingProgress::testAccuracy).max().orElseThrow();
            double last = result.history().get(result.history().size() - 1).testAccuracy();
            assertEquals(best, result.testAccuracy(), 0.0, "history " + Arrays.toString(
                    result.history().stream().mapToDouble(TrainingProgress::testAccuracy).toArray()));
            assertEquals(best, Evaluation.of(net, split.test()).accuracy(), 0.0);
            assertTrue(best > last, "the run must end below its best for the test to mean something");
        }
    }
}
