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

    /**
     * A worker that read the generation of a finished run and then the task and chunk count at any point of the
     * next run's publication (here the test itself, called after each of its writes) claims nothing: every chunk of
     * the next run runs exactly once, by its participants. Publishing the count before the claims failed here: the
     * late worker claimed chunks 2 to 25 under its finished run of 2 and ran them with the next run's task, so they
     * ran twice and the next run's count of finished chunks ran ahead of its chunks.
     */
    @Test
    void aWorkerCaughtBetweenTwoRunsClaimsNothingOfTheNext() {
        try (ChunkPool pool = new ChunkPool(0, "test-worker")) {
            int[] first = new int[2];
            pool.run(i -> first[i]++, 2);
            int stale = pool.generation();
            int[] second = new int[26];
            int[] late = new int[1];
            pool.publishing = () -> {
                ChunkPool.Task task = pool.task();
                if (task != null) {
                    pool.work(stale, i -> {
                        late[0]++;
                        task.run(i);
                    }, pool.count(), 1);
                }
            };
            pool.run(i -> second[i]++, 26);
            pool.publishing = null;
            assertEquals(0, late[0], "chunks claimed by a worker of the finished run");
            for (int i = 0; i < second.length; i++) {
                assertEquals(1, second[i], "runs of chunk " + i + " of the second run");
            }
            assertEquals(1, first[0]);
            assertEquals(1, first[1]);
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
