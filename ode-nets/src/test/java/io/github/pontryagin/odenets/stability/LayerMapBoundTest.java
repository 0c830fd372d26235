package io.github.pontryagin.odenets.stability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.github.pontryagin.adjoint.LayerUpdate;
import io.github.pontryagin.core.field.VectorFieldSpec;
import io.github.pontryagin.odenets.Initialization;
import io.github.pontryagin.odenets.OdeNet;
import io.github.pontryagin.odenets.Parameters;
import io.github.pontryagin.odenets.data.Dataset;
import io.github.pontryagin.odenets.data.Datasets;

/**
 * The stability report of the leapfrog, momentum and dense layers: the layer-map bound ({@code docs/stability.md},
 * "Layer-map bound") holds for the measured growth of the positions, reduces to {@code Π(1 + |h|L)} where the net
 * starts as the Euler ResNet, and replaces {@code exp(Σ|h|L)}, which a heavy-ball net with large coefficients exceeds.
 */
class LayerMapBoundTest {

    private static final Dataset DATA = Datasets.donut2d(40, 3);
    private static final String[] UPDATES = {"leapfrog", "hb-net", "conformal-euler", "conformal-verlet", "agd-net",
        "dmr-net"};

    private static OdeNet net(String update, String family, double horizon) {
        return OdeNet.builder().inputDimension(2).width(4).layers(6).horizon(horizon)
                .field(VectorFieldSpec.of(family)).layerUpdate(LayerUpdate.structured().get(update))
                .initialization(Initialization.XAVIER).seed(4).build();
    }

    private static StabilityReport report(OdeNet net) {
        return StabilityReport.of(net, DATA.features(), DATA.size(), new StabilityReport.Options(2, 3, 10));
    }

    private static double eulerProduct(StabilityReport report) {
        double product = 1;
        for (StabilityReport.Layer layer : report.layers()) {
            product *= 1 + Math.abs(layer.stepSize()) * layer.lipschitz();
        }
        return product;
    }

    @Test
    void theBoundHoldsForTheMeasuredGrowthOfEveryStructuredLayerAwayFromItsStart() {
        for (String update : UPDATES) {
            for (String family : new String[] {"sigma-affine", "two-layer", "hamiltonian"}) {
                try (OdeNet net = net(update, family, 2.0)) {
                    double[] u = net.parameters().clone();
                    SplittableRandom random = new SplittableRandom(9);
                    Parameters layout = net.layout();
                    for (int i = 0; i < layout.theta().end(); i++) {
                        u[i] += 0.3 * random.nextGaussian(); // coefficients too: every term of the recursion counts
                    }
                    net.setParameters(u);
                    StabilityReport report = report(net);
                    double bound = report.layerMapBound();
                    assertTrue(Double.isFinite(bound) && bound >= 1 - 1e-12, update + " " + family + ": " + bound);
                    assertTrue(report.measuredMax() <= bound * (1 + 1e-12), update + " " + family + ": measured "
                            + report.measuredMax() + " > bound " + bound);
                    assertEquals(bound, report.lipschitzBound(), 0.0);
                    assertEquals(bound, report.discreteLipschitzBound(), 0.0);
                    assertEquals(!update.equals("leapfrog"), Double.isNaN(report.oneSidedBound()), update);
                    assertTrue(report.table().contains("layer-map recursion of " + update), report.table());
                }
            }
        }
    }

    @Test
    void netsThatStartAsTheEulerResNetStartWithItsDiscreteBound() {
        for (String update : new String[] {"hb-net", "agd-net", "dmr-net"}) {
            try (OdeNet net = net(update, "sigma-affine", 2.0)) {
                StabilityReport report = report(net);
                assertEquals(eulerProduct(report), report.layerMapBound(), 1e-12 * eulerProduct(report), update);
            }
        }
        try (OdeNet euler = OdeNet.builder().inputDimension(2).width(4).layers(6).horizon(2.0).tableau("euler")
                .initialization(Initialization.XAVIER).seed(4).build()) {
            StabilityReport report = report(euler);
            assertTrue(Double.isNaN(report.layerMapBound()));
            assertEquals(eulerProduct(report), report.discreteLipschitzBound(), 1e-12 * eulerProduct(report));
        }
    }

    @Test
    void aHeavyBallNetWithLargeCoefficientsExceedsTheResNetBoundButNotItsOwn() {
        try (OdeNet net = net("hb-net", "sigma-affine", 0.3)) {
            double[] u = net.parameters().clone();
            Parameters layout = net.layout();
            for (int n = 0; n < 6; n++) {
                u[layout.layer(n).block("hb_beta1").offset()] = 1.5;
                u[layout.layer(n).block("hb_beta2").offset()] = 0.5;
            }
            net.setParameters(u);
            StabilityReport report = report(net);
            double resNet = 1;
            for (StabilityReport.Layer layer : report.layers()) {
                resNet *= Math.exp(Math.abs(layer.stepSize()) * layer.lipschitz());
            }
            // x_{n+1} ≈ 1.5 x_n + 0.5 x_{n−1}: growth about 1.78^6 ≈ 32, far above exp(Σ|h|L) for T = 0.3
            assertTrue(report.measuredMax() > resNet, report.measuredMax() + " vs " + resNet);
            assertTrue(report.measuredMax() <= report.layerMapBound(), report.table());
            assertFalse(report.table().contains("exp(sum |h| L)"), report.table());
        }
    }
}
