package io.github.pontryagin.odenets.data;

import java.util.List;

import io.github.pontryagin.core.Registry;

/**
 * A generated data set with everything that is known about it by name: input dimension, default noise,
 * the training (and test) points and iterations of the paper's suite A (Benning et al. 2019, Ehrhardt's
 * settings; docs/theory.md §4) and the sampler. The four data sets of docs/theory.md §4 are
 * {@link #DONUT1D}, {@link #DONUT2D}, {@link #SQUARES} and {@link #SPIRAL}, sampled by {@link Datasets}.
 *
 * <p>Adding a data set is one file declaring its {@code DatasetGenerator} (and its sampler) plus one
 * {@code .add} line in {@link #registry()}; the command line, the paper runner and the tests find it there.
 *
 * @param name            registered name, e.g. {@code "spiral"}
 * @param description     one line for help texts
 * @param dimension       input dimension d0 (&gt; 0)
 * @param defaultNoise    standard deviation of the noise, finite and ≥ 0
 * @param paperPoints     training (and test) points in suite A (&gt; 0)
 * @param paperIterations iterations in suite A (&gt; 0)
 * @param sampler         draws n points with a noise level, deterministically for the seed
 */
public record DatasetGenerator(String name, String description, int dimension, double defaultNoise, int paperPoints,
                               int paperIterations, Sampler sampler) implements Registry.Named {

    /** Draws a data set; for a fixed seed the noiseless points and labels do not depend on the noise. */
    @FunctionalInterface
    public interface Sampler {
        /**
         * @param n     number of points, at least 1
         * @param seed  seed of the generator
         * @param noise standard deviation of the noise, finite and ≥ 0
         * @return the data set
         */
        Dataset generate(int n, long seed, double noise);
    }

    /** See {@link Datasets#donut1d(int, long, double)}. */
    public static final DatasetGenerator DONUT1D = new DatasetGenerator("donut1d",
            "1-D: a blob at 0 inside a ring at +-0.5", 1, Datasets.DONUT1D_NOISE, 500, 5000, Datasets::donut1d);
    /** See {@link Datasets#donut2d(int, long, double)}. */
    public static final DatasetGenerator DONUT2D = new DatasetGenerator("donut2d",
            "2-D: a blob at 0 inside a ring of radius 0.5", 2, Datasets.DONUT2D_NOISE, 1000, 8000, Datasets::donut2d);
    /** See {@link Datasets#squares(int, long, double)}. */
    public static final DatasetGenerator SQUARES = new DatasetGenerator("squares",
            "2-D: label 1 iff x1 x2 > 0 (a checkerboard of four squares)", 2, Datasets.SQUARES_NOISE, 1000, 8000,
            Datasets::squares);
    /** See {@link Datasets#spiral(int, long, double)}. */
    public static final DatasetGenerator SPIRAL = new DatasetGenerator("spiral",
            "2-D: two interleaved spiral arms", 2, Datasets.SPIRAL_NOISE, 1000, 20000, Datasets::spiral);

    private static final Registry<DatasetGenerator> REGISTRY = Registry.<DatasetGenerator>builder("data set")
            .add(DONUT1D)
            .add(DONUT2D)
            .add(SQUARES)
            .add(SPIRAL)
            .build();

    /** @throws IllegalArgumentException naming the setting and its value if one is out of range */
    public DatasetGenerator {
        if (name == null || name.isBlank() || description == null || sampler == null) {
            throw new IllegalArgumentException("a data set needs a name, a description and a sampler; got name '"
                    + name + "'");
        }
        if (dimension <= 0 || paperPoints <= 0 || paperIterations <= 0) {
            throw new IllegalArgumentException("data set '" + name + "': dimension, paperPoints and paperIterations "
                    + "must be > 0, got " + dimension + ", " + paperPoints + ", " + paperIterations);
        }
        if (!Double.isFinite(defaultNoise) || defaultNoise < 0) {
            throw new IllegalArgumentException("data set '" + name + "': defaultNoise must be finite and >= 0, got "
                    + defaultNoise);
        }
    }

    /** The data sets by name, in the order of docs/theory.md §4. */
    public static Registry<DatasetGenerator> registry() {
        return REGISTRY;
    }

    /** @return every registered data set, in registration order */
    public static List<DatasetGenerator> all() {
        return REGISTRY.entries().stream().map(Registry.Entry::value).toList();
    }

    /** @return the name, e.g. {@code "spiral"} (as {@link #name()}) */
    public String label() {
        return name;
    }

    /**
     * Generates n points with the default noise, deterministically for the seed.
     *
     * @param n    number of points, at least 1
     * @param seed seed of the generator
     * @return the data set
     */
    public Dataset generate(int n, long seed) {
        return sampler.generate(n, seed, defaultNoise);
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
    public Dataset generate(int n, long seed, double noise) {
        return sampler.generate(n, seed, noise);
    }

    /**
     * @param name a name of {@link #names()}, ignoring case and surrounding blanks
     * @return the generator of that name
     * @throws IllegalArgumentException if no generator has that name; the message lists the names
     */
    public static DatasetGenerator byName(String name) {
        return REGISTRY.get(name);
    }

    /** @return the names in registration order: donut1d, donut2d, squares, spiral */
    public static List<String> names() {
        return REGISTRY.names();
    }

    /**
     * @param name a name of {@link #names()}, ignoring case
     * @return the input dimension d0 of that data set
     */
    public static int dimension(String name) {
        return byName(name).dimension();
    }

    @Override
    public String toString() {
        return name;
    }
}
