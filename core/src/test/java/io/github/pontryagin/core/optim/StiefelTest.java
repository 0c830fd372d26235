package io.github.pontryagin.core.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Learning with orthogonality constraints: retractions, Riemannian gradient descent and the MEC flow. */
class StiefelTest {

    @ParameterizedTest
    @EnumSource(Retraction.class)
    void orthonormalityIsKeptTo1e12After10000RiemannianSteps(Retraction retraction) {
        Brockett brockett = new Brockett(6, 3, 2, 7);
        Optimizer gd = Optimizers.gradientDescent(0.02).onStiefel(List.of(brockett.block), retraction);
        double[] u = brockett.start(3);
        OptimizerState state = gd.newState(u.length);
        for (int k = 0; k < 10_000; k++) {
            gd.step(brockett, u, state);
        }
        assertTrue(brockett.block.orthonormalityError(u) <= 1e-12,
                retraction + ": ‖QᵀQ − I‖ = " + brockett.block.orthonormalityError(u));
        assertEquals(brockett.minimum(), TestObjectives.value(brockett, u) - 0.0, 1e-8,
                "Riemannian gradient descent reaches Brockett's minimum");
        assertEquals(1.0, u[u.length - 1], 1e-12, "the free coordinates follow plain gradient descent");
    }

    @Test
    void riemannianGradientIsTangent() {
        Brockett brockett = new Brockett(5, 2, 0, 11);
        double[] q = brockett.start(5);
        SplittableRandom random = new SplittableRandom(4);
        double[] v = new double[q.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = TestObjectives.gaussian(random);
        }
        brockett.block.projectToTangent(q, v, new double[4]);
        for (int a = 0; a < 2; a++) {
            for (int b = 0; b < 2; b++) {
                double vq = 0.0;
                double qv = 0.0;
                for (int i = 0; i < 5; i++) {
                    vq += v[i * 2 + a] * q[i * 2 + b];
                    qv += q[i * 2 + a] * v[i * 2 + b];
                }
                assertEquals(0.0, vq + qv, 1e-14, "VᵀQ must be skew-symmetric");
            }
        }
        double[] twice = v.clone();
        brockett.block.projectToTangent(q, twice, new double[4]);
        for (int i = 0; i < v.length; i++) {
            assertEquals(v[i], twice[i], 1e-14, "the tangent projection is idempotent");
        }
    }

    @ParameterizedTest
    @EnumSource(Retraction.class)
    void objectiveDecreasesMonotonicallyForSmallSteps(Retraction retraction) {
        Brockett brockett = new Brockett(5, 2, 1, 13);
        Optimizer gd = Optimizers.gradientDescent(0.01).onStiefel(List.of(brockett.block), retraction);
        double[] u = brockett.start(8);
        OptimizerState state = gd.newState(u.length);
        double previous = TestObjectives.value(brockett, u);
        for (int k = 0; k < 2000; k++) {
            gd.step(brockett, u, state);
            double value = TestObjectives.value(brockett, u);
            assertTrue(value <= previous + 1e-13, retraction + ": J rose at step " + k + ": " + previous + " → " + value);
            previous = value;
        }
        assertEquals(brockett.minimum(), previous - 0.0, 1e-6);
    }

    @Test
    void mecFlowDissipatesEnergyAndStaysOnTheManifold() {
        Brockett brockett = new Brockett(5, 2, 0, 17);
        MecLearning mec = new MecLearning(0.01, 2.0, List.of(brockett.block));
        double[] u = brockett.start(9);
        OptimizerState state = mec.newState(u.length);
        double previous = TestObjectives.value(brockett, u);
        double first = previous;
        for (int k = 0; k < 5000; k++) {
            mec.step(brockett, u, state);
            double energy = mec.kineticEnergy(state) + TestObjectives.value(brockett, u);
            assertTrue(energy <= previous + 1e-12, "MEC energy rose at step " + k + ": " + previous + " → " + energy);
            previous = energy;
        }
        assertTrue(brockett.block.orthonormalityError(u) <= 1e-12, "‖UᵀU − I‖ = " + brockett.block.orthonormalityError(u));
        double[] b = mec.velocity(state, 0);
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                assertEquals(-b[j * 5 + i], b[i * 5 + j], 1e-15, "B stays skew-symmetric");
            }
        }
        assertTrue(previous < first, "energy decreased from " + first + " to " + previous);
        assertEquals(brockett.minimum(), TestObjectives.value(brockett, u), 1e-6, "MEC reaches Brockett's minimum");
    }

    @Test
    void polarProjectionGivesOrthonormalColumns() {
        double[] u = {3.0, 1.0, 0.5, 2.0, -1.0, 0.2};
        StiefelBlock block = new StiefelBlock("K", 0, 3, 2);
        block.projectToManifold(u);
        assertTrue(block.orthonormalityError(u) <= 1e-14);
    }

    @Test
    void blocksThatCannotBeOrthonormalAreRejectedWithTheirShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new StiefelBlock("K", 0, 2, 3));
        assertTrue(e.getMessage().contains("K") && e.getMessage().contains("2 × 3") && e.getMessage().contains("p <= n"),
                e.getMessage());
        IllegalArgumentException overlap = assertThrows(IllegalArgumentException.class,
                () -> Optimizers.gradientDescent(0.1).onStiefel(
                        List.of(new StiefelBlock("A", 0, 2, 2), new StiefelBlock("B", 3, 2, 1)), Retraction.QR));
        assertTrue(overlap.getMessage().contains("overlap"), overlap.getMessage());
    }
}
