package io.github.pontryagin.adjoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.Random;

import io.github.pontryagin.core.field.VectorFieldSpec;
import io.github.pontryagin.core.tableau.Tableau;
import org.junit.jupiter.api.Test;

/**
 * The second-order adjoint reuses the layer tangents of {@link TangentFlow#finalTangent} when it runs along the
 * same direction after the same forward pass, and recomputes them otherwise: the Hessian-vector product blocks are
 * bit-identical to those of a fresh pass in every case (same direction, another direction, another forward pass).
 */
class TangentReuseTest {

    private static final int M = 5;
    private static final int LAYERS = 4;

    @Test
    void reusedTangentsGiveTheSameBitsAndStaleOnesAreNotReused() {
        DiscreteFlow flow = new DiscreteFlow(LayerUpdate.rungeKutta(Tableau.rk4()),
                VectorFieldSpec.of("sigma-affine").create(3), LAYERS);
        Random random = new Random(4);
        double[] theta = gaussian(random, flow.parameterCount());
        double[] h = new double[LAYERS];
        Arrays.fill(h, 0.2);
        int dm = flow.dimension() * M;
        double[] y0 = gaussian(random, dm);
        double[] pN = gaussian(random, dm);
        double[] dpN = gaussian(random, dm);
        double[] v0 = gaussian(random, dm);
        double[] dh = gaussian(random, LAYERS);
        double[] dtheta = gaussian(random, flow.parameterCount());
        double[] otherDtheta = gaussian(random, flow.parameterCount());

        double[][] fresh = hvp(flow, theta, h, y0, v0, dh, dtheta, pN, dpN, null);
        double[][] reused = hvp(flow, theta, h, y0, v0, dh, dtheta, pN, dpN, dtheta);
        double[][] stale = hvp(flow, theta, h, y0, v0, dh, dtheta, pN, dpN, otherDtheta);
        for (int b = 0; b < fresh.length; b++) {
            assertArrayEquals(fresh[b], reused[b], 0.0, "block " + b + " after finalTangent along the same direction");
            assertArrayEquals(fresh[b], stale[b], 0.0, "block " + b + " after finalTangent along another direction");
        }
        // a forward pass at other parameters between the tangent and the second-order pass invalidates the tangents
        DiscretePass pass = DiscreteAdjoint.reverse().newPass(flow, M);
        pass.forward(theta, h, y0);
        TangentFlow.finalTangent(pass, theta, h, v0, dh, dtheta, new double[dm]);
        double[] shifted = theta.clone();
        shifted[0] += 0.5;
        pass.forward(shifted, h, y0);
        pass.forward(theta, h, y0);
        FlowGradient gradient = flow.newGradient(M);
        FlowGradient tangent = flow.newGradient(M);
        SecondOrderAdjoint.propagate(pass, theta, h, v0, dh, dtheta, pN, dpN, gradient, tangent);
        assertArrayEquals(fresh[1], tangent.theta, 0.0, "after another forward pass");
        assertFalse(Arrays.equals(fresh[1], hvp(flow, shifted, h, y0, v0, dh, dtheta, pN, dpN, null)[1]),
                "the product depends on theta");
    }

    /** {gradient θ, tangent θ, tangent h, tangent y0}, with {@code finalTangent} along {@code first} before. */
    private static double[][] hvp(DiscreteFlow flow, double[] theta, double[] h, double[] y0, double[] v0,
                                  double[] dh, double[] dtheta, double[] pN, double[] dpN, double[] first) {
        DiscretePass pass = DiscreteAdjoint.reverse().checkpointEvery(2).newPass(flow, M);
        pass.forward(theta, h, y0);
        if (first != null) {
            TangentFlow.finalTangent(pass, theta, h, v0, dh, first, new double[flow.dimension() * M]);
        }
        FlowGradient gradient = flow.newGradient(M);
        FlowGradient tangent = flow.newGradient(M);
        SecondOrderAdjoint.propagate(pass, theta, h, v0, dh, dtheta, pN, dpN, gradient, tangent);
        return new double[][] {gradient.theta.clone(), tangent.theta.clone(), tangent.h.clone(), tangent.y0.clone()};
    }

    private static double[] gaussian(Random random, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = random.nextGaussian();
        }
        return a;
    }
}
