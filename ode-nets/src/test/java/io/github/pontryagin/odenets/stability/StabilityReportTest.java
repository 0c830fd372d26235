package io.github.pontryagin.odenets.stability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.SingularOps_DDRM;
import org.junit.jupiter.api.Test;

import io.github.pontryagin.adjoint.LayerUpdate;
import io.github.pontryagin.core.field.Activation;
import io.github.pontryagin.core.field.VectorFieldSpec;
import io.github.pontryagin.core.tableau.ImplicitTableau;
import io.github.pontryagin.core.tableau.Tableau;
import io.github.pontryagin.odenets.OdeNet;
import io.github.pontryagin.odenets.Parameters;
import io.github.pontryagin.odenets.StepSizePolicy;

/**
 * {@link StabilityReport} against independent computations: singular values (EJML SVD), the theorem for the gradient
 * family, random points of the box of D, closed-form stability functions, and the measured growth against the bounds.
 */
class StabilityReportTest {

    private static final int D = 4;
    private static final int M = 40;

    private static OdeNet net(String family, Activation activation, LayerUpdate update, int layers, double horizon,
                              long seed) {
        return net(family, activation, update, layers, horizon, seed, StepSizePolicy.FIXED);
    }

    private static OdeNet net(String family, Activation activation, LayerUpdate update, int layers, double horizon,
                              long seed, StepSizePolicy steps) {
        return OdeNet.builder().inputDimension(2).width(D).layers(layers).layerUpdate(update)
                .field(VectorFieldSpec.of(family).withActivation(activation)).stepSizes(steps)
                .horizon(horizon).seed(seed).build();
    }

