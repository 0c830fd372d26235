package io.github.pontryagin.odenets;

/**
 * Loss and accuracy of a net on a data set ({@link #of}).
 *
 * @param loss     the loss J (mean per-point loss plus regularisers), as minimised in training
 * @param accuracy the fraction of points whose most probable class is the label, in [0, 1]
 * @param size     the number of points evaluated
 */
public record Evaluation(double loss, double accuracy, int size) {

    /**
     * The loss (as {@link OdeNet#lossAndGradient}, at the net's parameters) and accuracy of {@code net} on {@code data}.
     *
     * @param data points of dimension {@link OdeNet#inputDimension()} with labels below {@link OdeNet#classes()}
     */
    public static Evaluation of(OdeNet net, io.github.pontryagin.odenets.data.Dataset data) {
        if (data.dimension() != net.inputDimension()) {
            throw new IllegalArgumentException("data has dimension " + data.dimension()
                    + " but the net expects inputDimension " + net.inputDimension());
        }
        if (data.size() == 0) {
            throw new IllegalArgumentException("data must contain at least one point to be evaluated");
        }
        double[] x = data.features();
        int[] labels = data.labels();
        return new Evaluation(net.loss(x, labels, data.size()), net.accuracy(x, labels, data.size()), data.size());
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "loss %.6g, accuracy %.2f %% on %d points", loss,
                100 * accuracy, size);
    }
}
