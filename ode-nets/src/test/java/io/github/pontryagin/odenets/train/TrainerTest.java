package io.github.pontryagin.odenets.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.github.pontryagin.adjoint.LayerUpdate;
import io.github.pontryagin.core.optim.LearningRateSchedule;
import io.github.pontryagin.core.optim.Optimizers;
import io.github.pontryagin.odenets.AccuracyBaselines;
import io.github.pontryagin.odenets.OdeNet;
import io.github.pontryagin.odenets.StepSizePolicy;
import io.github.pontryagin.odenets.data.Dataset;
import io.github.pontryagin.odenets.data.Datasets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {

    @TempDir
    Path temp;

    @Test
    void simplexStepSizesStayOnTheSimplexAfterEveryStep() throws Exception {
        Dataset data = Datasets.spiral(200, 3);
        OdeNet net = OdeNet.builder().inputDimension(2).width(2).layers(8).horizon(2.0)
                .stepSizes(StepSizePolicy.SIMPLEX).seed(2).build();
        int[] checked = {0};
        Trainer trainer = Trainer.builder().optimizer(Optimizers.adam(0.05)).iterations(60)
                .listener(new TrainingListener() {
                    @Override
                    public void onIteration(TrainingProgress progress) {
                        double sum = 0;
                        for (double h : net.stepSizes()) {
                            assertTrue(h >= 0, "h_n >= 0 at iteration " + progress.iteration());
                            sum += h;
                        }
                        assertEquals(2.0, sum, 1e-12, "sum h_n = T at iteration " + progress.iteration());
                        checked[0]++;
                    }
                }).build();
        TrainingResult result = trainer.train(net, data, null);
        assertEquals(60, checked[0]);
        assertTrue(result.completed());
        double[] h = net.stepSizes();
        boolean moved = false;
        for (double v : h) {
            moved |= Math.abs(v - 0.25) > 1e-6;
        }
        assertTrue(moved, "the step sizes must actually be learned");
    }

    @Test
    void netBaselineTrainsThroughTheSameCode() throws Exception {
        Dataset data = Datasets.donut2d(300, 5);
        OdeNet net = OdeNet.builder().inputDimension(2).width(2).layers(5).layerUpdate(LayerUpdate.plain()).seed(3).build();
        double before = net.loss(data.features(), data.labels(), data.size());
        TrainingResult result = Trainer.builder().optimizer(Optimizers.lipschitzBacktracking(0.1)).iterations(150)
                .build().train(net, data, null);
        assertTrue(result.finalLoss() < 0.8 * before, "loss " + before + " -> " + result.finalLoss());
    }

    @Test
    void resumingFromACheckpointContinuesBitIdentically() throws Exception {
        Dataset data = Datasets.squares(300, 7);
        Path checkpoint = temp.resolve("run.ckpt.json");
        Trainer.Builder settings = Trainer.builder().optimizer(Optimizers.adam(0.02)).batchSize(64).seed(11)
                .evaluateEvery(10);
        OdeNet uninterrupted = OdeNet.builder().layers(6).seed(4).build();
        settings.iterations(50).build().train(uninterrupted, data, null);

        OdeNet interrupted = OdeNet.builder().layers(6).seed(4).build();
        settings.iterations(20).checkpoint(checkpoint, 20).build().train(interrupted, data, null);
        assertTrue(Files.exists(checkpoint));
        TrainingResult resumed = Trainer.builder().optimizer(Optimizers.adam(0.02)).batchSize(64).seed(11)
                .evaluateEvery(10).iterations(50).build().resume(checkpoint, data, null);
        assertArrayEquals(uninterrupted.parameters(), resumed.net().parameters(), 0.0);
        assertEquals(5, resumed.history().size(), "history continues across the checkpoint");
    }

    @Test
    void epochsCountPassesOverTheTrainingSet() throws Exception {
        Dataset data = Datasets.squares(250, 7);
        OdeNet net = OdeNet.builder().layers(3).seed(4).build();
        TrainingResult result = Trainer.builder().optimizer(Optimizers.adam(0.01)).batchSize(50).epochs(3)
                .evaluateEvery(5).build().train(net, data, null);
        assertEquals(15, result.iterations(), "3 epochs of 250/50 = 5 batches");
        assertEquals(3, result.history().size());
    }

    @Test
    void nonFiniteLossStopsTrainingAndKeepsTheLastFiniteParameters() throws Exception {
        Dataset data = Datasets.spiral(100, 1);
        OdeNet net = OdeNet.builder().layers(4).seed(5).build();
        TrainingResult result = Trainer.builder().optimizer(Optimizers.gradientDescent(1e200)).iterations(50)
                .build().train(net, data, null);
        assertNotNull(result.stopReason());
        assertTrue(result.stopReason().startsWith("stopped at iteration "), result.stopReason());
        assertTrue(result.iterations() < 50);
        for (double v : net.parameters()) {
            assertTrue(Double.isFinite(v));
        }
    }

    /**
     * The net's threads gather the batches, copy and check u and run AdamW's update and the schedule's passes in
     * slices: a run on 2 or 3 threads ends on the bits of the run on one, with a wide, mostly-zero input (the sparse
     * batches, two slices of points) and 25 k parameters (more than two grains of the optimizer's passes); so does a
     * diverging run, stopped at the same iteration with the same message.
     */
    @Test
    void moreThreadsTrainTheBitsOfOne() throws Exception {
        int d0 = 256;
        int m = 400;
        java.util.SplittableRandom random = new java.util.SplittableRandom(8);
        double[] features = new double[d0 * m];
        for (int i = 0; i < features.length; i++) {
            features[i] = random.nextDouble() < 0.8 ? 0.0 : random.nextDouble();
        }
        int[] labels = new int[m];
        for (int k = 0; k < m; k++) {
            labels[k] = features[k] + features[7 * m + k] > features[100 * m + k] ? 1 : k % 3 == 0 ? 2 : 0;
        }
        Dataset data = new Dataset(d0, features, labels);
        for (double learningRate : new double[] {0.01, 1e200}) {
            double[] parameters = null;
            List<TrainingProgress> history = null;
            String stopReason = null;
            for (int threads = 1; threads <= 3; threads++) {
                try (OdeNet net = OdeNet.builder().inputDimension(d0).width(64).layers(2).tableau("rk4").classes(3)
                        .head("softmax").learnableLift(true).chunkSize(40).threads(threads).seed(6).build()) {
                    assertTrue(net.parameters().length > 3 * io.github.pontryagin.core.optim.SliceRunner.VECTOR_GRAIN);
                    Trainer trainer = Trainer.builder()
                            .optimizer(Optimizers.adamW(learningRate, 0.9, 0.999, 1e-8, 0.01))
                            .schedule(LearningRateSchedule.cosine(10, 0.01)).batchSize(80).epochs(2).seed(2)
                            .evaluateEvery(3).build();
                    TrainingResult result = trainer.train(net, data, null);
                    if (threads == 1) {
                        parameters = net.parameters().clone();
                        history = result.history();
                        stopReason = result.stopReason();
                        assertEquals(learningRate > 1, stopReason != null, "stop reason " + stopReason);
                        continue;
                    }
                    String where = threads + " threads, learning rate " + learningRate;
                    assertArrayEquals(parameters, net.parameters(), 0.0, where);
                    assertEquals(stopReason, result.stopReason(), where);
                    assertEquals(history.size(), result.history().size(), where);
                    for (int i = 0; i < history.size(); i++) {
                        assertEquals(history.get(i).loss(), result.history().get(i).loss(), where);
                    }
                }
            }
        }
    }

    /**
     * A run stopped by a diverging step ends on the parameters before that step, bit for bit those of the same run
     * stopped by its iteration count one step earlier (the guard's copy of u is the start of the failed step, not an
     * older or newer point).
     */
    @Test
    void aStoppedRunKeepsTheParametersOfTheStepBefore() throws Exception {
        Dataset data = Datasets.spiral(100, 1);
        // Tikhonov's (λ/2)‖θ‖² with λ = 1e20 and gradient descent at rate 1: θ grows by a factor of about 1e20 a step,
        // beyond the guard's 1e100 after a few steps
        java.util.function.IntFunction<OdeNet> net = threads -> OdeNet.builder().layers(2).seed(5).threads(threads)
                .tikhonov(1e20).build();
        for (int threads : new int[] {1, 2}) {
            OdeNet diverging = net.apply(threads);
            TrainingResult stopped = Trainer.builder().optimizer(Optimizers.gradientDescent(1.0)).iterations(100)
                    .build().train(diverging, data, null);
            assertNotNull(stopped.stopReason(), "the run must diverge");
            long failed = stopped.iterations();
            assertTrue(failed >= 3, "diverged at iteration " + failed + ": too early to tell the steps apart");
            OdeNet shorter = net.apply(threads);
            Trainer.builder().optimizer(Optimizers.gradientDescent(1.0)).iterations(failed - 1).build()
                    .train(shorter, data, null);
            assertArrayEquals(shorter.parameters(), diverging.parameters(), 0.0,
                    threads + " threads, stopped at iteration " + failed + ": " + stopped.stopReason());
            diverging.close();
            shorter.close();
        }
    }

    /** The guard checks u in slices on the net's threads and names the first bad parameter, whichever slice has it. */
    @Test
    void theGuardNamesTheFirstBadParameterOfAnySlice() {
        try (OdeNet net = OdeNet.builder().inputDimension(256).width(64).layers(2).learnableLift(true).threads(2)
                .seed(6).build()) {
            double[] u = net.parameters().clone();
            int n = u.length;
            assertTrue(n > 3 * io.github.pontryagin.core.optim.SliceRunner.VECTOR_GRAIN);
            assertNull(Trainer.nonFinite(1.0, u, net));
            double[] copy = new double[n];
            assertNull(Trainer.nonFinite(1.0, u, copy, net));
            assertArrayEquals(u, copy, 0.0, "the check's copy of u");
            assertEquals("the loss is NaN", Trainer.nonFinite(Double.NaN, u, net));
            u[n - 2] = Double.NaN;
            u[n - 3] = 2 * Trainer.DIVERGED;
            assertEquals("parameter " + (n - 3) + " (" + net.layout().describe(n - 3) + ") became 2.0E100, beyond +-"
                    + Trainer.DIVERGED + " (diverged)", Trainer.nonFinite(1.0, u, net));
            u[5] = Double.NEGATIVE_INFINITY;
            assertEquals("parameter 5 (" + net.layout().describe(5) + ") became -Infinity",
                    Trainer.nonFinite(1.0, u, net));
        }
    }

    @Test
    void odeNetOnSquaresReachesItsBaselineTestAccuracy() throws Exception {
        TrainingResult result = AccuracyBaselines.run("squares", 1);
        assertNull(result.stopReason());
        AccuracyBaselines.assertReached("squares", result.testAccuracy());
    }

    @Test
    void odeNetOnSpiralReachesItsBaselineTestAccuracy() throws Exception {
        TrainingResult result = AccuracyBaselines.run("spiral", 1);
        assertNull(result.stopReason());
        AccuracyBaselines.assertReached("spiral", result.testAccuracy());
    }
}
