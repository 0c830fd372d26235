package io.github.pontryagin.core.kernel;

/**
 * Plain-Java variant and driver of {@link DenseKernels#combineStages}, with its building blocks
 * ({@code axpyInto}, {@code linearCombination}, {@code accumulateFour}); the SIMD variant of the building blocks is
 * {@link StageCombinationSimd}. Every path computes each element as the same left-to-right sum of separate
 * products, {@code ((α·base + c₁K₁) + c₂K₂) + …}, so which path runs changes the speed, never the bits.
 */
final class StageCombination {

    private StageCombination() {
    }

    /** See {@link DenseKernels#combineStages}. */
    static void combineStages(double alpha, double[] base, int baseOff, double[] c, int[] stages, int terms,
                              double[] stageBuffer, int stageOff, double[] out, int outOff, double[] out2,
                              int out2Off, int n) {
        int t = next(c, 0, terms);
        boolean out2Written = false;
        if (alpha != 1.0) {
            if (t < 0) {
                for (int k = 0; k < n; k++) {
                    out[outOff + k] = alpha * base[baseOff + k];
                }
            } else {
                // the scaled base and the first term in one pass, the other terms added to out below
                linearCombination(alpha, base, baseOff, c[t], stageBuffer, stageOff + stages[t] * n, out, outOff, n);
                base = out;
                baseOff = outOff;
                t = next(c, t + 1, terms);
            }
        } else if (t < 0) {
            if (base != out || baseOff != outOff) {
                System.arraycopy(base, baseOff, out, outOff, n);
            }
        }
        // up to four terms per pass over memory: the first pass reads base, the later ones update out in place
        while (t >= 0) {
            int t2 = next(c, t + 1, terms);
            int t3 = t2 < 0 ? -1 : next(c, t2 + 1, terms);
            int t4 = t3 < 0 ? -1 : next(c, t3 + 1, terms);
            // only the pass that reads base (not out) can write out2 in the same loop
            double[] out2InPass = base == out && baseOff == outOff ? null : out2;
            int k1 = stageOff + stages[t] * n;
            if (t2 < 0) {
                axpyInto(base, baseOff, c[t], stageBuffer, k1, out, outOff, out2InPass, out2Off, n);
                out2Written = out2InPass != null;
                break;
            }
            int k2 = stageOff + stages[t2] * n;
            if (t3 < 0) {
                twoTerms(base, baseOff, c[t], k1, c[t2], k2, stageBuffer, out, outOff, out2InPass, out2Off, n);
                out2Written = out2InPass != null;
                break;
            }
            int k3 = stageOff + stages[t3] * n;
            if (t4 < 0) {
                for (int k = 0; k < n; k++) {
                    out[outOff + k] = base[baseOff + k] + c[t] * stageBuffer[k1 + k] + c[t2] * stageBuffer[k2 + k]
                            + c[t3] * stageBuffer[k3 + k];
                }
                break;
            }
            accumulateFour(base, baseOff, stageBuffer, c[t], k1, c[t2], k2, c[t3], k3, c[t4],
                    stageOff + stages[t4] * n, out, outOff, n);
            base = out;
            baseOff = outOff;
            t = next(c, t4 + 1, terms);
        }
        if (out2 != null && !out2Written) {
            System.arraycopy(out, outOff, out2, out2Off, n);
        }
    }

    /** The first {@code t} in {@code [from, terms)} with {@code c[t] != 0}, or −1. */
    private static int next(double[] c, int from, int terms) {
        for (int t = from; t < terms; t++) {
            if (c[t] != 0) {
                return t;
            }
        }
        return -1;
    }

    private static void twoTerms(double[] base, int baseOff, double c1, int k1, double c2, int k2, double[] x,
                                 double[] out, int outOff, double[] out2, int out2Off, int n) {
        if (out2 == null) {
            for (int k = 0; k < n; k++) {
                out[outOff + k] = base[baseOff + k] + c1 * x[k1 + k] + c2 * x[k2 + k];
            }
        } else {
            for (int k = 0; k < n; k++) {
                double v = base[baseOff + k] + c1 * x[k1 + k] + c2 * x[k2 + k];
                out[outOff + k] = v;
                out2[out2Off + k] = v;
            }
        }
    }

    /** See {@link DenseKernels#axpyInto}. */
    static void axpyInto(double[] y, int yOff, double c, double[] x, int xOff, double[] out, int outOff,
                         double[] out2, int out2Off, int n) {
        int done = VectorApi.ENABLED
                ? StageCombinationSimd.axpyInto(y, yOff, c, x, xOff, out, outOff, out2, out2Off, n) : 0;
        for (int k = done; k < n; k++) {
            double v = y[yOff + k] + c * x[xOff + k];
            out[outOff + k] = v;
            if (out2 != null) {
                out2[out2Off + k] = v;
            }
        }
    }

    /** See {@link DenseKernels#linearCombination}. */
    static void linearCombination(double a, double[] x, int xOff, double b, double[] y, int yOff,
                                  double[] out, int outOff, int n) {
        int done = VectorApi.ENABLED
                ? StageCombinationSimd.linearCombination(a, x, xOff, b, y, yOff, out, outOff, n) : 0;
        for (int k = done; k < n; k++) {
            out[outOff + k] = a * x[xOff + k] + b * y[yOff + k];
        }
    }

    /**
     * {@code out[outOff + k] = (((base[baseOff + k] + c1·x[o1 + k]) + c2·x[o2 + k]) + c3·x[o3 + k]) + c4·x[o4 + k]};
     * {@code out} may be {@code base} at the same offset.
     */
    static void accumulateFour(double[] base, int baseOff, double[] x, double c1, int o1, double c2, int o2,
                               double c3, int o3, double c4, int o4, double[] out, int outOff, int n) {
        int done = VectorApi.ENABLED
                ? StageCombinationSimd.accumulateFour(base, baseOff, x, c1, o1, c2, o2, c3, o3, c4, o4, out, outOff, n)
                : 0;
        for (int k = done; k < n; k++) {
            out[outOff + k] = base[baseOff + k] + c1 * x[o1 + k] + c2 * x[o2 + k] + c3 * x[o3 + k] + c4 * x[o4 + k];
        }
    }
}
