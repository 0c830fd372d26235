package io.github.pontryagin.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.hipparchus.dfp.Dfp;
import org.hipparchus.dfp.DfpField;
import org.hipparchus.dfp.DfpMath;
import org.junit.jupiter.api.Test;

import io.github.pontryagin.core.field.Activation;

/** FastTanh: error bound against a 40-digit reference, and the same bits from the scalar and SIMD code. */
class FastTanhTest {

    private static final DfpField FIELD = new DfpField(40);

    /**
     * tanh x to about 37 digits: (e^{2x} − 1)/(e^{2x} + 1) in 40-digit arithmetic, and for |x| &lt; 10⁻³ (where that
     * cancels) the series x − x³/3 + 2x⁵/15 − 17x⁷/315 (next term below 10⁻²⁶ relative).
     */
    private static double reference(double x) {
        Dfp dx = FIELD.newDfp(x);
        if (Math.abs(x) < 1e-3) {
            Dfp x2 = dx.multiply(dx);
            Dfp series = FIELD.newDfp(-17).divide(315).multiply(x2).add(FIELD.newDfp(2).divide(15)).multiply(x2)
                    .subtract(FIELD.newDfp(1).divide(3)).multiply(x2).add(1);
            return dx.multiply(series).toDouble();
        }
        Dfp e = DfpMath.exp(dx.multiply(2));
        return e.subtract(1).divide(e.add(1)).toDouble();
    }

    private static double[] samples() {
        SplittableRandom random = new SplittableRandom(42);
        double[] x = new double[40_000];
        for (int i = 0; i < x.length; i++) {
            double magnitude = switch (i % 4) {
                case 0 -> random.nextDouble() * 0.4;                  // the k = 0 branch and its edge
                case 1 -> random.nextDouble() * 4;                    // where the network lives
                case 2 -> random.nextDouble() * 25;                   // up to and past the clamp
                default -> Math.pow(10, -random.nextDouble() * 300);   // tiny arguments
            };
            x[i] = random.nextBoolean() ? magnitude : -magnitude;
        }
        return x;
    }

    @Test
    void fastTanhIsWithinFourUlpOfTheExactValue() {
        double worst = 0;
        for (double x : samples()) {
            double exact = reference(x);
            double ulps = Math.abs(FastTanh.tanh(x) - exact) / Math.ulp(exact);
            worst = Math.max(worst, ulps);
            assertTrue(ulps <= 4, "tanh(" + x + "): " + FastTanh.tanh(x) + " vs exact " + exact + " = " + ulps + " ulp");
        }
        assertTrue(worst > 0, "the comparison must see some rounding");
    }

    @Test
    void specialValuesKeepTheirMeaning() {
        assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(FastTanh.tanh(0.0)));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(FastTanh.tanh(-0.0)));
        assertEquals(1.0, FastTanh.tanh(Double.POSITIVE_INFINITY));
        assertEquals(-1.0, FastTanh.tanh(Double.NEGATIVE_INFINITY));
        assertEquals(1.0, FastTanh.tanh(1e300));
        assertEquals(-1.0, FastTanh.tanh(-19.5));
        assertTrue(Double.isNaN(FastTanh.tanh(Double.NaN)));
        assertEquals(Double.MIN_VALUE, FastTanh.tanh(Double.MIN_VALUE));
    }

    @Test
    void batchedKernelsGiveTheSameBitsAsTheScalarFunctionAtEveryPosition() {
        double[] x = samples();
        double[] special = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e-310, 20, -20};
        System.arraycopy(special, 0, x, 3, special.length);
        for (int n : new int[] {x.length - 2, 1, 3, 7, 13}) {
            for (int offset : new int[] {0, 1, 2}) {
                double[] value = new double[n + offset];
                double[] slope = new double[n + offset];
                FastTanh.applyWithSlope(x, offset, n, value, offset, slope, offset);
                double[] only = new double[n];
                FastTanh.apply(x, offset, n, only, 0);
                for (int k = 0; k < n; k++) {
                    double t = FastTanh.tanh(x[offset + k]);
                    assertEquals(Double.doubleToRawLongBits(t), Double.doubleToRawLongBits(value[offset + k]));
                    assertEquals(Double.doubleToRawLongBits(t), Double.doubleToRawLongBits(only[k]));
                    assertEquals(Double.doubleToRawLongBits(1 - t * t), Double.doubleToRawLongBits(slope[offset + k]));
                }
            }
        }
    }

    @Test
    void tanhActivationUsesTheFastTanhAndAgreesWithMathTanh() {
        for (double x : samples()) {
            assertEquals(FastTanh.tanh(x), Activation.TANH.value(x));
            assertEquals(Math.tanh(x), Activation.TANH.value(x), 1e-15 * Math.abs(Math.tanh(x)), "tanh(" + x + ")");
        }
    }
}
