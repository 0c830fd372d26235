package io.github.pontryagin.odenets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class NetInputsTest {

    @Test
    void allFiniteFindsEveryNonFiniteValueAtEveryPlace() {
        double[] specials = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        double[] finite = {0.0, -0.0, 1.0, -Double.MAX_VALUE, Double.MAX_VALUE, Double.MIN_VALUE};
        for (int n = 0; n <= 9; n++) {
            for (double f : finite) {
                double[] u = new double[n];
                java.util.Arrays.fill(u, f);
                assertEquals(true, NetInputs.allFinite(u), "n = " + n + ", all " + f);
                for (int at = 0; at < n; at++) {
                    for (double special : specials) {
                        double[] v = u.clone();
                        v[at] = special;
                        assertEquals(false, NetInputs.allFinite(v), "n = " + n + ", " + special + " at " + at);
                    }
                }
            }
        }
    }
}
