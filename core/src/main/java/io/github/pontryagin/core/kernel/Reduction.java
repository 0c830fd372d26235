package io.github.pontryagin.core.kernel;

/**
 * The summation order of every batch sum of {@link DenseKernels} ({@code dot}, {@code accumulateRowSums},
 * {@code accumulateOuter}) and its plain-Java variants. A sum {@code Σ_{k<n} t_k} is added in
 * {@link #WIDTH} = 8 virtual lanes, whatever the hardware: with {@code upper = n − n mod 8}, lane
 * {@code j < 8} sums {@code t_j, t_{j+8}, t_{j+16}, … (k < upper)} left to right from 0; then
 * {@code q_j = lane_j + lane_{j+4}} for {@code j < 4}, {@code s = ((q_0 + q_1) + q_2) + q_3}, and finally the tail
 * {@code s += t_k} for {@code upper ≤ k < n}. Products {@code t_k = u_k x_k} are a multiply then an add (no fused
 * multiply-add). The SIMD variants ({@link ReductionSimd}, {@link OuterProductSimd}) hold the 8 lanes in two
 * 4-lane vectors (or one 8-lane vector) and add in exactly this order, so both paths give the same bits, on any
 * machine, and so do whole training runs.
 */
final class Reduction {

    /** Virtual lanes of every batch sum. */
    static final int WIDTH = 8;

    private Reduction() {
    }

    /** The lanes combined as in the class comment: {@code ((q_0 + q_1) + q_2) + q_3}, {@code q_j = l_j + l_{j+4}}. */
    static double combine(double l0, double l1, double l2, double l3, double l4, double l5, double l6, double l7) {
        return (((l0 + l4) + (l1 + l5)) + (l2 + l6)) + (l3 + l7);
    }

    /** See {@link DenseKernels#dot}. */
    static double dot(double[] x, int xOff, double[] y, int yOff, int n) {
        int upper = n - n % WIDTH;
        double l0 = 0;
        double l1 = 0;
        double l2 = 0;
        double l3 = 0;
        double l4 = 0;
        double l5 = 0;
        double l6 = 0;
        double l7 = 0;
        for (int k = 0; k < upper; k += WIDTH) {
            int a = xOff + k;
            int b = yOff + k;
            l0 += x[a] * y[b];
            l1 += x[a + 1] * y[b + 1];
            l2 += x[a + 2] * y[b + 2];
            l3 += x[a + 3] * y[b + 3];
            l4 += x[a + 4] * y[b + 4];
            l5 += x[a + 5] * y[b + 5];
            l6 += x[a + 6] * y[b + 6];
            l7 += x[a + 7] * y[b + 7];
        }
        double s = combine(l0, l1, l2, l3, l4, l5, l6, l7);
        for (int k = upper; k < n; k++) {
            s += x[xOff + k] * y[yOff + k];
        }
        return s;
    }

    /** {@code Σ_{k<n} x[xOff + k]} in the order of the class comment. */
    static double sum(double[] x, int xOff, int n) {
        int upper = n - n % WIDTH;
        double l0 = 0;
        double l1 = 0;
        double l2 = 0;
        double l3 = 0;
        double l4 = 0;
        double l5 = 0;
        double l6 = 0;
        double l7 = 0;
        for (int k = 0; k < upper; k += WIDTH) {
            int a = xOff + k;
            l0 += x[a];
            l1 += x[a + 1];
            l2 += x[a + 2];
            l3 += x[a + 3];
            l4 += x[a + 4];
            l5 += x[a + 5];
            l6 += x[a + 6];
            l7 += x[a + 7];
        }
        double s = combine(l0, l1, l2, l3, l4, l5, l6, l7);
        for (int k = upper; k < n; k++) {
            s += x[xOff + k];
        }
        return s;
    }

    /** See {@link DenseKernels#accumulateRowSums(double[], int, int, int, double[], int)}. */
    static void accumulateRowSums(double[] u, int uOff, int rows, int m, double[] grad, int off) {
        for (int i = 0; i < rows; i++) {
            grad[off + i] += sum(u, uOff + i * m, m);
        }
    }
}
