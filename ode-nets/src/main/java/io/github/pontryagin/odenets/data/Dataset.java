package io.github.pontryagin.odenets.data;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * An immutable labelled data set: M points {@code x^k ∈ R^d0} with integer class labels
 * {@code c^k ≥ 0}.
 *
 * <p>The features are stored feature-major, the layout of the network kernels (see {@code DenseKernels};
 * README, "Use as a library"): coordinate {@code i} of point {@code k} is at index {@code i·M + k} of one
 * {@code double[]} of length {@code d0·M}, so every coordinate is one contiguous row of M values.
 * The paper's sets (docs/theory.md §4, Benning et al. 2019) use labels 0 and 1; any non-negative label is
 * accepted so that multi-class heads can use the same type.
 *
 * <p>A data set may be empty (M = 0), which is what {@link #split(int, long)} returns as one side
 * when asked for it; the dimension is always at least 1.
 */
public final class Dataset {

    private final int dimension;
    private final int size;
    private final double[] features;
    private final int[] labels;

    /**
     * Creates a data set from feature-major features; both arrays are copied.
     *
     * @param dimension the dimension d0 of a point, at least 1
     * @param features  {@code d0·M} finite values, coordinate {@code i} of point {@code k} at
     *                  {@code i·M + k}
     * @param labels    M labels, each at least 0
     * @throws IllegalArgumentException if the dimension is below 1, the lengths do not match, a
     *                                  feature is not finite or a label is negative
     */
    public Dataset(int dimension, double[] features, int[] labels) {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be at least 1 but is " + dimension);
        }
        if (features == null || labels == null) {
            throw new IllegalArgumentException("features and labels must not be null but features = "
                    + (features == null ? "null" : "double[" + features.length + "]") + ", labels = "
                    + (labels == null ? "null" : "int[" + labels.length + "]"));
        }
        int m = labels.length;
        if ((long) dimension * m != features.length) {
            throw new IllegalArgumentException("features.length must be dimension × labels.length = "
                    + dimension + " × " + m + " = " + ((long) dimension * m) + " but is "
                    + features.length);
        }
        for (int i = 0; i < dimension; i++) {
            for (int k = 0; k < m; k++) {
                double value = features[i * m + k];
                if (!Double.isFinite(value)) {
                    throw new IllegalArgumentException("features must be finite but feature(" + i + ", "
                            + k + ") = " + value);
                }
            }
        }
        for (int k = 0; k < m; k++) {
            if (labels[k] < 0) {
                throw new IllegalArgumentException("labels must be at least 0 but label(" + k + ") = "
                        + labels[k]);
            }
        }
        this.dimension = dimension;
        this.size = m;
        this.features = features.clone();
        this.labels = labels.clone();
    }

    /** Takes the arrays as they are: the callers below built them and checked what the public constructor checks. */
    private Dataset(int dimension, int size, double[] features, int[] labels) {
        this.dimension = dimension;
        this.size = size;
        this.features = features;
        this.labels = labels;
    }

    /**
     * A data set that owns {@code features} and {@code labels} (no copy, no check): for readers of this package
     * that produce finite features and non-negative labels of matching lengths by construction (the unsigned
     * bytes of an IDX file), where the copy and the check of the public constructor would cost a pass over
     * hundreds of megabytes.
     */
    static Dataset owning(int dimension, double[] features, int[] labels) {
        if ((long) dimension * labels.length != features.length) {
            throw new IllegalStateException("features.length " + features.length + " is not " + dimension + " × "
                    + labels.length);
        }
        return new Dataset(dimension, labels.length, features, labels);
    }

    /**
     * Creates a data set from points given one per row ({@code points[k][i]} is coordinate
     * {@code i} of point {@code k}), converting them to the feature-major layout.
     *
     * @param dimension the dimension d0, at least 1; every row must have this length
     * @param points    M rows of d0 finite values
     * @param labels    M labels, each at least 0
     * @return the data set
     * @throws IllegalArgumentException if a row has the wrong length or the arguments are rejected
     *                                  by {@link #Dataset(int, double[], int[])}
     */
    public static Dataset ofPoints(int dimension, double[][] points, int[] labels) {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be at least 1 but is " + dimension);
        }
        if (points == null || labels == null || points.length != labels.length) {
            throw new IllegalArgumentException("points and labels must have the same length but are "
                    + (points == null ? "null" : points.length) + " and "
                    + (labels == null ? "null" : labels.length));
        }
        int m = points.length;
        double[] features = new double[dimension * m];
        for (int k = 0; k < m; k++) {
            if (points[k] == null || points[k].length != dimension) {
                throw new IllegalArgumentException("points[" + k + "] must have length " + dimension
                        + " but has " + (points[k] == null ? "null" : points[k].length));
            }
            for (int i = 0; i < dimension; i++) {
                features[i * m + k] = points[k][i];
            }
        }
        return new Dataset(dimension, features, labels);
    }

    /** @return the number M of points */
    public int size() {
        return size;
    }

    /** @return the dimension d0 of a point */
    public int dimension() {
        return dimension;
    }

    /**
     * @param i coordinate, {@code 0 ≤ i < dimension()}
     * @param k point, {@code 0 ≤ k < size()}
     * @return coordinate {@code i} of point {@code k}
     */
    public double feature(int i, int k) {
        if (i < 0 || i >= dimension) {
            throw new IndexOutOfBoundsException("coordinate i must be in [0, " + dimension
                    + ") but is " + i);
        }
        checkPoint(k);
        return features[i * size + k];
    }

    /**
     * @param k point, {@code 0 ≤ k < size()}
     * @return the label of point {@code k}
     */
    public int label(int k) {
        checkPoint(k);
        return labels[k];
    }

    /**
     * @param k point, {@code 0 ≤ k < size()}
     * @return a new array with the d0 coordinates of point {@code k}
     */
    public double[] point(int k) {
        checkPoint(k);
        double[] x = new double[dimension];
        for (int i = 0; i < dimension; i++) {
            x[i] = features[i * size + k];
        }
        return x;
    }

    /** @return a copy of the features in the feature-major layout, length {@code d0·M} */
    public double[] features() {
        return features.clone();
    }

    /** @return a copy of the M labels */
    public int[] labels() {
        return labels.clone();
    }

    /** @return the distinct labels in increasing order */
    public int[] classes() {
        return Arrays.stream(labels).distinct().sorted().toArray();
    }

    /** @return the number of points with the given label */
    public int count(int label) {
        int n = 0;
        for (int c : labels) {
            if (c == label) {
                n++;
            }
        }
        return n;
    }

    /**
     * The points at the given indices, in that order; an index may repeat (bootstrap samples).
     *
     * @param indices indices into this data set, each in {@code [0, size())}
     * @return a new data set of {@code indices.length} points
     */
    public Dataset subset(int[] indices) {
        int m = indices.length;
        int[] c = new int[m];
        for (int j = 0; j < m; j++) {
            int k = indices[j];
            if (k < 0 || k >= size) {
                throw new IllegalArgumentException("indices[" + j + "] must be in [0, " + size
                        + ") but is " + k);
            }
            c[j] = labels[k];
        }
        // coordinate by coordinate: contiguous writes, and the reads stay in one row of this data set (a point by
        // point loop touches d0 distant rows per point, a cache miss each: seconds for MNIST's 60 000 x 784)
        double[] f = new double[dimension * m];
        for (int i = 0; i < dimension; i++) {
            int from = i * size;
            int to = i * m;
            for (int j = 0; j < m; j++) {
                f[to + j] = features[from + indices[j]];
            }
        }
        // the values and labels of a checked data set: nothing to check or copy again
        return new Dataset(dimension, m, f, c);
    }

    /**
     * Splits the points by a seeded shuffle: a Fisher–Yates permutation drawn from
     * {@link SplittableRandom}{@code (seed)}; its first {@code trainCount} entries form the
     * training set and the rest the test set, both in permutation order. The same seed gives
     * the same split.
     *
     * @param trainCount number of training points, in {@code [0, size()]}
     * @param seed       seed of the shuffle
     * @return the training and test sets, disjoint, together all points
     */
    public TrainTest split(int trainCount, long seed) {
        if (trainCount < 0 || trainCount > size) {
            throw new IllegalArgumentException("trainCount must be in [0, " + size + "] but is "
                    + trainCount);
        }
        int[] permutation = permutation(size, seed);
        return new TrainTest(subset(Arrays.copyOfRange(permutation, 0, trainCount)),
                subset(Arrays.copyOfRange(permutation, trainCount, size)));
    }

    /**
     * Splits the points by a seeded shuffle as {@link #split(int, long)} with
     * {@code trainCount = round(trainFraction · size())}.
     *
     * @param trainFraction fraction of training points, in {@code [0, 1]}
     * @param seed          seed of the shuffle
     * @return the training and test sets
     */
    public TrainTest split(double trainFraction, long seed) {
        if (!(trainFraction >= 0 && trainFraction <= 1)) {
            throw new IllegalArgumentException("trainFraction must be in [0, 1] but is "
                    + trainFraction);
        }
        return split((int) Math.round(trainFraction * size), seed);
    }

    /**
     * The points of this data set followed by those of {@code other}.
     *
     * @param other a data set of the same dimension
     * @return a new data set of {@code size() + other.size()} points
     */
    public Dataset concat(Dataset other) {
        if (other.dimension != dimension) {
            throw new IllegalArgumentException("other.dimension() must equal " + dimension
                    + " but is " + other.dimension);
        }
        int m = size + other.size;
        double[] f = new double[dimension * m];
        for (int i = 0; i < dimension; i++) {
            System.arraycopy(features, i * size, f, i * m, size);
            System.arraycopy(other.features, i * other.size, f, i * m + size, other.size);
        }
        int[] c = Arrays.copyOf(labels, m);
        System.arraycopy(other.labels, 0, c, size, other.size);
        return new Dataset(dimension, f, c);
    }

    /**
     * A uniformly random permutation of {@code 0..n-1} (Fisher–Yates), deterministic for a seed.
     */
    static int[] permutation(int n, long seed) {
        int[] p = new int[n];
        for (int k = 0; k < n; k++) {
            p[k] = k;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int k = n - 1; k > 0; k--) {
            int j = random.nextInt(k + 1);
            int t = p[k];
            p[k] = p[j];
            p[j] = t;
        }
        return p;
    }

    private void checkPoint(int k) {
        if (k < 0 || k >= size) {
            throw new IndexOutOfBoundsException("point k must be in [0, " + size + ") but is " + k);
        }
    }

    /** Two data sets are equal when dimension, features (bit for bit) and labels are equal. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Dataset)) {
            return false;
        }
        Dataset other = (Dataset) o;
        return dimension == other.dimension && Arrays.equals(features, other.features)
                && Arrays.equals(labels, other.labels);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * dimension + Arrays.hashCode(features)) + Arrays.hashCode(labels);
    }

    @Override
    public String toString() {
        return "Dataset[dimension=" + dimension + ", size=" + size + ", classes="
                + Arrays.toString(classes()) + "]";
    }
}
