package io.github.pontryagin.examples;

import java.util.SplittableRandom;
import java.util.function.Supplier;

import io.github.pontryagin.core.kernel.DenseKernels;
import io.github.pontryagin.core.optim.Objective;
import io.github.pontryagin.core.optim.Optimizer;
import io.github.pontryagin.core.optim.OptimizerState;
import io.github.pontryagin.odenets.OdeNet;
import io.github.pontryagin.odenets.SparseBatch;
import io.github.pontryagin.odenets.SparseRows;

/**
 * Gets the JIT compilers through an ODE-net's hot paths on a background thread while the command reads its data.
 *
 * <p>The SIMD kernels are fast only once C2 has compiled them: interpreted, or compiled by C1 (which does not turn
 * the Vector API into vector instructions), every vector operation is an object, and the first training steps of a
 * fresh JVM cost 10 to 300 times a warm one (measured for the MNIST net: 1.8 s, 0.5 s, 0.2 s, then about 0.1 s for
 * each of the next ten steps, against 0.005 s warm). Reading MNIST and indexing its pixels keep one core busy for two
 * seconds or so, with the other idle: this runs training steps (the run's optimizer around {@code lossAndGradient})
 * and the forward pass of the evaluations of a net of the same configuration on a synthetic batch there, until
 * {@link #close} (the first real step) or a step limit.
 *
 * <p>The JIT counts calls and loop iterations, not flops, so the warm-up net is narrower than the real one (see
 * {@link #width}) while every kernel takes the branches of the real shapes: the same chunk size (the column strips
 * and tails of the products), row tiles of the same kinds, the same input dimension and a similar share of zero
 * inputs (the sparse lift).
 *
 * <p>Nothing of the real run is shared: the warm-up net has its own parameters and workspaces, the optimizer its own
 * state, the kernels keep their scratch per thread, and the synthetic batch comes from a fixed seed. A run is bit
 * for bit the same with and without the warm-up; only the time of its first steps changes. Any failure of the
 * warm-up is ignored (the real run would report it).
 */
final class JitWarmUp implements AutoCloseable {

    /** Warm-up steps at most. */
    private static final int MAX_STEPS = 600;

    /** Rows of the warm-up net beyond the real width's remainder of 8 (four 8-row tiles). */
    private static final int TILED_ROWS = 32;

    private final Thread thread;
    private volatile boolean stop;
    private volatile int steps;

    private JitWarmUp(Supplier<OdeNet> net, Supplier<Optimizer> optimizer, int points, double zeroFraction) {
        thread = new Thread(() -> run(net, optimizer, points, zeroFraction), "pontryagin-jit-warm-up");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
    }

    /**
     * The width of the warm-up net for a real width: the real one up to {@value #TILED_ROWS} + its remainder of 8,
     * so that the products run the same kinds of row tiles (8-row tiles, then the remainder's 4-, 2- and 1-row ones)
     * at a sixteenth of the flops for MNIST's 128.
     */
    static int width(int width) {
        return Math.min(width, TILED_ROWS + width % 8);
    }

    /**
     * Starts warming up on a net from {@code net} and an optimizer from {@code optimizer} (built on the warm-up
     * thread; the net is closed there).
     *
     * @param net          a net of the configuration of the real run (its thread count should be 1), possibly
     *                     narrower ({@link #width})
     * @param optimizer    the optimizer of the real run, with its schedule
     * @param points       points of the synthetic batch (a real batch's chunks: two chunks sum their gradients)
     * @param zeroFraction the fraction of zero inputs (MNIST: about 0.8), so that the same lift products run
     */
    static JitWarmUp start(Supplier<OdeNet> net, Supplier<Optimizer> optimizer, int points, double zeroFraction) {
        JitWarmUp warmUp = new JitWarmUp(net, optimizer, points, zeroFraction);
        warmUp.thread.start();
        return warmUp;
    }

    private void run(Supplier<OdeNet> factory, Supplier<Optimizer> optimizers, int points, double zeroFraction) {
        try (OdeNet net = factory.get()) {
            int d0 = net.inputDimension();
            SplittableRandom random = new SplittableRandom(0);
            double[] x = syntheticInputs(d0, points, zeroFraction, random);
            int[] labels = new int[points];
            for (int k = 0; k < points; k++) {
                labels[k] = random.nextInt(net.classes());
            }
            double[] initial = net.parameters();
            double[] u = initial.clone();
            Optimizer optimizer = optimizers.get();
            OptimizerState state = optimizer.newState(u.length);
            // mostly-zero wide data are trained and evaluated from their sparse rows, as the trainer does
            SparseRows rows = SparseRows.ofMostlyZero(x, d0, points);
            SparseBatch batch = rows == null ? null : SparseBatch.firstRows(rows, points);
            Objective objective = batch != null
                    ? (point, gradient) -> net.lossAndGradient(point, batch, labels, gradient)
                    : (point, gradient) -> net.lossAndGradient(point, x, labels, points, gradient);
            for (int step = 0; step < MAX_STEPS && !stop; step++) {
                if (!Double.isFinite(optimizer.step(objective, u, state))) {
                    // synthetic data: start again rather than train into overflow
                    System.arraycopy(initial, 0, u, 0, u.length);
                    state = optimizer.newState(u.length);
                }
                if (step % 4 == 3) {
                    if (batch != null) {
                        net.probabilities(batch);
                    } else {
                        net.probabilities(x, points);
                    }
                }
                steps = step + 1;
            }
        } catch (RuntimeException | Error ignored) {
            // a warm-up is an optimisation only: the real run meets (and reports) any real problem itself
        }
    }

    /**
     * Groups of coordinates in ten (the sparse lift's groups of {@link DenseKernels#SPARSE_GROUP}) that are zero at
     * every point of the synthetic batch.
     */
    private static final int BLANK_GROUPS_IN_TEN = 3;

    /**
     * The synthetic batch, feature-major: a zero share of {@code zeroFraction} laid out as in MNIST's chunks, where
     * about 3 groups of four pixels in 10 are blank over a chunk of 50 images (the border) and the zeros of the others
     * fall at random. Uniformly random zeros leave no group blank, so the sparse lift's branches for an empty list
     * would never run in the warm-up, and C2 would compile them as traps that the real data then hit (a
     * deoptimization and a recompilation of the lift's kernels in the first epoch).
     */
    static double[] syntheticInputs(int d0, int points, double zeroFraction, SplittableRandom random) {
        double blankShare = BLANK_GROUPS_IN_TEN / 10.0;
        // data with fewer zeros than the blank groups alone would give get no blank group
        boolean blanks = zeroFraction >= blankShare;
        double zeroElsewhere = blanks ? Math.min(1.0, (zeroFraction - blankShare) / (1 - blankShare)) : zeroFraction;
        double[] x = new double[d0 * points];
        for (int j = 0; j < d0; j++) {
            if (blanks && (j / DenseKernels.SPARSE_GROUP) % 10 < BLANK_GROUPS_IN_TEN) {
                continue;
            }
            for (int k = 0; k < points; k++) {
                x[j * points + k] = random.nextDouble() < zeroElsewhere ? 0.0 : random.nextDouble();
            }
        }
        return x;
    }

    /** @return the warm-up steps taken so far */
    int steps() {
        return steps;
    }

    /**
     * Stops the warm-up and waits for its thread, so that it does not compete with the real run; closing again does
     * nothing.
     */
    @Override
    public void close() {
        stop = true;
        // wait even when interrupted (a warm-up left running would compete with the run), then keep the interrupt
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
