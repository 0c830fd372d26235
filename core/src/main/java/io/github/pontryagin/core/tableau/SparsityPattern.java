package io.github.pontryagin.core.tableau;

import java.util.Arrays;

/**
 * Where a tableau's coefficients are non-zero, computed once per tableau: the static part of the stage sums that
 * the kernels skip. For an explicit tableau with {@code s} stages:
 * <ul>
 *   <li>{@link #row(int) row(i)}: the {@code j < i} with {@code a_ij ≠ 0}, ascending (the terms of the stage
 *       input {@code Y_i = y + h Σ_j a_ij K_j});</li>
 *   <li>{@link #column(int) column(j)}: the {@code i > j} with {@code a_ij ≠ 0}, ascending (the terms of the
 *       adjoint's stage cotangent {@code ν_j = h b_j p + h Σ_i a_ij w_i}, {@code docs/theory.md} §2);</li>
 *   <li>{@link #weights()}: the {@code i} with {@code b_i ≠ 0}, ascending (the terms of {@code y + h Σ b_i K_i}).</li>
 * </ul>
 * Immutable; accessors return copies.
 */
public final class SparsityPattern {

    private final int[][] rows;
    private final int[][] columns;
    private final int[] weights;

    SparsityPattern(double[][] a, double[] b) {
        int s = b.length;
        rows = new int[s][];
        columns = new int[s][];
        for (int i = 0; i < s; i++) {
            int row = i;
            rows[i] = indices(s, j -> j < row && a[row][j] != 0);
            columns[i] = indices(s, k -> k > row && a[k][row] != 0);
        }
        weights = indices(s, i -> b[i] != 0);
    }

    private static int[] indices(int s, java.util.function.IntPredicate keep) {
        return java.util.stream.IntStream.range(0, s).filter(keep).toArray();
    }

    /** The {@code j} with {@code a_ij ≠ 0}, ascending. */
    public int[] row(int i) {
        return rows[i].clone();
    }

    /** The {@code i} with {@code a_ij ≠ 0}, ascending. */
    public int[] column(int j) {
        return columns[j].clone();
    }

    /** The {@code i} with {@code b_i ≠ 0}, ascending. */
    public int[] weights() {
        return weights.clone();
    }

    @Override
    public String toString() {
        return "rows " + Arrays.deepToString(rows) + ", weights " + Arrays.toString(weights);
    }
}
