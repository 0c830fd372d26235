package io.github.pontryagin.core.tableau;

/**
 * A symplectic partitioned Runge–Kutta pair: the explicit {@code primal} tableau {@code (A, b)} that advances the
 * state, and its partner {@code ā_ij = b_j − b_j a_ji / b_i} with the same weights {@code b} that advances the
 * costate, so that {@code b_i ā_ij + b_j a_ji − b_i b_j = 0} and the pair conserves the bilinear form
 * {@code ⟨p, v⟩} (Hager 2000; Sanz-Serna 2016; {@code docs/theory.md} §2). Obtained from
 * {@link Tableau#partner()}, which requires every {@code b_i ≠ 0}. Immutable; accessors return copies.
 *
 * @param primal   the state's tableau
 * @param partnerA the costate's coefficients {@code ā}, {@code s × s}
 * @param b        the common weights
 */
public record PartitionedTableau(Tableau primal, double[][] partnerA, double[] b) {

    public PartitionedTableau {
        partnerA = copy(partnerA);
        b = b.clone();
    }

    /** A copy of {@code ā}. */
    @Override
    public double[][] partnerA() {
        return copy(partnerA);
    }

    /** A copy of the weights. */
    @Override
    public double[] b() {
        return b.clone();
    }

    /** The entry {@code ā_ij}. */
    public double partnerA(int i, int j) {
        return partnerA[i][j];
    }

    /** The number of stages. */
    public int stages() {
        return b.length;
    }

    private static double[][] copy(double[][] a) {
        double[][] out = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i].clone();
        }
        return out;
    }
}
