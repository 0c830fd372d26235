package io.github.pontryagin.odenets.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import io.github.pontryagin.core.optim.LearningRateSchedule;
import io.github.pontryagin.core.optim.Optimizers;
import io.github.pontryagin.core.optim.Retraction;
import io.github.pontryagin.core.optim.StiefelBlock;
import io.github.pontryagin.core.optim.WeightAverage;
import io.github.pontryagin.odenets.OdeNet;
import io.github.pontryagin.odenets.data.Dataset;
import io.github.pontryagin.odenets.data.Datasets;
import org.junit.jupiter.api.Test;

/** Trainer with orthogonal blocks, schedules, SWA and keep-best. */
class TrainerManifoldsAndAveragingTest {

    private static double orthonormalityError(OdeNet net) {
        double worst = 0.0;
        for (StiefelBlock b : Trainer.orthogonalBlocks(net.layout(), List.of("K"))) {
            worst = Math.max(worst, b.orthonormalityError(net.parameters()));
        }
        return worst;
    }

    @Test
    void orthogonalKStaysOnTheStiefelManifoldForEveryOptimizerKind() throws Exception {
        Dataset data = Datasets.spiral(60, 3);
        for (String name : List.of("adam", "mec", "itoh-abe")) {
            OdeNet net = OdeNet.builder().inputDimension(2).width(3).layers(3).seed(2).build();
            assertTrue(orthonormalityError(net) > 1e-3, "the initial K is not orthogonal");
            double[] start = net.parameters().clone();
            for (StiefelBlock b : Trainer.orthogonalBlocks(net.layout(), List.of("K"))) {
                b.projectToManifold(start);
            }
            double before = net.loss(start, data.features(), data.labels(), data.size());
            int iterations = name.equals("itoh-abe") ? 2 : 60;
            TrainingResult result = Trainer.builder()
                    .optimizer(Optimizers.registry().get(name).create(null, 0.9, 0.0))
                    .orthogonal(Retraction.CAYLEY, List.of("K")).iterations(iterations)
                    .listener(new TrainingListener() {
                        @Override
                        public void onIteration(TrainingProgress progress) {
                            assertTrue(orthonormalityError(net) <= 1e-12, name + ": ‖KᵀK − I‖ = "
                                    + orthonormalityError(net) + " at iteration " + progress.iteration());
                        }
                    }).build().train(net, data, null);
            assertTrue(result.finalLoss() < before, name + ": loss " + before + " → " + result.finalLoss());
        }
    }

    @Test
    void keepBestReturnsTheLowestLossSeen() throws Exception {
        Dataset data = Datasets.spiral(200, 5);
        double[] lowest = {Double.POSITIVE_INFINITY};
        OdeNet net = OdeNet.builder().inputDimension(2).width(2).layers(4).seed(6).build();
        // a learning rate large enough for Adam to oscillate
        TrainingResult result = Trainer.builder().optimizer(Optimizers.adam(0.3)).iterations(150).keepBest(true)
                .listener(new TrainingListener() {
                    @Override
                    public void onIteration(TrainingProgress progress) {
                        lowest[0] = Math.min(lowest[0], progress.loss());
                    }
                }).build().train(net, data, null);
        assertEquals(lowest[0], result.finalLoss(), 1e-12 * lowest[0], "the net ends on its best iterate");
    }

    @Test
    void swaEndsOnTheMeanOfTheCollectedIterates() throws Exception {
        Dataset data = Datasets.spiral(200, 5);
        OdeNet net = OdeNet.builder().inputDimension(2).width(2).layers(4).seed(6).build();
        WeightAverage swa = WeightAverage.swa(net.parameters().length);
        double[] expected = new double[net.parameters().length];
        int[] collected = {0};
        Trainer.builder().optimizer(Optimizers.gradientDescent(0.5)).iterations(60)
                .schedule(LearningRateSchedule.cyclic(10, 0.1)).average(swa, 10, 10)
                .listener(new TrainingListener() {
                    @Override
                    public void onIteration(TrainingProgress progress) {
                        if (progress.iteration() % 10 == 0) {
                            collected[0]++;
                            double[] u = net.parameters();
                            for (int i = 0; i < u.length; i++) {
                                expected[i] += u[i];
                            }
                        }
                    }
                }).build().train(net, data, null);
        assertEquals(6, collected[0]);
        assertEquals(6, swa.count());
        for (int i = 0; i < expected.length; i++) {
            expected[i] /= 6;
        }
        assertArrayEquals(expected, net.parameters(), 1e-12);
    }

