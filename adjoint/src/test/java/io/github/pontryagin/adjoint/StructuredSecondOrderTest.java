package io.github.pontryagin.adjoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import io.github.pontryagin.core.field.Activation;
import io.github.pontryagin.core.field.VectorField;
import io.github.pontryagin.core.field.VectorFields;
import org.junit.jupiter.api.Test;

/**
 * Parameter tangents and the second-order adjoint of the structured layer updates (leapfrog, HB-Net, conformal
 * Euler, conformal Störmer–Verlet, AGD-Net, DMRNet with its branch field), with the update's own coefficients (β₁, β₂,
 * γ, α, β) and DMRNet's branch field among the directions, for the loss
 * {@code J = ½‖y_N − c‖²}: the forward-mode derivative {@code ⟨p_N, v_N⟩} equals the adjoint pairing to round-off;
 * the gradient of the second-order pass equals the first-order gradient; Hessian–vector products match central
 * differences of the adjoint gradient to 1e-6 and are symmetric to round-off; with checkpoints every 2 layers.
 */
class StructuredSecondOrderTest {

    private static final int D = 2;
    private static final int M = 3;
    private static final int LAYERS = 4;

    private record Problem(DiscreteFlow flow, double[] theta, double[] h, double[] y0, double[] target) {

        static Problem random(LayerUpdate update, VectorField field, long seed) {
            Random random = new Random(seed);
            DiscreteFlow flow = new DiscreteFlow(update, field, LAYERS);
            double[] theta = OracleSupport.gaussian(random, flow.parameterCount(), 0.5);
            int own = update.layerParameterCount();
            for (int n = 0; n < LAYERS; n++) {
                for (int i = 0; i < own; i++) {
                    theta[(n + 1) * flow.parametersPerLayer() - own + i] = update.initialLayerParameter(n, i)
                            + 0.2 * random.nextGaussian();
                }
            }
            int dm = flow.dimension() * M;
            return new Problem(flow, theta, OracleSupport.uniform(random, LAYERS, 0.1, 0.4),
                    OracleSupport.gaussian(random, dm, 1.0), OracleSupport.gaussian(random, dm, 1.0));
        }

        int size() {
            return theta.length + h.length + y0.length;
        }
    }

    @Test
    void parameterTangentsSecondOrderGradientsAndHessianVectorProductsAreExact() {
        int cases = 0;
        for (LayerUpdate update : new LayerUpdate[] {LayerUpdate.leapfrog(), LayerUpdate.heavyBall(),
            LayerUpdate.conformalEuler(), LayerUpdate.agdNet(LAYERS), LayerUpdate.conformalVerlet(),
            LayerUpdate.dmrNet(LAYERS)}) {
            for (String family : VectorFields.families()) {
                VectorField field = VectorFields.create(family, D, Activation.TANH);
                check(update.name() + " / " + family, Problem.random(update, field, 31L * cases + 5));
                cases++;
            }
        }
        assertEquals(6 * VectorFields.families().size(), cases);
    }

