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
 * <p>Task p is first offered to participant p (the caller is participant 0, worker w participant w + 1), its
 * "home" task: the runs of one step (gathering the batch's slices, evaluating its chunks, summing the gradient's
 * slices, the optimizer's slices) then give the same index to the same thread, whose core still holds what that
 * thread wrote for it in the phase before (the chunk's points, for its sparse lift's scan), instead of the core
 * that happened to claim first. A participant that finds its home task taken, or has none, claims the tasks after
 * the home ones in order, then takes home tasks that their participants have not claimed yet (a late or
 * descheduled worker does not hold up the run).
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
    /** The run's generation (upper 32 bits) and which home tasks are claimed (bit p: task p). */
    private final AtomicLong home = new AtomicLong();
    /** Participants with a home task: the caller and the workers, at most 32 (one bit each). */
    private final int homes;
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
        homes = Math.min(helpers + 1, 32);
        for (int w = 0; w < helpers; w++) {
            int participant = w + 1;
            Thread thread = new Thread(() -> workerLoop(participant), name + "-" + (w + 1));
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
        publish(next, work, chunks);
        for (Thread worker : workers) {
            LockSupport.unpark(worker);
        }
        work(next, work, chunks, 0);
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

    /**
     * Publishes run {@code next}: the claims of the new generation first, then its task and chunk count, then the
     * generation that wakes the workers. A worker reads the generation, then the task and the count, and may be
     * descheduled in between while this run finishes and the next is published; whatever mix of two runs' task and
     * count it then holds, the claims it makes under its generation fail once they carry the next one, and they
     * carry it before the count changes. (Written the other way round, a count published before the claims let such
     * a worker claim chunks past the end of its finished run, run them with its stale task and count them as done
     * in the next run, which then returned with one of its own chunks not yet run.)
     */
    private void publish(int next, Task work, int chunks) {
        finished.set(0);
        step();
        home.set((long) next << 32);
        step();
        claim.set(((long) next << 32) | Math.min(homes, chunks));
        step();
        task = work;
        step();
        count = chunks;
        step();
        generation = next;
    }

    /** Test seam: {@link #publishing}, when set, runs after each write of {@link #publish}. */
    private void step() {
        Runnable hook = publishing;
        if (hook != null) {
            hook.run();
        }
    }

    /** Runs after each write of a run's publication; only tests set it (to act as a worker caught in between). */
    Runnable publishing;

    /** The generation, task and chunk count as a worker reads them (for tests that act as a worker). */
    int generation() {
        return generation;
    }

    Task task() {
        return task;
    }

    int count() {
        return count;
    }

    /**
     * Participant {@code self}'s part of run {@code gen}: its home task, the tasks after the home ones, the rest
     * (package-private for the tests that act as a late worker).
     */
    void work(int gen, Task work, int chunks, int self) {
        int homeTasks = Math.min(homes, chunks);
        if (self < homeTasks && claimHome(gen, self)) {
            run(work, self, chunks);
        }
        while (true) {
            long c = claim.get();
            if ((int) (c >>> 32) != gen || (int) c >= chunks) {
                break;
            }
            if (claim.compareAndSet(c, c + 1)) {
                run(work, (int) c, chunks);
            }
        }
        for (int p = 0; p < homeTasks; p++) {
            if (claimHome(gen, p)) {
                run(work, p, chunks);
            }
        }
    }

    /** Claims home task p of run {@code gen}; false when it is taken or the run is over. */
    private boolean claimHome(int gen, int p) {
        long bit = 1L << p;
        while (true) {
            long h = home.get();
            if ((int) (h >>> 32) != gen || (h & bit) != 0) {
                return false;
            }
            if (home.compareAndSet(h, h | bit)) {
                return true;
            }
        }
    }

    private void run(Task work, int chunk, int chunks) {
        try {
            work.run(chunk);
        } catch (Throwable e) {
            failure.compareAndSet(null, e);
        }
        if (finished.incrementAndGet() == chunks) {
            LockSupport.unpark(caller);
        }
    }

    private void workerLoop(int participant) {
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
                    work(gen, work, chunks, participant);
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
