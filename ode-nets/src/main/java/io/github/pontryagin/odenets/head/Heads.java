package io.github.pontryagin.odenets.head;

import java.util.List;
import java.util.function.IntFunction;

import io.github.pontryagin.core.Registry;

/**
 * Heads by id (docs/theory.md §1): {@code logistic-ls} (the paper's), {@code bce}, {@code softmax}. Each entry
 * is a factory from the number of classes to a head; adding a head is its class plus one {@code .add} line.
 */
public final class Heads {

    private static final Registry<IntFunction<Head>> REGISTRY = Registry.<IntFunction<Head>>builder("head")
            .add(LogisticLeastSquares.ID, "sigmoid of an affine map, least squares (the paper's), two classes",
                    binary(LogisticLeastSquares.ID, LogisticLeastSquares::new))
            .add(BinaryCrossEntropy.ID, "sigmoid of an affine map, binary cross-entropy, two classes",
                    binary(BinaryCrossEntropy.ID, BinaryCrossEntropy::new))
            .add(SoftmaxCrossEntropy.ID, "softmax of an affine map, cross-entropy, any number of classes",
                    SoftmaxCrossEntropy::new)
            .build();

    private Heads() {
    }

    /** The heads by id, each a factory from the number of classes. */
    public static Registry<IntFunction<Head>> registry() {
        return REGISTRY;
    }

    public static List<String> ids() {
        return REGISTRY.names();
    }

    /**
     * @param id      a name of {@link #ids()}, ignoring case and surrounding blanks
     * @param classes number of classes (used by softmax; the binary heads require 2)
     * @throws IllegalArgumentException if the id is unknown (listing the ids) or the classes do not fit the head
     */
    public static Head create(String id, int classes) {
        return REGISTRY.get(id).apply(classes);
    }

    private static IntFunction<Head> binary(String id, java.util.function.Supplier<Head> head) {
        return classes -> {
            if (classes != 2) {
                throw new IllegalArgumentException("head '" + id + "' is binary (labels 0/1) but " + classes
                        + " classes were requested; use 'softmax' for more than two classes");
            }
            return head.get();
        };
    }
}