    private static void check(String label, Problem problem) {
        int n = problem.size();
        Random random = new Random(label.hashCode());
        double[] a = OracleSupport.gaussian(random, n, 1.0);
        double[] b = OracleSupport.gaussian(random, n, 1.0);
        // forward mode along a against the first-order adjoint
        DiscretePass pass = DiscreteAdjoint.reverse().checkpointEvery(2).newPass(problem.flow(), M);
        double[] yN = pass.forward(problem.theta(), problem.h(), problem.y0()).clone();
        double[] pN = residual(yN, problem.target());
        FlowGradient first = problem.flow().newGradient(M);
        pass.backward(problem.theta(), problem.h(), pN, first);
        double[] firstOrder = concat(first);
        double[][] parts = split(problem, a);
        double[] vN = TangentFlow.propagate(pass, problem.theta(), problem.h(), parts[2], parts[1], parts[0])[LAYERS];
        double forward = dot(pN, vN);
        double reverse = dot(firstOrder, a);
        assertEquals(reverse, forward, 1e-12 * absoluteDot(firstOrder, a), label + ": <p_N, v_N> != <grad J, a>");
        // second-order adjoint: its gradient is the first-order one, its tangent the Hessian-vector product
        double[][] hessianA = secondOrder(problem, a);
        double gradientError = OracleSupport.maxAbsDifference(firstOrder, hessianA[0]);
        assertTrue(gradientError <= 1e-12 * OracleSupport.maxAbs(firstOrder),
                label + ": second-order pass gradient differs from the first-order gradient by " + gradientError);
        double scale = OracleSupport.maxAbs(hessianA[1]);
        assertTrue(scale > 1e-6, label + ": Hessian-vector product too small to compare");
        double epsilon = 1e-5;
        double[] plus = secondOrder(shifted(problem, a, epsilon), new double[n])[0];
        double[] minus = secondOrder(shifted(problem, a, -epsilon), new double[n])[0];
        double worst = 0;
        for (int q = 0; q < n; q++) {
            worst = Math.max(worst, Math.abs((plus[q] - minus[q]) / (2 * epsilon) - hessianA[1][q]));
        }
        assertTrue(worst <= 1e-6 * scale, label + ": Hessian-vector product differs from central differences by "
                + worst / scale);
        double[][] hessianB = secondOrder(problem, b);
        assertEquals(dot(b, hessianA[1]), dot(a, hessianB[1]),
                1e-12 * (absoluteDot(b, hessianA[1]) + absoluteDot(a, hessianB[1])), label + ": <b, Ha> != <a, Hb>");
    }

    /** Gradient and Hessian–vector product of J in (θ, h, y_0) along {@code direction}. */
    private static double[][] secondOrder(Problem problem, double[] direction) {
        double[][] parts = split(problem, direction);
        DiscretePass pass = DiscreteAdjoint.reverse().checkpointEvery(2).newPass(problem.flow(), M);
        double[] yN = pass.forward(problem.theta(), problem.h(), problem.y0()).clone();
        double[] vN = TangentFlow.propagate(pass, problem.theta(), problem.h(), parts[2], parts[1], parts[0])[LAYERS];
        FlowGradient gradient = problem.flow().newGradient(M);
        FlowGradient tangent = problem.flow().newGradient(M);
        SecondOrderAdjoint.propagate(pass, problem.theta(), problem.h(), parts[2], parts[1], parts[0],
                residual(yN, problem.target()), vN, gradient, tangent);
        return new double[][] {concat(gradient), concat(tangent)};
    }

    private static double[][] split(Problem problem, double[] direction) {
        int nt = problem.theta().length;
        return new double[][] {Arrays.copyOfRange(direction, 0, nt), Arrays.copyOfRange(direction, nt, nt + LAYERS),
                Arrays.copyOfRange(direction, nt + LAYERS, direction.length)};
    }

    private static Problem shifted(Problem problem, double[] direction, double epsilon) {
        double[][] parts = split(problem, direction);
        return new Problem(problem.flow(), axpy(problem.theta(), parts[0], epsilon), axpy(problem.h(), parts[1], epsilon),
                axpy(problem.y0(), parts[2], epsilon), problem.target());
    }

    private static double[] axpy(double[] x, double[] v, double epsilon) {
        double[] out = x.clone();
        for (int q = 0; q < out.length; q++) {
            out[q] += epsilon * v[q];
        }
        return out;
    }

    private static double[] residual(double[] yN, double[] target) {
        double[] r = new double[yN.length];
        for (int q = 0; q < r.length; q++) {
            r[q] = yN[q] - target[q];
        }
        return r;
    }

    private static double[] concat(FlowGradient g) {
        double[] all = new double[g.theta.length + g.h.length + g.y0.length];
        System.arraycopy(g.theta, 0, all, 0, g.theta.length);
        System.arraycopy(g.h, 0, all, g.theta.length, g.h.length);
        System.arraycopy(g.y0, 0, all, g.theta.length + g.h.length, g.y0.length);
        return all;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double absoluteDot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += Math.abs(a[i] * b[i]);
        }
        return s;
    }
}