    private static double[] inputs(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] x = new double[2 * M];
        for (int q = 0; q < x.length; q++) {
            x[q] = 2 * random.nextDouble() - 1;
        }
        return x;
    }

    /** Scales every K block (random initialisation is small) so that the analysis sees non-trivial Jacobians. */
    private static void scaleK(OdeNet net, String block, double factor) {
        double[] u = net.parameters().clone();
        for (int n = 0; n < net.layers(); n++) {
            Parameters.Block k = net.layout().layer(n).block(block);
            for (int q = k.offset(); q < k.end(); q++) {
                u[q] *= factor;
            }
        }
        net.setParameters(u);
    }

    private static double[] singularValues(OdeNet net, int n, String block) {
        Parameters.Block k = net.layout().layer(n).block(block);
        DMatrixRMaj matrix = new DMatrixRMaj(k.rows(), k.cols());
        System.arraycopy(net.parameters(), k.offset(), matrix.data, 0, k.size());
        double[] s = SingularOps_DDRM.singularValues(matrix);
        java.util.Arrays.sort(s);
        return s;
    }

    @Test
    void gradientFamilyIsContractiveWithNuBetweenMinusMuStarSquaredAndZero() {
        for (long seed = 1; seed <= 5; seed++) {
            try (OdeNet tanh = net("gradient", Activation.TANH, LayerUpdate.rungeKutta(Tableau.rk4()), 3, 1.0, seed);
                 OdeNet linear = net("gradient", Activation.IDENTITY, LayerUpdate.rungeKutta(Tableau.rk4()), 3, 1.0,
                         seed)) {
                scaleK(tanh, "K", 3);
                scaleK(linear, "K", 3);
                StabilityReport report = StabilityReport.of(tanh, inputs(seed), M);
                StabilityReport exact = StabilityReport.of(linear, inputs(seed), M);
                for (int n = 0; n < 3; n++) {
                    double muStar = singularValues(tanh, n, "K")[0];
                    StabilityReport.Layer layer = report.layers().get(n);
                    assertTrue(layer.oneSidedExact());
                    assertTrue(layer.oneSided() <= 1e-12, "nu <= 0, got " + layer.oneSided());
                    assertTrue(layer.oneSidedAtData() <= 1e-12 && layer.oneSidedAtData() >= -muStar * muStar - 1e-12,
                            "nu at the data " + layer.oneSidedAtData() + " must lie in [-mu*^2, 0] = ["
                                    + (-muStar * muStar) + ", 0]");
                    // σ(s) = s attains the lower end: ν = −μ*²
                    assertEquals(-muStar * muStar, exact.layers().get(n).oneSided(), 1e-10);
                    assertEquals(-muStar * muStar, exact.layers().get(n).oneSidedAtData(), 1e-10);
                    // Lipschitz constant ‖K‖² and the monotonicity constant −1/‖K‖²
                    double norm = singularValues(tanh, n, "K")[D - 1];
                    assertEquals(norm * norm, layer.lipschitz(), 1e-10 * norm * norm);
                    assertEquals(-1 / (norm * norm), layer.monotonicity(), 1e-12);
                }
                assertTrue(report.measuredMax() <= report.lipschitzBound(), report.table());
            }
        }
    }

    @Test
    void measuredGrowthNeverExceedsTheBounds() {
        for (String family : new String[] {"sigma-affine", "gradient", "antisymmetric", "two-layer", "hamiltonian"}) {
            for (Tableau tableau : new Tableau[] {Tableau.euler(), Tableau.rk4()}) {
                try (OdeNet net = net(family, Activation.TANH, LayerUpdate.rungeKutta(tableau), 6, 1.5, 7)) {
                    scaleK(net, family.equals("two-layer") ? "A1" : family.equals("hamiltonian") ? "K1" : "K", 4);
                    StabilityReport report = StabilityReport.of(net, inputs(3), M);
                    assertTrue(report.measuredMedian() <= report.measuredMax());
                    assertTrue(report.measuredMax() <= report.discreteLipschitzBound() * (1 + 1e-12),
                            family + "/" + tableau.name() + "\n" + report.table());
                    assertTrue(report.discreteLipschitzBound() <= report.lipschitzBound() * (1 + 1e-12));
                    if (family.equals("gradient") && tableau == Tableau.euler()) {
                        // symmetric J = −KᵀDK with h‖J‖ ≤ 2: every Euler step is non-expansive, as exp(Σ h ν) = 1 says
                        assertEquals(1.0, report.oneSidedBound(), 0.0);
                        assertTrue(report.measuredMax() <= 1 + 1e-12, report.table());
                    }
                }
            }
        }
    }

    @Test
    void supremumOverTheBoxBoundsEveryInteriorDiagonalAndTheData() {
        try (OdeNet net = net("two-layer", Activation.TANH, LayerUpdate.rungeKutta(Tableau.rk4()), 2, 1.0, 11)) {
            scaleK(net, "A1", 3);
            StabilityReport report = StabilityReport.of(net, inputs(5), M);
            SplittableRandom random = new SplittableRandom(9);
            for (int n = 0; n < 2; n++) {
                FieldLinearisation lin = FieldLinearisation.of(net.field(), net.layout(), n, net.parameters());
                double sup = report.layers().get(n).oneSided();
                assertTrue(report.layers().get(n).oneSidedAtData() <= sup + 1e-12);
                double best = Double.NEGATIVE_INFINITY;
                DMatrixRMaj scaled = new DMatrixRMaj(lin.width(), D);
                DMatrixRMaj jacobian = new DMatrixRMaj(D, D);
                for (int trial = 0; trial < 2000; trial++) {
                    double[] slopes = new double[lin.width()];
                    for (int r = 0; r < slopes.length; r++) {
                        slopes[r] = random.nextDouble();
                    }
                    lin.jacobian(slopes, scaled, jacobian);
                    best = Math.max(best, StabilityReport.symmetricMax(jacobian));
                }
                assertTrue(best <= sup + 1e-12, "random D gives " + best + " > vertex supremum " + sup);
                assertTrue(best > sup - 0.5 * Math.abs(sup) - 0.1, "the supremum " + sup + " is far above " + best);
            }
        }
    }

    @Test
    void scaledEigenvaluesAreCheckedAgainstTheStabilityRegionOfTheTableau() {
        // f(y) = K y + β with K = −a I: every eigenvalue is −a, h λ = −a h
        for (double a : new double[] {2, 3}) {
            for (LayerUpdate update : new LayerUpdate[] {LayerUpdate.rungeKutta(Tableau.euler()),
                    LayerUpdate.rungeKutta(Tableau.rk4()), LayerUpdate.implicit(ImplicitTableau.implicitEuler())}) {
                try (OdeNet net = net("sigma-affine", Activation.IDENTITY, update, 2, 2.0, 1)) {
                    double[] u = net.parameters().clone();
                    for (int n = 0; n < 2; n++) {
                        Parameters.Block k = net.layout().layer(n).block("K");
                        for (int i = 0; i < D; i++) {
                            for (int j = 0; j < D; j++) {
                                u[k.index(i, j)] = i == j ? -a : 0;
                            }
                        }
                    }
                    net.setParameters(u);
                    StabilityReport report = StabilityReport.of(net, inputs(1), M);
                    // h = 1: Euler |1 − a|, RK4 R(−a), implicit Euler 1/(1 + a)
                    double expected = switch (update.name()) {
                        case "euler" -> Math.abs(1 - a);
                        case "rk4" -> Math.abs(1 - a + a * a / 2 - a * a * a / 6 + a * a * a * a / 24);
                        default -> 1 / (1 + a);
                    };
                    for (StabilityReport.Layer layer : report.layers()) {
                        assertEquals(expected, layer.maxAmplification(), 1e-12, update.name() + " a = " + a);
                        assertEquals(M * D, layer.eigenvalues());
                        assertEquals(expected > 1 + 1e-12 ? M * D : 0, layer.eigenvaluesOutside(),
                                update.name() + " a = " + a);
                        // λ = −a < 0: every eigenvalue outside is one where the step, not the flow, is unstable
                        assertEquals(layer.eigenvaluesOutside(), layer.discretisationUnstable());
                        assertEquals(-a, layer.scaledEigenReal()[0], 1e-12);
                    }
                    assertEquals(expected > 1 + 1e-12 ? 2 : 0, report.layersOutsideRegion());
                    assertEquals(report.layersOutsideRegion(), report.layersWithUnstableSteps());
                }
            }
        }
    }

    @Test
    void eigenvaluesWithPositiveRealPartAreOutsideForEveryMethodButNotCountedAsUnstableSteps() {
        // f(y) = K y with K = +I: λ = 1, R(h) > 1 for every explicit and implicit method
        for (LayerUpdate update : new LayerUpdate[] {LayerUpdate.rungeKutta(Tableau.rk4()),
                LayerUpdate.implicit(ImplicitTableau.implicitMidpoint())}) {
            try (OdeNet net = net("sigma-affine", Activation.IDENTITY, update, 2, 0.2, 1)) {
                double[] u = net.parameters().clone();
                for (int n = 0; n < 2; n++) {
                    Parameters.Block k = net.layout().layer(n).block("K");
                    for (int i = 0; i < D; i++) {
                        for (int j = 0; j < D; j++) {
                            u[k.index(i, j)] = i == j ? 1 : 0;
                        }
                    }
                }
                net.setParameters(u);
                StabilityReport report = StabilityReport.of(net, inputs(1), M);
                assertEquals(2, report.layersOutsideRegion(), update.name());
                assertEquals(0, report.layersWithUnstableSteps(), update.name());
                // growth e^{Σ h} in the continuous flow, R(0.1)² for the discrete one: both above 1
                assertTrue(report.measuredMax() > 1.2, report.table());
                // the discrete bound is exact for a linear field: R(h)^N with |A|, |b| = A, b
                assertEquals(report.discreteLipschitzBound(), report.measuredMax(), 1e-12);
                if (update.name().equals("rk4")) {
                    assertTrue(report.measuredMax() <= report.lipschitzBound());
                } else { // the implicit midpoint rule amplifies more than the exact flow: (1 + h/2)/(1 − h/2) > e^h
                    assertTrue(report.measuredMax() > report.lipschitzBound());
                }
            }
        }
    }

    @Test
    void negativeStepSizesUseTheOneSidedConstantOfTheReversedField() {
        // f(y) = −y: ν = −1 forwards, but a learned h < 0 runs the flow backwards, where it grows like e^{|h|}
        try (OdeNet net = net("sigma-affine", Activation.IDENTITY, LayerUpdate.rungeKutta(Tableau.rk4()), 2, 1.0, 1,
                StepSizePolicy.FREE)) {
            double[] u = net.parameters().clone();
            for (int n = 0; n < 2; n++) {
                Parameters.Block k = net.layout().layer(n).block("K");
                for (int i = 0; i < D; i++) {
                    for (int j = 0; j < D; j++) {
                        u[k.index(i, j)] = i == j ? -1 : 0;
                    }
                }
            }
            Parameters.Block steps = net.layout().stepSizes();
            u[steps.offset()] = -0.3;
            u[steps.offset() + 1] = 0.2;
            net.setParameters(u);
            StabilityReport report = StabilityReport.of(net, inputs(1), M);
            StabilityReport.Layer backwards = report.layers().get(0);
            assertEquals(-1, backwards.oneSided(), 1e-12);
            assertEquals(1, backwards.oneSidedReverse(), 1e-12);
            assertEquals(Math.exp(0.3 - 0.2), report.oneSidedBound(), 1e-12);
            assertTrue(backwards.breaksStepRule(), "a backward step breaks the forward rule");
            // R(0.3) R(−0.2) with R the RK4 polynomial, below e^{0.3 − 0.2}
            double expected = (1 + 0.3 + 0.045 + 0.0045 + 0.3 * 0.3 * 0.3 * 0.3 / 24)
                    * (1 - 0.2 + 0.02 - 0.008 / 6 + 0.0016 / 24);
            assertEquals(expected, report.measuredMax(), 1e-12);
            assertTrue(report.measuredMax() <= report.oneSidedBound());
        }
    }

    @Test
    void stepRuleFlagsExplicitLayersBeyondMinusNuBarTimesRAndNeverBStableOnes() {
        try (OdeNet euler = net("gradient", Activation.TANH, LayerUpdate.rungeKutta(Tableau.euler()), 4, 8.0, 2);
             OdeNet implicit = net("gradient", Activation.TANH, LayerUpdate.implicit(ImplicitTableau.implicitEuler()),
                     4, 8.0, 2)) {
            scaleK(euler, "K", 2);
            scaleK(implicit, "K", 2);
            StabilityReport explicitReport = StabilityReport.of(euler, inputs(2), M);
            StabilityReport implicitReport = StabilityReport.of(implicit, inputs(2), M);
            assertEquals(1.0, explicitReport.thresholdFactor(), 1e-9);
            for (StabilityReport.Layer layer : explicitReport.layers()) {
                double norm = singularValues(euler, layer.layer(), "K")[D - 1];
                assertEquals(1 / (norm * norm), layer.stepBound(), 1e-9 / (norm * norm));
                assertEquals(!(2.0 < layer.stepBound()), layer.breaksStepRule());
            }
            assertEquals(Double.POSITIVE_INFINITY, implicitReport.thresholdFactor());
            assertEquals(0, implicitReport.layersBreakingStepRule());
            assertTrue(implicitReport.measuredMax() <= 1 + 1e-12, implicitReport.table());
            assertFalse(explicitReport.table().isEmpty());
        }
    }

    @Test
    void missingDataIsRejectedInOneLine() {
        try (OdeNet net = net("sigma-affine", Activation.TANH, LayerUpdate.rungeKutta(Tableau.rk4()), 2, 1.0, 1)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> StabilityReport.of(net, null, 0));
            assertEquals("stability analysis needs data points: got no inputs", e.getMessage());
        }
    }
}
