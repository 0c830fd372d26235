package io.github.pontryagin.odenets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import io.github.pontryagin.adjoint.DiscreteAdjoint;
import io.github.pontryagin.adjoint.LayerUpdate;
import io.github.pontryagin.core.field.VectorFieldSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The residual Jacobian of the logistic least-squares loss: {@code ½‖r‖²} equals the net's loss, {@code J_rᵀ r} its
 * gradient; the tangent pass {@code J_r v} pairs with the weighted adjoint pass ({@code ⟨w, J_r v⟩ = ⟨J_rᵀ w, v⟩})
 * and agrees with the dense rows (one adjoint pass per point) and with central differences of the residuals; the
 * exact Hessian–vector product (second-order adjoint) agrees with central differences of the gradient and is
 * symmetric.
 */
class NetLeastSquaresTest {

    static List<Arguments> configurations() {
        List<Arguments> list = new ArrayList<>();
        for (String tableau : List.of("euler", "heun", "rk4")) {
            for (String family : List.of("sigma-affine", "gradient", "antisymmetric", "hamiltonian", "two-layer")) {
                list.add(Arguments.of(tableau + " " + family, OdeNet.builder().inputDimension(2).width(4).layers(3)
                        .tableau(tableau).field(VectorFieldSpec.of(family)).learnableLift(true)
                        .initialization(Initialization.XAVIER)));
            }
        }
        list.add(Arguments.of("Net baseline fixed h", OdeNet.builder().inputDimension(2).width(3).layers(3)
                .layerUpdate(LayerUpdate.plain()).stepSizes(StepSizePolicy.FIXED).initialization(Initialization.XAVIER)));
        list.add(Arguments.of("continuous adjoint, learnable lift", OdeNet.builder().inputDimension(2).width(3)
                .layers(3).tableau("rk4").learnableLift(true)
                .adjoint(io.github.pontryagin.adjoint.ContinuousAdjoint.tolerance(1e-10, 1e-10))
                .initialization(Initialization.XAVIER)));
        list.add(Arguments.of("checkpointed sprk", OdeNet.builder().inputDimension(2).width(2).layers(4)
                .tableau("rk4").adjoint(DiscreteAdjoint.sprk().checkpointEvery(2)).initialization(Initialization.XAVIER)));
        // the structured layers: the update's own coefficients (hb_beta1, hb_beta2, gamma) are parameters too
        list.add(Arguments.of("leapfrog hamiltonian, learnable lift", OdeNet.builder().inputDimension(2).width(4)
                .layers(3).layerUpdate(LayerUpdate.leapfrog()).field(VectorFieldSpec.of("hamiltonian"))
                .learnableLift(true).initialization(Initialization.XAVIER)));
        list.add(Arguments.of("hb-net, learnable lift, checkpoints", OdeNet.builder().inputDimension(2).width(3)
                .layers(4).layerUpdate(LayerUpdate.heavyBall()).learnableLift(true)
                .adjoint(DiscreteAdjoint.reverse().checkpointEvery(2)).initialization(Initialization.XAVIER)));
        list.add(Arguments.of("conformal-euler two-layer", OdeNet.builder().inputDimension(2).width(3).layers(3)
                .layerUpdate(LayerUpdate.conformalEuler()).field(VectorFieldSpec.of("two-layer")).learnableLift(true)
                .initialization(Initialization.XAVIER)));
        list.add(Arguments.of("conformal-verlet gradient field, checkpoints", OdeNet.builder().inputDimension(2)
                .width(3).layers(3).layerUpdate(LayerUpdate.conformalVerlet()).field(VectorFieldSpec.of("gradient"))
                .adjoint(DiscreteAdjoint.reverse().checkpointEvery(2)).initialization(Initialization.XAVIER)));
        list.add(Arguments.of("agd-net, learnable lift", OdeNet.builder().inputDimension(2).width(2).layers(3)
                .layerUpdate(LayerUpdate.agdNet(3)).learnableLift(true).initialization(Initialization.XAVIER)));
        list.add(Arguments.of("dmr-net, learnable lift, checkpoints", OdeNet.builder().inputDimension(2).width(2)
                .layers(3).layerUpdate(LayerUpdate.dmrNet(3)).learnableLift(true)
                .adjoint(DiscreteAdjoint.reverse().checkpointEvery(2)).initialization(Initialization.XAVIER)));
        return list;
    }

