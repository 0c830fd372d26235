package io.github.pontryagin.benchmarks;

import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

import io.github.pontryagin.core.field.VectorFieldSpec;
import io.github.pontryagin.core.tableau.Tableau;
import io.github.pontryagin.odenets.Initialization;
import io.github.pontryagin.odenets.OdeNet;
import io.github.pontryagin.odenets.OdeNetBuilder;
import io.github.pontryagin.odenets.data.DataFiles;
import io.github.pontryagin.odenets.data.Dataset;

/**
 * The warm step of the MNIST ODE-net of {@code pontryagin mnist} (docs/mnist.md), without the trainer: a loop of
 * {@code lossAndGradient} at the initial parameters over 200 fixed batches of 100 training images (drawn with a
 * seed), in chunks of 50, on T threads. Prints the mean milliseconds per call of each of R repetitions of S calls,
 * and the sum of the losses of a repetition (the same double for the same code, seed and chunking whatever the
 * thread count: a check that a faster kernel kept the bits).
 *
 * <pre>
 *   java --add-modules jdk.incubator.vector -cp benchmarks.jar io.github.pontryagin.benchmarks.MnistStepTiming \
 *        [--mnist-dir data/mnist] [--threads 1] [--steps 600] [--repeats 4] [--dense-lift]
 * </pre>
 * The first repetitions include the JIT's warm-up; compare the last ones, and compare two builds by running them
 * alternately (the speed of a shared machine drifts over minutes).
 */
public final class MnistStepTiming {

    private static final int BATCHES = 200;
    /** The batch of {@code pontryagin mnist}. */
    static final int BATCH = 100;

    private MnistStepTiming() {
    }

    /**
     * The net of {@code pontryagin mnist} with its defaults (lift to d = 128, 2 RK4 layers of the sigma-affine field,
     * free step sizes, softmax over 10 classes, Xavier initialisation, seed 1), in chunks of half a batch of 100.
     */
    static OdeNetBuilder mnistNet(int inputs, int threads) {
        return OdeNet.builder().inputDimension(inputs).width(128).layers(2).tableau(Tableau.rk4())
                .field(VectorFieldSpec.of("sigma-affine")).classes(10).head("softmax").learnableLift(true)
                .initialization(Initialization.XAVIER).seed(1).threads(threads).chunkSize(BATCH / 2);
    }

    public static void main(String[] args) throws Exception {
        Path directory = Path.of("data/mnist");
        int threads = 1;
        int steps = 600;
        int repeats = 4;
        boolean denseLift = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--mnist-dir" -> directory = Path.of(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--steps" -> steps = Integer.parseInt(args[++i]);
                case "--repeats" -> repeats = Integer.parseInt(args[++i]);
                case "--dense-lift" -> denseLift = true;
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + "; expected --mnist-dir "
                        + "DIR, --threads T, --steps S, --repeats R or --dense-lift");
            }
        }
        Dataset train = DataFiles.mnist(directory).train();
        SplittableRandom random = new SplittableRandom(1);
        double[][] x = new double[BATCHES][];
        int[][] labels = new int[BATCHES][];
        for (int b = 0; b < BATCHES; b++) {
            int[] picked = new int[BATCH];
            for (int k = 0; k < BATCH; k++) {
                picked[k] = random.nextInt(train.size());
            }
            Dataset batch = train.subset(picked);
            x[b] = batch.features();
            labels[b] = batch.labels();
        }
        try (OdeNet net = mnistNet(train.dimension(), threads).sparseLift(!denseLift).build()) {
            double[] u = net.parameters();
            double[] gradient = new double[u.length];
            for (int rep = 1; rep <= repeats; rep++) {
                long start = System.nanoTime();
                double sum = 0;
                for (int i = 0; i < steps; i++) {
                    sum += net.lossAndGradient(u, x[i % BATCHES], labels[i % BATCHES], BATCH, gradient);
                }
                double ms = (System.nanoTime() - start) * 1e-6 / steps;
                System.out.printf(Locale.ROOT, "repetition %d: %.3f ms per lossAndGradient (threads %d, sum of losses "
                        + "%s)%n", rep, ms, threads, Double.toString(sum));
            }
        }
    }
}
