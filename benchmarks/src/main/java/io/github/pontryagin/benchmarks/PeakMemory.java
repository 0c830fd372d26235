package io.github.pontryagin.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Locale;

import com.sun.management.ThreadMXBean;

import io.github.pontryagin.adjoint.Adjoint;
import io.github.pontryagin.adjoint.DiscreteAdjoint;
import io.github.pontryagin.adjoint.DiscreteFlow;
import io.github.pontryagin.adjoint.FlowGradient;
import io.github.pontryagin.adjoint.GradientPass;
import io.github.pontryagin.adjoint.LayerUpdate;
import io.github.pontryagin.adjoint.ReversibleAdjoint;
import io.github.pontryagin.core.field.Activation;
import io.github.pontryagin.core.field.SigmaAffine;
import io.github.pontryagin.core.field.VectorFieldSpec;
import io.github.pontryagin.core.tableau.Tableau;
import io.github.pontryagin.odenets.OdeNet;
import io.github.pontryagin.odenets.OdeNetBuilder;
import io.github.pontryagin.odenets.data.Dataset;

/**
 * Memory of one gradient of a deep net (default N = 1000 layers, d = 4, RK4, M = 1000 points, one thread),
 * with full storage of every stage or with ⌈√N⌉ checkpoints; and the steady-state allocation per gradient. The
 * modes {@code leapfrog-full}, {@code leapfrog-sqrt} and {@code reversible} measure a Hamiltonian net (leapfrog
 * layers of the {@code hamiltonian} field) instead, the last with reversible backpropagation; the modes
 * {@code verlet-full}, {@code verlet-sqrt} and {@code verlet-reversible} a second-order net (conformal
 * Störmer–Verlet layers of the σ-affine field, docs/theory.md §2.11). Run each mode in a fresh JVM so the peaks do
 * not mix:
 * <pre>
 *   java -cp benchmarks.jar io.github.pontryagin.benchmarks.PeakMemory MODE [layers] [width] [points]
 * </pre>
 * After compiling the kernels on a shallow net, prints the doubles the trajectory holds, the bytes allocated
 * by the first gradient of the deep net (which sizes its workspaces), the peak heap use during it (all heap
 * pools, after a GC beforehand), the heap the net retains after a GC, and the bytes allocated per later
 * gradient.
 */
public final class PeakMemory {

    private PeakMemory() {
    }

    public static void main(String[] args) {
        String mode = args.length > 0 ? args[0] : "sqrt";
        int layers = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int width = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        int points = args.length > 3 ? Integer.parseInt(args[3]) : 1000;
        Adjoint adjoint;
        switch (mode) {
            case "full", "leapfrog-full", "verlet-full" -> adjoint = DiscreteAdjoint.reverse();
            case "sqrt", "leapfrog-sqrt", "verlet-sqrt" -> adjoint = DiscreteAdjoint.reverse().checkpointSqrt();
            case "reversible", "verlet-reversible" -> adjoint = ReversibleAdjoint.defaults();
            default -> throw new IllegalArgumentException("mode must be full, sqrt, leapfrog-full, leapfrog-sqrt,"
                    + " reversible, verlet-full, verlet-sqrt or verlet-reversible, got " + mode);
        }
        // the leapfrog modes: Hamiltonian nets (leapfrog layers of the hamiltonian field) instead of RK4 σ-affine;
        // the verlet modes: conformal Störmer–Verlet layers of the σ-affine field
        boolean leapfrog = mode.startsWith("leapfrog") || mode.equals("reversible");
        boolean verlet = mode.startsWith("verlet");
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        Dataset data = new BenchmarkProblem("deep", width, layers, points, "rk4").data();
        double[] x = data.features();
        int[] labels = data.labels();
        warmUp(width, points, x, labels);
        System.gc();
        long baseline = heapUsed();
        OdeNetBuilder builder = OdeNet.builder().inputDimension(2).width(width).layers(layers).tableau("rk4");
        if (leapfrog) {
            builder.layerUpdate(LayerUpdate.leapfrog()).field(VectorFieldSpec.of("hamiltonian"));
        } else if (verlet) {
            builder.layerUpdate(LayerUpdate.conformalVerlet());
        }
        try (OdeNet net = builder.horizon(1.0).adjoint(adjoint).chunkSize(points).threads(1).seed(1).build()) {
            double[] gradient = new double[net.parameters().length];
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                pool.resetPeakUsage();
            }
            long before = threads.getThreadAllocatedBytes(thread);
            net.lossAndGradient(net.parameters(), x, labels, points, gradient);
            long first = threads.getThreadAllocatedBytes(thread) - before;
            long peak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    peak += pool.getPeakUsage().getUsed();
                }
            }
            System.gc();
            long retained = heapUsed() - baseline;
            int repeats = 5;
            long steadyStart = threads.getThreadAllocatedBytes(thread);
            for (int i = 0; i < repeats; i++) {
                net.lossAndGradient(net.parameters(), x, labels, points, gradient);
            }
            long perGradient = (threads.getThreadAllocatedBytes(thread) - steadyStart) / repeats;
            DiscreteFlow flow = leapfrog ? new DiscreteFlow(LayerUpdate.leapfrog(), net.field(), layers)
                    : verlet ? new DiscreteFlow(LayerUpdate.conformalVerlet(), net.field(), layers)
                    : new DiscreteFlow(LayerUpdate.rungeKutta(Tableau.rk4()), new SigmaAffine(width, Activation.TANH),
                    layers);
            GradientPass pass = adjoint.newPass(flow, points);
            System.out.printf(Locale.ROOT, "MEMORY mode=%s N=%d d=%d M=%d interval=%d storedDoubles=%d (%.1f MB)"
                            + " firstGradientAllocated=%.1f MB peakHeapDuringFirstGradient=%.1f MB"
                            + " retainedAfterGc=%.1f MB steadyAllocationPerGradient=%d B%n",
                    mode, layers, width, points, adjoint instanceof DiscreteAdjoint discrete
                            ? discrete.checkpointInterval(layers) : 0, pass.storedDoubles(),
                    pass.storedDoubles() * 8 / 1e6, first / 1e6, peak / 1e6, retained / 1e6, perGradient);
            touch(flow, pass);
        }
    }

    /** Compiles the kernels on a shallow net first, so that the measured gradient runs compiled code. */
    private static void warmUp(int width, int points, double[] x, int[] labels) {
        try (OdeNet net = OdeNet.builder().inputDimension(2).width(width).layers(8).tableau("rk4")
                .chunkSize(points).threads(1).seed(1).build()) {
            double[] gradient = new double[net.parameters().length];
            long end = System.nanoTime() + 3_000_000_000L;
            while (System.nanoTime() < end) {
                net.lossAndGradient(net.parameters(), x, labels, points, gradient);
            }
        }
    }

    private static long heapUsed() {
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                used += pool.getUsage().getUsed();
            }
        }
        return used;
    }

    /** Runs the probe pass once, so that its reported size is that of a usable pass. */
    private static void touch(DiscreteFlow flow, GradientPass pass) {
        int dm = flow.dimension() * pass.batchSize();
        double[] theta = new double[flow.parameterCount()];
        double[] h = new double[flow.layers()];
        pass.forward(theta, h, new double[dm]);
        FlowGradient g = flow.newGradient(pass.batchSize());
        pass.backward(theta, h, new double[dm], g);
    }
}
