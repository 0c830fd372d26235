package io.github.pontryagin.odenets;

import java.lang.management.ManagementFactory;

/**
 * Measures the bytes the calling thread allocates in windows of repeated calls, for the "allocates nothing once
 * warm" tests: until C2 has compiled the kernels the Vector API boxes its vectors, so these wait for a clean window
 * instead of measuring the first calls; a path that allocated on every call would never show one.
 */
final class AllocationWindows {

    private AllocationWindows() {
    }

    /**
     * Runs windows of {@code calls} calls of {@code call} until one allocates fewer than {@code below} bytes on this
     * thread, at most {@code windows} of them.
     *
     * @return the fewest bytes a window allocated
     */
    static long smallest(int windows, int calls, long below, Runnable call) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        long smallest = Long.MAX_VALUE;
        for (int window = 0; window < windows && smallest >= below; window++) {
            long before = threads.getThreadAllocatedBytes(thread);
            for (int k = 0; k < calls; k++) {
                call.run();
            }
            smallest = Math.min(smallest, threads.getThreadAllocatedBytes(thread) - before);
        }
        return smallest;
    }
}
