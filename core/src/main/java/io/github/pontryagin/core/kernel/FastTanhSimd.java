package io.github.pontryagin.core.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD variant of {@link FastTanh#apply} and {@link FastTanh#applyWithSlope}: the scalar operation sequence on all
 * lanes, so the same bits.
 */
final class FastTanhSimd {

    private static final VectorSpecies<Double> SPECIES = Simd.SPECIES;
    private static final int L = Simd.L;

    private FastTanhSimd() {
    }

    /**
     * {@link FastTanh#tanh} on the whole vectors of the slice, with {@code slope = 1 − tanh²} when {@code slope}
     * is not null; returns how many leading elements were done (the caller finishes the tail with the scalar
     * function, which gives the same bits).
     */
    static int tanh(double[] z, int zOff, int n, double[] out, int outOff, double[] slope, int slopeOff) {
        int upper = n - n % L;
        double[] c = FastTanh.COEFFICIENTS;
        for (int k = 0; k < upper; k += L) {
            DoubleVector x = DoubleVector.fromArray(SPECIES, z, zOff + k);
            DoubleVector a = x.abs().min(FastTanh.CLAMP);
            DoubleVector t = a.mul(-2.0);
            DoubleVector shifted = t.fma(FastTanh.INV_LN2, FastTanh.SHIFTER);
            DoubleVector kd = shifted.sub(FastTanh.SHIFTER);
            DoubleVector r = kd.fma(DoubleVector.broadcast(SPECIES, -FastTanh.LN2_HI), t);
            r = kd.fma(DoubleVector.broadcast(SPECIES, -FastTanh.LN2_LO), r);
            DoubleVector r2 = r.mul(r);
            DoubleVector r4 = r2.mul(r2);
            DoubleVector e0 = DoubleVector.broadcast(SPECIES, c[1]).fma(r, DoubleVector.broadcast(SPECIES, c[0]));
            DoubleVector e1 = DoubleVector.broadcast(SPECIES, c[3]).fma(r, DoubleVector.broadcast(SPECIES, c[2]));
            DoubleVector e2 = DoubleVector.broadcast(SPECIES, c[5]).fma(r, DoubleVector.broadcast(SPECIES, c[4]));
            DoubleVector e3 = DoubleVector.broadcast(SPECIES, c[7]).fma(r, DoubleVector.broadcast(SPECIES, c[6]));
            DoubleVector e4 = DoubleVector.broadcast(SPECIES, c[9]).fma(r, DoubleVector.broadcast(SPECIES, c[8]));
            DoubleVector e5 = DoubleVector.broadcast(SPECIES, c[11]).fma(r, DoubleVector.broadcast(SPECIES, c[10]));
            DoubleVector f0 = e1.fma(r2, e0);
            DoubleVector f1 = e3.fma(r2, e2);
            DoubleVector f2 = e5.fma(r2, e4);
            DoubleVector q = f2.fma(r4, f1).fma(r4, f0);
            DoubleVector p = q.fma(r2, r);
            LongVector exponent = shifted.reinterpretAsLongs().sub(FastTanh.SHIFTER_BITS);
            DoubleVector s = exponent.add(1023L).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
            DoubleVector em = s.fma(p, s.sub(1.0));
            DoubleVector th = em.neg().div(em.add(2.0));
            LongVector signBit = x.reinterpretAsLongs().and(Long.MIN_VALUE);
            DoubleVector value = th.reinterpretAsLongs().and(Long.MAX_VALUE).or(signBit).reinterpretAsDoubles();
            value.intoArray(out, outOff + k);
            if (slope != null) {
                DoubleVector one = DoubleVector.broadcast(SPECIES, 1.0);
                one.sub(value.mul(value)).intoArray(slope, slopeOff + k);
            }
        }
        return upper;
    }
}
