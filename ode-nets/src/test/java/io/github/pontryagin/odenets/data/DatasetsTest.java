package io.github.pontryagin.odenets.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The generators against docs/theory.md §4. Statistical checks use a fixed seed and tolerances of five
 * standard errors computed from the sample size, so they fail for a wrong definition (a wrong
 * width, centre or class size) but not by chance.
 */
class DatasetsTest {

    static List<DatasetGenerator> generators() {
        return DatasetGenerator.all();
    }

    private static final long SEED = 20190101L;
    private static final double Z = 5.0;


    /** Coordinate i of the points with the given label. */
    private static double[] coordinate(Dataset data, int i, int label) {
        return IntStream.range(0, data.size()).filter(k -> data.label(k) == label)
                .mapToDouble(k -> data.feature(i, k)).toArray();
    }

    /** Euclidean norm of the 2-d points with the given label. */
    private static double[] radius(Dataset data, int label) {
        return IntStream.range(0, data.size()).filter(k -> data.label(k) == label)
                .mapToDouble(k -> Math.hypot(data.feature(0, k), data.feature(1, k))).toArray();
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElseThrow();
    }

    private static double std(double[] v) {
        double m = mean(v);
        return Math.sqrt(Arrays.stream(v).map(x -> (x - m) * (x - m)).sum() / (v.length - 1));
    }

    /** Asserts that the sample mean of v is μ up to Z standard errors of a sample with std σ. */
    private static void assertMean(double mu, double sigma, double[] v, String what) {
        double tolerance = Z * sigma / Math.sqrt(v.length);
        double actual = mean(v);
        assertEquals(mu, actual, tolerance, what + ": mean " + actual + " vs " + mu + " ± " + tolerance);
    }

    /** Asserts that the sample std of v is σ up to Z standard errors (≈ σ/√(2m) for a normal). */
    private static void assertStd(double sigma, double[] v, String what) {
        double tolerance = Z * sigma / Math.sqrt(2.0 * v.length);
        double actual = std(v);
        assertEquals(sigma, actual, tolerance, what + ": std " + actual + " vs " + sigma + " ± " + tolerance);
    }

