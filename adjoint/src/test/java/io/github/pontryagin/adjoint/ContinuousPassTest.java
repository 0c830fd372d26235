package io.github.pontryagin.adjoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;

import io.github.pontryagin.core.field.Activation;
import io.github.pontryagin.core.field.VectorField;
import io.github.pontryagin.core.field.VectorFields;
import io.github.pontryagin.core.tableau.Tableau;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The continuous adjoint as a {@link GradientPass} ({@link ContinuousPass}): its gradient approaches the exact
 * discrete one like {@code h^q} as the layers are refined, and its step-size gradient
 * {@code ⟨p(t_{n+1}), f(y(t_{n+1}); θ_n)⟩} matches finite differences of the exact flow.
 *
 * <p>Set-up: sigma-affine field, d = 3, M = 4, tanh, loss {@code J = Σ c ⊙ tanh(y_N)}. For the order test the
 * control is piecewise constant on two segments of length 0.5, each discretised by r layers of size 0.5/r with the
 * segment's θ; layer θ-gradients are summed per segment.
 */
class ContinuousPassTest {

    private static final int D = 3;
    private static final int M = 4;
    private static final double TOLERANCE = 1e-13;

    private final VectorField field = VectorFields.create("sigma-affine", D, Activation.TANH);
    private final SplittableRandom random = new SplittableRandom(41);
    private final double[] segmentTheta = gaussians(2 * field.parameterCount(), 0.8);
    private final double[] y0 = gaussians(D * M, 1.0);
    private final double[] weights = gaussians(D * M, 1.0);

    private double[] gaussians(int n, double scale) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = scale * random.nextGaussian();
        }
        return x;
    }

    private double loss(double[] yN) {
        double sum = 0;
        for (int q = 0; q < yN.length; q++) {
            sum += weights[q] * Math.tanh(yN[q]);
        }
        return sum;
    }

    private double[] lossGradient(double[] yN) {
        double[] pN = new double[yN.length];
        for (int q = 0; q < yN.length; q++) {
            double t = Math.tanh(yN[q]);
            pN[q] = weights[q] * (1 - t * t);
        }
        return pN;
    }

    /** θ-gradients summed per segment, then the y0-gradient, from {@code adjoint} on r layers per segment. */
    private double[] gradient(Adjoint adjoint, Tableau tableau, int r) {
        int p = field.parameterCount();
        int layers = 2 * r;
        double[] theta = new double[layers * p];
        for (int n = 0; n < layers; n++) {
            System.arraycopy(segmentTheta, (n / r) * p, theta, n * p, p);
        }
        double[] h = new double[layers];
        Arrays.fill(h, 0.5 / r);
        DiscreteFlow flow = new DiscreteFlow(LayerUpdate.rungeKutta(tableau), field, layers);
        GradientPass pass = adjoint.newPass(flow, M);
        double[] yN = pass.forward(theta, h, y0);
        FlowGradient out = flow.newGradient(M);
        pass.backward(theta, h, lossGradient(yN), out);
        double[] packed = new double[2 * p + D * M];
        for (int n = 0; n < layers; n++) {
            for (int q = 0; q < p; q++) {
                packed[(n / r) * p + q] += out.theta[n * p + q];
            }
        }
        System.arraycopy(out.y0, 0, packed, 2 * p, D * M);
        return packed;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"heun", "rk4"})
    void continuousPassApproachesTheDiscreteGradientLikeTheTableauOrder(String name) {
        Tableau tableau = Tableau.byName(name);
        int[] refinements = {2, 4, 8, 16};
        double[] steps = new double[refinements.length];
        double[] errors = new double[refinements.length];
        for (int k = 0; k < refinements.length; k++) {
            int r = refinements[k];
            double[] discrete = gradient(DiscreteAdjoint.reverse(), tableau, r);
            double[] continuous = gradient(ContinuousAdjoint.tolerance(TOLERANCE), tableau, r);
            double scale = 0;
            double error = 0;
            for (int i = 0; i < discrete.length; i++) {
                scale = Math.max(scale, Math.abs(discrete[i]));
                error = Math.max(error, Math.abs(discrete[i] - continuous[i]));
            }
            steps[k] = 0.5 / r;
            errors[k] = error / scale;
        }
        double slope = OracleSupport.logLogSlope(steps, errors);
        System.out.printf("continuous pass vs discrete, %s: fitted slope %.3f, relative errors %s%n", name, slope,
                Arrays.toString(errors));
        assertEquals(tableau.order(), slope, 0.3, name + ": fitted slope " + slope + " from relative errors "
                + Arrays.toString(errors));
    }

    @Test
    void stepSizeGradientMatchesFiniteDifferencesOfTheExactFlow() {
        // a sixth-order update on short layers: the discrete states the pass starts from are exact to ~1e-9
        int layers = 4;
        double[] theta = gaussians(layers * field.parameterCount(), 0.8);
        double[] h = {0.05, 0.08, 0.06, 0.07};
        DiscreteFlow flow = new DiscreteFlow(LayerUpdate.rungeKutta(Tableau.byName("luther")), field, layers);
        ContinuousAdjoint adjoint = ContinuousAdjoint.tolerance(TOLERANCE, TOLERANCE);
        GradientPass pass = adjoint.newPass(flow, M);
        double[] yN = pass.forward(theta, h, y0);
        FlowGradient out = flow.newGradient(M);
        pass.backward(theta, h, lossGradient(yN), out);
        double largest = 0;
        for (double g : out.h) {
            largest = Math.max(largest, Math.abs(g));
        }
        for (int n = 0; n < layers; n++) {
            double eps = 1e-5;
            double[] plus = h.clone();
            plus[n] += eps;
            double[] minus = h.clone();
            minus[n] -= eps;
            double numeric = (exactLoss(adjoint, theta, plus) - exactLoss(adjoint, theta, minus)) / (2 * eps);
            assertEquals(numeric, out.h[n], 1e-6 * largest, "h[" + n + "]");
        }
    }

    private double exactLoss(ContinuousAdjoint adjoint, double[] theta, double[] h) {
        return loss(adjoint.exactFlowGradient(field, theta, h, y0, M, this::lossGradient).finalState());
    }

    @Test
    void continuousPassStoresEveryLayerStateOfTheDiscreteForwardPass() {
        int layers = 5;
        double[] theta = gaussians(layers * field.parameterCount(), 0.8);
        double[] h = {0.1, 0.2, 0.1, 0.15, 0.1};
        DiscreteFlow flow = new DiscreteFlow(LayerUpdate.rungeKutta(Tableau.rk4()), field, layers);
        GradientPass pass = ContinuousAdjoint.tolerance(1e-10).newPass(flow, M);
        double[] yN = pass.forward(theta, h, y0);
        double[][] states = flow.states(theta, h, y0, M);
        assertArrayEquals(flow.solve(theta, h, y0, M), yN, 0.0);
        for (int n = 0; n <= layers; n++) {
            assertTrue(pass.storesState(n));
            assertArrayEquals(states[n], pass.state(n), 0.0, "y_" + n);
        }
    }
}
