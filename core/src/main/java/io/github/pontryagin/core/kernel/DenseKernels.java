package io.github.pontryagin.core.kernel;

import java.util.Arrays;

/**
 * The dense kernels on feature-major batches ({@code x[i·m + k]} is coordinate i of point k), in the style of
 * EJML's {@code CommonOps_DDRM}: each method states its formula and the argument it writes, then dispatches to a
 * small operation-specific class of this package, whose plain-Java and SIMD variants sit side by side
 * ({@link MatrixProduct} / {@link MatrixProductSimd}, {@link OuterProduct} / {@link OuterProductSimd},
 * {@link Reduction} / {@link ReductionSimd}, {@link StageCombination} / {@link StageCombinationSimd},
 * {@link Elementwise}). The SIMD variants run when {@link VectorApi#ENABLED}.
 *
 * <p>Matrices are row-major slices {@code mat[off + i·cols + j]}. Everything writes into caller arrays and
 * allocates nothing. The matrix products ({@code times}, {@code affine}, {@code transposeTimes}) add each entry's
 * terms in increasing inner index with one fused multiply-add each ({@link Math#fma}) in both variants; the stage
 * combinations use separate multiplies and adds in the order of the plain loops; the batch sums of outer products
 * ({@code accumulateOuter}) are fused multiply-add chains over the batch when the gradient block has at least 8
 * columns; and the other batch sums ({@code accumulateRowSums}, {@code dot}, narrow {@code accumulateOuter}) add in
 * the fixed 8-lane order of {@link Reduction} in both variants, so every kernel gives the same bits with and
 * without the Vector API. The overloads with {@code xOff}, {@code uOff}, {@code outOff} read or write a batch that
 * starts at that index of the array: a slice of a shared scratch array, or one half of a split state.
 */
public final class DenseKernels {

    /**
     * The group size of {@link #quadSparseTimes} and {@link #groupedSparseOuterSum}:
     * their lists hold the non-zeros of groups of this many adjacent input coordinates, whose values the SIMD
     * kernels broadcast.
     */
    public static final int SPARSE_GROUP = GroupedSparse.GROUP;

    private DenseKernels() {
    }

    /** {@code out = A x} with A of size rows×cols; x has cols rows of m values. Writes {@code out}. */
    public static void times(double[] mat, int off, int rows, int cols, double[] x, int m, double[] out) {
        times(mat, off, rows, cols, x, 0, m, out, 0);
    }

    /** {@code out = A x}, x read from {@code x[xOff]}; writes {@code out} from {@code outOff}. */
    public static void times(double[] mat, int off, int rows, int cols, double[] x, int xOff, int m,
                             double[] out, int outOff) {
        if (VectorApi.ENABLED) {
            MatrixProductSimd.product(mat, off, cols, 1, rows, cols, null, 0, x, xOff, m, out, outOff);
        } else {
            MatrixProduct.times(mat, off, rows, cols, x, xOff, m, out, outOff);
        }
    }

    /**
     * {@code out = A x + β 1ᵀ} with A rows×cols at {@code off}, β (length rows) at {@code biasOff}. Writes
     * {@code out}.
     */
    public static void affine(double[] mat, int off, int rows, int cols, double[] bias, int biasOff,
                              double[] x, int m, double[] out) {
        affine(mat, off, rows, cols, bias, biasOff, x, 0, m, out, 0);
    }

    /** {@code out = A x + β 1ᵀ}, x read from {@code x[xOff]}; writes {@code out} from {@code outOff}. */
    public static void affine(double[] mat, int off, int rows, int cols, double[] bias, int biasOff,
                              double[] x, int xOff, int m, double[] out, int outOff) {
        if (VectorApi.ENABLED) {
            MatrixProductSimd.product(mat, off, cols, 1, rows, cols, bias, biasOff, x, xOff, m, out, outOff);
        } else {
            MatrixProduct.affine(mat, off, rows, cols, bias, biasOff, x, xOff, m, out, outOff);
        }
    }

    /** {@code out = Aᵀ u} with A rows×cols; u has rows rows of m values, out gets cols rows. Writes {@code out}. */
    public static void transposeTimes(double[] mat, int off, int rows, int cols, double[] u, int m, double[] out) {
        transposeTimes(mat, off, rows, cols, u, 0, m, out, 0);
    }

