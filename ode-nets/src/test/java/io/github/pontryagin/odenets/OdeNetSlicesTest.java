package io.github.pontryagin.odenets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.pontryagin.core.optim.SliceRunner;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link OdeNet#sliceRunner()}: the slices cover the range exactly once, one per thread when there are at least two
 * grains, each of at least a grain; below two grains, or on one thread, the caller runs one slice; the net's
 * objectives (its loss, its least-squares view) lend the same threads; a failing slice reaches the caller and the net
 * still works.
 */
class OdeNetSlicesTest {

    @ParameterizedTest(name = "{0} thread(s)")
    @CsvSource({"1", "2", "3"})
    void slicesCoverTheRangeOnceOnePerThread(int threads) {
        try (OdeNet net = OdeNet.builder().layers(2).threads(threads).seed(1).build()) {
            SliceRunner slices = net.sliceRunner();
            assertSame(slices, net.objective(new double[2], new int[1], 1).sliceRunner());
            assertSame(slices, net.leastSquares(new double[2], new int[1], 1).sliceRunner());
            int grain = SliceRunner.VECTOR_GRAIN;
            for (int n : new int[] {0, 1, 7, grain, 2 * grain - 1, 2 * grain, 2 * grain + 1, 3 * grain + 5, 100_003}) {
                int[] visits = new int[n];
                List<int[]> ranges = Collections.synchronizedList(new ArrayList<>());
                Set<Thread> ran = ConcurrentHashMap.newKeySet();
                slices.run(n, grain, (from, to) -> {
                    ranges.add(new int[] {from, to});
                    ran.add(Thread.currentThread());
                    for (int i = from; i < to; i++) {
                        visits[i]++;
                    }
                });
                for (int i = 0; i < n; i++) {
                    assertEquals(1, visits[i], "index " + i + " of " + n);
                }
                int expected = n == 0 ? 0 : Math.max(1, Math.min(threads, n / grain));
                assertEquals(expected, ranges.size(), "slices of " + n);
                for (int[] r : ranges) {
                    assertTrue(r[1] - r[0] >= Math.min(n, grain), "slice " + r[0] + ".." + r[1] + " of " + n);
                }
                assertTrue(ran.size() <= expected, "threads that ran the slices of " + n);
            }
        }
    }

    @ParameterizedTest(name = "{0} thread(s)")
    @CsvSource({"1", "2"})
    void aFailingSliceReachesTheCallerAndTheNetStillWorks(int threads) {
        try (OdeNet net = OdeNet.builder().layers(2).threads(threads).chunkSize(8).seed(1).build()) {
            double[] x = new double[2 * 32];
            int[] labels = new int[32];
            for (int k = 0; k < 32; k++) {
                x[k] = Math.sin(k);
                x[32 + k] = Math.cos(k);
                labels[k] = k % 2;
            }
            double before = net.loss(x, labels, 32);
            int n = 4 * SliceRunner.VECTOR_GRAIN;
            IllegalStateException thrown = assertThrows(IllegalStateException.class,
                    () -> net.sliceRunner().run(n, SliceRunner.VECTOR_GRAIN, (from, to) -> {
                        if (to == n) {
                            throw new IllegalStateException("last slice");
                        }
                    }));
            assertEquals("last slice", thrown.getMessage());
            assertEquals(before, net.loss(x, labels, 32), 0.0);
            int[] total = new int[1];
            net.sliceRunner().run(n, SliceRunner.VECTOR_GRAIN, (from, to) -> {
                synchronized (total) {
                    total[0] += to - from;
                }
            });
            assertEquals(n, total[0]);
        }
    }
}
