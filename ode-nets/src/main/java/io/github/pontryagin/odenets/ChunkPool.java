package io.github.pontryagin.odenets;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A persistent team of worker threads that runs "chunk i" tasks for i = 0..count−1, the calling thread
 * taking part. Chunks are claimed dynamically, which is harmless for determinism: every chunk writes only
 * its own results and the caller combines them in chunk order afterwards.
 *
 * <p>Allocation-free per run (no futures, no task objects): the claim counter packs the run's generation
 * into its upper 32 bits, so a worker still finishing the previous run can never claim a chunk of the next.
 * Idle workers spin briefly, then park.
 */
final class ChunkPool implements AutoCloseable {

    /** The work of one chunk. */
    interface Task {
        void run(int chunk);
    }

    private static final int SPINS = 1 << 12;

    private final Thread[] workers;
    private final AtomicLong claim = new AtomicLong();
    private final AtomicInteger finished = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile Task task;
    private volatile int count;
    private volatile int generation;
    private volatile Thread caller;
    private volatile boolean closed;

    /** @param helpers worker threads besides the caller (threads − 1) */
    ChunkPool(int helpers, String name) {
        workers = new Thread[helpers];
        for (int w = 0; w < helpers; w++) {
            Thread thread = new Thread(this::workerLoop, name + "-" + (w + 1));
            thread.setDaemon(true);
            workers[w] = thread;
            thread.start();
        }
    }

    /** Runs {@code task.run(i)} for every {@code i < chunks} and returns when all are done. */
    void run(Task work, int chunks) {
        if (closed) {
            throw new IllegalStateException("the net has been closed");
        }
        int next = generation + 1;
        caller = Thread.currentThread();
        failure.set(null);
        finished.set(0);
        task = work;
        count = chunks;
        claim.set((long) next << 32);
        generation = next;
        for (Thread worker : workers) {
            LockSupport.unpark(worker);
        }
        work(next, work, chunks);
        int spins = 0;
        while (finished.get() < chunks) {
            if (++spins < SPINS) {
                Thread.onSpinWait();
            } else {
                LockSupport.park(this);
            }
        }
        task = null;
        Throwable problem = failure.get();
        if (problem != null) {
            failure.set(null);
            if (problem instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (problem instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(problem);
        }
    }

    private void work(int gen, Task work, int chunks) {
        while (true) {
            long c = claim.get();
            if ((int) (c >>> 32) != gen || (int) c >= chunks) {
                return;
            }
            if (!claim.compareAndSet(c, c + 1)) {
                continue;
            }
            try {
                work.run((int) c);
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
            if (finished.incrementAndGet() == chunks) {
                LockSupport.unpark(caller);
            }
        }
    }

    private void workerLoop() {
        int seen = 0;
        int spins = 0;
        while (!closed) {
            int gen = generation;
            if (gen != seen) {
                seen = gen;
                spins = 0;
                Task work = task;
                int chunks = count;
                if (work != null) {
                    work(gen, work, chunks);
                }
            } else if (++spins < SPINS) {
                Thread.onSpinWait();
            } else {
                LockSupport.park(this);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Thread worker : workers) {
            LockSupport.unpark(worker);
        }
    }
}
