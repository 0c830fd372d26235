package io.github.pontryagin.odenets;

/**
 * Loss and accuracy of a net on a data set ({@link OdeNet#evaluate}).
 *
 * @param loss     the loss J (mean per-point loss plus regularisers), as minimised in training
 * @param accuracy the fraction of points whose most probable class is the label, in [0, 1]
 * @param size     the number of points evaluated
 */
public record Evaluation(double loss, double accuracy, int size) {

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "loss %.6g, accuracy %.2f %% on %d points", loss,
                100 * accuracy, size);
    }
}
