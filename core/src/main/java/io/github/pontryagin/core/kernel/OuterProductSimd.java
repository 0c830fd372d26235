package io.github.pontryagin.core.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD variant of {@link DenseKernels#accumulateOuter} (scalar variant: {@link OuterProduct}): every entry is a
 * batch sum in the 8-lane order of {@link Reduction}, separate multiplies and adds, so both variants give the same
 * bits.
 *
 * <p>The vectors run across the output's columns, not across the batch: a block of up to {@link #COL_BLOCK}
 * columns of x is first transposed (batch-major, {@code xt[k·w + j]}, in L1), and a tile of 2 rows × 2 vectors
 * of entries holds lanes l and l + 4 of its sums in 8 accumulators, over {@code k = l, l + 8, …} (lane pair l =
 * 0..3 one after the other); {@code q_l = lane_l + lane_{l+4}} and {@code s = ((q_0 + q_1) + q_2) + q_3} are then
 * lane-wise adds of whole vectors, then the batch tail {@code k ≥ upper}, then one vector add into {@code grad}.
 * No entry needs a horizontal sum (a sum across the lanes of a vector, which for a short batch, a chunk of 50
 * points, cost as much as the products). Rows and columns left over by the tiles take {@link ReductionSimd#dot}.
 */
final class OuterProductSimd {

    private static final VectorSpecies<Double> SPECIES = Simd.SPECIES;
    private static final int L = Simd.L;
    private static final int W = Reduction.WIDTH;
    /** Columns of x transposed at a time: {@code COL_BLOCK × m} doubles (m = 50: 12.5 KB) stay in L1. */
    private static final int COL_BLOCK = 32;
    /** Per-thread scratch for the transposed block of x, grown on first use. */
    private static final ThreadLocal<double[][]> TRANSPOSED = ThreadLocal.withInitial(() -> new double[][] {{}});

    private OuterProductSimd() {
    }

    static void accumulateOuter(double[] u, int uOff, int rows, double[] x, int xOff, int cols, int m,
                                double[] grad, int off) {
        int upper = m - m % W;
        int tileRows = rows - rows % 2;
        int tileCols = cols - cols % (2 * L);
        if (tileRows > 0 && tileCols > 0) {
            double[][] holder = TRANSPOSED.get();
            int block = Math.min(COL_BLOCK - COL_BLOCK % (2 * L), tileCols);
            if (holder[0].length < block * m) {
                holder[0] = new double[block * m];
            }
            double[] xt = holder[0];
            for (int j0 = 0; j0 < tileCols; j0 += block) {
                int w = Math.min(block, tileCols - j0);
                for (int j = 0; j < w; j++) {
                    int row = xOff + (j0 + j) * m;
                    for (int k = 0; k < m; k++) {
                        xt[k * w + j] = x[row + k];
                    }
                }
                for (int i = 0; i < tileRows; i += 2) {
                    for (int jt = 0; jt < w; jt += 2 * L) {
                        tile(u, uOff + i * m, m, upper, xt, w, jt, grad, off + i * cols + j0 + jt, cols);
                    }
                }
            }
        }
        for (int i = 0; i < rows; i++) {
            int from = i < tileRows ? tileCols : 0;
            for (int j = from; j < cols; j++) {
                grad[off + i * cols + j] += ReductionSimd.dot(u, uOff + i * m, x, xOff + j * m, m);
            }
        }
    }

    /**
     * Entries (r, j) for rows {@code ui, ui + m} of u and columns {@code jt .. jt + 2L} of the transposed block,
     * added to {@code grad[g + r·cols + j]}.
     */
    private static void tile(double[] u, int ui, int m, int upper, double[] xt, int w, int jt, double[] grad, int g,
                             int cols) {
        int u1 = ui + m;
        DoubleVector s0 = DoubleVector.zero(SPECIES);
        DoubleVector s1 = s0;
        DoubleVector s2 = s0;
        DoubleVector s3 = s0;
        for (int l = 0; l < 4; l++) {
            // lanes l (a*) and l + 4 (b*) of the entries (row 0, vector 0), (0, 1), (1, 0), (1, 1)
            DoubleVector a0 = DoubleVector.zero(SPECIES);
            DoubleVector a1 = a0;
            DoubleVector a2 = a0;
            DoubleVector a3 = a0;
            DoubleVector b0 = a0;
            DoubleVector b1 = a0;
            DoubleVector b2 = a0;
            DoubleVector b3 = a0;
            for (int k = l; k < upper; k += W) {
                int xa = k * w + jt;
                int xb = xa + 4 * w;
                DoubleVector x0 = DoubleVector.fromArray(SPECIES, xt, xa);
                DoubleVector x1 = DoubleVector.fromArray(SPECIES, xt, xa + L);
                DoubleVector v0 = DoubleVector.broadcast(SPECIES, u[ui + k]);
                DoubleVector v1 = DoubleVector.broadcast(SPECIES, u[u1 + k]);
                a0 = a0.add(v0.mul(x0));
                a1 = a1.add(v0.mul(x1));
                a2 = a2.add(v1.mul(x0));
                a3 = a3.add(v1.mul(x1));
                DoubleVector y0 = DoubleVector.fromArray(SPECIES, xt, xb);
                DoubleVector y1 = DoubleVector.fromArray(SPECIES, xt, xb + L);
                DoubleVector w0 = DoubleVector.broadcast(SPECIES, u[ui + k + 4]);
                DoubleVector w1 = DoubleVector.broadcast(SPECIES, u[u1 + k + 4]);
                b0 = b0.add(w0.mul(y0));
                b1 = b1.add(w0.mul(y1));
                b2 = b2.add(w1.mul(y0));
                b3 = b3.add(w1.mul(y1));
            }
            if (l == 0) {
                s0 = a0.add(b0);
                s1 = a1.add(b1);
                s2 = a2.add(b2);
                s3 = a3.add(b3);
            } else {
                s0 = s0.add(a0.add(b0));
                s1 = s1.add(a1.add(b1));
                s2 = s2.add(a2.add(b2));
                s3 = s3.add(a3.add(b3));
            }
        }
        for (int k = upper; k < m; k++) {
            int xa = k * w + jt;
            DoubleVector x0 = DoubleVector.fromArray(SPECIES, xt, xa);
            DoubleVector x1 = DoubleVector.fromArray(SPECIES, xt, xa + L);
            DoubleVector v0 = DoubleVector.broadcast(SPECIES, u[ui + k]);
            DoubleVector v1 = DoubleVector.broadcast(SPECIES, u[u1 + k]);
            s0 = s0.add(v0.mul(x0));
            s1 = s1.add(v0.mul(x1));
            s2 = s2.add(v1.mul(x0));
            s3 = s3.add(v1.mul(x1));
        }
        DoubleVector.fromArray(SPECIES, grad, g).add(s0).intoArray(grad, g);
        DoubleVector.fromArray(SPECIES, grad, g + L).add(s1).intoArray(grad, g + L);
        DoubleVector.fromArray(SPECIES, grad, g + cols).add(s2).intoArray(grad, g + cols);
        DoubleVector.fromArray(SPECIES, grad, g + cols + L).add(s3).intoArray(grad, g + cols + L);
    }
}
