package io.github.pontryagin.odenets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import io.github.pontryagin.adjoint.DiscreteAdjoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The README's promise "a gradient evaluation allocates nothing once the workspaces exist", measured with
 * {@link com.sun.management.ThreadMXBean#getThreadAllocatedBytes} on the caller and on every worker thread.
 *
 * <p>Until C2 has compiled the hot loops, the Vector API may box vectors (an allocation the compiled code does not
 * make), so the test warms up: it evaluates windows of {@value #WINDOW} gradients and passes as soon as one whole
 * window allocates zero bytes. A net that allocates on every evaluation never gets such a window and fails when the
 * warm-up budget ({@value #MAX_WINDOWS} windows, at most {@value #MAX_SECONDS} s) is spent; the budget bounds the
 * time of a failure only, a machine under load merely needs more of it.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class GradientAllocationTest {

    private static final int WINDOW = 20;
    private static final int MAX_WINDOWS = 2_000;
    private static final long MAX_SECONDS = 180;

    @ParameterizedTest(name = "{0} thread(s), {1}")
    @CsvSource({"1, rk4", "2, rk4", "1, dmr-net"})
    void aGradientEvaluationAllocatesNothingAfterWarmUp(int threads, String layers) {
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        bean.setThreadAllocatedMemoryEnabled(true);
        int m = 300;
        SplittableRandom random = new SplittableRandom(4);
        double[] x = new double[2 * m];
        int[] labels = new int[m];
        for (int k = 0; k < m; k++) {
            x[k] = random.nextGaussian();
            x[m + k] = random.nextGaussian();
            labels[k] = k % 2;
        }
        java.util.Set<Long> existing = new java.util.HashSet<>();
        for (long id : workerThreadIds(java.util.Set.of())) {
            existing.add(id);
        }
        OdeNetBuilder builder = OdeNet.builder().inputDimension(2).width(4).layers(8);
        builder = layers.equals("rk4") ? builder.tableau("rk4")
                : builder.layerUpdate(io.github.pontryagin.adjoint.LayerUpdate.structured().get(layers));
        try (OdeNet net = builder
                .stepSizes(StepSizePolicy.FREE).adjoint(DiscreteAdjoint.reverse().checkpointEvery(3))
                .chunkSize(128).threads(threads).seed(3).build()) {
            assertNoAllocation(bean, net, x, labels, m, threads, existing);
        }
    }

    /**
     * The same for a learnable lift of mostly-zero inputs (the sparse lift: its per-chunk lists of non-zeros,
     * the transposed lift and the column tiles of the outer products) under a softmax head, two threads.
     */
    @Test
    void theSparseLiftAndTheSoftmaxHeadAllocateNothingAfterWarmUp() {
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        bean.setThreadAllocatedMemoryEnabled(true);
        int m = 96;
        int d0 = 100;
        SplittableRandom random = new SplittableRandom(5);
        double[] x = new double[d0 * m];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextDouble() < 0.2 ? random.nextDouble() : 0.0;
        }
        int[] labels = new int[m];
        for (int k = 0; k < m; k++) {
            labels[k] = k % 3;
        }
        java.util.Set<Long> existing = new java.util.HashSet<>();
        for (long id : workerThreadIds(java.util.Set.of())) {
            existing.add(id);
        }
        try (OdeNet net = OdeNet.builder().inputDimension(d0).width(16).layers(2).tableau("rk4").classes(3)
                .head("softmax").learnableLift(true).chunkSize(48).threads(2).seed(3).build()) {
            assertNoAllocation(bean, net, x, labels, m, 2, existing);
        }
    }

    private static void assertNoAllocation(com.sun.management.ThreadMXBean bean, OdeNet net, double[] x, int[] labels,
                                           int m, int threads, java.util.Set<Long> existing) {
        double[] u = net.parameters();
        double[] gradient = new double[u.length];
        net.lossAndGradient(u, x, labels, m, gradient); // workspaces and workers come to exist here
        long[] workers = workerThreadIds(existing); // this net's workers: other tests' nets may still run theirs
        assertEquals(threads - 1, workers.length, "worker threads of the net");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(MAX_SECONDS);
        long lastWindow = -1;
        for (int window = 0; window < MAX_WINDOWS && System.nanoTime() < deadline; window++) {
            long workersBefore = sum(bean, workers);
            long callerBefore = bean.getCurrentThreadAllocatedBytes();
            for (int e = 0; e < WINDOW; e++) {
                net.lossAndGradient(u, x, labels, m, gradient);
            }
            long caller = bean.getCurrentThreadAllocatedBytes() - callerBefore;
            long workerBytes = sum(bean, workers) - workersBefore;
            lastWindow = caller + workerBytes;
            if (lastWindow == 0) {
                System.out.printf("gradient allocation, %d thread(s): 0 bytes per %d evaluations after %d"
                        + " warm-up windows%n", threads, WINDOW, window);
                return;
            }
        }
        fail("every window of " + WINDOW + " gradient evaluations allocated memory (last: " + lastWindow
                + " bytes, " + lastWindow / WINDOW + " per evaluation) with " + threads + " thread(s)");
    }

    private static long[] workerThreadIds(java.util.Set<Long> except) {
        List<Long> ids = new ArrayList<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith("odenet-worker") && !except.contains(thread.getId())) {
                ids.add(thread.getId());
            }
        }
        return ids.stream().mapToLong(Long::longValue).toArray();
    }

    private static long sum(com.sun.management.ThreadMXBean bean, long[] ids) {
        long total = 0;
        for (long id : ids) {
            total += bean.getThreadAllocatedBytes(id);
        }
        return total;
    }
}