    /** {@code out = Aᵀ u}, u read from {@code u[uOff]}; writes {@code out} from {@code outOff}. */
    public static void transposeTimes(double[] mat, int off, int rows, int cols, double[] u, int uOff, int m,
                                      double[] out, int outOff) {
        if (VectorApi.ENABLED) {
            MatrixProductSimd.product(mat, off, 1, cols, cols, rows, null, 0, u, uOff, m, out, outOff);
        } else {
            MatrixProduct.transposeTimes(mat, off, rows, cols, u, uOff, m, out, outOff);
        }
    }

    /**
     * The length of the packed form of a {@code rows × cols} matrix for {@link #affinePacked} (or of its transpose,
     * {@code cols × rows}, for {@link #transposeTimesPacked}: pass the product's rows and inner dimension), 0 when the
     * products take no packed matrices (plain Java, or fewer than 8 double lanes). A matrix used for several batched
     * products (an RK layer's four stages) is packed once: the products then read its 8-row tiles at a constant
     * stride, about 1.5-2x faster for d = 128, with the same bits.
     */
    public static int packedLength(int rows, int cols) {
        return VectorApi.ENABLED ? MatrixProductSimd.packedLength(rows, cols) : 0;
    }

    /** Packs the rows×cols matrix A at {@code off} for {@link #affinePacked} into {@code packed}. */
    public static void packForProduct(double[] mat, int off, int rows, int cols, double[] packed) {
        if (VectorApi.ENABLED) {
            MatrixProductSimd.pack(mat, off, cols, 1, rows, cols, packed);
        }
    }

    /** Packs Aᵀ of the rows×cols matrix A at {@code off} for {@link #transposeTimesPacked} into {@code packed}. */
    public static void packForTransposeProduct(double[] mat, int off, int rows, int cols, double[] packed) {
        if (VectorApi.ENABLED) {
            MatrixProductSimd.pack(mat, off, 1, cols, cols, rows, packed);
        }
    }

    /**
     * {@link #affine(double[], int, int, int, double[], int, double[], int, int, double[], int)} with A also given
     * packed ({@link #packForProduct} of the same entries; ignored when {@link #packedLength} is 0): the same bits.
     */
    public static void affinePacked(double[] packed, double[] mat, int off, int rows, int cols, double[] bias,
                                    int biasOff, double[] x, int xOff, int m, double[] out, int outOff) {
        if (VectorApi.ENABLED) {
            MatrixProductSimd.productPacked(packed, mat, off, cols, 1, rows, cols, bias, biasOff, x, xOff, m, out,
                    outOff);
        } else {
            MatrixProduct.affine(mat, off, rows, cols, bias, biasOff, x, xOff, m, out, outOff);
        }
    }

    /**
     * {@link #transposeTimes(double[], int, int, int, double[], int, int, double[], int)} with Aᵀ also given packed
     * ({@link #packForTransposeProduct} of the same entries; ignored when {@link #packedLength} is 0): the same bits.
     */
    public static void transposeTimesPacked(double[] packed, double[] mat, int off, int rows, int cols, double[] u,
                                            int uOff, int m, double[] out, int outOff) {
        if (VectorApi.ENABLED) {
            MatrixProductSimd.productPacked(packed, mat, off, 1, cols, cols, rows, null, 0, u, uOff, m, out, outOff);
        } else {
            MatrixProduct.transposeTimes(mat, off, rows, cols, u, uOff, m, out, outOff);
        }
    }

    /**
     * {@code grad[off + i·cols + j] += Σ_k u[i·m+k] x[j·m+k]} (the batch sum of {@code u xᵀ}). Writes {@code grad}.
     * With {@code cols ≥ 8} each sum is the fused multiply-add chain {@code s = fma(u_ik, x_jk, s)} in increasing k
     * from s = 0 (the order of the matrix products, with the batch as the inner dimension: for a finite u it is also
     * a part of {@link #groupedSparseOuterSum} over the non-zero x_jk); with fewer columns, where such a chain would be
     * one long dependent sequence per entry, the 8-lane order of {@link Reduction}.
     */
    public static void accumulateOuter(double[] u, int rows, double[] x, int cols, int m, double[] grad, int off) {
        accumulateOuter(u, 0, rows, x, 0, cols, m, grad, off);
    }

