package io.github.pontryagin.core.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD variants of {@link GroupedSparse}, on vectors of {@link Simd#L} adjacent rows of the dense factor (whose rows of
 * one column are adjacent, so that a vector is one load). {@link #outerSum}, the kernel of
 * {@link DenseKernels#groupedSparseOuterSum}: per part, register tiles of 4 vectors (32 rows with AVX-512's 8 lanes and
 * 32 registers: 16 accumulators) or 2 vectors (AVX2's 16 registers) × one group of four coordinates, the group's four
 * values broadcast (per listed point 4 (2) vector loads, 4 broadcasts and 16 (8) fused multiply-adds), the parts' tiles
 * added in order (a full 4-vector tile straight from the registers to the output's entries, to 0 for the first part and
 * in place after it; the others through a scratch sum). A last group of fewer than four is padded with zero values by
 * the caller, its missing lanes computed and not stored. {@link #quadTimes}, the kernel of
 * {@link DenseKernels#quadSparseTimes}, turns the blocking around: a group's four columns held in registers, the listed
 * points' rows loaded, added to and stored. Rows below a block of one vector take the plain loops. Every output entry
 * is the plain loop's chain, so both give the same bits; one vector species ({@link Simd#SPECIES}) for the whole
 * process.
 */
final class GroupedSparseSimd {

    private static final VectorSpecies<Double> SPECIES = Simd.SPECIES;
    private static final int L = Simd.L;
    private static final int G = GroupedSparse.GROUP;
    /** Whether blocks of 4 vectors fit the registers (8 lanes: AVX-512, 32 vector registers). */
    private static final boolean QUAD = L >= 8;
    /** Per-thread scratch for the sums of {@link #outerSum}. */
    private static final Simd.Scratch SUM = new Simd.Scratch();

    private GroupedSparseSimd() {
    }

    /** See {@link GroupedSparse#outerSum} (from row 0): tiles of 4, 2 or 1 vectors of rows × one group of four. */
    static void outerSum(int parts, double[][] u, int[][] start, int[][] index, double[][] values, double[][] dense,
                         int rows, int cols, int quadFrom, int quadTo, double[] grad, int gradOff) {
        int i = 0;
        if (QUAD) {
            for (; i + 4 * L <= rows; i += 4 * L) {
                outerSumRows(4 * L, i, parts, u, start, index, values, dense, rows, cols, quadFrom, quadTo, grad,
                        gradOff);
            }
        }
        for (; i + 2 * L <= rows; i += 2 * L) {
            outerSumRows(2 * L, i, parts, u, start, index, values, dense, rows, cols, quadFrom, quadTo, grad,
                    gradOff);
        }
        for (; i + L <= rows; i += L) {
            outerSumRows(L, i, parts, u, start, index, values, dense, rows, cols, quadFrom, quadTo, grad, gradOff);
        }
        GroupedSparse.outerSum(parts, u, start, index, values, dense, rows, i, cols, quadFrom, quadTo, grad,
                gradOff);
    }

    /**
     * Rows {@code i .. i + width} of {@link #outerSum}: per group of four coordinates, each part's tile (its chain
     * from 0 in the registers, or its dense entries) added in part order to a sum that starts at +0.0, then the sum
     * stored; one write of each entry of {@code grad}.
     */
    private static void outerSumRows(int width, int i, int parts, double[][] u, int[][] start, int[][] index,
                                     double[][] values, double[][] dense, int rows, int cols, int quadFrom,
                                     int quadTo, double[] grad, int gradOff) {
        double[] lanes = Simd.LANES.get();
        double[] sum = SUM.atLeast(G * width);
        for (int q = quadFrom; q < quadTo; q++) {
            int count = Math.min(G, cols - G * q);
            int o = gradOff + G * q * rows + i;
            if (width == 4 * L && count == G) {
                // a full tile: each part's chain from 0 in the registers, added to the entries in place in part order
                for (int p = 0; p < parts; p++) {
                    if (dense[p] != null) {
                        for (int l = 0; l < G; l++) {
                            addDense(p == 0, dense[p], grad, o + l * rows);
                        }
                    } else {
                        quad(p == 0, u[p], i, rows, index[p], start[p][q], start[p][q + 1], values[p], grad, o, rows);
                    }
                }
                continue;
            }
            for (int v = 0; v < G * width; v += L) {
                DoubleVector.zero(SPECIES).intoArray(sum, v);
            }
            for (int p = 0; p < parts; p++) {
                if (dense[p] != null) {
                    for (int l = 0; l < count; l++) {
                        addInto(sum, l * width, dense[p], o + l * rows, width);
                    }
                    continue;
                }
                int t0 = start[p][q];
                int t1 = start[p][q + 1];
                if (width == 4 * L) {
                    quad(true, u[p], i, rows, index[p], t0, t1, values[p], lanes, 0, width);
                } else if (width == 2 * L) {
                    pair(u[p], i, rows, index[p], t0, t1, values[p], lanes);
                } else {
                    single(u[p], i, rows, index[p], t0, t1, values[p], lanes);
                }
                addInto(sum, 0, lanes, 0, G * width);
            }
            Simd.storeLanes(sum, width, grad, o, 1, rows, count);
        }
    }

    /**
     * Rows {@code o .. o + 4L} of one coordinate's column: {@code out = (first ? 0 : out) + x} at the same places,
     * lane-wise (a part given dense in {@link #outerSumRows}).
     */
    private static void addDense(boolean first, double[] x, double[] out, int o) {
        for (int r = 0; r < 4 * L; r += L) {
            DoubleVector base = first ? DoubleVector.zero(SPECIES) : DoubleVector.fromArray(SPECIES, out, o + r);
            base.add(DoubleVector.fromArray(SPECIES, x, o + r)).intoArray(out, o + r);
        }
    }

    /**
     * One part's tile of {@link #outerSumRows} (rows {@code base .. base + 4L} of every listed column × one group of
     * four), its chains from 0 in 16 registers, added to {@code out}'s four columns {@code o + l·stride} (to 0 when
     * {@code first}): the gradient's entries for a full group (the sum's bits without the tile's round trip through
     * memory), or a scratch tile ({@code stride = 4L}) for a group of fewer than four coordinates. A chain from +0.0
     * is never −0.0, so adding it to 0 stores its own bits.
     */
    private static void quad(boolean first, double[] src, int base, int rows, int[] index, int t0, int t1,
                             double[] values, double[] out, int o, int stride) {
        DoubleVector a0 = DoubleVector.zero(SPECIES);
        DoubleVector a1 = a0;
        DoubleVector a2 = a0;
        DoubleVector a3 = a0;
        DoubleVector b0 = a0;
        DoubleVector b1 = a0;
        DoubleVector b2 = a0;
        DoubleVector b3 = a0;
        DoubleVector c0 = a0;
        DoubleVector c1 = a0;
        DoubleVector c2 = a0;
        DoubleVector c3 = a0;
        DoubleVector d0 = a0;
        DoubleVector d1 = a0;
        DoubleVector d2 = a0;
        DoubleVector d3 = a0;
        for (int t = t0; t < t1; t++) {
            int a = base + index[t] * rows;
            DoubleVector ra = DoubleVector.fromArray(SPECIES, src, a);
            DoubleVector rb = DoubleVector.fromArray(SPECIES, src, a + L);
            DoubleVector rc = DoubleVector.fromArray(SPECIES, src, a + 2 * L);
            DoubleVector rd = DoubleVector.fromArray(SPECIES, src, a + 3 * L);
            DoubleVector v0 = DoubleVector.broadcast(SPECIES, values[G * t]);
            DoubleVector v1 = DoubleVector.broadcast(SPECIES, values[G * t + 1]);
            DoubleVector v2 = DoubleVector.broadcast(SPECIES, values[G * t + 2]);
            DoubleVector v3 = DoubleVector.broadcast(SPECIES, values[G * t + 3]);
            a0 = ra.fma(v0, a0);
            a1 = ra.fma(v1, a1);
            a2 = ra.fma(v2, a2);
            a3 = ra.fma(v3, a3);
            b0 = rb.fma(v0, b0);
            b1 = rb.fma(v1, b1);
            b2 = rb.fma(v2, b2);
            b3 = rb.fma(v3, b3);
            c0 = rc.fma(v0, c0);
            c1 = rc.fma(v1, c1);
            c2 = rc.fma(v2, c2);
            c3 = rc.fma(v3, c3);
            d0 = rd.fma(v0, d0);
            d1 = rd.fma(v1, d1);
            d2 = rd.fma(v2, d2);
            d3 = rd.fma(v3, d3);
        }
        // coordinate l of the group: column o + l·stride, its rows in a (+0), b (+L), c (+2L), d (+3L); written out
        // here (vectors handed to another method would be boxed)
        int o1 = o + stride;
        int o2 = o + 2 * stride;
        int o3 = o + 3 * stride;
        if (first) {
            DoubleVector zero = DoubleVector.zero(SPECIES);
            a0 = zero.add(a0);
            b0 = zero.add(b0);
            c0 = zero.add(c0);
            d0 = zero.add(d0);
            a1 = zero.add(a1);
            b1 = zero.add(b1);
            c1 = zero.add(c1);
            d1 = zero.add(d1);
            a2 = zero.add(a2);
            b2 = zero.add(b2);
            c2 = zero.add(c2);
            d2 = zero.add(d2);
            a3 = zero.add(a3);
            b3 = zero.add(b3);
            c3 = zero.add(c3);
            d3 = zero.add(d3);
        } else {
            a0 = DoubleVector.fromArray(SPECIES, out, o).add(a0);
            b0 = DoubleVector.fromArray(SPECIES, out, o + L).add(b0);
            c0 = DoubleVector.fromArray(SPECIES, out, o + 2 * L).add(c0);
            d0 = DoubleVector.fromArray(SPECIES, out, o + 3 * L).add(d0);
            a1 = DoubleVector.fromArray(SPECIES, out, o1).add(a1);
            b1 = DoubleVector.fromArray(SPECIES, out, o1 + L).add(b1);
            c1 = DoubleVector.fromArray(SPECIES, out, o1 + 2 * L).add(c1);
            d1 = DoubleVector.fromArray(SPECIES, out, o1 + 3 * L).add(d1);
            a2 = DoubleVector.fromArray(SPECIES, out, o2).add(a2);
            b2 = DoubleVector.fromArray(SPECIES, out, o2 + L).add(b2);
            c2 = DoubleVector.fromArray(SPECIES, out, o2 + 2 * L).add(c2);
            d2 = DoubleVector.fromArray(SPECIES, out, o2 + 3 * L).add(d2);
            a3 = DoubleVector.fromArray(SPECIES, out, o3).add(a3);
            b3 = DoubleVector.fromArray(SPECIES, out, o3 + L).add(b3);
            c3 = DoubleVector.fromArray(SPECIES, out, o3 + 2 * L).add(c3);
            d3 = DoubleVector.fromArray(SPECIES, out, o3 + 3 * L).add(d3);
        }
        a0.intoArray(out, o);
        b0.intoArray(out, o + L);
        c0.intoArray(out, o + 2 * L);
        d0.intoArray(out, o + 3 * L);
        a1.intoArray(out, o1);
        b1.intoArray(out, o1 + L);
        c1.intoArray(out, o1 + 2 * L);
        d1.intoArray(out, o1 + 3 * L);
        a2.intoArray(out, o2);
        b2.intoArray(out, o2 + L);
        c2.intoArray(out, o2 + 2 * L);
        d2.intoArray(out, o2 + 3 * L);
        a3.intoArray(out, o3);
        b3.intoArray(out, o3 + L);
        c3.intoArray(out, o3 + 2 * L);
        d3.intoArray(out, o3 + 3 * L);
    }

    /** {@code sum[at + r] += x[from + r]} for {@code r < n} (a multiple of L), lane-wise. */
    private static void addInto(double[] sum, int at, double[] x, int from, int n) {
        for (int r = 0; r < n; r += L) {
            DoubleVector.fromArray(SPECIES, sum, at + r).add(DoubleVector.fromArray(SPECIES, x, from + r))
                    .intoArray(sum, at + r);
        }
    }

    /**
     * See {@link GroupedSparse#quadTimes} (from row 0): the rows of whole vectors here, the rows below them and a last
     * group of fewer than four coordinates by the plain kernel (each entry's chain in the same order).
     */
    static void quadTimes(double[] mat, int off, int rows, int[] start, int[] index, double[] values, int cols,
                          double[] out) {
        int full = cols / G;
        int vectorRows = rows / L * L;
        for (int q = 0; q < full; q++) {
            int t0 = start[q];
            int t1 = start[q + 1];
            if (t0 == t1) {
                continue;
            }
            int a = off + G * q * rows;
            int i = 0;
            if (QUAD) {
                for (; i + 4 * L <= rows; i += 4 * L) {
                    quadTimesFour(mat, a + i, rows, index, values, t0, t1, out, i);
                }
            }
            for (; i < vectorRows; i += L) {
                quadTimesOne(mat, a + i, rows, index, values, t0, t1, out, i);
            }
        }
        if (vectorRows < rows) {
            GroupedSparse.quadTimes(mat, off, rows, vectorRows, start, index, values, full * G, out);
        }
        if (full * G < cols) {
            // the last group, of fewer than four coordinates: only its own columns, every row
            int[] lastStart = {start[full], start[full + 1]};
            GroupedSparse.quadTimes(mat, off + full * G * rows, rows, 0, lastStart, index, values, cols - full * G,
                    out);
        }
    }

    /**
     * Rows {@code i .. i + 4L} of one full group of four coordinates (columns {@code a + l·rows}, held in 16
     * registers) into every listed point's rows: per point 4 loads, 4 broadcasts, 16 fused multiply-adds (4
     * dependent ones per vector, the coordinates in order) and 4 stores.
     */
    private static void quadTimesFour(double[] mat, int a, int rows, int[] index, double[] values, int t0, int t1,
                                      double[] out, int i) {
        DoubleVector a0 = DoubleVector.fromArray(SPECIES, mat, a);
        DoubleVector a1 = DoubleVector.fromArray(SPECIES, mat, a + L);
        DoubleVector a2 = DoubleVector.fromArray(SPECIES, mat, a + 2 * L);
        DoubleVector a3 = DoubleVector.fromArray(SPECIES, mat, a + 3 * L);
        DoubleVector b0 = DoubleVector.fromArray(SPECIES, mat, a + rows);
        DoubleVector b1 = DoubleVector.fromArray(SPECIES, mat, a + rows + L);
        DoubleVector b2 = DoubleVector.fromArray(SPECIES, mat, a + rows + 2 * L);
        DoubleVector b3 = DoubleVector.fromArray(SPECIES, mat, a + rows + 3 * L);
        DoubleVector c0 = DoubleVector.fromArray(SPECIES, mat, a + 2 * rows);
        DoubleVector c1 = DoubleVector.fromArray(SPECIES, mat, a + 2 * rows + L);
        DoubleVector c2 = DoubleVector.fromArray(SPECIES, mat, a + 2 * rows + 2 * L);
        DoubleVector c3 = DoubleVector.fromArray(SPECIES, mat, a + 2 * rows + 3 * L);
        DoubleVector d0 = DoubleVector.fromArray(SPECIES, mat, a + 3 * rows);
        DoubleVector d1 = DoubleVector.fromArray(SPECIES, mat, a + 3 * rows + L);
        DoubleVector d2 = DoubleVector.fromArray(SPECIES, mat, a + 3 * rows + 2 * L);
        DoubleVector d3 = DoubleVector.fromArray(SPECIES, mat, a + 3 * rows + 3 * L);
        for (int t = t0; t < t1; t++) {
            int o = index[t] * rows + i;
            DoubleVector v0 = DoubleVector.broadcast(SPECIES, values[G * t]);
            DoubleVector v1 = DoubleVector.broadcast(SPECIES, values[G * t + 1]);
            DoubleVector v2 = DoubleVector.broadcast(SPECIES, values[G * t + 2]);
            DoubleVector v3 = DoubleVector.broadcast(SPECIES, values[G * t + 3]);
            DoubleVector y0 = DoubleVector.fromArray(SPECIES, out, o);
            DoubleVector y1 = DoubleVector.fromArray(SPECIES, out, o + L);
            DoubleVector y2 = DoubleVector.fromArray(SPECIES, out, o + 2 * L);
            DoubleVector y3 = DoubleVector.fromArray(SPECIES, out, o + 3 * L);
            y0 = d0.fma(v3, c0.fma(v2, b0.fma(v1, a0.fma(v0, y0))));
            y0.intoArray(out, o);
            y1 = d1.fma(v3, c1.fma(v2, b1.fma(v1, a1.fma(v0, y1))));
            y1.intoArray(out, o + L);
            y2 = d2.fma(v3, c2.fma(v2, b2.fma(v1, a2.fma(v0, y2))));
            y2.intoArray(out, o + 2 * L);
            y3 = d3.fma(v3, c3.fma(v2, b3.fma(v1, a3.fma(v0, y3))));
            y3.intoArray(out, o + 3 * L);
        }
    }

    /** Rows {@code i .. i + L} of one full group of four coordinates into every listed point's rows. */
    private static void quadTimesOne(double[] mat, int a, int rows, int[] index, double[] values, int t0, int t1,
                                     double[] out, int i) {
        DoubleVector a0 = DoubleVector.fromArray(SPECIES, mat, a);
        DoubleVector b0 = DoubleVector.fromArray(SPECIES, mat, a + rows);
        DoubleVector c0 = DoubleVector.fromArray(SPECIES, mat, a + 2 * rows);
        DoubleVector d0 = DoubleVector.fromArray(SPECIES, mat, a + 3 * rows);
        for (int t = t0; t < t1; t++) {
            int o = index[t] * rows + i;
            DoubleVector y = DoubleVector.fromArray(SPECIES, out, o);
            y = a0.fma(DoubleVector.broadcast(SPECIES, values[G * t]), y);
            y = b0.fma(DoubleVector.broadcast(SPECIES, values[G * t + 1]), y);
            y = c0.fma(DoubleVector.broadcast(SPECIES, values[G * t + 2]), y);
            y = d0.fma(DoubleVector.broadcast(SPECIES, values[G * t + 3]), y);
            y.intoArray(out, o);
        }
    }

    /** Rows {@code base .. base + 2L} times one group of four, into {@code lanes}. */
    private static void pair(double[] src, int base, int rows, int[] index, int t0, int t1, double[] values,
                             double[] lanes) {
        DoubleVector a0 = DoubleVector.zero(SPECIES);
        DoubleVector a1 = a0;
        DoubleVector a2 = a0;
        DoubleVector a3 = a0;
        DoubleVector b0 = a0;
        DoubleVector b1 = a0;
        DoubleVector b2 = a0;
        DoubleVector b3 = a0;
        for (int t = t0; t < t1; t++) {
            int a = base + index[t] * rows;
            DoubleVector ra = DoubleVector.fromArray(SPECIES, src, a);
            DoubleVector rb = DoubleVector.fromArray(SPECIES, src, a + L);
            DoubleVector v0 = DoubleVector.broadcast(SPECIES, values[G * t]);
            DoubleVector v1 = DoubleVector.broadcast(SPECIES, values[G * t + 1]);
            DoubleVector v2 = DoubleVector.broadcast(SPECIES, values[G * t + 2]);
            DoubleVector v3 = DoubleVector.broadcast(SPECIES, values[G * t + 3]);
            a0 = ra.fma(v0, a0);
            a1 = ra.fma(v1, a1);
            a2 = ra.fma(v2, a2);
            a3 = ra.fma(v3, a3);
            b0 = rb.fma(v0, b0);
            b1 = rb.fma(v1, b1);
            b2 = rb.fma(v2, b2);
            b3 = rb.fma(v3, b3);
        }
        int w = 2 * L;
        a0.intoArray(lanes, 0);
        b0.intoArray(lanes, L);
        a1.intoArray(lanes, w);
        b1.intoArray(lanes, w + L);
        a2.intoArray(lanes, 2 * w);
        b2.intoArray(lanes, 2 * w + L);
        a3.intoArray(lanes, 3 * w);
        b3.intoArray(lanes, 3 * w + L);
    }

    /** Rows {@code base .. base + L} times one group of four, into {@code lanes}. */
    private static void single(double[] src, int base, int rows, int[] index, int t0, int t1, double[] values,
                               double[] lanes) {
        DoubleVector a0 = DoubleVector.zero(SPECIES);
        DoubleVector a1 = a0;
        DoubleVector a2 = a0;
        DoubleVector a3 = a0;
        for (int t = t0; t < t1; t++) {
            DoubleVector r = DoubleVector.fromArray(SPECIES, src, base + index[t] * rows);
            a0 = r.fma(DoubleVector.broadcast(SPECIES, values[G * t]), a0);
            a1 = r.fma(DoubleVector.broadcast(SPECIES, values[G * t + 1]), a1);
            a2 = r.fma(DoubleVector.broadcast(SPECIES, values[G * t + 2]), a2);
            a3 = r.fma(DoubleVector.broadcast(SPECIES, values[G * t + 3]), a3);
        }
        a0.intoArray(lanes, 0);
        a1.intoArray(lanes, L);
        a2.intoArray(lanes, 2 * L);
        a3.intoArray(lanes, 3 * L);
    }
}
