package io.github.pontryagin.core.field;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;

import org.hipparchus.analysis.differentiation.Gradient;
import org.hipparchus.util.Binary64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ActivationTest {

    /** Points in [−6, 6] that stay at least 0.05 away from the ReLU kink at 0. */
    private static double[] grid() {
        double[] x = new double[121];
        for (int i = 0; i < x.length; i++) {
            x[i] = -6 + 0.1 * i + 0.05;
        }
        return x;
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void derivativeMatchesCentralDifference(Activation a) {
        double h = 1e-5;
        for (double x : grid()) {
            double fd = (a.value(x + h) - a.value(x - h)) / (2 * h);
            assertEquals(fd, a.derivative(x), 1e-9, a + ": σ'(" + x + ")");
        }
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void genericValueEqualsScalarValue(Activation a) {
        for (double x : grid()) {
            double expected = a.value(x);
            assertEquals(expected, a.value(new Binary64(x)).getReal(), 1e-15 * Math.max(1, Math.abs(expected)),
                    a + ": generic σ(" + x + ")");
        }
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void automaticDerivativeOfGenericValueEqualsDerivative(Activation a) {
        for (double x : grid()) {
            Gradient g = a.value(Gradient.variable(1, 0, x));
            assertEquals(a.derivative(x), g.getPartialDerivative(0), 1e-15, a + ": AD σ'(" + x + ")");
        }
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void valueAndDerivativeEqualsSeparateCalls(Activation a) {
        double[] z = grid();
        int n = z.length;
        double[] value = new double[n];
        double[] slope = new double[n];
        a.valueAndDerivative(z, n, value, slope);
        double[] separateValue = new double[n];
        double[] separateSlope = new double[n];
        a.apply(z, n, separateValue);
        a.derivative(z, n, separateSlope);
        assertArrayEquals(separateValue, value, 0.0, a + ": values");
        assertArrayEquals(separateSlope, slope, 0.0, a + ": slopes");

        double[] shared = new double[3 * n];
        System.arraycopy(z, 0, shared, n, n);
        a.valueAndDerivative(shared, n, n, shared, 2 * n, shared, n);
        for (int k = 0; k < n; k++) {
            assertEquals(value[k], shared[2 * n + k], 0.0, a + ": value written to a slice");
            assertEquals(slope[k], shared[n + k], 0.0, a + ": slope written over its input slice");
        }
    }

    @Test
    void softplusAndSigmoidAreStableAtLargeArguments() {
        assertEquals(800.0, Activation.SOFTPLUS.value(800), 0.0);
        assertEquals(0.0, Activation.SOFTPLUS.value(-800), 0.0);
        assertEquals(1.0, Activation.SOFTPLUS.derivative(800), 0.0);
        assertEquals(0.0, Activation.SOFTPLUS.derivative(-800), 0.0);
        assertEquals(1.0, Activation.SIGMOID.value(800), 0.0);
        assertEquals(0.0, Activation.SIGMOID.value(-800), 0.0);
        assertEquals(0.0, Activation.SIGMOID.derivative(800), 0.0);
        assertEquals(0.0, Activation.SIGMOID.derivative(-800), 0.0);
        for (Activation a : new Activation[] {Activation.SOFTPLUS, Activation.SIGMOID}) {
            for (double x : new double[] {-800, 800}) {
                Gradient g = a.value(Gradient.variable(1, 0, x));
                assertTrue(Double.isFinite(g.getValue()), a + " generic value at " + x + " is " + g.getValue());
                assertEquals(a.value(x), g.getValue(), 0.0, a + " generic value at " + x);
                assertEquals(a.derivative(x), g.getPartialDerivative(0), 0.0, a + " generic derivative at " + x);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void byNameRoundTripsIgnoringCaseAndSpaces(Activation a) {
        assertSame(a, Activation.byName(a.id()));
        assertSame(a, Activation.byName(" " + a.id().toUpperCase(Locale.ROOT) + " "));
    }

    @Test
    void byNameRejectsUnknownNamesListingTheAcceptedOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Activation.byName("gelu"));
        assertTrue(e.getMessage().contains("'gelu'"), e.getMessage());
        for (Activation a : Activation.values()) {
            assertTrue(e.getMessage().contains(a.id()), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Activation.byName(null));
    }
}
