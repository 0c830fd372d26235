package io.github.pontryagin.odenets.data;

import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * What a model expects of the data it reads: the input dimension d0 of a point and the number K of
 * classes (labels {@code 0 … K−1}). A reader given a shape rejects a file whose points have another
 * dimension or whose labels fall outside the classes, with a {@link DataFormatException} naming the
 * file, instead of reading a label as a feature or accepting a label the head cannot score.
 *
 * @param dimension the input dimension d0, or 0 for any
 * @param classes   the number of classes K, or 0 for any non-negative label
 */
public record DataShape(int dimension, int classes) {

    /** Accepts any dimension and any non-negative label. */
    public static final DataShape ANY = new DataShape(0, 0);

    /** @throws IllegalArgumentException if a value is negative or {@code classes} is 1 */
    public DataShape {
        if (dimension < 0) {
            throw new IllegalArgumentException("dimension must be >= 0 (0 for any) but is " + dimension);
        }
        if (classes < 0 || classes == 1) {
            throw new IllegalArgumentException("classes must be 0 (any) or >= 2 but is " + classes);
        }
    }

    /**
     * @param dimension the input dimension d0, at least 1
     * @param classes   the number of classes, at least 2
     * @return the shape of a model with that input and those classes
     */
    public static DataShape of(int dimension, int classes) {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be >= 1 but is " + dimension);
        }
        return new DataShape(dimension, classes);
    }

    /** @return the labels accepted, or {@code null} for any non-negative label */
    public Set<Integer> allowedClasses() {
        return classes == 0 ? null : IntStream.range(0, classes).boxed().collect(Collectors.toUnmodifiableSet());
    }

    /** @return whether labels are checked */
    public boolean checksClasses() {
        return classes > 0;
    }

    /**
     * Checks a data set read from {@code source} against this shape.
     *
     * @param data   the data set
     * @param source the file name for the message
     * @return {@code data}
     * @throws DataFormatException naming the file if the dimension or a label does not fit
     */
    public Dataset check(Dataset data, String source) {
        if (dimension > 0 && data.dimension() != dimension) {
            throw new DataFormatException(source, 0, "", "points have dimension " + data.dimension()
                    + " but the model expects input dimension " + dimension);
        }
        if (classes > 0) {
            for (int k = 0; k < data.size(); k++) {
                if (data.label(k) >= classes) {
                    throw new DataFormatException(source, 0, "", "label " + data.label(k) + " of point " + k
                            + " is not one of the model's classes 0.." + (classes - 1));
                }
            }
        }
        return data;
    }
}
