package io.github.pontryagin.odenets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The sparse products of the learnable lift ({@link Lift}, {@link ExecutionOptions#sparseLift()}) against the dense
 * ones: the same forward pass and gradient bit for bit (losses, probabilities, every gradient entry: the dense lift's
 * gradient adds every term of a fused multiply-add chain, the sparse one only the non-zero ones, and the others leave
 * the chain unchanged), the lift's gradient equal to central differences; chunks of dense inputs and narrow inputs
 * take the dense products; any thread count gives the same bits.
 */
class SparseLiftTest {

    /** Not a multiple of four: the last group of coordinates is short. */
    private static final int D0 = 102;
    private static final int M = 37;

    private static OdeNet net(boolean sparse, int threads) {
        return net(sparse, threads, 6);
    }

    /** Width 40: the SIMD lift kernels' blocks of vectors of rows besides their scalar rows. */
    private static OdeNet net(boolean sparse, int threads, int width) {
        return OdeNet.builder().inputDimension(D0).width(width).layers(2).tableau("rk4").classes(3).head("softmax")
                .learnableLift(true).initialization(Initialization.XAVIER).seed(4).chunkSize(8).threads(threads)
                .sparseLift(sparse).build();
    }

    /**
     * About 80 % zeros, as MNIST's pixels, but points 8–15 (the second chunk) without a zero; coordinates 4–11
     * blank in every point (MNIST's border pixels: whole groups of four coordinates skipped), and some zeros
     * negative.
     */
    private static double[] inputs() {
        SplittableRandom random = new SplittableRandom(11);
        double[] x = new double[D0 * M];
        for (int j = 0; j < D0; j++) {
            for (int k = 0; k < M; k++) {
                boolean denseChunk = k >= 8 && k < 16;
                boolean blank = j >= 4 && j < 12;
                double zero = random.nextDouble() < 0.3 ? -0.0 : 0.0;
                x[j * M + k] = !blank && (denseChunk || random.nextDouble() < 0.2) ? 0.05 + random.nextDouble() : zero;
            }
        }
        return x;
    }

    private static int[] labels() {
        SplittableRandom random = new SplittableRandom(12);
        int[] labels = new int[M];
        for (int k = 0; k < M; k++) {
            labels[k] = random.nextInt(3);
        }
        return labels;
    }

    /** The net's initial parameters with every entry moved a little (a lift that is not zero padding). */
    private static double[] point(OdeNet net) {
        SplittableRandom random = new SplittableRandom(13);
        double[] u = net.parameters().clone();
        for (int i = 0; i < u.length; i++) {
            u[i] += 0.1 * random.nextGaussian();
        }
        return u;
    }

    /**
     * The sparse and the dense products give the same loss, probabilities and gradient, bit for bit: five chunks, the
     * second of them without zeros (it takes the dense products, and the sum of the chunks' lift gradients adds its
     * block between the kept ones of the others), on one thread and on three.
     */
    @ParameterizedTest
    @CsvSource({"6, 1", "6, 3", "40, 1", "40, 2"})
    void forwardPassAndGradientAreBitIdentical(int width, int threads) {
        double[] x = inputs();
        int[] labels = labels();
        try (OdeNet sparse = net(true, threads, width); OdeNet dense = net(false, 1, width)) {
            double[] u = point(sparse);
            double[] gs = new double[u.length];
            double[] gd = new double[u.length];
            double ls = sparse.lossAndGradient(u, x, labels, M, gs);
            double ld = dense.lossAndGradient(u, x, labels, M, gd);
            assertEquals(Double.doubleToRawLongBits(ld), Double.doubleToRawLongBits(ls), "loss");
            sparse.setParameters(u);
            dense.setParameters(u);
            assertArrayEquals(dense.probabilities(x, M), sparse.probabilities(x, M), 0.0, "probabilities");
            Parameters.Block lift = sparse.layout().lift();
            double largest = 0;
            for (int i = 0; i < u.length; i++) {
                assertEquals(Double.doubleToRawLongBits(gd[i]), Double.doubleToRawLongBits(gs[i]),
                        "gradient entry " + i + " (" + sparse.layout().describe(i) + ")");
                if (i >= lift.offset() && i < lift.offset() + lift.size()) {
                    largest = Math.max(largest, Math.abs(gd[i]));
                }
            }
            assertTrue(largest > 1e-3, "the lift's gradient must not vanish, or the comparison proves nothing");
        }
    }

    @Test
    void liftGradientOfTheSparsePathMatchesCentralDifferences() {
        double[] x = inputs();
        int[] labels = labels();
        try (OdeNet net = net(true, 1)) {
            double[] u = point(net);
            double[] g = new double[u.length];
            net.lossAndGradient(u, x, labels, M, g);
            Parameters.Block lift = net.layout().lift();
            SplittableRandom random = new SplittableRandom(14);
            double eps = 1e-6;
            for (int trial = 0; trial < 12; trial++) {
                int i = lift.offset() + random.nextInt(lift.size());
                double saved = u[i];
                u[i] = saved + eps;
                double plus = net.loss(u, x, labels, M);
                u[i] = saved - eps;
                double minus = net.loss(u, x, labels, M);
                u[i] = saved;
                double fd = (plus - minus) / (2 * eps);
                assertEquals(fd, g[i], 1e-6 * Math.max(1e-3, Math.abs(fd)), "lift entry " + net.layout().describe(i));
            }
        }
    }

    @Test
    void anyThreadCountGivesTheSameBits() {
        double[] x = inputs();
        int[] labels = labels();
        double[] reference = null;
        for (int threads : new int[] {1, 2, 3}) {
            try (OdeNet net = net(true, threads)) {
                double[] u = point(net);
                double[] g = new double[u.length];
                net.lossAndGradient(u, x, labels, M, g);
                if (reference == null) {
                    reference = g;
                } else {
                    assertArrayEquals(reference, g, 0.0, threads + " threads");
                }
            }
        }
    }

    @Test
    void denseChunksAndNarrowInputsTakeTheDenseProducts() {
        double[] x = inputs();
        try (OdeNet net = net(true, 1)) {
            double[] u = point(net);
            Lift lift = new Lift(D0, 6, net.layout().lift(), true);
            Lift.Workspace w = lift.newWorkspace();
            double[] y0 = new double[6 * 8];
            double[] reference = new double[6 * 8];
            for (int start : new int[] {0, 8}) {
                lift.apply(u, x, M, start, 8, y0, w);
                assertEquals(start == 0, w.sparse(), "chunk at " + start);
                Lift denseLift = new Lift(D0, 6, net.layout().lift(), false);
                denseLift.apply(u, x, M, start, 8, reference, new double[D0 * 8]);
                assertArrayEquals(reference, y0, 0.0, "y0 of the chunk at " + start);
                double[] p0 = new double[6 * 8];
                for (int i = 0; i < p0.length; i++) {
                    p0[i] = Math.sin(1.0 + i);
                }
                double[] gradient = new double[u.length];
                double[] denseGradient = new double[u.length];
                // a sparse chunk keeps p_0, and the sum over chunks (here one) writes its gradient
                boolean kept = lift.gradient(p0, x, M, start, 8, gradient, w);
                assertEquals(start == 0, kept, "kept the gradient of the chunk at " + start);
                if (kept) {
                    Lift.GradientSum sum = new Lift.GradientSum();
                    sum.reset(1);
                    sum.keep(0, w);
                    lift.addGradientSum(sum, 0, lift.quads(), gradient);
                }
                denseLift.gradient(p0, x, M, start, 8, denseGradient, new double[D0 * 8]);
                assertArrayEquals(denseGradient, gradient, 0.0, "lift gradient of the chunk at " + start);
            }
        }
        Parameters.Block narrow = new Parameters.Block("lift", 0, 6, Lift.SPARSE_MIN_INPUTS - 1);
        Lift lift = new Lift(Lift.SPARSE_MIN_INPUTS - 1, 6, narrow, true);
        Lift.Workspace w = lift.newWorkspace();
        double[] zeros = new double[(Lift.SPARSE_MIN_INPUTS - 1) * 4];
        lift.apply(new double[6 * (Lift.SPARSE_MIN_INPUTS - 1)], zeros, 4, 0, 4, new double[24], w);
        assertFalse(w.sparse(), "an input of fewer than " + Lift.SPARSE_MIN_INPUTS + " coordinates");
    }
}
