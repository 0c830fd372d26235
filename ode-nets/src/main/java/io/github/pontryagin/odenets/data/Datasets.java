package io.github.pontryagin.odenets.data;

import java.util.SplittableRandom;

/**
 * The four toy data sets of the experiments of Benning, Celledoni, Ehrhardt, Owren and Schönlieb,
 * "Deep learning as optimal control problems" (2019), defined in docs/theory.md §4. Labels are 1 and 0;
 * N(a, s) is a normal with mean a and standard deviation s.
 *
 * <ul>
 *   <li>{@code donut1d} (d0 = 1): ⌈n/3⌉ points labelled 1 at x ~ N(0, 0.1); the other ⌊2n/3⌋
 *       points labelled 0 at x = ±r, r ~ N(0.5, 0.1), sign uniform; + noise 0.1.</li>
 *   <li>{@code donut2d} (d0 = 2): on [−1,1]², ⌈n/2⌉ points labelled 1 with density per unit area
 *       ∝ exp(−‖x‖²/(2·0.1²)) and ⌊n/2⌋ points labelled 0 with density
 *       ∝ exp(−(‖x‖−0.5)²/(2·0.1²)); + noise 0.1.</li>
 *   <li>{@code squares} (d0 = 2): x uniform in [−0.7, 0.7]², label 1 iff x1·x2 &gt; 0; + noise
 *       0.1.</li>
 *   <li>{@code spiral} (d0 = 2): arms of ⌈n/2⌉ (φ = π, label 1) and ⌊n/2⌋ (φ = 0, label 0)
 *       points r(cos(a+φ), sin(a+φ)) with r = linspace(0.1, 1, count) and
 *       a = linspace(0.1, 2π, count); + noise 0.05.</li>
 * </ul>
 *
 * <p>"+ noise s" adds independent N(0, s) to every coordinate after labelling, so a label always
 * describes the noiseless point. Each method draws from one {@link SplittableRandom} seeded once
 * with {@code seed}: all noiseless points first, then the noise. Hence the same seed gives
 * bit-identical data, and the overloads with an explicit {@code noise} give, for the same seed,
 * exactly the same noiseless points and labels whatever the noise level ({@code noise = 0} shows
 * the points before noise). Points come in blocks by label: label 1 first, then label 0
 * ({@code squares}: in draw order); use {@link Dataset#split(int, long)} to shuffle.
 *
 * <p>Sampling: {@code donut2d}'s blob is drawn as N(0, 0.1) per coordinate and rejected outside
 * the square, which is exactly rejection sampling of its density on [−1,1]²; the ring is drawn by
 * rejection from the uniform distribution on the square (the authors evaluate both densities on a
 * 100×100 grid instead). A linspace with one point is its start value, as in NumPy.
 */
public final class Datasets {

    /** Standard deviation of the noise of {@code donut1d}. */
    public static final double DONUT1D_NOISE = 0.1;
    /** Standard deviation of the noise of {@code donut2d}. */
    public static final double DONUT2D_NOISE = 0.1;
    /** Standard deviation of the noise of {@code squares}. */
    public static final double SQUARES_NOISE = 0.1;
    /** Standard deviation of the noise of {@code spiral}. */
    public static final double SPIRAL_NOISE = 0.05;

    private static final double DONUT_WIDTH = 0.1;
    private static final double RING_RADIUS = 0.5;
    private static final double SQUARES_HALF_WIDTH = 0.7;

    private Datasets() {
    }

    /** {@code donut1d} with its noise 0.1; see the class comment. */
    public static Dataset donut1d(int n, long seed) {
        return donut1d(n, seed, DONUT1D_NOISE);
    }

    /**
     * {@code donut1d} (d0 = 1): ⌈n/3⌉ points labelled 1 at x ~ N(0, 0.1), then the rest labelled 0
     * at x = ±r, r ~ N(0.5, 0.1), sign uniform; + noise.
     *
     * @param n     number of points, at least 1
     * @param seed  seed of the generator
     * @param noise standard deviation of the noise added to every coordinate, finite and ≥ 0
     * @return the data set
     */
    public static Dataset donut1d(int n, long seed, double noise) {
        checkArguments(n, noise);
        SplittableRandom random = new SplittableRandom(seed);
        int inner = ceilDiv(n, 3);
        double[] x = new double[n];
        int[] labels = new int[n];
        for (int k = 0; k < inner; k++) {
            x[k] = DONUT_WIDTH * random.nextGaussian();
            labels[k] = 1;
        }
        for (int k = inner; k < n; k++) {
            double r = RING_RADIUS + DONUT_WIDTH * random.nextGaussian();
            x[k] = random.nextBoolean() ? r : -r;
        }
        addNoise(x, noise, random);
        return new Dataset(1, x, labels);
    }

    /** {@code donut2d} with its noise 0.1; see the class comment. */
    public static Dataset donut2d(int n, long seed) {
        return donut2d(n, seed, DONUT2D_NOISE);
    }

