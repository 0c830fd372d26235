package io.github.pontryagin.odenets.head;

import java.util.List;
import java.util.Locale;

/** Heads by id: {@code logistic-ls} (the paper's), {@code bce}, {@code softmax}. */
public final class Heads {

    private Heads() {
    }

    public static List<String> ids() {
        return List.of(LogisticLeastSquares.ID, BinaryCrossEntropy.ID, SoftmaxCrossEntropy.ID);
    }

    /**
     * @param classes number of classes (used by softmax; the binary heads require 2)
     */
    public static Head create(String id, int classes) {
        String key = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
        switch (key) {
            case LogisticLeastSquares.ID:
                requireBinary(key, classes);
                return new LogisticLeastSquares();
            case BinaryCrossEntropy.ID:
                requireBinary(key, classes);
                return new BinaryCrossEntropy();
            case SoftmaxCrossEntropy.ID:
                return new SoftmaxCrossEntropy(classes);
            default:
                throw new IllegalArgumentException("unknown head '" + id + "'; expected one of " + ids());
        }
    }

    private static void requireBinary(String id, int classes) {
        if (classes != 2) {
            throw new IllegalArgumentException("head '" + id + "' is binary (labels 0/1) but " + classes
                    + " classes were requested; use 'softmax' for more than two classes");
        }
    }
}
