package io.github.pontryagin.spark;

import java.io.Serializable;

/**
 * A contiguous slice of a data set, shipped to an executor: points {@code start … start+size} in the
 * feature-major layout of {@link io.github.pontryagin.odenets.data.Dataset} ({@code x[i·size + k]}).
 *
 * @param index    position of the slice in the data set (slices are summed in this order)
 * @param size     number of points
 * @param features {@code d0 · size} values
 * @param labels   {@code size} labels
 */
record DataSlice(int index, int size, double[] features, int[] labels) implements Serializable {
}
