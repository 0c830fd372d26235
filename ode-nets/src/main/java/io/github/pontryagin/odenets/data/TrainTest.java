package io.github.pontryagin.odenets.data;

/**
 * A training set and a test set of the same dimension, as produced by
 * {@link Dataset#split(int, long)} (docs/theory.md §4: the paper trains and tests on disjoint sets drawn from
 * the same generator, Benning et al. 2019).
 *
 * @param train the training set
 * @param test  the test set
 */
public record TrainTest(Dataset train, Dataset test) {

    /**
     * @throws IllegalArgumentException if a set is null or the dimensions differ
     */
    public TrainTest {
        if (train == null || test == null) {
            throw new IllegalArgumentException("train and test must not be null but are " + train
                    + " and " + test);
        }
        if (train.dimension() != test.dimension()) {
            throw new IllegalArgumentException("train and test must have the same dimension but have "
                    + train.dimension() + " and " + test.dimension());
        }
    }
}
