package io.github.pontryagin.odenets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.pontryagin.core.optim.Optimizers;
import io.github.pontryagin.odenets.data.Dataset;
import io.github.pontryagin.odenets.data.Datasets;
import io.github.pontryagin.odenets.train.Trainer;
import io.github.pontryagin.odenets.train.TrainingResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * "Bit-identical for any thread count" beyond one {@code lossAndGradient}: predictions and a whole training run
 * (mini-batches, line search, simplex projection) give the same bits with 1, 2 and 3 threads. Chunks of 64
 * points, so every batch has several chunks and the workers really run.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ThreadCountDeterminismTest {

    private static OdeNet net(int threads, StepSizePolicy steps) {
        return OdeNet.builder().inputDimension(2).width(3).layers(6).tableau("kutta3").stepSizes(steps)
                .chunkSize(64).threads(threads).initialization(Initialization.XAVIER).seed(12).build();
    }

    @Test
    void probabilitiesAndLayerStatesAreBitIdenticalForOneTwoAndThreeThreads() {
        Dataset data = Datasets.spiral(403, 5);
        double[] reference = null;
        for (int threads : new int[] {1, 2, 3}) {
            try (OdeNet net = net(threads, StepSizePolicy.FREE)) {
                double[] p = net.probabilities(data.features(), data.size());
                if (reference == null) {
                    reference = p;
                } else {
                    assertArrayEquals(reference, p, 0.0, threads + " threads: probabilities");
                }
            }
        }
    }

    @Test
    void trainingIsBitIdenticalForOneAndTwoThreads() throws Exception {
        Dataset train = Datasets.donut2d(300, 7);
        Dataset test = Datasets.donut2d(200, 8);
        List<double[]> finalParameters = new ArrayList<>();
        List<Double> losses = new ArrayList<>();
        for (int threads : new int[] {1, 2}) {
            // full batch with the paper's line search (its trial losses too) and a mini-batch run with Adam
            try (OdeNet net = net(threads, StepSizePolicy.SIMPLEX)) {
                TrainingResult result = Trainer.builder().optimizer(Optimizers.lipschitzBacktracking(0.1))
                        .iterations(15).build().train(net, train, test);
                finalParameters.add(net.parameters());
                losses.add(result.finalLoss());
            }
            try (OdeNet net = net(threads, StepSizePolicy.FREE)) {
                TrainingResult result = Trainer.builder().optimizer(Optimizers.adam(0.05)).batchSize(150).seed(3)
                        .iterations(20).build().train(net, train, test);
                finalParameters.add(net.parameters());
                losses.add(result.finalLoss());
            }
        }
        assertArrayEquals(finalParameters.get(0), finalParameters.get(2), 0.0, "line search, 1 vs 2 threads");
        assertArrayEquals(finalParameters.get(1), finalParameters.get(3), 0.0, "Adam mini-batches, 1 vs 2 threads");
        assertEquals(Double.doubleToRawLongBits(losses.get(0)), Double.doubleToRawLongBits(losses.get(2)));
        assertEquals(Double.doubleToRawLongBits(losses.get(1)), Double.doubleToRawLongBits(losses.get(3)));
        boolean moved = false;
        try (OdeNet initial = net(1, StepSizePolicy.FREE)) {
            double[] start = initial.parameters();
            for (int i = 0; i < start.length; i++) {
                moved |= start[i] != finalParameters.get(1)[i];
            }
        }
        assertTrue(moved, "training must change the parameters, or the comparison proves nothing");
    }

    /**
     * The parameters' check before a gradient also copies the flow's parameters for the chunks, each slice of the
     * check its share: a second evaluation in the same array, changed in place, must see every new entry. A net of
     * more than three slices' grain of parameters, so that 2 and 3 threads cut the check (and the copy) into 2 and 3.
     */
    @Test
    void aGradientAtParametersChangedInPlaceSeesEveryChangeOnOneTwoAndThreeThreads() {
        Dataset data = Datasets.spiral(150, 4);
        int m = data.size();
        double[] reference = null;
        double referenceLoss = Double.NaN;
        double[] second = null;
        for (int threads : new int[] {1, 1, 2, 3}) {
            try (OdeNet net = OdeNet.builder().inputDimension(2).width(96).layers(3).tableau("rk4").chunkSize(64)
                    .threads(threads).initialization(Initialization.XAVIER).seed(5).build()) {
                double[] u = net.parameters();
                assertTrue(u.length > 3 * io.github.pontryagin.core.optim.SliceRunner.VECTOR_GRAIN,
                        "the net must have enough parameters for three slices, has " + u.length);
                if (second == null) {
                    second = u.clone();
                    for (int i = 0; i < u.length; i++) {
                        second[i] += 1e-3 * Math.sin(i);
                    }
                }
                double[] g = new double[u.length];
                double loss;
                if (reference == null) {
                    // a fresh net's first evaluation, at the changed parameters
                    loss = net.lossAndGradient(second.clone(), data.features(), data.labels(), m, g);
                    reference = g;
                    referenceLoss = loss;
                    continue;
                }
                net.lossAndGradient(u, data.features(), data.labels(), m, g);
                System.arraycopy(second, 0, u, 0, u.length);
                loss = net.lossAndGradient(u, data.features(), data.labels(), m, g);
                assertEquals(Double.doubleToRawLongBits(referenceLoss), Double.doubleToRawLongBits(loss),
                        threads + " threads: loss");
                assertArrayEquals(reference, g, 0.0, threads + " threads: gradient");
            }
        }
    }
}