    /**
     * The batch sum of {@code u xᵀ} added to {@code grad[off ..]}, u read from {@code u[uOff]} and x from
     * {@code x[xOff]}, in the order of {@link #accumulateOuter(double[], int, double[], int, int, double[], int)}.
     * Writes {@code grad}.
     */
    public static void accumulateOuter(double[] u, int uOff, int rows, double[] x, int xOff, int cols, int m,
                                       double[] grad, int off) {
        if (VectorApi.ENABLED) {
            OuterProductSimd.accumulateOuter(u, uOff, rows, x, xOff, cols, m, grad, off);
        } else {
            OuterProduct.accumulateOuter(u, uOff, rows, x, xOff, cols, m, grad, off);
        }
    }

    /**
     * The batch sum of {@code u xᵀ} added transposed, {@code grad[off + j·rows + i] += Σ_k u[uOff + i·m + k]
     * x[xOff + j·m + k]}: every entry the bits of {@link #accumulateOuter(double[], int, int, double[], int, int, int,
     * double[], int) accumulateOuter(u, uOff, rows, x, xOff, cols, m, …)} (its order of terms is chosen by
     * {@code cols}). With both sides of at least 8 rows that is {@code accumulateOuter} of {@code x uᵀ} (a fused
     * multiply-add chain either way); otherwise one entry at a time. Writes {@code grad}.
     */
    public static void accumulateOuterTransposed(double[] u, int uOff, int rows, double[] x, int xOff, int cols,
                                                 int m, double[] grad, int off) {
        if (rows >= OuterProduct.CHAIN_MIN_COLS && cols >= OuterProduct.CHAIN_MIN_COLS) {
            accumulateOuter(x, xOff, cols, u, uOff, rows, m, grad, off);
            return;
        }
        boolean chain = cols >= OuterProduct.CHAIN_MIN_COLS;
        for (int i = 0; i < rows; i++) {
            int ui = uOff + i * m;
            for (int j = 0; j < cols; j++) {
                int xj = xOff + j * m;
                grad[off + j * rows + i] += chain ? OuterProduct.fmaChain(u, ui, x, xj, m)
                        : Reduction.dot(u, ui, x, xj, m);
            }
        }
    }

