package io.github.pontryagin.core.tableau;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Stability functions against the textbook formulas (Hairer and Wanner, Solving ODEs II, §IV.2–IV.3, §IV.12). */
class StabilityFunctionTest {

    @Test
    void explicitStabilityPolynomialsAreTruncatedExponentialsForOrderEqualStages() {
        assertArrayEquals(new double[] {1, 1}, Tableau.euler().stabilityFunction().polynomialCoefficients(), 0);
        assertArrayEquals(new double[] {1, 1, 0.5}, Tableau.heun().stabilityFunction().polynomialCoefficients(),
                1e-15);
        assertArrayEquals(new double[] {1, 1, 0.5, 1.0 / 6},
                Tableau.kutta3().stabilityFunction().polynomialCoefficients(), 1e-15);
        assertArrayEquals(new double[] {1, 1, 0.5, 1.0 / 6, 1.0 / 24},
                Tableau.rk4().stabilityFunction().polynomialCoefficients(), 1e-15);
    }

    @Test
    void implicitStabilityFunctionsMatchTheirClosedForms() {
        StabilityFunction euler = ImplicitTableau.implicitEuler().stabilityFunction();
        StabilityFunction midpoint = ImplicitTableau.implicitMidpoint().stabilityFunction();
        StabilityFunction gauss = ImplicitTableau.gaussLegendre2().stabilityFunction();
        double[][] points = {{-3, 0.5}, {0.4, -2}, {-0.1, 7}, {1.5, 0.2}};
        for (double[] z : points) {
            double re = z[0];
            double im = z[1];
            // 1/(1 − z)
            double den = (1 - re) * (1 - re) + im * im;
            assertArrayEquals(new double[] {(1 - re) / den, im / den}, euler.value(re, im), 1e-14);
            // (1 + z/2)/(1 − z/2)
            double nr = 1 + re / 2;
            double ni = im / 2;
            double dr = 1 - re / 2;
            double di = -im / 2;
            double dd = dr * dr + di * di;
            assertArrayEquals(new double[] {(nr * dr + ni * di) / dd, (ni * dr - nr * di) / dd},
                    midpoint.value(re, im), 1e-14);
            // (1 + z/2 + z²/12)/(1 − z/2 + z²/12)
            double z2r = re * re - im * im;
            double z2i = 2 * re * im;
            double gr = 1 + re / 2 + z2r / 12;
            double gi = im / 2 + z2i / 12;
            double hr = 1 - re / 2 + z2r / 12;
            double hi = -im / 2 + z2i / 12;
            double hh = hr * hr + hi * hi;
            assertArrayEquals(new double[] {(gr * hr + gi * hi) / hh, (gi * hr - gr * hi) / hh},
                    gauss.value(re, im), 1e-13);
        }
        assertThrows(IllegalStateException.class, euler::polynomialCoefficients);
    }

    @Test
    void diskOfContractivityIsOneForEulerAndBoundedByTheRealStabilityInterval() {
        assertEquals(1.0, Tableau.euler().stabilityFunction().diskRadius(), 1e-8);
        for (Tableau tableau : Tableau.all()) {
            StabilityFunction r = tableau.stabilityFunction();
            double radius = r.diskRadius();
            System.out.printf("disk of contractivity  %-16s r = %.6f%n", tableau.name(), radius);
            assertTrue(radius > 0 && radius <= tableau.stages(), tableau.name() + ": r = " + radius
                    + " must be in (0, s] (Dahlquist and Jeltsch 1979)");
            // the disk's far end −2r lies in the region, slightly beyond it not
            assertTrue(r.contains(-2 * radius, 0), tableau.name());
            assertFalse(diskInside(r, radius * 1.001), tableau.name() + ": a larger disk must leave the region");
        }
    }

    @Test
    void thresholdFactorIsOneForTaylorPolynomialsAndNeverExceedsTheDisk() {
        for (Tableau tableau : Tableau.all()) {
            StabilityFunction r = tableau.stabilityFunction();
            double threshold = r.thresholdFactor();
            System.out.printf("threshold factor       %-16s r = %.6f%n", tableau.name(), threshold);
            assertTrue(threshold <= r.diskRadius() + 1e-9, tableau.name());
            if (tableau.order() == tableau.stages()) { // R is the Taylor polynomial of e^z of degree s
                assertEquals(1.0, threshold, 1e-9, tableau.name());
            }
            // R is a convex combination of powers of (1 + z/r): on [−r, 0] its values lie in [0, 1]
            for (int q = 0; q <= 50; q++) {
                double value = r.value(-threshold * q / 50.0, 0)[0];
                assertTrue(value >= -1e-12 && value <= 1 + 1e-12, tableau.name() + ": R = " + value);
            }
        }
        // Taylor polynomial of degree 2 at −(1 + ε): R'' = 1 > 0, R' = 1 + z < 0, so the factor is exactly 1
        assertThrows(IllegalStateException.class, () -> ImplicitTableau.implicitEuler().stabilityFunction()
                .thresholdFactor());
    }

    @Test
    void implicitMethodsAreAStableAndAlgebraicallyStableWhileExplicitOnesAreNot() {
        for (ImplicitTableau tableau : ImplicitTableau.all()) {
            StabilityFunction r = tableau.stabilityFunction();
            assertEquals(Double.POSITIVE_INFINITY, r.diskRadius(), tableau.name());
            assertTrue(r.isAlgebraicallyStable(), tableau.name());
            assertTrue(r.contains(-1e4, 3e3) && r.contains(-1e-3, 50), tableau.name());
        }
        for (Tableau tableau : Tableau.all()) {
            assertFalse(tableau.stabilityFunction().isAlgebraicallyStable(), tableau.name());
        }
        // midpoint and Gauss: |R| = 1 on the imaginary axis (symplectic), implicit Euler strictly inside
        assertEquals(1.0, ImplicitTableau.implicitMidpoint().stabilityFunction().modulus(0, 3.7), 1e-15);
        assertEquals(1.0, ImplicitTableau.gaussLegendre2().stabilityFunction().modulus(0, 3.7), 1e-14);
        assertTrue(ImplicitTableau.implicitEuler().stabilityFunction().modulus(0, 3.7) < 0.3);
    }

    @Test
    void implicitTableauRejectsInconsistentCoefficients() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ImplicitTableau("bad", 1, new double[][] {{0.5}}, new double[] {1}, new double[] {1}));
        assertTrue(e.getMessage().contains("c[0] = 1.0 but the row sum of a is 0.5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ImplicitTableau.byName("radau"));
        assertTrue(e.getMessage().contains("implicit-euler"), e.getMessage());
    }

    private static boolean diskInside(StabilityFunction r, double radius) {
        for (int q = 0; q <= 20000; q++) {
            double phi = Math.PI * q / 20000;
            if (!r.contains(-radius + radius * Math.cos(phi), radius * Math.sin(phi))) {
                return false;
            }
        }
        return true;
    }
}
