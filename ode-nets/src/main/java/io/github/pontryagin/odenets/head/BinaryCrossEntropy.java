package io.github.pontryagin.odenets.head;

import io.github.pontryagin.core.field.Activation;

/**
 * Binary cross-entropy on the logistic output: {@code ℓ = −c log C − (1−c) log(1−C)} with
 * {@code C = η(z)}, evaluated stably as {@code softplus(z) − c z}; {@code dℓ/dz = C − c}.
 */
public final class BinaryCrossEntropy extends BinaryHead {

    public static final String ID = "bce";

    @Override
    public String id() {
        return ID;
    }

    @Override
    double pointLoss(double z, int label, double[] slope, int at) {
        slope[at] = Activation.logistic(z) - label;
        return Activation.SOFTPLUS.value(z) - label * z;
    }
}