    /**
     * Whether {@code x[off .. off + n)} holds no NaN and no infinity: a sum of {@code v·0} (±0 for a finite v, NaN
     * otherwise) tested once, no branch per entry. Writes nothing.
     */
    public static boolean allFinite(double[] x, int off, int n) {
        if (VectorApi.ENABLED) {
            return ReductionSimd.allFinite(x, off, n);
        }
        double a0 = 0.0;
        double a1 = 0.0;
        double a2 = 0.0;
        double a3 = 0.0;
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            a0 += x[off + i] * 0.0;
            a1 += x[off + i + 1] * 0.0;
            a2 += x[off + i + 2] * 0.0;
            a3 += x[off + i + 3] * 0.0;
        }
        for (; i < n; i++) {
            a0 += x[off + i] * 0.0;
        }
        return !Double.isNaN(a0 + a1 + a2 + a3);
    }

    /**
     * {@code out[c·m + k] = bias[biasOff + c] + Σ_i W[i, c] · y[i·m + k]} for {@code c < classes}, {@code k < m},
     * with W ({@code d × classes}) row-major at {@code wOff}: each entry starts from its bias and adds the rounded
     * products in increasing i (never fused), the logits of a linear head. Writes {@code out}.
     */
    public static void unfusedTransposeAffine(double[] w, int wOff, int d, int classes, double[] bias, int biasOff,
                                              double[] y, int m, double[] out) {
        if (VectorApi.ENABLED) {
            UnfusedProductSimd.transposeAffine(w, wOff, d, classes, bias, biasOff, y, m, out);
        } else {
            UnfusedProduct.transposeAffine(w, wOff, d, classes, bias, biasOff, y, m, out, 0);
        }
    }

    /**
     * {@code out[i·m + k] = scale · Σ_c W[i, c] · z[c·m + k]} for {@code i < d}, {@code k < m}, with W as in
     * {@link #unfusedTransposeAffine}: each sum starts from 0 and adds the rounded products in increasing c (never
     * fused), then is multiplied by {@code scale}. Writes {@code out}.
     */
    public static void unfusedScaledTimes(double[] w, int wOff, int d, int classes, double[] z, int m, double scale,
                                          double[] out) {
        if (VectorApi.ENABLED) {
            UnfusedProductSimd.scaledTimes(w, wOff, d, classes, z, m, scale, out);
        } else {
            UnfusedProduct.scaledTimes(w, wOff, d, classes, z, m, scale, out, 0);
        }
    }

    /**
     * {@code grad[gradOff + i·classes + c] += Σ_k b[k·classes + c] · y[i·m + k]} for {@code i < d},
     * {@code c < classes}: each entry adds the rounded products to itself one at a time in increasing k (never
     * fused), the weight gradient of a linear head with b point-major. Writes {@code grad}.
     */
    public static void unfusedAccumulateOuter(double[] y, int d, double[] b, int classes, int m, double[] grad,
                                              int gradOff) {
        if (VectorApi.ENABLED) {
            UnfusedProductSimd.accumulateOuter(y, d, b, classes, m, grad, gradOff);
        } else {
            UnfusedProduct.accumulateOuter(y, d, b, classes, m, grad, gradOff, 0);
        }
    }

    /** {@code grad[off + i] += Σ_k u[i·m + k]}. Writes {@code grad}. */
    public static void accumulateRowSums(double[] u, int rows, int m, double[] grad, int off) {
        accumulateRowSums(u, 0, rows, m, grad, off);
    }

    /** {@code grad[off + i] += Σ_k u[uOff + i·m + k]}. Writes {@code grad}. */
    public static void accumulateRowSums(double[] u, int uOff, int rows, int m, double[] grad, int off) {
        if (VectorApi.ENABLED) {
            ReductionSimd.accumulateRowSums(u, uOff, rows, m, grad, off);
        } else {
            Reduction.accumulateRowSums(u, uOff, rows, m, grad, off);
        }
    }

    /**
     * {@code Σ_k x[xOff + k] y[yOff + k]} for {@code k < n}, in the 8-lane order of {@link Reduction} (the same bits
     * with and without the Vector API). Writes nothing.
     */
    public static double dot(double[] x, int xOff, double[] y, int yOff, int n) {
        return VectorApi.ENABLED ? ReductionSimd.dot(x, xOff, y, yOff, n) : Reduction.dot(x, xOff, y, yOff, n);
    }

    /**
     * {@code out = sign·(K − Kᵀ) x − γ x + β 1ᵀ} for a square d×d matrix K, without forming {@code K − Kᵀ};
     * {@code bias} may be null for no β. The antisymmetric family uses {@code sign = +1} for its matrix and
     * {@code sign = −1} for the transpose, since {@code (K − Kᵀ − γI)ᵀ = −(K − Kᵀ) − γI}. Writes {@code out}.
     */
    public static void skewShiftAffine(double[] mat, int off, int d, double sign, double gamma,
                                       double[] bias, int biasOff, double[] x, int m, double[] out) {
        MatrixProduct.skewShiftAffine(mat, off, d, sign, gamma, bias, biasOff, x, m, out);
    }

    /**
     * {@code grad[off + i·d + j] += G_ij − G_ji} with {@code G = Σ_k u_k x_kᵀ}: the gradient with respect to K of
     * a function of {@code K − Kᵀ} whose gradient with respect to that difference is G. Writes {@code grad}.
     */
    public static void accumulateSkewOuter(double[] u, double[] x, int d, int m, double[] grad, int off) {
        OuterProduct.accumulateSkewOuter(u, x, d, m, grad, off);
    }

    /**
     * The product of a dense {@code rows × cols} matrix A stored input-major ({@code A[i, j] = mat[off + j·rows + i]}:
     * the entries of a column adjacent, i.e. {@code Aᵀ} row-major) and
     * a mostly-zero batch X whose possibly non-zero entries are listed per group of four inputs ({@code q = ⌊j/4⌋}:
     * the points {@code index[t]}, {@code start[q] ≤ t < start[q+1]}, increasing, with the group's four values
     * {@code x[4q + l, index[t]] = values[4t + l]}, {@code l < 4}; a last group of fewer than four inputs padded),
     * written point-major:
     * <pre>
     *   out[k·rows + i] = Σ_j A[i, j] x[j, k]
     * </pre>
     * each entry a chain of fused multiply-adds from +0.0 in increasing j over the inputs of the groups that list
     * point k. For a finite A that is the chain over the non-zero {@code x_jk} in increasing j (the listed zeros
     * leave the sums unchanged; an infinite {@code A_ij} times a zero input is NaN in the dense product, and here
     * only when another input of j's group is non-zero at that point): the bits of the dense product
     * ({@link #transposeTimes} of the stored {@code Aᵀ}, transposed). The SIMD variant holds a group's four columns
     * of A in registers (16 vectors of adjacent rows with AVX-512) while the points listed add to their rows in
     * place: the columns of A stream through the cache once, in order. Writes {@code out[0 .. m·rows)} (m: the
     * points). The sparse lift of an ODE-net uses it for {@code L x} on inputs that are mostly zeros (MNIST's
     * pixels).
     */
    public static void quadSparseTimes(double[] mat, int off, int rows, int[] start, int[] index, double[] values,
                                       int cols, int m, double[] out) {
        Arrays.fill(out, 0, m * rows, 0.0);
        if (VectorApi.ENABLED) {
            GroupedSparseSimd.quadTimes(mat, off, rows, start, index, values, cols, out);
        } else {
            GroupedSparse.quadTimes(mat, off, rows, 0, start, index, values, cols, out);
        }
    }

    /**
     * Input coordinates {@code 4·quadFrom .. min(cols, 4·quadTo)} of a sum over {@code parts} parts (the chunks of a
     * batch) of outer-product sums {@code G_p = Σ_k u_k x_kᵀ} ({@code rows × cols}), written input-major like the
     * matrix of {@link #quadSparseTimes}, in part order and once:
     * <pre>
     *   grad[gradOff + j·rows + i] = ((0 + t_0) + t_1) + … + t_{parts−1}
     *   t_p = Σ_{t ∈ group ⌊j/4⌋ of part p} u[p][index[p][t]·rows + i] · values[p][4t + j − 4⌊j/4⌋]
     * </pre>
     * each {@code t_p} a chain of fused multiply-adds from 0 in increasing t over part p's point-major batch
     * {@code u[p]} (point k's {@code rows} values adjacent) and its mostly-zero X listed as for
     * {@link #quadSparseTimes}; or, when {@code dense[p]} is not null, {@code t_p = dense[p][gradOff + j·rows + i]}
     * (a part whose block is already written). When a group lists every point at which one of its inputs is
     * non-zero, {@code t_p} is the fused multiply-add chain over the non-zero {@code x_jk} in increasing k, for a
     * finite u (the zero terms leave the sum unchanged). These are the bits of writing each part's entries into an
     * array of its own and adding the arrays to 0 in part order, without those arrays: the sparse lift of an ODE-net
     * sums the chunks' {@code ∂J/∂Lᵀ = x pᵀ} this way, split by input coordinates across threads (any split gives the
     * same bits). An empty group gives +0.0. Reads {@code dense[p]} only at the entries written; writes {@code grad}
     * there.
     */
    public static void groupedSparseOuterSum(int parts, double[][] u, int[][] start, int[][] index,
                                             double[][] values, double[][] dense, int rows, int cols, int quadFrom,
                                             int quadTo, double[] grad, int gradOff) {
        if (VectorApi.ENABLED) {
            GroupedSparseSimd.outerSum(parts, u, start, index, values, dense, rows, cols, quadFrom, quadTo, grad,
                    gradOff);
        } else {
            GroupedSparse.outerSum(parts, u, start, index, values, dense, rows, 0, cols, quadFrom, quadTo, grad,
                    gradOff);
        }
    }

    /** {@code x[xOff + k] = −x[xOff + k]} for {@code k < n}. Writes {@code x}. */
    public static void negate(double[] x, int xOff, int n) {
        Elementwise.negate(x, xOff, n);
    }

    /** {@code x[xOff + k] *= y[yOff + k]} for {@code k < n}. Writes {@code x}. */
    public static void multiplyInPlace(double[] x, int xOff, double[] y, int yOff, int n) {
        Elementwise.multiplyInPlace(x, xOff, y, yOff, n);
    }

    /**
     * The combination of Runge–Kutta stages (Hairer, Nørsett, Wanner 1993, §II.1; the adjoint sums of
     * {@code docs/theory.md} §2):
     * <pre>
     *   out = α·base + Σ_{t &lt; terms, c[t] ≠ 0} c[t] · K[stages[t]],     K[j] = stageBuffer[stageOff + j·n ..]
     * </pre>
     * summed left to right, {@code ((α·base + c₁K₁) + c₂K₂) + …}, each product a separate multiply (no fused
     * multiply-add); writes {@code out} and, when not null, the same values to {@code out2}. {@code stages} is the
     * static sparsity pattern of a tableau row, column or weight vector; {@code c} holds the matching coefficients
     * already multiplied by the step size, and terms whose coefficient is 0 at run time (e.g. {@code h = 0}) are
     * skipped. {@code α = 1} is not multiplied. The terms are added up to four per pass over memory (SIMD when
     * {@link VectorApi#ENABLED}), with the same bits as one pass per term. {@code out} may be {@code base} at the
     * same offset (an in-place sum); it must not overlap the stage buffer.
     */
    public static void combineStages(double alpha, double[] base, int baseOff, double[] c, int[] stages, int terms,
                                     double[] stageBuffer, int stageOff, double[] out, int outOff, double[] out2,
                                     int out2Off, int n) {
        StageCombination.combineStages(alpha, base, baseOff, c, stages, terms, stageBuffer, stageOff, out, outOff,
                out2, out2Off, n);
    }

    /**
     * {@code out[outOff + k] = y[yOff + k] + c·x[xOff + k]} (multiply, then add: no fused multiply-add), also
     * written to {@code out2[out2Off + k]} when {@code out2} is not null; the same bits with and without the
     * Vector API. {@code out} may be {@code y} at the same offset (an in-place {@code y += c·x}). Writes
     * {@code out} and {@code out2}.
     */
    public static void axpyInto(double[] y, int yOff, double c, double[] x, int xOff, double[] out, int outOff,
                                double[] out2, int out2Off, int n) {
        StageCombination.axpyInto(y, yOff, c, x, xOff, out, outOff, out2, out2Off, n);
    }

    /**
     * One step of conformal symplectic Euler with Adam's or RMSprop's diagonal mass on the entries
     * {@code from ≤ i < to}, in one pass over memory (the coefficients {@code c}):
     * <pre>
     *   p ← e^{−γh}·p − h·g;   v ← β₂·v + (1−β₂)·g·g;   M = s·(√(v/c₂) + ε);   w = p/M;
     *   u' = u + (h·w − λ·u);   u ← u + s_k·(u' − u) if scheduled, else u'
     * </pre>
     * each product and sum separately rounded in the order written, so the same bits with and without the Vector
     * API. Writes p, v, M ({@code mass}), w ({@code velocity}) and u; with {@code mass} and {@code velocity} null
     * only p, v and u (two arrays fewer written per step; {@link #secondMomentMass} gives M and w afterwards).
     */
    public static void secondMomentStep(SecondMomentStepCoefficients c, double[] g, double[] p, double[] v,
                                        double[] mass, double[] velocity, double[] u, int from, int to) {
        if ((mass == null) != (velocity == null)) {
            throw new IllegalArgumentException("mass and velocity must be both given or both null");
        }
        SecondMomentStep.step(c, g, p, v, mass, velocity, u, from, to);
    }

    /**
     * The mass {@code M = s·(√(v/c₂) + ε)} and velocity {@code w = p/M} of a {@link #secondMomentStep} with the
     * coefficients {@code c}, from the p and v it wrote: the bits that step writes into {@code mass} and
     * {@code velocity}.
     */
    public static void secondMomentMass(SecondMomentStepCoefficients c, double[] p, double[] v, double[] mass,
                                        double[] velocity, int from, int to) {
        SecondMomentStep.mass(c, p, v, mass, velocity, from, to);
    }

    /**
     * {@code out[outOff + k] = a·x[xOff + k] + b·y[yOff + k]} (two products, then the sum); the same bits with and
     * without the Vector API. Writes {@code out}.
     */
    public static void linearCombination(double a, double[] x, int xOff, double b, double[] y, int yOff,
                                         double[] out, int outOff, int n) {
        StageCombination.linearCombination(a, x, xOff, b, y, yOff, out, outOff, n);
    }

    /**
     * {@code y[k] = (((y[k] + c1·x[o1 + k]) + c2·x[o2 + k]) + c3·x[o3 + k]) + c4·x[o4 + k]} for {@code k < n}
     * (products, then sums left to right); the same bits with and without the Vector API. Writes {@code y}.
     */
    public static void accumulateFour(double[] y, double[] x, double c1, int o1, double c2, int o2, double c3, int o3,
                                      double c4, int o4, int n) {
        StageCombination.accumulateFour(y, 0, x, c1, o1, c2, o2, c3, o3, c4, o4, y, 0, n);
    }
}
