package io.github.pontryagin.odenets;

import java.util.Locale;

import io.github.pontryagin.odenets.data.Dataset;

/**
 * Loss, accuracy and confusion matrix of a net on a data set ({@link #of}, {@link OdeNet#evaluate}).
 *
 * @param loss      the loss J (mean per-point loss plus regularisers), as minimised in training
 * @param accuracy  the fraction of points whose most probable class is the label, in [0, 1]
 * @param size      the number of points evaluated
 * @param confusion {@code confusion[label][predicted]}: how many points of each label got each predicted class,
 *                  {@code classes × classes} (the accessor returns a copy)
 */
public record Evaluation(double loss, double accuracy, int size, int[][] confusion) {

    /**
     * The loss (as {@link OdeNet#lossAndGradient}, at the net's parameters), accuracy and confusion matrix of
     * {@code net} on {@code data}.
     *
     * @param data points of dimension {@link OdeNet#inputDimension()} with labels below {@link OdeNet#classes()}
     */
    public static Evaluation of(OdeNet net, Dataset data) {
        NetInputs.requireDimension(data, net.inputDimension());
        if (data.size() == 0) {
            throw new IllegalArgumentException("data must contain at least one point to be evaluated");
        }
        return net.evaluate(data.features(), data.labels(), data.size());
    }

    /** The evaluation of m points with the given loss, predicted classes and labels (below {@code classes}). */
    static Evaluation of(double loss, int[] predicted, int[] labels, int m, int classes) {
        int[][] confusion = new int[classes][classes];
        for (int k = 0; k < m; k++) {
            confusion[labels[k]][predicted[k]]++;
        }
        return new Evaluation(loss, NetInputs.accuracy(predicted, labels, m), m, confusion);
    }

    /** A copy of the confusion matrix, {@code [label][predicted]}. */
    @Override
    public int[][] confusion() {
        int[][] copy = new int[confusion.length][];
        for (int c = 0; c < copy.length; c++) {
            copy[c] = confusion[c].clone();
        }
        return copy;
    }

    /** The number of classes (rows of the confusion matrix). */
    public int classes() {
        return confusion.length;
    }

    /** The fraction of the points labelled {@code c} that are predicted as c (NaN when no point has label c). */
    public double recall(int c) {
        int row = 0;
        for (int v : confusion[c]) {
            row += v;
        }
        return row == 0 ? Double.NaN : (double) confusion[c][c] / row;
    }

    /** The fraction of the points predicted as {@code c} that are labelled c (NaN when none is predicted as c). */
    public double precision(int c) {
        int column = 0;
        for (int[] row : confusion) {
            column += row[c];
        }
        return column == 0 ? Double.NaN : (double) confusion[c][c] / column;
    }

    /** The confusion matrix as a Markdown table, rows the labels, columns the predicted classes. */
    public String confusionTable() {
        StringBuilder out = new StringBuilder("| label \\ predicted |");
        StringBuilder rule = new StringBuilder("|---|");
        for (int c = 0; c < classes(); c++) {
            out.append(' ').append(c).append(" |");
            rule.append("---:|");
        }
        out.append('\n').append(rule).append('\n');
        for (int c = 0; c < classes(); c++) {
            out.append("| ").append(c).append(" |");
            for (int p = 0; p < classes(); p++) {
                out.append(' ').append(confusion[c][p]).append(" |");
            }
            out.append('\n');
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "loss %.6g, accuracy %.2f %% on %d points", loss, 100 * accuracy, size);
    }
}
