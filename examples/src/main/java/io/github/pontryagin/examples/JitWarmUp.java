package io.github.pontryagin.examples;

import java.util.SplittableRandom;
import java.util.function.Supplier;

import io.github.pontryagin.odenets.OdeNet;

/**
 * Gets the JIT compilers through an ODE-net's hot paths on a background thread while the command reads its data.
 *
 * <p>The SIMD kernels are fast only once C2 has compiled them: interpreted, or compiled by C1 (which does not turn
 * the Vector API into vector instructions), every vector operation is an object, and the first training steps of a
 * fresh JVM cost 10 to 80 times a warm one (measured for the MNIST net: 1.2 s, then about 0.26 s for each of the next
 * five steps, against 0.013 s warm; about 2.5 s of a first epoch). Reading MNIST keeps one core busy for a second or
 * two, with the other idle: this runs {@code lossAndGradient} and the forward pass of the evaluations of a net of the
 * same configuration on a small synthetic batch there, until {@link #close} (the data are ready) or a step limit.
 *
 * <p>Nothing of the real run is shared: the warm-up net has its own parameters and workspaces, the kernels keep
 * their scratch per thread, and the synthetic batch comes from a fixed seed. A run is bit for bit the same with and
 * without the warm-up; only the time of its first steps changes. Any failure of the warm-up is ignored (the real
 * run would report it).
 */
final class JitWarmUp implements AutoCloseable {

    /** Warm-up steps at most (a step on the small batch is about a quarter of a real one once compiled). */
    private static final int MAX_STEPS = 400;

    private final Thread thread;
    private volatile boolean stop;

    private JitWarmUp(Supplier<OdeNet> net, int points, double zeroFraction) {
        thread = new Thread(() -> run(net, points, zeroFraction), "pontryagin-jit-warm-up");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
    }

    /**
     * Starts warming up on a net from {@code net} (built on the warm-up thread, closed there).
     *
     * @param net          a net of the configuration of the real run (its thread count should be 1)
     * @param points       points of the synthetic batch
     * @param zeroFraction the fraction of zero inputs (MNIST: about 0.8), so that the same lift products run
     */
    static JitWarmUp start(Supplier<OdeNet> net, int points, double zeroFraction) {
        JitWarmUp warmUp = new JitWarmUp(net, points, zeroFraction);
        warmUp.thread.start();
        return warmUp;
    }

    private void run(Supplier<OdeNet> factory, int points, double zeroFraction) {
        try (OdeNet net = factory.get()) {
            int d0 = net.inputDimension();
            SplittableRandom random = new SplittableRandom(0);
            double[] x = new double[d0 * points];
            for (int i = 0; i < x.length; i++) {
                x[i] = random.nextDouble() < zeroFraction ? 0.0 : random.nextDouble();
            }
            int[] labels = new int[points];
            for (int k = 0; k < points; k++) {
                labels[k] = random.nextInt(net.classes());
            }
            double[] u = net.parameters();
            double[] gradient = new double[u.length];
            for (int step = 0; step < MAX_STEPS && !stop; step++) {
                net.lossAndGradient(u, x, labels, points, gradient);
                if (step % 4 == 3) {
                    net.probabilities(x, points);
                }
            }
        } catch (RuntimeException | Error ignored) {
            // a warm-up is an optimisation only: the real run meets (and reports) any real problem itself
        }
    }

    /** Stops the warm-up and waits for its thread, so that it does not compete with the real run. */
    @Override
    public void close() {
        stop = true;
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
