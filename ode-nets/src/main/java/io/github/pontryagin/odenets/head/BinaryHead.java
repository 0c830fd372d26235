package io.github.pontryagin.odenets.head;

import io.github.pontryagin.core.field.Activation;

/**
 * Shared part of the two binary heads: {@code C(y) = η(Wᵀ y + μ)} with η the logistic function,
 * labels {@code c ∈ {0, 1}}; subclasses give the per-point loss as a function of C and its
 * derivative with respect to the logit {@code z = Wᵀ y + μ}.
 */
abstract class BinaryHead implements Head {

    @Override
    public int outputs() {
        return 1;
    }

    @Override
    public int classes() {
        return 2;
    }

    /** Loss of one point given the logit z and the label; writes dℓ/dz into {@code slope[at]}. */
    abstract double pointLoss(double z, int label, double[] slope, int at);

    @Override
    public double lossSum(double[] params, int offset, double[] yN, int d, int m, int[] labels, int labelOffset,
                          double scale, double[] pN, double[] gradOut, int gradOffset) {
        double sum = 0;
        double mu = params[offset + d];
        for (int k = 0; k < m; k++) {
            double z = mu;
            for (int i = 0; i < d; i++) {
                z += params[offset + i] * yN[i * m + k];
            }
            int label = labels[labelOffset + k];
            // the slope passes through pN[k], overwritten just below: no scratch array per call
            sum += pointLoss(z, label, pN, k);
            double dz = scale * pN[k];
            for (int i = 0; i < d; i++) {
                pN[i * m + k] = dz * params[offset + i];
                if (gradOut != null) {
                    gradOut[gradOffset + i] += dz * yN[i * m + k];
                }
            }
            if (gradOut != null) {
                gradOut[gradOffset + d] += dz;
            }
        }
        return sum;
    }

    @Override
    public void probabilities(double[] params, int offset, double[] yN, int d, int m, double[] out) {
        double mu = params[offset + d];
        for (int k = 0; k < m; k++) {
            double z = mu;
            for (int i = 0; i < d; i++) {
                z += params[offset + i] * yN[i * m + k];
            }
            double c = Activation.logistic(z);
            out[k] = 1 - c;
            out[m + k] = c;
        }
    }
}
