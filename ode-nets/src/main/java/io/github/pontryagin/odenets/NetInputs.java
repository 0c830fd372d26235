package io.github.pontryagin.odenets;

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
        for (double v : u) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
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
