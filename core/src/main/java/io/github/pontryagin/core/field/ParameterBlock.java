package io.github.pontryagin.core.field;

/**
 * A named, shaped slice of a flat parameter vector: {@code rows × cols} values stored row-major
 * starting at {@code offset} (relative to the start of one layer's parameters).
 *
 * @param name   the paper's symbol, e.g. {@code K}, {@code beta}, {@code A1}
 * @param kind   whether initializers should treat the block as a weight matrix or a bias
 * @param rows   number of rows (1 for a vector)
 * @param cols   number of columns
 * @param offset position of entry (0,0) within the layer's parameters
 */
public record ParameterBlock(String name, Kind kind, int rows, int cols, int offset) {

    /** How a block is initialised: weights randomly, biases (by default) at zero. */
    public enum Kind { WEIGHT, BIAS }

    /** Most entries a Java array can hold on common JVMs; block ends beyond it are refused. */
    public static final int MAX_ENTRIES = Integer.MAX_VALUE - 16;
    /** The words of every message refusing a size beyond {@link #MAX_ENTRIES}, so callers can recognise it. */
    public static final String TOO_LARGE = "one array holds";

    public ParameterBlock {
        if (rows <= 0 || cols <= 0 || offset < 0) {
            throw new IllegalArgumentException("parameter block '" + name + "': rows and cols must be > 0 and"
                    + " offset >= 0, got rows=" + rows + ", cols=" + cols + ", offset=" + offset);
        }
        if ((long) rows * cols + offset > MAX_ENTRIES) {
            throw new IllegalArgumentException("parameter block '" + name + "' of " + rows + " x " + cols
                    + " entries at offset " + offset + " would end at " + ((long) rows * cols + offset)
                    + ", more than " + TOO_LARGE + " (" + MAX_ENTRIES + "); use a smaller width");
        }
    }

    public int size() {
        return rows * cols;
    }

    /** Index in the layer's parameters of entry (i, j). */
    public int index(int i, int j) {
        return offset + i * cols + j;
    }
}
