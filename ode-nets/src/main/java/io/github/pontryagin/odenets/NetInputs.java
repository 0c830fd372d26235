package io.github.pontryagin.odenets;

import io.github.pontryagin.core.kernel.DenseKernels;
import io.github.pontryagin.odenets.data.Dataset;

/** Argument checks and small reductions shared by the net's public methods. */
final class NetInputs {

    private NetInputs() {
    }

    static void requireBatch(double[] x, int m, int d0) {
        if (m <= 0) {
            throw new IllegalArgumentException("batch size must be > 0, got " + m + " (empty batch)");
        }
        if (x == null || x.length != (long) d0 * m) {
            throw new IllegalArgumentException("inputs must be feature-major d0 × M = " + d0 + " × " + m + " = "
                    + (long) d0 * m + " values, got " + (x == null ? "null" : x.length));
        }
    }

    static void requireBatch(SparseBatch batch, int d0) {
        if (batch == null) {
            throw new IllegalArgumentException("batch must not be null");
        }
        if (batch.dimension() != d0) {
            throw new IllegalArgumentException("the sparse batch's points have " + batch.dimension()
                    + " coordinates but the net expects inputDimension " + d0);
        }
    }

    static void requireParameters(double[] u, int size) {
        if (u == null || u.length != size) {
            throw new IllegalArgumentException("parameter vector must have length " + size + ", got "
                    + (u == null ? "null" : u.length));
        }
    }

    static void requireGradientAndLabels(double[] gradOut, int size, int[] labels, int m, int classes) {
        if (gradOut != null && gradOut.length != size) {
            throw new IllegalArgumentException("gradient array has length " + gradOut.length + " but the net has "
                    + size + " parameters");
        }
        requireLabels(labels, m, classes);
    }

    static void requireTotal(int total, int m) {
        if (total < m) {
            throw new IllegalArgumentException("total must be >= m = " + m + " but is " + total);
        }
    }

    static void requireDimension(Dataset data, int d0) {
        if (data == null || data.dimension() != d0) {
            throw new IllegalArgumentException("data has dimension " + (data == null ? "null" : data.dimension())
                    + " but the net expects inputDimension " + d0);
        }
    }

    /**
     * Points given one per row ({@code points[k][i]}, batch-first) as the feature-major array of the hot paths.
     * A {@code d0 × M} array of equal rows with {@code M ≠ d0} (feature-major already) is refused as such.
     */
    static double[] featureMajor(double[][] points, int d0) {
        if (points == null || points.length == 0) {
            throw new IllegalArgumentException("points must hold at least one point, one row per point, got "
                    + (points == null ? "null" : "none"));
        }
        int m = points.length;
        boolean transposed = m == d0 && points[0] != null && points[0].length != d0;
        for (int k = 0; k < m; k++) {
            if (points[k] == null || points[k].length != d0) {
                if (transposed && points[k] != null && points[k].length == points[0].length) {
                    continue;
                }
                throw new IllegalArgumentException("point " + k + " has " + (points[k] == null ? "no array"
                        : points[k].length + " coordinates") + " but the net expects inputDimension " + d0
                        + " (points are one row per point, M × d0)");
            }
        }
        if (transposed) {
            throw new IllegalArgumentException("points is " + d0 + " rows of " + points[0].length + " values: "
                    + "feature-major (d0 × M); pass one row per point (M × d0), e.g. transposed, or the flat "
                    + "feature-major array to predict(double[] x, int m)");
        }
        double[] x = new double[d0 * m];
        for (int k = 0; k < m; k++) {
            for (int i = 0; i < d0; i++) {
                x[i * m + k] = points[k][i];
            }
        }
        return x;
    }

    /** Feature-major {@code p[c*m + k]} as rows {@code out[k][c]}. */
    static double[][] rows(double[] p, int classes, int m) {
        double[][] out = new double[m][classes];
        for (int k = 0; k < m; k++) {
            for (int c = 0; c < classes; c++) {
                out[k][c] = p[c * m + k];
            }
        }
        return out;
    }

    static double accuracy(int[] predicted, int[] labels, int m) {
        int correct = 0;
        for (int k = 0; k < m; k++) {
            correct += predicted[k] == labels[k] ? 1 : 0;
        }
        return (double) correct / m;
    }

    static void requireLabels(int[] labels, int m, int classes) {
        if (labels == null || labels.length < m) {
            throw new IllegalArgumentException("labels must have at least " + m + " entries, got "
                    + (labels == null ? "null" : labels.length));
        }
        for (int k = 0; k < m; k++) {
            if (labels[k] < 0 || labels[k] >= classes) {
                throw new IllegalArgumentException("label " + labels[k] + " of point " + k + " is outside the head's"
                        + " classes 0.." + (classes - 1));
            }
        }
    }

    static boolean allFinite(double[] u) {
        return DenseKernels.allFinite(u, 0, u.length);
    }

    /** The class of largest probability per point ({@code p[c*m + k]}); ties go to the lower class. */
    static int[] argmax(double[] p, int classes, int m) {
        int[] out = new int[m];
        for (int k = 0; k < m; k++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (p[c * m + k] > p[best * m + k]) {
                    best = c;
                }
            }
            out[k] = best;
        }
        return out;
    }
}
