package io.github.pontryagin.odenets.data;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The data sets of SPEC §4 (Benning et al. 2019) by name, for configuration files and the command
 * line: {@code donut1d}, {@code donut2d}, {@code squares}, {@code spiral}. The definitions are in
 * {@link Datasets}.
 */
public enum DatasetGenerator {
    /** See {@link Datasets#donut1d(int, long, double)}. */
    DONUT1D("donut1d", 1, Datasets.DONUT1D_NOISE) {
        @Override
        public Dataset generate(int n, long seed, double noise) {
            return Datasets.donut1d(n, seed, noise);
        }
    },
    /** See {@link Datasets#donut2d(int, long, double)}. */
    DONUT2D("donut2d", 2, Datasets.DONUT2D_NOISE) {
        @Override
        public Dataset generate(int n, long seed, double noise) {
            return Datasets.donut2d(n, seed, noise);
        }
    },
    /** See {@link Datasets#squares(int, long, double)}. */
    SQUARES("squares", 2, Datasets.SQUARES_NOISE) {
        @Override
        public Dataset generate(int n, long seed, double noise) {
            return Datasets.squares(n, seed, noise);
        }
    },
    /** See {@link Datasets#spiral(int, long, double)}. */
    SPIRAL("spiral", 2, Datasets.SPIRAL_NOISE) {
        @Override
        public Dataset generate(int n, long seed, double noise) {
            return Datasets.spiral(n, seed, noise);
        }
    };

    private final String label;
    private final int dimension;
    private final double defaultNoise;

    DatasetGenerator(String label, int dimension, double defaultNoise) {
        this.label = label;
        this.dimension = dimension;
        this.defaultNoise = defaultNoise;
    }

    /** @return the name of SPEC §4, e.g. {@code "spiral"} */
    public String label() {
        return label;
    }

    /** @return the input dimension d0 of the points */
    public int dimension() {
        return dimension;
    }

    /** @return the standard deviation of the noise of SPEC §4 */
    public double defaultNoise() {
        return defaultNoise;
    }

    /**
     * Generates n points with the noise of SPEC §4, deterministically for the seed.
     *
     * @param n    number of points, at least 1
     * @param seed seed of the generator
     * @return the data set
     */
    public Dataset generate(int n, long seed) {
        return generate(n, seed, defaultNoise);
    }

    /**
     * Generates n points with the given noise level; for a fixed seed the noiseless points and
     * labels do not depend on {@code noise}.
     *
     * @param n     number of points, at least 1
     * @param seed  seed of the generator
     * @param noise standard deviation of the noise, finite and ≥ 0
     * @return the data set
     */
    public abstract Dataset generate(int n, long seed, double noise);

    /**
     * @param name a name of {@link #names()}, case-insensitive, surrounding blanks ignored
     * @return the generator of that name
     * @throws IllegalArgumentException if no generator has that name; the message lists the names
     */
    public static DatasetGenerator byName(String name) {
        if (name != null) {
            String key = name.trim().toLowerCase(Locale.ROOT);
            for (DatasetGenerator g : values()) {
                if (g.label.equals(key)) {
                    return g;
                }
            }
        }
        throw new IllegalArgumentException("unknown data set name '" + name + "'; valid names are "
                + String.join(", ", names()));
    }

    /** @return the names in declaration order: donut1d, donut2d, squares, spiral */
    public static List<String> names() {
        return Arrays.stream(values()).map(DatasetGenerator::label).collect(Collectors.toUnmodifiableList());
    }

    /**
     * @param name a name of {@link #names()}, case-insensitive
     * @return the input dimension d0 of that data set
     */
    public static int dimension(String name) {
        return byName(name).dimension();
    }

    @Override
    public String toString() {
        return label;
    }
}
