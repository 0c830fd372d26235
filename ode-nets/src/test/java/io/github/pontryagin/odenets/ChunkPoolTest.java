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

    @Test
    void everyChunkRunsExactlyOncePerRunOverManyRuns() {
        try (ChunkPool pool = new ChunkPool(3, "test-worker")) {
            int chunks = 7;
            int[] runs = new int[chunks];
            int[] last = new int[chunks];
            for (int run = 1; run <= 2000; run++) {
                int current = run;
                pool.run(i -> {
                    runs[i]++;
                    last[i] = current;
                }, chunks);
                for (int i = 0; i < chunks; i++) {
                    assertEquals(current, last[i], "chunk " + i + " of run " + current);
                }
            }
            for (int i = 0; i < chunks; i++) {
                assertEquals(2000, runs[i], "chunk " + i);
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
