package io.github.pontryagin.odenets.head;

import io.github.pontryagin.core.kernel.DenseKernels;

/**
 * Multi-class head: logits {@code z = Wᵀ y + μ ∈ R^K}, probabilities {@code softmax(z)},
 * {@code ℓ = −log softmax(z)_c = logsumexp(z) − z_c}, {@code ∂ℓ/∂z = softmax(z) − e_c}.
 */
public final class SoftmaxCrossEntropy implements Head {

    public static final String ID = "softmax";

    private final int classes;
    /** The logits of one point, per thread (the chunks of a batch call the head concurrently): no allocation per call. */
    private final ThreadLocal<double[]> logits;
    /** The logits of a batch and their gradient point by point, per thread, grown on first use. */
    private final ThreadLocal<double[][]> scratch = ThreadLocal.withInitial(() -> new double[][] {{}, {}});

    public SoftmaxCrossEntropy(int classes) {
        if (classes < 2) {
            throw new IllegalArgumentException("softmax head needs at least 2 classes, got " + classes);
        }
        this.classes = classes;
        this.logits = ThreadLocal.withInitial(() -> new double[classes]);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int outputs() {
        return classes;
    }

    @Override
    public int classes() {
        return classes;
    }

    private static double softmaxInPlace(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int c = 0; c < z.length; c++) {
            z[c] = Math.exp(z[c] - max);
            sum += z[c];
        }
        for (int c = 0; c < z.length; c++) {
            z[c] /= sum;
        }
        return max + Math.log(sum);
    }

    /**
     * The batch at once, in the order of terms of a point at a time (the same bits): logits {@code Z = μ 1ᵀ + Wᵀ Y}
     * summed over i for every point together, the softmax point by point, {@code P_N = scale · W (Z − E)} over c,
     * and {@code ∂/∂W}, {@code ∂/∂μ} accumulated point after point. The three products are the unfused kernels of
     * {@link DenseKernels} (SIMD across points or rows, each entry the same sequence of rounded products and adds).
     */
    @Override
    public double lossSum(double[] params, int offset, double[] yN, int d, int m, int[] labels, int labelOffset,
                          double scale, double[] pN, double[] gradOut, int gradOffset) {
        double[] z = logits.get();
        double[] all = scratch(0, m);
        DenseKernels.unfusedTransposeAffine(params, offset, d, classes, params, offset + d * classes, yN, m, all);
        double total = 0;
        for (int k = 0; k < m; k++) {
            for (int c = 0; c < classes; c++) {
                z[c] = all[c * m + k];
            }
            int label = labels[labelOffset + k];
            double zc = z[label];
            double logSumExp = softmaxInPlace(z);
            total += logSumExp - zc;
            z[label] -= 1;
            for (int c = 0; c < classes; c++) {
                all[c * m + k] = z[c];
            }
        }
        DenseKernels.unfusedScaledTimes(params, offset, d, classes, all, m, scale, pN);
        if (gradOut != null) {
            // scale · (Z − E) point-major, dz[k·K + c], for the sums over points below
            double[] dz = all;
            double[] byPoint = scratch(1, m);
            for (int c = 0; c < classes; c++) {
                for (int k = 0; k < m; k++) {
                    byPoint[k * classes + c] = scale * dz[c * m + k];
                }
            }
            DenseKernels.unfusedAccumulateOuter(yN, d, byPoint, classes, m, gradOut, gradOffset);
            int g = gradOffset + d * classes;
            for (int k = 0; k < m; k++) {
                int b = k * classes;
                for (int c = 0; c < classes; c++) {
                    gradOut[g + c] += byPoint[b + c];
                }
            }
        }
        return total;
    }

    /** Scratch array {@code which} (0: the batch's logits, 1: their gradient point-major) of this thread. */
    private double[] scratch(int which, int m) {
        double[][] holder = scratch.get();
        if (holder[which].length < classes * m) {
            holder[which] = new double[classes * m];
        }
        return holder[which];
    }

    /**
     * The logits of the whole batch by {@link DenseKernels#unfusedTransposeAffine} (the bits of a point at a time:
     * bias, then the rounded products added in increasing i), written into {@code out}, then the softmax point by
     * point in place.
     */
    @Override
    public void probabilities(double[] params, int offset, double[] yN, int d, int m, double[] out) {
        double[] z = logits.get();
        DenseKernels.unfusedTransposeAffine(params, offset, d, classes, params, offset + d * classes, yN, m, out);
        for (int k = 0; k < m; k++) {
            for (int c = 0; c < classes; c++) {
                z[c] = out[c * m + k];
            }
            softmaxInPlace(z);
            for (int c = 0; c < classes; c++) {
                out[c * m + k] = z[c];
            }
        }
    }
}
