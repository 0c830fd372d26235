package io.github.pontryagin.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