    /**
     * {@code donut2d} (d0 = 2): on [−1,1]², ⌈n/2⌉ points labelled 1 with density
     * ∝ exp(−‖x‖²/(2·0.1²)), then ⌊n/2⌋ points labelled 0 with density
     * ∝ exp(−(‖x‖−0.5)²/(2·0.1²)), both by rejection sampling; + noise.
     *
     * @param n     number of points, at least 1
     * @param seed  seed of the generator
     * @param noise standard deviation of the noise added to every coordinate, finite and ≥ 0
     * @return the data set
     */
    public static Dataset donut2d(int n, long seed, double noise) {
        checkArguments(n, noise);
        SplittableRandom random = new SplittableRandom(seed);
        int blob = ceilDiv(n, 2);
        double[] f = new double[2 * n];
        int[] labels = new int[n];
        for (int k = 0; k < blob; k++) {
            double x1;
            double x2;
            do {
                x1 = DONUT_WIDTH * random.nextGaussian();
                x2 = DONUT_WIDTH * random.nextGaussian();
            } while (Math.abs(x1) > 1 || Math.abs(x2) > 1);
            f[k] = x1;
            f[n + k] = x2;
            labels[k] = 1;
        }
        double twoVariance = 2 * DONUT_WIDTH * DONUT_WIDTH;
        for (int k = blob; k < n; k++) {
            double x1;
            double x2;
            double acceptance;
            do {
                x1 = random.nextDouble(-1.0, 1.0);
                x2 = random.nextDouble(-1.0, 1.0);
                double d = Math.hypot(x1, x2) - RING_RADIUS;
                acceptance = Math.exp(-d * d / twoVariance);
            } while (random.nextDouble() >= acceptance);
            f[k] = x1;
            f[n + k] = x2;
        }
        addNoise(f, noise, random);
        return new Dataset(2, f, labels);
    }

    /** {@code squares} with its noise 0.1; see the class comment. */
    public static Dataset squares(int n, long seed) {
        return squares(n, seed, SQUARES_NOISE);
    }

    /**
     * {@code squares} (d0 = 2): x uniform in [−0.7, 0.7]², label 1 iff x1·x2 &gt; 0 (a 2×2
     * checkerboard); + noise.
     *
     * @param n     number of points, at least 1
     * @param seed  seed of the generator
     * @param noise standard deviation of the noise added to every coordinate, finite and ≥ 0
     * @return the data set
     */
    public static Dataset squares(int n, long seed, double noise) {
        checkArguments(n, noise);
        SplittableRandom random = new SplittableRandom(seed);
        double[] f = new double[2 * n];
        int[] labels = new int[n];
        for (int k = 0; k < n; k++) {
            double x1 = random.nextDouble(-SQUARES_HALF_WIDTH, SQUARES_HALF_WIDTH);
            double x2 = random.nextDouble(-SQUARES_HALF_WIDTH, SQUARES_HALF_WIDTH);
            f[k] = x1;
            f[n + k] = x2;
            labels[k] = x1 * x2 > 0 ? 1 : 0;
        }
        addNoise(f, noise, random);
        return new Dataset(2, f, labels);
    }

    /** {@code spiral} with its noise 0.05; see the class comment. */
    public static Dataset spiral(int n, long seed) {
        return spiral(n, seed, SPIRAL_NOISE);
    }

    /**
     * {@code spiral} (d0 = 2): an arm of ⌈n/2⌉ points with φ = π labelled 1, then an arm of ⌊n/2⌋
     * points with φ = 0 labelled 0; point j of an arm of {@code count} points is
     * r_j(cos(a_j+φ), sin(a_j+φ)) with r = linspace(0.1, 1, count), a = linspace(0.1, 2π, count);
     * + noise. Only the noise is random.
     *
     * @param n     number of points, at least 1
     * @param seed  seed of the generator
     * @param noise standard deviation of the noise added to every coordinate, finite and ≥ 0
     * @return the data set
     */
    public static Dataset spiral(int n, long seed, double noise) {
        checkArguments(n, noise);
        SplittableRandom random = new SplittableRandom(seed);
        int first = ceilDiv(n, 2);
        double[] f = new double[2 * n];
        int[] labels = new int[n];
        spiralArm(f, n, 0, first, Math.PI);
        spiralArm(f, n, first, n - first, 0.0);
        for (int k = 0; k < first; k++) {
            labels[k] = 1;
        }
        addNoise(f, noise, random);
        return new Dataset(2, f, labels);
    }

    private static void spiralArm(double[] f, int n, int offset, int count, double phi) {
        for (int j = 0; j < count; j++) {
            double r = linspace(0.1, 1.0, count, j);
            double a = linspace(0.1, 2 * Math.PI, count, j);
            f[offset + j] = r * Math.cos(a + phi);
            f[n + offset + j] = r * Math.sin(a + phi);
        }
    }

    /** Entry j of NumPy's linspace(start, stop, count): the last entry is exactly stop. */
    static double linspace(double start, double stop, int count, int j) {
        if (count == 1) {
            return start;
        }
        if (j == count - 1) {
            return stop;
        }
        return start + j * ((stop - start) / (count - 1));
    }

    private static void addNoise(double[] f, double noise, SplittableRandom random) {
        if (noise == 0) {
            return;
        }
        for (int idx = 0; idx < f.length; idx++) {
            f[idx] += noise * random.nextGaussian();
        }
    }

    private static void checkArguments(int n, double noise) {
        if (n <= 0) {
            throw new IllegalArgumentException("number of points n must be at least 1 but is " + n);
        }
        if (!(noise >= 0) || Double.isInfinite(noise)) {
            throw new IllegalArgumentException("noise must be a finite standard deviation ≥ 0 but is "
                    + noise);
        }
    }

    private static int ceilDiv(int n, int d) {
        return n / d + (n % d == 0 ? 0 : 1);
    }
}
