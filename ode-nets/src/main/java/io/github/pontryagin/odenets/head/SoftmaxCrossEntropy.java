package io.github.pontryagin.odenets.head;

/**
 * Multi-class head: logits {@code z = Wᵀ y + μ ∈ R^K}, probabilities {@code softmax(z)},
 * {@code ℓ = −log softmax(z)_c = logsumexp(z) − z_c}, {@code ∂ℓ/∂z = softmax(z) − e_c}.
 */
public final class SoftmaxCrossEntropy implements Head {

    public static final String ID = "softmax";

    private final int classes;
    /** The logits of one point, per thread (the chunks of a batch call the head concurrently): no allocation per call. */
    private final ThreadLocal<double[]> logits;

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

    private void logits(double[] params, int offset, double[] yN, int d, int m, int k, double[] z) {
        for (int c = 0; c < classes; c++) {
            double v = params[offset + d * classes + c];
            for (int i = 0; i < d; i++) {
                v += params[offset + i * classes + c] * yN[i * m + k];
            }
            z[c] = v;
        }
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

    @Override
    public double lossSum(double[] params, int offset, double[] yN, int d, int m, int[] labels, int labelOffset,
                          double scale, double[] pN, double[] gradOut, int gradOffset) {
        double[] z = logits.get();
        double total = 0;
        for (int k = 0; k < m; k++) {
            logits(params, offset, yN, d, m, k, z);
            int label = labels[labelOffset + k];
            double zc = z[label];
            double logSumExp = softmaxInPlace(z);
            total += logSumExp - zc;
            z[label] -= 1;
            for (int i = 0; i < d; i++) {
                double s = 0;
                for (int c = 0; c < classes; c++) {
                    s += params[offset + i * classes + c] * z[c];
                }
                pN[i * m + k] = scale * s;
            }
            if (gradOut != null) {
                for (int c = 0; c < classes; c++) {
                    double dz = scale * z[c];
                    for (int i = 0; i < d; i++) {
                        gradOut[gradOffset + i * classes + c] += dz * yN[i * m + k];
                    }
                    gradOut[gradOffset + d * classes + c] += dz;
                }
            }
        }
        return total;
    }

    @Override
    public void probabilities(double[] params, int offset, double[] yN, int d, int m, double[] out) {
        double[] z = logits.get();
        for (int k = 0; k < m; k++) {
            logits(params, offset, yN, d, m, k, z);
            softmaxInPlace(z);
            for (int c = 0; c < classes; c++) {
                out[c * m + k] = z[c];
            }
        }
    }
}
