package io.github.pontryagin.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.github.pontryagin.core.optim.Optimizers;
import io.github.pontryagin.odenets.OdeNet;

/** The JIT warm-up's narrower net and its life cycle (the bits of a run with it: {@link DataFilesCliTest}). */
class JitWarmUpTest {

    /** Four 8-row tiles plus the real width's remainder of 8, or the real width when it is narrower. */
    @Test
    void warmUpWidthKeepsTheRowTilesOfTheRealWidth() {
        assertEquals(32, JitWarmUp.width(128));
        assertEquals(32, JitWarmUp.width(160));
        assertEquals(36, JitWarmUp.width(100));
        assertEquals(33, JitWarmUp.width(41));
        assertEquals(39, JitWarmUp.width(39));
        assertEquals(20, JitWarmUp.width(20));
        assertEquals(6, JitWarmUp.width(6));
        for (int width = 1; width < 300; width++) {
            int w = JitWarmUp.width(width);
            assertEquals(width % 8, w % 8, "remainder rows, width " + width);
            assertTrue(w <= width && (w >= 32 || w == width), "width " + width + " -> " + w);
        }
    }

    /** It takes optimizer steps on its own net until closed, and takes none after. */
    /**
     * The synthetic batch has MNIST's zero share and, like MNIST's chunks, blank groups of four coordinates (3 in 10),
     * so that the sparse lift's empty lists run in the warm-up; the other groups have non-zeros. Without zeros enough
     * for them, no group is blank.
     */
    @Test
    void syntheticInputsHaveBlankGroupsOfFourAndTheZeroShare() {
        int d0 = 784;
        int points = 50;
        double[] x = JitWarmUp.syntheticInputs(d0, points, 0.8, new SplittableRandom(0));
        int zeros = 0;
        int blank = 0;
        for (int q = 0; q < d0 / 4; q++) {
            int groupZeros = 0;
            for (int j = 4 * q; j < 4 * q + 4; j++) {
                for (int k = 0; k < points; k++) {
                    groupZeros += x[j * points + k] == 0.0 ? 1 : 0;
                }
            }
            zeros += groupZeros;
            blank += groupZeros == 4 * points ? 1 : 0;
            assertEquals(q % 10 < 3, groupZeros == 4 * points, "group " + q + " has " + groupZeros + " zeros");
        }
        assertEquals(60, blank);
        assertEquals(0.8, zeros / (double) (d0 * points), 0.01);
        double[] dense = JitWarmUp.syntheticInputs(d0, points, 0.1, new SplittableRandom(0));
        int denseZeros = 0;
        for (double v : dense) {
            denseZeros += v == 0.0 ? 1 : 0;
        }
        assertEquals(0.1, denseZeros / (double) dense.length, 0.01);
    }

    @Test
    void warmUpStepsUntilClosed() throws InterruptedException {
        JitWarmUp warmUp = JitWarmUp.start(() -> OdeNet.builder().inputDimension(20).width(8).layers(2).classes(3)
                        .head("softmax").learnableLift(true).seed(1).build(), () -> Optimizers.adamW(0.01, 0.9, 0.999, 1e-8, 0.01), 6, 0.5);
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (warmUp.steps() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        warmUp.close();
        int steps = warmUp.steps();
        assertTrue(steps >= 3, "warm-up steps before close: " + steps);
        Thread.sleep(50);
        assertEquals(steps, warmUp.steps(), "steps after close");
        warmUp.close();
    }
}