    @Test
    void orthogonalBlockThatCannotBeOrthonormalIsRejectedWithItsShape() {
        Dataset data = Datasets.spiral(50, 5);
        OdeNet net = OdeNet.builder().inputDimension(2).width(2).layers(2).seed(6).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Trainer.builder()
                .optimizer(Optimizers.gradientDescent(0.1)).orthogonal(Retraction.QR, List.of("beta"))
                .iterations(1).build().train(net, data, null));
        assertTrue(e.getMessage().contains("beta") && e.getMessage().contains("× 2"), e.getMessage());
    }

    @Test
    void swagPredictionsHaveZeroSpreadForIdenticalIteratesAndPositiveSpreadAlongARun() throws Exception {
        Dataset data = Datasets.spiral(60, 5);
        OdeNet net = OdeNet.builder().inputDimension(2).width(2).layers(3).seed(6).build();
        WeightAverage still = WeightAverage.swag(net.parameters().length, 3);
        for (int k = 0; k < 4; k++) {
            still.add(net.parameters());
        }
        double[] direct = net.probabilities(data.features(), data.size());
        double[] before = net.parameters().clone();
        SwagPrediction same = SwagPrediction.of(net, still, data.features(), data.size(), 5, 1);
        assertArrayEquals(direct, same.mean(), 1e-15, "no spread: every sample is the mean");
        assertArrayEquals(new double[direct.length], same.deviation(), 1e-7);
        assertArrayEquals(before, net.parameters(), 0.0, "the net's parameters are restored");

        WeightAverage swag = WeightAverage.swag(net.parameters().length, 5);
        Trainer.builder().optimizer(Optimizers.adam(0.05)).iterations(40).average(swag, 20, 4).build()
                .train(net, data, null);
        SwagPrediction spread = SwagPrediction.of(net, swag, data.features(), data.size(), 20, 2);
        double largest = 0.0;
        for (double d : spread.deviation()) {
            largest = Math.max(largest, d);
        }
        assertTrue(largest > 1e-4, "samples along a run disagree somewhere, largest deviation " + largest);
    }

    @Test
    void orthogonalLiftStaysOnTheStiefelManifoldAndNetWithoutLiftIsRejected() throws Exception {
        Dataset data = Datasets.spiral(60, 4);
        // a widening lift (d > d0) keeps orthonormal columns, LᵀL = I, read column-major from the stored Lᵀ
        trainOrthogonalLift(data, 4, 2, true, "‖LᵀL − I‖");
        // a narrowing lift (d < d0) gets orthonormal rows: L Lᵀ = I, the columns of the stored Lᵀ
        double[] features = new double[6 * data.size()];
        for (int k = 0; k < data.size(); k++) {
            for (int j = 0; j < 6; j++) {
                features[j * data.size() + k] = data.features()[(j % 2) * data.size() + k] * (1 + j);
            }
        }
        trainOrthogonalLift(new Dataset(6, features, data.labels()), 6, 4, false, "‖L Lᵀ − I‖");
        OdeNet plain = OdeNet.builder().inputDimension(2).width(4).layers(2).seed(8).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Trainer.builder()
                .optimizer(Optimizers.adam(0.05)).orthogonal(Retraction.QR, List.of("lift")).iterations(1).build()
                .train(plain, data, null));
        assertTrue(e.getMessage().contains("lift"), e.getMessage());
    }

    /**
     * Trains a net of width 4 with an orthogonal lift on {@code data} and checks the Stiefel block: its shape, its
     * layout and that it stayed on the manifold.
     */
    private static void trainOrthogonalLift(Dataset data, int rows, int cols, boolean transposed, String what)
            throws Exception {
        try (OdeNet net = OdeNet.builder().inputDimension(data.dimension()).width(4).layers(2).learnableLift(true)
                .seed(8).build()) {
            Trainer.builder().optimizer(Optimizers.adam(0.05)).orthogonal(Retraction.QR, List.of("lift"))
                    .iterations(30).build().train(net, data, null);
            StiefelBlock lift = Trainer.orthogonalBlocks(net.layout(), List.of("lift")).get(0);
            assertEquals(rows, lift.rows());
            assertEquals(cols, lift.cols());
            assertEquals(transposed, lift.transposed());
            assertTrue(lift.orthonormalityError(net.parameters()) <= 1e-12, what + " = "
                    + lift.orthonormalityError(net.parameters()));
        }
    }
}
