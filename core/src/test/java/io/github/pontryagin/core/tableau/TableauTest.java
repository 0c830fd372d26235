package io.github.pontryagin.core.tableau;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Order conditions (Hairer, Nørsett, Wanner, <i>Solving ODEs I</i>, §II.2, rooted trees up to order 4),
 * the Hipparchus conversion, the symplectic partner and the constructor's validation.
 */
class TableauTest {

    private static final double TOL = 1e-14;

    static Stream<Tableau> tableaux() {
        return Tableau.all().stream();
    }

    @Test
    void builtInsCoverThePaperAndHipparchusMethods() {
        assertEquals(List.of("euler", "gill", "heun", "hipparchus-euler", "hipparchus-rk4", "kutta3", "luther",
                "midpoint", "rk4", "three-eighths"), Tableau.names());
        assertEquals(List.of("euler", "heun", "kutta3", "rk4"),
                Tableau.paperTableaux().stream().map(Tableau::name).toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tableaux")
    void builtInsSatisfyTheOrderConditionsUpToTheirOrder(Tableau t) {
        List<String> violated = violatedOrderConditions(t, Math.min(t.order(), 4));
        assertTrue(violated.isEmpty(), t.name() + " violates " + violated);
    }

    /**
     * The order conditions up to {@code order} (≤ 4; rooted trees, Hairer–Nørsett–Wanner §II.2) that {@code t}
     * violates by more than {@link #TOL}; empty when it satisfies all of them.
     */
    static List<String> violatedOrderConditions(Tableau t, int order) {
        int s = t.stages();
        double[][] a = t.a();
        double[] b = t.b();
        double[] c = t.c();
        List<String> violated = new java.util.ArrayList<>();
        check(violated, "Σ b_i = 1", sum(s, i -> b[i]), 1.0);
        if (order >= 2) {
            check(violated, "Σ b_i c_i = 1/2", sum(s, i -> b[i] * c[i]), 1.0 / 2);
        }
        if (order >= 3) {
            check(violated, "Σ b_i c_i² = 1/3", sum(s, i -> b[i] * c[i] * c[i]), 1.0 / 3);
            check(violated, "Σ b_i a_ij c_j = 1/6", sum(s, i -> b[i] * dot(a[i], c)), 1.0 / 6);
        }
        if (order >= 4) {
            double[] c2 = new double[s];
            double[] ac = new double[s];
            for (int j = 0; j < s; j++) {
                c2[j] = c[j] * c[j];
                ac[j] = dot(a[j], c);
            }
            check(violated, "Σ b_i c_i³ = 1/4", sum(s, i -> b[i] * c[i] * c[i] * c[i]), 1.0 / 4);
            check(violated, "Σ b_i c_i a_ij c_j = 1/8", sum(s, i -> b[i] * c[i] * dot(a[i], c)), 1.0 / 8);
            check(violated, "Σ b_i a_ij c_j² = 1/12", sum(s, i -> b[i] * dot(a[i], c2)), 1.0 / 12);
            check(violated, "Σ b_i a_ij a_jk c_k = 1/24", sum(s, i -> b[i] * dot(a[i], ac)), 1.0 / 24);
        }
        return violated;
    }

    private static void check(List<String> violated, String condition, double value, double expected) {
        if (!(Math.abs(value - expected) <= TOL)) {
            violated.add(condition + " (got " + value + ")");
        }
    }

    @Test
    void orderConditionsCatchAWrongWeightAndAWrongCoefficient() {
        double[] wrongWeights = {1.0 / 6 + 0.01, 1.0 / 3 - 0.01, 1.0 / 3, 1.0 / 6};
        Tableau perturbedWeight = new Tableau("perturbed-b-rk4", 4, Tableau.rk4().a(), wrongWeights,
                Tableau.rk4().c());
        List<String> violated = violatedOrderConditions(perturbedWeight, 4);
        assertTrue(violated.stream().anyMatch(v -> v.startsWith("Σ b_i c_i = 1/2")),
                "the checker must flag a perturbed weight: " + violated);
        double[][] a = Tableau.rk4().a();
        a[2][1] += 1e-3;
        a[2][0] -= 1e-3; // keeps c_3 = Σ_j a_3j
        Tableau perturbedCoefficient = new Tableau("perturbed-a-rk4", 4, a, Tableau.rk4().b(), Tableau.rk4().c());
        List<String> violatedA = violatedOrderConditions(perturbedCoefficient, 4);
        assertTrue(violatedA.stream().anyMatch(v -> v.startsWith("Σ b_i a_ij c_j = 1/6")),
                "the checker must flag a perturbed a_32, a_31 (a third-order condition): " + violatedA);
        assertTrue(violatedOrderConditions(perturbedCoefficient, 2).isEmpty(),
                "with the row sum kept, a_3j does not enter the conditions up to order 2");
    }

    @Test
    void hipparchusRk4ConvertsToTheHandWrittenRk4() {
        Tableau h = Tableau.byName("hipparchus-rk4");
        Tableau r = Tableau.rk4();
        assertEquals(4, h.stages());
        assertArrayEquals(r.c(), h.c(), 0.0, "c with the leading zero restored");
        assertArrayEquals(r.b(), h.b(), 0.0);
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(r.a()[i], h.a()[i], 0.0, "row " + i + " of a (row 0 all zero)");
        }
        assertEquals(0.0, h.c(0), 0.0);
    }

    @Test
    void hipparchusEulerConvertsToTheHandWrittenEuler() {
        Tableau h = Tableau.byName("hipparchus-euler");
        assertEquals(1, h.stages());
        assertArrayEquals(new double[] {1}, h.b(), 0.0);
        assertArrayEquals(new double[] {0}, h.c(), 0.0);
        assertArrayEquals(new double[] {0}, h.a()[0], 0.0);
    }

    @Test
    void hipparchusMidpointKeepsItsZeroFirstWeight() {
        Tableau mid = Tableau.byName("midpoint");
        assertEquals(2, mid.stages());
        assertArrayEquals(new double[] {0, 0.5}, mid.c(), 0.0);
        assertArrayEquals(new double[] {0, 0}, mid.a()[0], 0.0);
        assertArrayEquals(new double[] {0.5, 0}, mid.a()[1], 0.0);
        assertArrayEquals(new double[] {0, 1}, mid.b(), 0.0);
        assertFalse(mid.hasNonZeroWeights());
    }

    /** The tableaux with a partner: every built-in except those with a zero weight (see partnerRejectsAZeroWeight). */
    static Stream<Tableau> tableauxWithNonZeroWeights() {
        return Tableau.all().stream().filter(Tableau::hasNonZeroWeights);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tableauxWithNonZeroWeights")
    void partnerSatisfiesTheSymplecticityCondition(Tableau t) {
        double[][] a = t.a();
        double[] b = t.b();
        double[][] bar = t.partner().partnerA();
        for (int i = 0; i < b.length; i++) {
            for (int j = 0; j < b.length; j++) {
                double residual = b[i] * bar[i][j] + b[j] * a[j][i] - b[i] * b[j];
                assertEquals(0.0, residual, 1e-15,
                        t.name() + ": b_i ā_ij + b_j a_ji - b_i b_j for i=" + i + ", j=" + j);
            }
        }
    }

    @Test
    void onlyMidpointAndLutherHaveZeroWeights() {
        List<String> zeroWeights = Tableau.all().stream().filter(t -> !t.hasNonZeroWeights()).map(Tableau::name)
                .toList();
        assertEquals(List.of("luther", "midpoint"), zeroWeights);
    }

    @Test
    void partnerRejectsAZeroWeight() {
        assertMessage(() -> Tableau.byName("midpoint").partner(), "midpoint", "b[0] = 0");
        assertMessage(() -> Tableau.byName("luther").partner(), "luther", "b[1] = 0");
    }

    @Test
    void constructorRejectsAnImplicitEntry() {
        assertMessage(() -> new Tableau("implicit", 1, new double[][] {{0.5, 0}, {0, 0}},
                new double[] {0.5, 0.5}, new double[] {0.5, 0}), "not explicit", "a[0][0] = 0.5");
    }

    @Test
    void constructorRejectsNodesThatAreNotRowSums() {
        assertMessage(() -> new Tableau("bad-c", 2, new double[][] {{0, 0}, {1, 0}},
                new double[] {0.5, 0.5}, new double[] {0, 0.7}), "c[1] = 0.7", "row sum", "1.0");
    }

    @Test
    void constructorRejectsNonFiniteEntries() {
        assertMessage(() -> new Tableau("nan", 2, new double[][] {{0, 0}, {Double.NaN, 0}},
                new double[] {0.5, 0.5}, new double[] {0, 1}), "a[1][0] = NaN", "not finite");
        assertMessage(() -> new Tableau("inf", 1, new double[][] {{0}},
                new double[] {Double.POSITIVE_INFINITY}, new double[] {0}), "b[0] = Infinity", "not finite");
    }

    @Test
    void constructorRejectsMismatchedSizes() {
        assertMessage(() -> new Tableau("sizes", 1, new double[][] {{0, 0}, {1, 0}},
                new double[] {0.5, 0.5}, new double[] {0}), "sizes disagree", "c has 1");
        assertMessage(() -> new Tableau("ragged", 1, new double[][] {{0, 0}, {1}},
                new double[] {0.5, 0.5}, new double[] {0, 1}), "row 1 of a", "2 entries", "got 1");
    }

    @Test
    void constructorRejectsWeightsThatDoNotSumToOne() {
        assertMessage(() -> new Tableau("weights", 1, new double[][] {{0, 0}, {1, 0}},
                new double[] {0.5, 0.6}, new double[] {0, 1}), "weights b sum to 1.1", "must sum to 1");
    }

    @Test
    void implicitTableauHasTheSameChecksButAllowsAFullMatrix() {
        ImplicitTableau full = new ImplicitTableau("full", 1, new double[][] {{0.25, 0.25}, {0.5, 0.5}},
                new double[] {0.5, 0.5}, new double[] {0.5, 1});
        assertEquals(0.25, full.a(0, 1));
        assertMessage(() -> new ImplicitTableau("rows", 1, new double[][] {{0.25, 0.25}, {0.5, 0.5}},
                new double[] {0.5, 0.5}, new double[] {0.5, 0.9}), "implicit tableau 'rows'", "c[1] = 0.9",
                "row sum of a is 1.0");
        assertMessage(() -> new ImplicitTableau("weights", 1, new double[][] {{1}}, new double[] {0.9},
                new double[] {1}), "implicit tableau 'weights'", "weights b sum to 0.9");
        assertMessage(() -> new ImplicitTableau("nan", 1, new double[][] {{Double.NaN}}, new double[] {1},
                new double[] {1}), "implicit tableau 'nan'", "a[0][0] = NaN", "not finite");
        assertMessage(() -> new Tableau("full", 1, new double[][] {{0.25, 0.25}, {0.5, 0.5}},
                new double[] {0.5, 0.5}, new double[] {0.5, 1}), "tableau 'full' is not explicit", "a[0][0] = 0.25");
    }

    @Test
    void byNameRejectsUnknownNamesListingTheAcceptedOnes() {
        assertMessage(() -> Tableau.byName("dopri5"), "unknown tableau 'dopri5'", "rk4", "luther");
        assertEquals("rk4", Tableau.byName(" RK4 ").name());
    }

    private static void assertMessage(Executable call, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment),
                    () -> "message '" + e.getMessage() + "' should contain '" + fragment + "'");
        }
    }

    private interface Term {
        double at(int i);
    }

    private static double sum(int s, Term term) {
        double total = 0;
        for (int i = 0; i < s; i++) {
            total += term.at(i);
        }
        return total;
    }

    private static double dot(double[] x, double[] y) {
        double total = 0;
        for (int i = 0; i < x.length; i++) {
            total += x[i] * y[i];
        }
        return total;
    }
}
