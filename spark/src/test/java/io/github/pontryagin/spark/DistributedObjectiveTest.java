package io.github.pontryagin.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import io.github.pontryagin.core.optim.Objective;
import io.github.pontryagin.core.optim.Optimizer;
import io.github.pontryagin.core.optim.OptimizerState;
import io.github.pontryagin.core.optim.Optimizers;
import io.github.pontryagin.odenets.Initialization;
import io.github.pontryagin.odenets.OdeNet;
import io.github.pontryagin.odenets.data.Dataset;
import io.github.pontryagin.odenets.data.Datasets;

/** The data-parallel objective equals the single-JVM loss and gradient bit for bit, and so do optimizer runs. */
class DistributedObjectiveTest {

    private static OdeNet net() {
        return OdeNet.builder().inputDimension(2).width(3).layers(5).tableau("rk4").tikhonov(1e-3).smoothness(1e-2)
                .initialization(Initialization.XAVIER).chunkSize(50).seed(7).build();
    }

    private static void assertBitIdentical(double[] expected, double[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]),
                    what + " " + i + ": " + expected[i] + " vs " + actual[i]);
        }
    }

    @Test
    void lossAndGradientEqualTheSingleJvmBitForBitForAnyPartitioning() {
        Dataset data = Datasets.spiral(430, 3);
        try (OdeNet net = net()) {
            double[] u = net.parameters().clone();
            double[] expected = new double[u.length];
            double expectedLoss = net.lossAndGradient(u, data.features(), data.labels(), data.size(), expected);
            for (int partitions : new int[] {1, 2, 3, 9}) {
                try (DistributedObjective objective = new DistributedObjective(SparkTestContext.get(), net, data,
                        partitions)) {
                    assertEquals(9, objective.slices());
                    double[] gradient = new double[u.length];
                    double loss = objective.valueAndGradient(u, gradient);
                    assertEquals(Double.doubleToRawLongBits(expectedLoss), Double.doubleToRawLongBits(loss),
                            partitions + " partitions: " + expectedLoss + " vs " + loss);
                    assertBitIdentical(expected, gradient, partitions + " partitions, gradient");
                    assertEquals(Double.doubleToRawLongBits(expectedLoss),
                            Double.doubleToRawLongBits(objective.value(u)));
                }
            }
        }
    }

    @Test
    void fullBatchOptimizersFollowTheSameIteratesAsOnOneJvm() {
        Dataset data = Datasets.squares(300, 5);
        for (Optimizer optimizer : new Optimizer[] {Optimizers.armijo(1.0, 0.5, 1e-4),
            Optimizers.lipschitzBacktracking(1.0), Optimizers.gradientDescent(0.5)}) {
            try (OdeNet net = net();
                 DistributedObjective distributed = new DistributedObjective(SparkTestContext.get(), net, data, 2)) {
                Objective local = (u, g) -> net.lossAndGradient(u, data.features(), data.labels(), data.size(), g);
                double[] u1 = net.parameters().clone();
                double[] u2 = net.parameters().clone();
                OptimizerState s1 = optimizer.newState(u1.length);
                OptimizerState s2 = optimizer.newState(u2.length);
                double first = Double.NaN;
                double last = Double.NaN;
                for (int step = 0; step < 5; step++) {
                    double l1 = optimizer.step(local, u1, s1);
                    double l2 = optimizer.step(distributed, u2, s2);
                    assertEquals(Double.doubleToRawLongBits(l1), Double.doubleToRawLongBits(l2),
                            optimizer + " step " + step);
                    first = step == 0 ? l1 : first;
                    last = l1;
                }
                assertBitIdentical(u1, u2, optimizer + " parameters");
                assertEquals(true, last < first, optimizer + ": loss " + first + " -> " + last + " must decrease");
            }
        }
    }

    @Test
    void mismatchedDataAreRejected() {
        try (OdeNet net = net()) {
            assertThrows(IllegalArgumentException.class,
                    () -> new DistributedObjective(SparkTestContext.get(), net, Datasets.donut1d(10, 1), 2));
            Dataset data = Datasets.spiral(20, 1);
            try (DistributedObjective objective = new DistributedObjective(SparkTestContext.get(), net, data, 2)) {
                assertThrows(IllegalArgumentException.class,
                        () -> objective.valueAndGradient(new double[3], new double[3]));
                assertEquals(1, objective.partitions(), "20 points are one slice of 50: " + Arrays.toString(
                        new int[] {objective.slices()}));
            }
        }
    }
}
