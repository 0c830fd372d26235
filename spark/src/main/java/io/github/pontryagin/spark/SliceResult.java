package io.github.pontryagin.spark;

import java.io.Serializable;

/**
 * What an executor returns for one {@link DataSlice}: the unscaled loss sum and the gradient of
 * {@code (1/M)·Σ ℓ} over the slice ({@link io.github.pontryagin.odenets.OdeNet#lossSum}).
 *
 * @param index    the slice's index
 * @param loss     {@code Σ_k ℓ} over the slice
 * @param gradient the slice's gradient, or null when only the value was asked for
 */
record SliceResult(int index, double loss, double[] gradient) implements Serializable {
}
