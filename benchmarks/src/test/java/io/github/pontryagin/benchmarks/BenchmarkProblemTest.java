package io.github.pontryagin.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The benchmarked configurations evaluate to a finite loss and give bit-identical loss and gradient with one
 * and with two threads (the determinism the benchmarks' thread speed-up relies on). No timing here.
 */
class BenchmarkProblemTest {

    @ParameterizedTest
    @ValueSource(strings = {"d2-euler", "d2-rk4", "d4-rk4", "d64-rk4", "d256-rk4"})
    void oneAndTwoThreadsGiveBitIdenticalLossAndGradient(String name) {
        BenchmarkProblem problem = BenchmarkProblem.byName(name);
        double[] reference;
        double referenceLoss;
        try (BenchmarkProblem.Evaluation one = problem.evaluation(1)) {
            referenceLoss = one.lossAndGradient();
            reference = one.gradient().clone();
        }
        assertTrue(Double.isFinite(referenceLoss), name + " loss " + referenceLoss);
        try (BenchmarkProblem.Evaluation two = problem.evaluation(2)) {
            for (int repeat = 0; repeat < 2; repeat++) {
                double loss = two.lossAndGradient();
                assertEquals(Double.doubleToRawLongBits(referenceLoss), Double.doubleToRawLongBits(loss), name);
                assertArrayEquals(reference, two.gradient(), 0.0, name);
            }
        }
    }

    @Test
    void unknownConfigurationNamesTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BenchmarkProblem.byName("d3-rk5"));
        assertTrue(e.getMessage().contains("d64-rk4"), e.getMessage());
    }
}
