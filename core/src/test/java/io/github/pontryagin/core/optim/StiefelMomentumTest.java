package io.github.pontryagin.core.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Second-order methods on Stiefel blocks: the momentum is transported to the tangent space of every new point
 * (heavy ball, Nesterov, Adam, FISTA through {@link Optimizer#onStiefel}), and the MEC velocity {@code BU} is
 * tangent by construction; orthonormality survives 10 000 steps.
 */
class StiefelMomentumTest {

    private static final int STEPS = 10_000;

    /** {@code max |QᵀV + VᵀQ| / max(max |V|, tiny)} on the block: 0 for a tangent V. */
    private static double tangentError(StiefelBlock block, double[] q, double[] v) {
        int n = block.rows();
        int p = block.cols();
        double worst = 0.0;
        double size = 0.0;
        for (int e = block.offset(); e < block.end(); e++) {
            size = Math.max(size, Math.abs(v[e]));
        }
        for (int a = 0; a < p; a++) {
            for (int b = 0; b < p; b++) {
                double s = 0.0;
                for (int i = 0; i < n; i++) {
                    int r = block.offset() + i * p;
                    s += q[r + a] * v[r + b] + v[r + a] * q[r + b];
                }
                worst = Math.max(worst, Math.abs(s));
            }
        }
        return worst / Math.max(size, Double.MIN_NORMAL);
    }

    @ParameterizedTest
    @EnumSource(Retraction.class)
    void momentumStaysTangentAndQStaysOrthonormalOver10000Steps(Retraction retraction) {
        Brockett brockett = new Brockett(6, 3, 2, 7);
        List<Optimizer> methods = List.of(Optimizers.heavyBall(0.005, 0.9), Optimizers.nesterov(0.005, 0.9),
                Optimizers.adam(0.01), new TimeVaryingMomentum(0.005, TimeVaryingMomentum.Rule.FISTA));
        for (Optimizer inner : methods) {
            Optimizer method = inner.onStiefel(List.of(brockett.block), retraction);
            double[] u = brockett.start(3);
            OptimizerState state = method.newState(u.length);
            double worstTangent = 0.0;
            double largestMomentum = 0.0;
            for (int k = 0; k < STEPS; k++) {
                method.step(brockett, u, state);
                double size = 0.0;
                for (int e = 0; e < brockett.block.size(); e++) {
                    size = Math.max(size, Math.abs(state.momentum()[e]));
                }
                largestMomentum = Math.max(largestMomentum, size);
                if (size > 1e-6) {
                    worstTangent = Math.max(worstTangent, tangentError(brockett.block, u, state.momentum()));
                }
            }
            String name = inner + ", " + retraction;
            assertTrue(largestMomentum > 1e-2, name + ": the momentum never grew (" + largestMomentum + ")");
            assertTrue(worstTangent <= 1e-12, name + ": ‖QᵀV + VᵀQ‖/‖V‖ reached " + worstTangent);
            assertTrue(brockett.block.orthonormalityError(u) <= 1e-12,
                    name + ": ‖QᵀQ − I‖ = " + brockett.block.orthonormalityError(u) + " after " + STEPS + " steps");
            assertEquals(brockett.minimum(), TestObjectives.value(brockett, u) - 0.0, 1e-4,
                    name + ": reaches Brockett's minimum");
        }
    }

    @Test
    void mecVelocityIsTangentAndQStaysOrthonormalOver10000Steps() {
        Brockett brockett = new Brockett(6, 3, 2, 7);
        MecLearning mec = new MecLearning(0.05, 1.0, List.of(brockett.block));
        double[] u = brockett.start(3);
        OptimizerState state = mec.newState(u.length);
        double[] velocity = new double[u.length];
        double worstTangent = 0.0;
        double worstSkew = 0.0;
        for (int k = 0; k < STEPS; k++) {
            mec.step(brockett, u, state);
            double[] b = mec.velocity(state, 0);
            double sizeB = 0.0;
            for (double x : b) {
                sizeB = Math.max(sizeB, Math.abs(x));
            }
            // V = B U, the velocity of U on the manifold
            for (int i = 0; i < 6; i++) {
                for (int j = 0; j < 3; j++) {
                    double s = 0.0;
                    for (int m = 0; m < 6; m++) {
                        s += b[i * 6 + m] * u[m * 3 + j];
                    }
                    velocity[i * 3 + j] = s;
                }
                for (int m = 0; m < 6; m++) {
                    worstSkew = Math.max(worstSkew, Math.abs(b[i * 6 + m] + b[m * 6 + i]));
                }
            }
            double sizeV = 0.0;
            for (int e = 0; e < 18; e++) {
                sizeV = Math.max(sizeV, Math.abs(velocity[e]));
            }
            if (sizeB > 1e-8) {
                // relative to B: V = BU can be much smaller than B where B also turns the normal space
                double e = tangentError(brockett.block, u, velocity) * sizeV / sizeB;
                worstTangent = Math.max(worstTangent, e);
            }
        }
        assertEquals(0.0, worstSkew, 0.0, "B + Bᵀ must vanish exactly");
        assertTrue(worstTangent <= 1e-12, "‖UᵀV + VᵀU‖/‖B‖ reached " + worstTangent);
        assertTrue(brockett.block.orthonormalityError(u) <= 1e-12,
                "‖UᵀU − I‖ = " + brockett.block.orthonormalityError(u) + " after " + STEPS + " steps");
        assertEquals(brockett.minimum(), TestObjectives.value(brockett, u) - 0.0, 1e-6, "MEC reaches the minimum");
    }
}
