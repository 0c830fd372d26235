package io.github.pontryagin.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The dense products of {@link DenseKernels} (SIMD when the Vector API module is present, as under
 * surefire; plain loops in the second surefire run with {@code -Dpontryagin.vector=false}) against textbook loops:
 * the same bits for the matrix–batch products (one fused multiply-add per term, in increasing inner index), round-off
 * for the batch sums, for shapes that exercise every block and tail of the register- and cache-blocked kernels.
 */
class VectorKernelsTest {

    /**
     * (rows, cols, m): batches below one vector, with full vectors and a tail for 4 and 8 lanes (19 = 2·8 + 3),
     * wide matrices that reach the 4-row register tiles many times and leave 2- and 1-row tiles (d ≈ 70), more
     * than two 64-column blocks of {@code accumulateOuter} and long inner dimensions (cols = 130, 200, 129),
     * batches of several 3-vector strips with a tail (m = 67, 77), and batches whose last columns take the
     * overlapping last vector or scalar columns (m = 50, 14, 13).
     */
    private static final int[][] SHAPES = {{1, 1, 1}, {2, 2, 5}, {3, 5, 9}, {4, 4, 17}, {7, 6, 33}, {9, 11, 250},
        {5, 3, 19}, {70, 70, 19}, {71, 69, 35}, {3, 130, 19}, {130, 130, 11}, {6, 200, 67}, {13, 129, 77},
        {8, 130, 50}, {5, 9, 14}, {4, 7, 13}, {40, 1, 13}, {33, 40, 50}};

