package io.github.pontryagin.odenets.head;

import io.github.pontryagin.core.field.Activation;

/**
 * The paper's head and loss (Celledoni 2020, Benning et al. 2019): {@code C(y) = η(Wᵀ y + μ)},
 * {@code J = (1/2M) Σ_m (C(y_N^m) − c^m)²}, i.e. {@code ℓ = ½ (C − c)²},
 * {@code dℓ/dz = (C − c) C (1 − C)}.
 */
public final class LogisticLeastSquares extends BinaryHead {

    public static final String ID = "logistic-ls";

    @Override
    public String id() {
        return ID;
    }

    @Override
    double pointLoss(double z, int label, double[] slope, int at) {
        double c = Activation.logistic(z);
        double r = c - label;
        slope[at] = r * c * (1 - c);
        return 0.5 * r * r;
    }
}
