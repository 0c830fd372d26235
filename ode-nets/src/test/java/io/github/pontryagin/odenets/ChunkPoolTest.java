package io.github.pontryagin.odenets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The persistent chunk pool runs every chunk exactly once per run, across many runs, and reports failures. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ChunkPoolTest {

    /**
     * Every chunk runs exactly once per run: fewer, as many and more chunks than participants (home tasks only, home
     * tasks and claimed ones), and a team larger than the 32 participants that have home tasks.
     */
    @Test
    void everyChunkRunsExactlyOncePerRunOverManyRuns() {
        for (int[] shape : new int[][] {{3, 2000}, {1, 500}, {39, 40}}) {
            int helpers = shape[0];
            int runsPerCount = shape[1];
            try (ChunkPool pool = new ChunkPool(helpers, "test-worker")) {
                for (int chunks : new int[] {1, 2, 4, 7, 45}) {
                    int[] runs = new int[chunks];
                    int[] last = new int[chunks];
                    for (int run = 1; run <= runsPerCount; run++) {
                        int current = run;
                        pool.run(i -> {
                            runs[i]++;
                            last[i] = current;
                        }, chunks);
                        for (int i = 0; i < chunks; i++) {
                            assertEquals(current, last[i], "chunk " + i + " of run " + current + ", " + helpers
                                    + " helpers");
                        }
                    }
                    for (int i = 0; i < chunks; i++) {
                        assertEquals(runsPerCount, runs[i], "chunk " + i + " of " + chunks + ", " + helpers
                                + " helpers");
                    }
                }
            }
        }
    }

    @Test
    void aFailingChunkIsRethrownAfterTheRunAndThePoolStaysUsable() {
        try (ChunkPool pool = new ChunkPool(1, "test-worker")) {
            IllegalArgumentException problem = new IllegalArgumentException("chunk 3 failed");
            AtomicInteger done = new AtomicInteger();
            IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> pool.run(i -> {
                if (i == 3) {
                    throw problem;
                }
                done.incrementAndGet();
            }, 6));
            assertSame(problem, thrown);
            assertEquals(5, done.get(), "the other chunks still ran");
            AtomicInteger again = new AtomicInteger();
            pool.run(i -> again.incrementAndGet(), 4);
            assertEquals(4, again.get());
        }
    }

    @Test
    void aClosedPoolRefusesWork() {
        ChunkPool pool = new ChunkPool(1, "test-worker");
        pool.close();
        assertThrows(IllegalStateException.class, () -> pool.run(i -> { }, 2));
    }
}