    private static double[] inputs(int d0, int m, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] x = new double[d0 * m];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextGaussian();
        }
        return x;
    }

    private static int[] labels(int m) {
        int[] labels = new int[m];
        for (int k = 0; k < m; k++) {
            labels[k] = (k * 7 / 3) % 2;
        }
        return labels;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configurations")
    void residualJacobianMatchesLossGradientAdjointAndFiniteDifferences(String name, OdeNetBuilder builder) {
        try (OdeNet net = builder.seed(3).build()) {
            int m = 7;
            double[] x = inputs(net.inputDimension(), m, 9);
            int[] labels = labels(m);
            NetLeastSquares f = net.leastSquares(x, labels, m);
            double[] u = net.parameters().clone();
            int n = u.length;
            double[] r = new double[m];
            double value = f.residuals(u, r);
            double[] gradient = new double[n];
            double loss;
            // the reference is the exact discrete gradient, also when the net itself uses the continuous adjoint
            try (OdeNet discrete = net.toBuilder().adjoint(DiscreteAdjoint.reverse()).build()) {
                loss = discrete.lossAndGradient(u, x, labels, m, gradient);
            }
            assertEquals(loss, value, 1e-14 * loss, name + ": ½‖r‖² is not the loss");
            double[] jtr = new double[n];
            f.jacobianTransposeTimes(r, jtr);
            assertTrue(maxDifference(jtr, gradient) <= 1e-12 * maxAbs(gradient),
                    name + ": J_rᵀ r is not the gradient");

            SplittableRandom random = new SplittableRandom(17);
            double[] v = new double[n];
            double[] w = new double[m];
            for (int j = 0; j < n; j++) {
                v[j] = random.nextGaussian();
            }
            for (int k = 0; k < m; k++) {
                w[k] = random.nextGaussian();
            }
            double[] jv = new double[m];
            double[] jtw = new double[n];
            f.jacobianTimes(v, jv);
            f.jacobianTransposeTimes(w, jtw);
            double left = dot(w, jv);
            double right = dot(jtw, v);
            assertEquals(left, right, 1e-12 * Math.max(1.0, Math.abs(left)), name + ": <w, Jv> != <J^T w, v>");

            // the dense rows (one adjoint pass per point) against the tangent pass
            double[] rows = new double[m * n];
            f.jacobian(rows);
            for (int k = 0; k < m; k++) {
                double rowTimesV = 0;
                double scale = 0;
                for (int j = 0; j < n; j++) {
                    rowTimesV += rows[k * n + j] * v[j];
                    scale += Math.abs(rows[k * n + j] * v[j]);
                }
                assertEquals(jv[k], rowTimesV, 1e-12 * Math.max(scale, 1e-300), name + ": row " + k + " times v");
            }
            // central differences of the residuals along v
            double epsilon = 1e-6;
            double[] plus = u.clone();
            double[] minus = u.clone();
            for (int j = 0; j < n; j++) {
                plus[j] += epsilon * v[j];
                minus[j] -= epsilon * v[j];
            }
            double[] rPlus = new double[m];
            double[] rMinus = new double[m];
            NetLeastSquares probe = net.leastSquares(x, labels, m);
            probe.residuals(plus, rPlus);
            probe.residuals(minus, rMinus);
            double worst = 0;
            for (int k = 0; k < m; k++) {
                double difference = (rPlus[k] - rMinus[k]) / (2 * epsilon);
                worst = Math.max(worst, Math.abs(difference - jv[k]) / Math.max(1e-3, Math.abs(jv[k])));
            }
            assertTrue(worst <= 1e-6, name + ": J_r v differs from central differences by " + worst);

            // exact Hessian-vector products: central differences of the gradient, symmetry
            double[] hv = new double[n];
            f.hessianTimes(u, v, hv);
            double[] gPlus = new double[n];
            double[] gMinus = new double[n];
            try (OdeNet discrete = net.toBuilder().adjoint(DiscreteAdjoint.reverse()).build()) {
                discrete.lossAndGradient(plus, x, labels, m, gPlus);
                discrete.lossAndGradient(minus, x, labels, m, gMinus);
            }
            double hvScale = maxAbs(hv);
            double hvWorst = 0;
            for (int j = 0; j < n; j++) {
                hvWorst = Math.max(hvWorst, Math.abs((gPlus[j] - gMinus[j]) / (2 * epsilon) - hv[j]));
            }
            assertTrue(hvScale > 0 && hvWorst <= 1e-6 * hvScale, name + ": Hv differs from central differences of the "
                    + "gradient by " + hvWorst / hvScale);
            double[] other = new double[n];
            for (int j = 0; j < n; j++) {
                other[j] = random.nextGaussian();
            }
            double[] hOther = new double[n];
            f.hessianTimes(u, other, hOther);
            double aHv = 0;
            double vHa = 0;
            double size = 0;
            for (int j = 0; j < n; j++) {
                aHv += other[j] * hv[j];
                vHa += v[j] * hOther[j];
                size += Math.abs(other[j] * hv[j]) + Math.abs(v[j] * hOther[j]);
            }
            assertEquals(aHv, vHa, 1e-12 * size, name + ": <a, Hv> != <v, Ha>");
        }
    }

    @Test
    void headsThatAreNotSumsOfSquaresAndRegularisersAreRefused() {
        double[] x = inputs(2, 4, 1);
        int[] labels = labels(4);
        try (OdeNet net = OdeNet.builder().inputDimension(2).width(2).layers(2).head("bce").seed(1).build()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.leastSquares(x, labels, 4));
            assertTrue(e.getMessage().contains("'bce'") && e.getMessage().contains("logistic-ls"), e.getMessage());
        }
        try (OdeNet net = OdeNet.builder().inputDimension(2).width(2).layers(2).tikhonov(0.1).seed(1).build()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.leastSquares(x, labels, 4));
            assertTrue(e.getMessage().contains("tikhonov 0.1"), e.getMessage());
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double maxDifference(double[] a, double[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    private static double maxAbs(double[] a) {
        double max = 0;
        for (double x : a) {
            max = Math.max(max, Math.abs(x));
        }
        return max;
    }
}