    private static double[] random(int n, SplittableRandom random) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = random.nextGaussian();
        }
        return a;
    }

    /** On under surefire (which adds the module), off in the plain-kernels run ({@code -Dpontryagin.vector=false}). */
    @Test
    void vectorApiIsOnExactlyWhenRequested() {
        boolean requested = !"false".equals(System.getProperty("pontryagin.vector"));
        assertEquals(requested, VectorApi.ENABLED, VectorApi.describe());
    }

    /**
     * The kernels' lane count: what {@code pontryagin.vector.bits} asks for (the wide-vectors surefire run asks for
     * 512), else 8 lanes on 512-bit hardware and 4 lanes otherwise (Java 17 with two species in use runs about ten
     * times slower on AVX-512 hardware, so the choice must be one width for every kernel).
     */
    @Test
    void denseKernelsUseTheDocumentedVectorWidth() {
        if (!VectorApi.ENABLED) {
            return;
        }
        String bits = System.getProperty(VectorApi.BITS_PROPERTY);
        int preferred = jdk.incubator.vector.DoubleVector.SPECIES_PREFERRED.length();
        int expected = bits != null ? Integer.parseInt(bits) / 64
                : preferred >= 8 ? 8 : 4;
        assertEquals(expected, Simd.lanes(), VectorApi.describe());
    }

    /**
     * {@code quadSparseTimes} and {@code groupedSparseOuterSum} of one part (input-major matrix and gradient)
     * against their textbook loops, and against the dense product {@code transposeTimes} of the stored {@code Aᵀ}
     * (same bits) and the fused multiply-add chain over the non-zero terms: the listed zeros of a group leave the
     * sums unchanged.
     * Shapes with blocks of 4, 2 and 1 vectors of rows, row tails, and a last group of 1–3 inputs.
     */
    @Test
    void groupedSparseProductsGiveTheBitsOfTheirNonZeroTerms() {
        SplittableRandom random = new SplittableRandom(10);
        for (int[] shape : new int[][] {{1, 1, 1}, {5, 7, 3}, {13, 40, 16}, {9, 70, 37}, {50, 128, 16},
            {50, 130, 19}, {4, 8, 8}, {6, 9, 45}, {3, 5, 128}}) {
            int points = shape[0];
            int inputs = shape[1];
            int d = shape[2];
            double[] x = new double[inputs * points]; // feature-major x[j·points + k]
            for (int t = 0; t < x.length; t++) {
                x[t] = random.nextDouble() < 0.25 ? random.nextGaussian() : 0.0;
            }
            double[] matrix = random(d * inputs, random); // A, d × inputs, input-major: A[i, j] at j·d + i
            QuadLists lists = quadLists(x, inputs, points);
            double[] out = new double[d * points + 3];
            java.util.Arrays.fill(out, Double.NaN); // written whole, from +0.0, and no further
            DenseKernels.quadSparseTimes(matrix, 0, d, lists.start, lists.index, lists.values, inputs, points, out);
            double[] product = new double[d * points];
            DenseKernels.transposeTimes(matrix, 0, inputs, d, x, points, product);
            for (int i = 0; i < d; i++) {
                for (int k = 0; k < points; k++) {
                    double s = 0;
                    for (int j = 0; j < inputs; j++) {
                        if (x[j * points + k] != 0.0) {
                            s = Math.fma(matrix[j * d + i], x[j * points + k], s);
                        }
                    }
                    assertEquals(Double.doubleToRawLongBits(s), Double.doubleToRawLongBits(out[k * d + i]),
                            "non-zero terms " + points + "x" + inputs + ", d = " + d);
                    assertEquals(Double.doubleToRawLongBits(product[i * points + k]),
                            Double.doubleToRawLongBits(out[k * d + i]), "dense product");
                }
            }
            for (int e = d * points; e < out.length; e++) {
                assertTrue(Double.isNaN(out[e]), "past the points' rows");
            }
            double[] u = random(points * d, random); // point-major u[k·d + i]
            double[] grad = new double[2 + d * inputs];
            java.util.Arrays.fill(grad, Double.NaN);
            // one part: the outer-product sum of the lists alone
            DenseKernels.groupedSparseOuterSum(1, new double[][] {u}, new int[][] {lists.start},
                    new int[][] {lists.index}, new double[][] {lists.values}, new double[1][], d, inputs, 0,
                    (inputs + 3) / 4, grad, 2);
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < inputs; j++) {
                    double s = textbookSparseOuter(u, x, d, points, i, j);
                    assertEquals(Double.doubleToRawLongBits(s), Double.doubleToRawLongBits(grad[2 + j * d + i]),
                            "outer " + points + "x" + inputs + ", d = " + d);
                }
            }
        }
    }

    /**
     * {@code groupedSparseOuterSum} writes, for any range of groups of four inputs, the bits of writing each part's
     * textbook outer-product sum (or dense block) into an array of its own and adding the arrays to 0 in part order;
     * entries outside the range stay untouched. Parts of 1–3 chunks, some given dense, rows with blocks of 4, 2, 1
     * vectors and scalar tails, a last group of 1–3 inputs.
     */
    @Test
    void aSumOfSparseOuterProductsHasTheBitsOfItsPartsAddedInOrder() {
        SplittableRandom random = new SplittableRandom(21);
        for (int[] shape : new int[][] {{50, 784, 128}, {7, 30, 70}, {13, 41, 13}, {4, 9, 8}, {9, 22, 16},
            {3, 5, 3}, {50, 67, 40}}) {
            int points = shape[0];
            int inputs = shape[1];
            int d = shape[2];
            int quads = (inputs + 3) / 4;
            for (int parts = 1; parts <= 3; parts++) {
                double[][] u = new double[parts][];
                int[][] start = new int[parts][];
                int[][] index = new int[parts][];
                double[][] values = new double[parts][];
                double[][] dense = new double[parts][];
                double[] expected = new double[2 + d * inputs];
                for (int p = 0; p < parts; p++) {
                    // part 1 of three parts is given dense: its block written whole, NaN outside it
                    double[] own = new double[2 + d * inputs];
                    java.util.Arrays.fill(own, Double.NaN);
                    if (parts == 3 && p == 1) {
                        for (int e = 2; e < own.length; e++) {
                            own[e] = random.nextGaussian();
                        }
                        dense[p] = own;
                    } else {
                        double[] x = new double[inputs * points];
                        for (int t = 0; t < x.length; t++) {
                            x[t] = random.nextDouble() < 0.3 ? random.nextGaussian() : 0.0;
                        }
                        QuadLists lists = quadLists(x, inputs, points);
                        start[p] = lists.start;
                        index[p] = lists.index;
                        values[p] = lists.values;
                        u[p] = random(points * d, random);
                        for (int i = 0; i < d; i++) {
                            for (int j = 0; j < inputs; j++) {
                                own[2 + j * d + i] = textbookSparseOuter(u[p], x, d, points, i, j);
                            }
                        }
                    }
                    for (int e = 2; e < own.length; e++) {
                        expected[e] = p == 0 ? 0.0 + own[e] : expected[e] + own[e];
                    }
                }
                double[] grad = new double[2 + d * inputs];
                java.util.Arrays.fill(grad, Double.NaN);
                int a = quads / 3;
                int b = Math.min(quads, a + 1 + quads / 2);
                // the middle range first: the others' entries untouched until their own call
                DenseKernels.groupedSparseOuterSum(parts, u, start, index, values, dense, d, inputs, a, b, grad, 2);
                for (int e = 2; e < grad.length; e++) {
                    int q = (e - 2) / d / 4;
                    if (q < a || q >= b) {
                        assertTrue(Double.isNaN(grad[e]), "outside the range, entry " + e);
                    }
                }
                DenseKernels.groupedSparseOuterSum(parts, u, start, index, values, dense, d, inputs, 0, a, grad, 2);
                DenseKernels.groupedSparseOuterSum(parts, u, start, index, values, dense, d, inputs, b, quads, grad,
                        2);
                for (int e = 2; e < grad.length; e++) {
                    assertEquals(Double.doubleToRawLongBits(expected[e]), Double.doubleToRawLongBits(grad[e]),
                            parts + " parts, " + points + "x" + inputs + ", d = " + d + ", entry " + e);
                }
            }
        }
    }

    /** Lists of a mostly-zero batch by groups of four inputs, as {@code quadSparseTimes} reads them. */
    private record QuadLists(int[] start, int[] index, double[] values) {
    }

    /**
     * Per group of four inputs of the feature-major {@code x[j·points + k]}, the points at which one of them is
     * non-zero, with the four values (zeros past the last input).
     */
    private static QuadLists quadLists(double[] x, int inputs, int points) {
        int quads = (inputs + 3) / 4;
        int[] start = new int[quads + 1];
        int[] index = new int[quads * points];
        double[] values = new double[4 * quads * points];
        int n = 0;
        for (int q = 0; q < quads; q++) {
            start[q] = n;
            for (int k = 0; k < points; k++) {
                boolean any = false;
                for (int l = 0; l < 4 && 4 * q + l < inputs; l++) {
                    values[4 * n + l] = x[(4 * q + l) * points + k];
                    any |= values[4 * n + l] != 0.0;
                }
                index[n] = k;
                n += any ? 1 : 0;
            }
        }
        start[quads] = n;
        return new QuadLists(start, index, values);
    }

    /**
     * Entry (i, j) of the textbook {@code Σ_k u_k x_kᵀ} of a point-major u ({@code u[k·d + i]}) and a feature-major
     * x: the fused multiply-add chain over the non-zero {@code x_jk} in increasing k, from 0.
     */
    private static double textbookSparseOuter(double[] u, double[] x, int d, int points, int i, int j) {
        double s = 0;
        for (int k = 0; k < points; k++) {
            if (x[j * points + k] != 0.0) {
                s = Math.fma(u[k * d + i], x[j * points + k], s);
            }
        }
        return s;
    }

    /**
     * Entry (i, k) of the textbook {@code A x + b}: {@code s = fma(A_ij, x_jk, s)} in increasing j from {@code start}
     * (b_i, or 0 for {@code times}); A row-major at {@code a[3 ..]}, x at {@code x[4 ..]} with m points.
     */
    private static double textbookAffine(double[] a, int rows, int cols, double start, double[] x, int m, int i,
                                         int k) {
        double s = start;
        for (int j = 0; j < cols; j++) {
            s = Math.fma(a[3 + i * cols + j], x[4 + j * m + k], s);
        }
        return s;
    }

    /** Entry (j, k) of the textbook {@code Aᵀ u}: the chain in increasing i from 0; u at {@code u[4 ..]}. */
    private static double textbookTransposeTimes(double[] a, int rows, int cols, double[] u, int m, int j, int k) {
        double s = 0;
        for (int i = 0; i < rows; i++) {
            s = Math.fma(a[3 + i * cols + j], u[4 + i * m + k], s);
        }
        return s;
    }

    @Test
    void affineTimesAndTransposeTimesGiveTheSameBitsAsPlainLoops() {
        SplittableRandom random = new SplittableRandom(7);
        for (int[] shape : SHAPES) {
            int rows = shape[0];
            int cols = shape[1];
            int m = shape[2];
            double[] a = random(rows * cols + 3, random);
            double[] bias = random(rows + 2, random);
            double[] x = random(cols * m + 4, random);
            double[] u = random(rows * m + 4, random);
            double[] out = new double[rows * m + 5];
            DenseKernels.affine(a, 3, rows, cols, bias, 2, x, 4, m, out, 5);
            for (int i = 0; i < rows; i++) {
                for (int k = 0; k < m; k++) {
                    double s = textbookAffine(a, rows, cols, bias[2 + i], x, m, i, k);
                    assertEquals(s, out[5 + i * m + k], 0.0, "affine " + rows + "x" + cols + ", m = " + m);
                }
            }
            DenseKernels.times(a, 3, rows, cols, x, 4, m, out, 5);
            for (int i = 0; i < rows; i++) {
                for (int k = 0; k < m; k++) {
                    assertEquals(textbookAffine(a, rows, cols, 0, x, m, i, k), out[5 + i * m + k], 0.0, "times");
                }
            }
            double[] back = new double[cols * m + 5];
            DenseKernels.transposeTimes(a, 3, rows, cols, u, 4, m, back, 5);
            for (int j = 0; j < cols; j++) {
                for (int k = 0; k < m; k++) {
                    assertEquals(textbookTransposeTimes(a, rows, cols, u, m, j, k), back[5 + j * m + k], 0.0,
                            "transposeTimes");
                }
            }
        }
    }

    /**
     * The products with a packed matrix ({@code affinePacked}, {@code transposeTimesPacked}) give the bits of the
     * textbook loops: the full 8-row tiles from the packed form (its 3-vector strips, single vectors and the last
     * columns as vectors of a tile's rows, one or two at a time), the rows below them from the matrix. Shapes with
     * and without leftover rows and every kind of last columns (m = 50: 2 strips and a pair; 37: a strip, a vector,
     * two pairs and a single column); with 8 lanes the packed form is not empty.
     */
    @Test
    void productsOfAPackedMatrixGiveTheBitsOfThePlainLoops() {
        SplittableRandom random = new SplittableRandom(8);
        int[][] shapes = {{128, 128, 50}, {70, 70, 37}, {16, 9, 25}, {24, 130, 8}, {8, 8, 1}, {41, 33, 26}};
        for (int[] shape : concat(SHAPES, shapes)) {
            int rows = shape[0];
            int cols = shape[1];
            int m = shape[2];
            double[] a = random(rows * cols + 3, random);
            double[] bias = random(rows + 2, random);
            double[] x = random(cols * m + 4, random);
            double[] u = random(rows * m + 4, random);
            double[] packed = new double[DenseKernels.packedLength(rows, cols)];
            if (VectorApi.ENABLED && Simd.lanes() == 8) {
                assertEquals(rows / 8 * 8 * cols, packed.length, "packed length of " + rows + "x" + cols);
            }
            DenseKernels.packForProduct(a, 3, rows, cols, packed);
            double[] out = new double[rows * m + 5];
            DenseKernels.affinePacked(packed, a, 3, rows, cols, bias, 2, x, 4, m, out, 5);
            for (int i = 0; i < rows; i++) {
                for (int k = 0; k < m; k++) {
                    double s = textbookAffine(a, rows, cols, bias[2 + i], x, m, i, k);
                    assertEquals(Double.doubleToRawLongBits(s), Double.doubleToRawLongBits(out[5 + i * m + k]),
                            "affinePacked entry (" + i + ", " + k + ") of " + rows + "x" + cols + ", m = " + m);
                }
            }
            double[] packedTranspose = new double[DenseKernels.packedLength(cols, rows)];
            DenseKernels.packForTransposeProduct(a, 3, rows, cols, packedTranspose);
            double[] back = new double[cols * m + 5];
            DenseKernels.transposeTimesPacked(packedTranspose, a, 3, rows, cols, u, 4, m, back, 5);
            for (int j = 0; j < cols; j++) {
                for (int k = 0; k < m; k++) {
                    double s = textbookTransposeTimes(a, rows, cols, u, m, j, k);
                    assertEquals(Double.doubleToRawLongBits(s), Double.doubleToRawLongBits(back[5 + j * m + k]),
                            "transposeTimesPacked entry (" + j + ", " + k + ") of " + rows + "x" + cols + ", m = " + m);
                }
            }
        }
    }

    /**
     * {@code accumulateOuter} adds, to every entry, the bits of its textbook sum: for 8 or more columns the fused
     * multiply-add chain over the batch in increasing k from 0, for fewer the 8-lane order of {@link Reduction#dot}
     * of its row of u and its row of x. Shapes with and without leftover rows (of the 4-row tiles), columns (of the
     * 3-vector strips, the single vectors and the transposed blocks of 48) and batch tails, and x of 7 and 8 rows on
     * either side of the switch.
     */
    @Test
    void accumulateOuterHasTheBitsOfItsTextbookSums() {
        SplittableRandom random = new SplittableRandom(10);
        int[][] shapes = {{2, 8, 8}, {128, 128, 50}, {7, 45, 19}, {6, 80, 100}, {3, 9, 5}, {4, 33, 16}, {5, 7, 40},
            {4, 8, 1}, {9, 50, 0}, {11, 97, 3}, {1, 784, 50}, {6, 101, 29}};
        for (int[] shape : concat(SHAPES, shapes)) {
            int rows = shape[0];
            int cols = shape[1];
            int m = shape[2];
            double[] u = random(rows * m + 1, random);
            double[] x = random(cols * m + 2, random);
            double[] grad = random(rows * cols + 3, random);
            grad[3] = -0.0;
            double[] expected = grad.clone();
            DenseKernels.accumulateOuter(u, 1, rows, x, 2, cols, m, grad, 3);
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    int g = 3 + i * cols + j;
                    double want = expected[g] + (cols >= 8 ? fmaChain(u, 1 + i * m, x, 2 + j * m, m)
                            : Reduction.dot(u, 1 + i * m, x, 2 + j * m, m));
                    assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(grad[g]),
                            "entry (" + i + ", " + j + ") of " + rows + "x" + cols + ", m = " + m);
                }
            }
            assertEquals(Double.doubleToRawLongBits(expected[2]), Double.doubleToRawLongBits(grad[2]));
        }
    }

    /**
     * For a wide x, {@code accumulateOuter} of a sparse x has the bits of {@code groupedSparseOuterSum} over its
     * non-zeros (the dense and the sparse lift give the same gradient): the dense chain's extra terms
     * {@code fma(u, 0, s)} leave s unchanged.
     */
    @Test
    void accumulateOuterOfASparseXEqualsTheFusedChainOfItsNonZeros() {
        SplittableRandom random = new SplittableRandom(12);
        int rows = 13;
        int cols = 70;
        int m = 37;
        double[] u = random(rows * m, random);
        double[] x = new double[cols * m];
        for (int t = 0; t < x.length; t++) {
            x[t] = random.nextDouble() < 0.2 ? random.nextGaussian() : 0.0;
        }
        double[] grad = new double[rows * cols];
        DenseKernels.accumulateOuter(u, 0, rows, x, 0, cols, m, grad, 0);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                double s = 0;
                for (int k = 0; k < m; k++) {
                    if (x[j * m + k] != 0.0) {
                        s = Math.fma(u[i * m + k], x[j * m + k], s);
                    }
                }
                assertEquals(Double.doubleToRawLongBits(s), Double.doubleToRawLongBits(grad[i * cols + j]),
                        "entry (" + i + ", " + j + ")");
            }
        }
    }

    /**
     * {@code accumulateOuterTransposed} writes, entry by entry, the bits of {@code accumulateOuter} transposed, on
     * both sides of the 8-row rule (chain or 8-lane order, chosen by x's rows) and with a non-zero start.
     */
    @Test
    void accumulateOuterTransposedHasTheBitsOfAccumulateOuter() {
        SplittableRandom random = new SplittableRandom(15);
        for (int[] shape : new int[][] {{3, 20, 37}, {20, 3, 37}, {9, 12, 50}, {2, 2, 5}, {16, 8, 1}}) {
            int rows = shape[0];
            int cols = shape[1];
            int m = shape[2];
            double[] u = random(rows * m + 1, random);
            double[] x = random(cols * m + 2, random);
            double[] start = random(rows * cols, random);
            double[] grad = start.clone();
            DenseKernels.accumulateOuter(u, 1, rows, x, 2, cols, m, grad, 0);
            double[] transposed = new double[rows * cols + 3];
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    transposed[3 + j * rows + i] = start[i * cols + j];
                }
            }
            DenseKernels.accumulateOuterTransposed(u, 1, rows, x, 2, cols, m, transposed, 3);
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    assertEquals(Double.doubleToRawLongBits(grad[i * cols + j]),
                            Double.doubleToRawLongBits(transposed[3 + j * rows + i]),
                            rows + " x " + cols + ", entry (" + i + ", " + j + ")");
                }
            }
        }
    }

    /** {@code allFinite} finds a NaN or an infinity at any place (vector body or tail), and only inside its range. */
    @Test
    void allFiniteFindsEveryNonFiniteEntryInItsRange() {
        for (int n : new int[] {0, 1, 7, 31, 32, 33, 100}) {
            double[] x = new double[n + 2];
            java.util.Arrays.fill(x, Double.MAX_VALUE);
            x[0] = Double.NaN;
            x[n + 1] = Double.POSITIVE_INFINITY;
            assertTrue(DenseKernels.allFinite(x, 1, n), "finite, n = " + n);
            for (int i = 1; i <= n; i++) {
                for (double bad : new double[] {Double.NaN, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY}) {
                    double saved = x[i];
                    x[i] = bad;
                    assertFalse(DenseKernels.allFinite(x, 1, n), bad + " at " + i + ", n = " + n);
                    x[i] = saved;
                }
            }
        }
    }

    /**
     * The fused step of conformal Euler with Adam's mass against its separate textbook passes (kick, second moment,
     * mass, velocity, drift with decay, then the schedule's blend {@code u₀ + s(u' − u₀)}), bit for bit, with and
     * without the schedule, on ranges that start inside the arrays and end in a tail.
     */
    @Test
    void secondMomentStepHasTheBitsOfItsSeparatePasses() {
        SplittableRandom random = new SplittableRandom(17);
        for (int[] range : new int[][] {{0, 1}, {0, 8}, {3, 20}, {5, 64}, {1, 135}}) {
            int n = range[1] + 2;
            for (boolean scheduled : new boolean[] {false, true}) {
                SecondMomentStepCoefficients c = new SecondMomentStepCoefficients(0.9, 0.1, 0.999,
                        1 - Math.pow(0.999, 7), 10.0 / 3 * (1 - Math.pow(0.9, 7)), 1e-8, 3e-5, 0.37, scheduled);
                double[] g = random(n, random);
                double[] p = random(n, random);
                double[] v = random(n, random);
                for (int i = 0; i < n; i++) {
                    v[i] = v[i] * v[i];
                }
                double[] u = random(n, random);
                double[][] expected = {p.clone(), v.clone(), new double[n], new double[n], u.clone()};
                double[][] actual = {p.clone(), v.clone(), new double[n], new double[n], u.clone()};
                for (int i = range[0]; i < range[1]; i++) {
                    double[][] e = expected;
                    e[0][i] = c.contraction() * e[0][i] - c.h() * g[i];
                    e[1][i] = c.beta2() * e[1][i] + (1.0 - c.beta2()) * g[i] * g[i];
                    e[2][i] = c.factor() * (Math.sqrt(e[1][i] / c.correction2()) + c.epsilon());
                    e[3][i] = e[0][i] / e[2][i];
                    double start = e[4][i];
                    e[4][i] += c.h() * e[3][i] - c.decay() * e[4][i];
                    if (scheduled) {
                        e[4][i] = start + c.schedule() * (e[4][i] - start);
                    }
                }
                DenseKernels.secondMomentStep(c, g, actual[0], actual[1], actual[2], actual[3], actual[4], range[0],
                        range[1]);
                // without mass and velocity, then those two from the written p and v: the same five arrays
                double[][] later = {p.clone(), v.clone(), new double[n], new double[n], u.clone()};
                DenseKernels.secondMomentStep(c, g, later[0], later[1], null, null, later[4], range[0], range[1]);
                DenseKernels.secondMomentMass(c, later[0], later[1], later[2], later[3], range[0], range[1]);
                for (int a = 0; a < expected.length; a++) {
                    for (int i = 0; i < n; i++) {
                        assertEquals(Double.doubleToRawLongBits(expected[a][i]), Double.doubleToRawLongBits(actual[a][i]),
                                "array " + a + ", entry " + i + ", range " + range[0] + ".." + range[1]
                                        + ", scheduled " + scheduled);
                        assertEquals(Double.doubleToRawLongBits(expected[a][i]),
                                Double.doubleToRawLongBits(later[a][i]),
                                "array " + a + " (mass afterwards), entry " + i + ", range " + range[0] + ".."
                                        + range[1] + ", scheduled " + scheduled);
                    }
                }
            }
        }
    }

    /** A second-moment step given only one of mass and velocity is refused in one line, before it writes anything. */
    @Test
    void aSecondMomentStepWithOnlyOneOfMassAndVelocityIsRefused() {
        SecondMomentStepCoefficients c = new SecondMomentStepCoefficients(0.9, 0.1, 0.999, 0.5, 1.0, 1e-8, 0.0, 1.0,
                false);
        double[] u = {1.0, 2.0};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DenseKernels.secondMomentStep(c, new double[2], new double[2], new double[2], new double[2],
                        null, u, 0, 2));
        assertEquals("mass and velocity must be both given or both null", e.getMessage());
        assertEquals(1.0, u[0]);
        assertEquals(2.0, u[1]);
    }

    /**
     * The unfused head products against their textbook loops (a rounded product, then an add, in the stated order),
     * bit for bit, with vector blocks, row and point tails, and one class.
     */
    @Test
    void unfusedProductsFollowTheirTextbookOrder() {
        SplittableRandom random = new SplittableRandom(16);
        for (int[] shape : new int[][] {{128, 10, 50}, {5, 3, 7}, {17, 2, 13}, {40, 1, 33}, {8, 4, 1}}) {
            int d = shape[0];
            int classes = shape[1];
            int m = shape[2];
            double[] w = random(2 + d * classes + classes, random);
            double[] y = random(d * m, random);
            double[] logits = new double[classes * m];
            DenseKernels.unfusedTransposeAffine(w, 2, d, classes, w, 2 + d * classes, y, m, logits);
            for (int c = 0; c < classes; c++) {
                for (int k = 0; k < m; k++) {
                    double s = w[2 + d * classes + c];
                    for (int i = 0; i < d; i++) {
                        double t = w[2 + i * classes + c] * y[i * m + k];
                        s = s + t;
                    }
                    assertEquals(Double.doubleToRawLongBits(s), Double.doubleToRawLongBits(logits[c * m + k]),
                            "logit (" + c + ", " + k + ") of " + d + "x" + classes + "x" + m);
                }
            }
            double[] back = new double[d * m];
            DenseKernels.unfusedScaledTimes(w, 2, d, classes, logits, m, 0.37, back);
            for (int i = 0; i < d; i++) {
                for (int k = 0; k < m; k++) {
                    double s = 0.0;
                    for (int c = 0; c < classes; c++) {
                        double t = w[2 + i * classes + c] * logits[c * m + k];
                        s = s + t;
                    }
                    assertEquals(Double.doubleToRawLongBits(0.37 * s), Double.doubleToRawLongBits(back[i * m + k]),
                            "back (" + i + ", " + k + ")");
                }
            }
            double[] b = random(m * classes, random);
            double[] grad = random(3 + d * classes, random);
            double[] expected = grad.clone();
            DenseKernels.unfusedAccumulateOuter(y, d, b, classes, m, grad, 3);
            for (int i = 0; i < d; i++) {
                for (int c = 0; c < classes; c++) {
                    double s = expected[3 + i * classes + c];
                    for (int k = 0; k < m; k++) {
                        double t = b[k * classes + c] * y[i * m + k];
                        s = s + t;
                    }
                    assertEquals(Double.doubleToRawLongBits(s), Double.doubleToRawLongBits(grad[3 + i * classes + c]),
                            "gradient (" + i + ", " + c + ")");
                }
            }
            assertEquals(Double.doubleToRawLongBits(expected[2]), Double.doubleToRawLongBits(grad[2]), "untouched");
        }
    }

    /** {@code s = fma(u[ui + k], x[xj + k], s)} for k = 0 .. m − 1 from s = 0. */
    private static double fmaChain(double[] u, int ui, double[] x, int xj, int m) {
        double s = 0;
        for (int k = 0; k < m; k++) {
            s = Math.fma(u[ui + k], x[xj + k], s);
        }
        return s;
    }

    private static int[][] concat(int[][] a, int[][] b) {
        int[][] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void accumulateOuterAddsTheBatchSumOfOuterProductsToRoundOff() {
        SplittableRandom random = new SplittableRandom(8);
        for (int[] shape : SHAPES) {
            int rows = shape[0];
            int cols = shape[1];
            int m = shape[2];
            double[] u = random(rows * m + 1, random);
            double[] x = random(cols * m + 2, random);
            double[] grad = random(rows * cols + 3, random);
            double[] expected = grad.clone();
            DenseKernels.accumulateOuter(u, 1, rows, x, 2, cols, m, grad, 3);
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    double s = 0;
                    double scale = 0;
                    for (int k = 0; k < m; k++) {
                        s += u[1 + i * m + k] * x[2 + j * m + k];
                        scale += Math.abs(u[1 + i * m + k] * x[2 + j * m + k]);
                    }
                    int g = 3 + i * cols + j;
                    assertEquals(expected[g] + s, grad[g], 1e-15 * (scale + Math.abs(expected[g])) + 1e-300);
                }
            }
        }
    }

    @Test
    void dotAndRowSumsAgreeWithSequentialSumsToRoundOff() {
        SplittableRandom random = new SplittableRandom(10);
        for (int n : new int[] {1, 3, 4, 8, 9, 17, 256, 1001}) {
            double[] x = random(n + 2, random);
            double[] y = random(n + 1, random);
            double dot = 0;
            double sum = 0;
            double scale = 0;
            for (int k = 0; k < n; k++) {
                dot += x[2 + k] * y[1 + k];
                sum += x[2 + k];
                scale += Math.abs(x[2 + k]) * (1 + Math.abs(y[1 + k]));
            }
            assertEquals(dot, DenseKernels.dot(x, 2, y, 1, n), 1e-15 * scale, "dot, n = " + n);
            double[] grad = {0.5, 0.25};
            DenseKernels.accumulateRowSums(x, 2, 1, n, grad, 1);
            assertEquals(0.25 + sum, grad[1], 1e-15 * (scale + 1), "row sum, n = " + n);
            assertEquals(0.5, grad[0], 0.0);
        }
    }

    /** The documented order: 8 lanes by k mod 8, then (l0+l4)+(l1+l5)+(l2+l6)+(l3+l7) left to right, then the tail. */
    private static double eightLaneDot(double[] x, int xOff, double[] y, int yOff, int n) {
        double[] lane = new double[8];
        int upper = n - n % 8;
        for (int k = 0; k < upper; k++) {
            lane[k % 8] += y == null ? x[xOff + k] : x[xOff + k] * y[yOff + k];
        }
        double s = lane[0] + lane[4];
        for (int j = 1; j < 4; j++) {
            s += lane[j] + lane[j + 4];
        }
        for (int k = upper; k < n; k++) {
            s += y == null ? x[xOff + k] : x[xOff + k] * y[yOff + k];
        }
        return s;
    }

    /**
     * Run with and without the Vector API (the plain-kernels run), this checks that both give the same bits: the
     * 8-lane order of the dots, row sums and narrow outer products, and the fused chains of the wide ones.
     */
    @Test
    void batchSumsFollowTheirOrderBitForBitWhicheverPathRuns() {
        SplittableRandom random = new SplittableRandom(12);
        for (int n : new int[] {1, 7, 8, 9, 15, 16, 17, 64, 129, 1000, 1003}) {
            double[] x = random(n + 2, random);
            double[] y = random(n + 1, random);
            assertEquals(Double.doubleToRawLongBits(eightLaneDot(x, 2, y, 1, n)),
                    Double.doubleToRawLongBits(DenseKernels.dot(x, 2, y, 1, n)), "dot, n = " + n);
            double[] grad = {0.5, 0.25};
            DenseKernels.accumulateRowSums(x, 2, 1, n, grad, 1);
            assertEquals(Double.doubleToRawLongBits(0.25 + eightLaneDot(x, 2, null, 0, n)),
                    Double.doubleToRawLongBits(grad[1]), "row sum, n = " + n);
        }
        for (int[] shape : SHAPES) {
            int rows = shape[0];
            int cols = shape[1];
            int m = shape[2] * 4 + 3;
            double[] u = random(rows * m + 1, random);
            double[] x = random(cols * m + 2, random);
            double[] grad = random(rows * cols + 3, random);
            double[] before = grad.clone();
            DenseKernels.accumulateOuter(u, 1, rows, x, 2, cols, m, grad, 3);
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    int g = 3 + i * cols + j;
                    double expected = before[g] + (cols >= 8 ? fmaChain(u, 1 + i * m, x, 2 + j * m, m)
                            : eightLaneDot(u, 1 + i * m, x, 2 + j * m, m));
                    assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(grad[g]),
                            "outer " + rows + "x" + cols + ", m = " + m + ", entry " + i + "," + j);
                }
            }
        }
    }
}