    private static int ceilDiv(int n, int d) {
        return (n + d - 1) / d;
    }


    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 100, 1001})
    void classSizesAreExactlyAsInTheSpec(int n) {
        Dataset d1 = Datasets.donut1d(n, SEED);
        assertEquals(n, d1.size());
        assertEquals(1, d1.dimension());
        assertEquals(ceilDiv(n, 3), d1.count(1), "donut1d label-1 count");
        assertEquals(n - ceilDiv(n, 3), d1.count(0), "donut1d label-0 count");

        Dataset d2 = Datasets.donut2d(n, SEED);
        assertEquals(n, d2.size());
        assertEquals(2, d2.dimension());
        assertEquals(ceilDiv(n, 2), d2.count(1), "donut2d label-1 count");
        assertEquals(n / 2, d2.count(0), "donut2d label-0 count");

        Dataset sp = Datasets.spiral(n, SEED);
        assertEquals(n, sp.size());
        assertEquals(2, sp.dimension());
        assertEquals(ceilDiv(n, 2), sp.count(1), "spiral label-1 arm");
        assertEquals(n / 2, sp.count(0), "spiral label-0 arm");

        Dataset sq = Datasets.squares(n, SEED);
        assertEquals(n, sq.size());
        assertEquals(2, sq.dimension());
        assertEquals(n, sq.count(0) + sq.count(1), "squares labels other than 0 and 1");
    }

    @ParameterizedTest
    @MethodSource("generators")
    void sameSeedGivesBitIdenticalDataAndAnotherSeedDifferentData(DatasetGenerator generator) {
        Dataset a = generator.generate(500, SEED);
        Dataset b = generator.generate(500, SEED);
        Dataset c = generator.generate(500, SEED + 1);
        assertArrayEquals(a.features(), b.features());
        assertArrayEquals(a.labels(), b.labels());
        assertFalse(Arrays.equals(a.features(), c.features()), "seed has no effect");
    }

    @ParameterizedTest
    @MethodSource("generators")
    void noiseIsIndependentNormalWithTheSpecWidthAddedAfterLabelling(DatasetGenerator generator) {
        int n = 20000;
        Dataset clean = generator.generate(n, SEED, 0.0);
        Dataset noisy = generator.generate(n, SEED);
        assertArrayEquals(clean.labels(), noisy.labels(), "labels must describe the noiseless points");
        double s = generator.defaultNoise();
        double[] residual = noisy.features();
        double[] noiseless = clean.features();
        for (int idx = 0; idx < residual.length; idx++) {
            residual[idx] -= noiseless[idx];
        }
        assertMean(0.0, s, residual, generator + " noise");
        assertStd(s, residual, generator + " noise");
        if (generator.dimension() == 2) {
            double[] r1 = Arrays.copyOfRange(residual, 0, n);
            double[] r2 = Arrays.copyOfRange(residual, n, 2 * n);
            double correlation = 0;
            for (int k = 0; k < n; k++) {
                correlation += r1[k] * r2[k];
            }
            correlation /= n * s * s;
            assertEquals(0.0, correlation, Z / Math.sqrt(n), generator + " noise coordinates correlated");
        }
    }

    @Test
    void noiseWidthsAreThoseOfTheSpec() {
        assertEquals(0.1, DatasetGenerator.DONUT1D.defaultNoise());
        assertEquals(0.1, DatasetGenerator.DONUT2D.defaultNoise());
        assertEquals(0.1, DatasetGenerator.SQUARES.defaultNoise());
        assertEquals(0.05, DatasetGenerator.SPIRAL.defaultNoise());
    }

    @ParameterizedTest
    @MethodSource("generators")
    void nonPositiveSizeIsRejectedNamingTheValue(DatasetGenerator generator) {
        for (int n : new int[] {0, -3}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> generator.generate(n, SEED));
            assertTrue(e.getMessage().contains("n must be at least 1 but is " + n), e.getMessage());
        }
    }

    @ParameterizedTest
    @MethodSource("generators")
    void negativeOrNonFiniteNoiseIsRejected(DatasetGenerator generator) {
        for (double noise : new double[] {-0.1, Double.NaN, Double.POSITIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> generator.generate(10, SEED, noise));
            assertTrue(e.getMessage().contains("noise") && e.getMessage().contains(String.valueOf(noise)),
                    e.getMessage());
        }
    }


    @Test
    void donut1dInnerClassIsCentredNormalWithNoiseAddedVariance() {
        Dataset data = Datasets.donut1d(30000, SEED);
        double[] inner = coordinate(data, 0, 1);
        double sigma = Math.sqrt(0.1 * 0.1 + 0.1 * 0.1);
        assertMean(0.0, sigma, inner, "donut1d label 1");
        assertStd(sigma, inner, "donut1d label 1");
    }

    @Test
    void donut1dOuterClassSitsAtPlusMinusHalfWithUniformSign() {
        Dataset noisy = Datasets.donut1d(30000, SEED);
        double[] outer = coordinate(noisy, 0, 0);
        double[] absolute = Arrays.stream(outer).map(Math::abs).toArray();
        double sigma = Math.sqrt(0.1 * 0.1 + 0.1 * 0.1);
        assertMean(0.5, sigma, absolute, "donut1d label 0 |x|");
        double[] positive = Arrays.stream(outer).map(x -> x > 0 ? 1.0 : 0.0).toArray();
        assertMean(0.5, 0.5, positive, "donut1d label 0 fraction with x > 0");

        double[] clean = Arrays.stream(coordinate(Datasets.donut1d(30000, SEED, 0.0), 0, 0))
                .map(Math::abs).toArray();
        assertMean(0.5, 0.1, clean, "donut1d noiseless r");
        assertStd(0.1, clean, "donut1d noiseless r");
    }


    @Test
    void donut2dNoiselessPointsLieInTheSquare() {
        Dataset clean = Datasets.donut2d(20000, SEED, 0.0);
        for (double x : clean.features()) {
            assertTrue(Math.abs(x) <= 1.0, "point outside [-1,1]²: " + x);
        }
    }

    @Test
    void donut2dBlobHasRayleighRadiusAndRingHasAreaWeightedRadius() {
        int n = 20000;
        Dataset clean = Datasets.donut2d(n, SEED, 0.0);
        // blob: x ~ N(0, 0.1²I) truncated far in its tail, so ‖x‖ is Rayleigh(0.1)
        double[] blob = radius(clean, 1);
        assertMean(0.1 * Math.sqrt(Math.PI / 2), 0.1 * Math.sqrt((4 - Math.PI) / 2), blob, "blob radius");
        assertStd(0.1, coordinate(clean, 0, 1), "blob x1");
        assertStd(0.1, coordinate(clean, 1, 1), "blob x2");
        // ring: density per unit area g(r) = exp(−(r−0.5)²/0.02) gives radius density ∝ r·g(r), so
        // E r = (0.5² + 0.1²)/0.5 = 0.52 and E r² = 0.5² + 3·0.1² = 0.28 (a per-radius density
        // would give E r = 0.5)
        double[] ring = radius(clean, 0);
        assertMean(0.52, Math.sqrt(0.28 - 0.52 * 0.52), ring, "ring radius");
        assertMean(0.0, Math.sqrt(0.14), coordinate(clean, 0, 0), "ring x1");
        assertMean(0.0, Math.sqrt(0.14), coordinate(clean, 1, 0), "ring x2");
    }

    @Test
    void donut2dNoisyBlobIsMuchCloserToTheOriginThanTheRing() {
        Dataset noisy = Datasets.donut2d(4000, SEED);
        double blob = mean(radius(noisy, 1));
        double ring = mean(radius(noisy, 0));
        assertTrue(blob < 0.25, "blob mean radius " + blob);
        assertEquals(0.5, ring, 0.05, "ring mean radius");
    }


    @Test
    void squaresNoiselessPointsAreUniformOnTheSquareAndLabelledByQuadrant() {
        int n = 40000;
        Dataset clean = Datasets.squares(n, SEED, 0.0);
        int[] quadrant = new int[4];
        for (int k = 0; k < n; k++) {
            double x1 = clean.feature(0, k);
            double x2 = clean.feature(1, k);
            assertTrue(Math.abs(x1) <= 0.7 && Math.abs(x2) <= 0.7, "outside [-0.7,0.7]²: " + x1 + ", " + x2);
            assertEquals(x1 * x2 > 0 ? 1 : 0, clean.label(k), "label of (" + x1 + ", " + x2 + ")");
            quadrant[(x1 > 0 ? 1 : 0) + (x2 > 0 ? 2 : 0)]++;
        }
        double expected = n / 4.0;
        double tolerance = Z * Math.sqrt(n * 0.25 * 0.75);
        for (int q : quadrant) {
            assertEquals(expected, q, tolerance, "quadrant counts " + Arrays.toString(quadrant));
        }
        double uniformStd = 1.4 / Math.sqrt(12);
        assertMean(0.0, uniformStd, coordinate(clean, 0, 1), "squares x1 of label 1");
        assertStd(uniformStd, Arrays.copyOf(clean.features(), n), "squares x1");
    }

    @Test
    void squaresNoisyPointsAwayFromTheAxesKeepTheCheckerboardLabel() {
        Dataset noisy = Datasets.squares(40000, SEED);
        int checked = 0;
        for (int k = 0; k < noisy.size(); k++) {
            double x1 = noisy.feature(0, k);
            double x2 = noisy.feature(1, k);
            // crossing an axis from here takes a 6σ noise draw
            if (Math.abs(x1) > 0.6 && Math.abs(x2) > 0.6) {
                assertEquals(x1 * x2 > 0 ? 1 : 0, noisy.label(k), "label of (" + x1 + ", " + x2 + ")");
                checked++;
            }
        }
        assertTrue(checked > 500, "too few points away from the axes: " + checked);
    }


    @ParameterizedTest
    @ValueSource(ints = {2, 3, 10, 101})
    void spiralNoiselessPointsLieOnTheTwoArms(int n) {
        Dataset clean = Datasets.spiral(n, SEED, 0.0);
        int first = ceilDiv(n, 2);
        int[] counts = {first, n - first};
        double[] phis = {Math.PI, 0.0};
        int offset = 0;
        for (int arm = 0; arm < 2; arm++) {
            int count = counts[arm];
            for (int j = 0; j < count; j++) {
                double t = count == 1 ? 0.0 : (double) j / (count - 1);
                double r = 0.1 + 0.9 * t;
                double a = 0.1 + (2 * Math.PI - 0.1) * t;
                int k = offset + j;
                assertEquals(1 - arm, clean.label(k));
                assertEquals(r * Math.cos(a + phis[arm]), clean.feature(0, k), 1e-12, "x1 of point " + k);
                assertEquals(r * Math.sin(a + phis[arm]), clean.feature(1, k), 1e-12, "x2 of point " + k);
            }
            offset += count;
        }
    }

    @Test
    void spiralArmsEndAtRadiusOneOnTheHorizontalAxis() {
        Dataset clean = Datasets.spiral(10, SEED, 0.0);
        assertEquals(-1.0, clean.feature(0, 4), 1e-15);
        assertEquals(0.0, clean.feature(1, 4), 1e-15);
        assertEquals(1.0, clean.feature(0, 9), 1e-15);
        assertEquals(0.0, clean.feature(1, 9), 1e-15);
        assertEquals(0.1 * Math.cos(0.1 + Math.PI), clean.feature(0, 0), 1e-15);
        assertEquals(0.1 * Math.cos(0.1), clean.feature(0, 5), 1e-15);
    }

    @Test
    void spiralNoisyArmsHaveTheMeanRadiusOfTheirLinspace() {
        Dataset noisy = Datasets.spiral(10000, SEED);
        // mean of linspace(0.1, 1) is 0.55; noise 0.05 shifts a radius r by about 0.05²/(2r) ≤ 0.0125
        assertEquals(0.55, mean(radius(noisy, 1)), 0.01, "label-1 arm");
        assertEquals(0.55, mean(radius(noisy, 0)), 0.01, "label-0 arm");
    }

    @Test
    void linspaceMatchesNumPyEndpoints() {
        assertEquals(0.1, Datasets.linspace(0.1, 1.0, 5, 0));
        assertEquals(1.0, Datasets.linspace(0.1, 1.0, 5, 4));
        assertEquals(0.55, Datasets.linspace(0.1, 1.0, 3, 1), 1e-15);
        assertEquals(0.1, Datasets.linspace(0.1, 1.0, 1, 0));
    }
}
