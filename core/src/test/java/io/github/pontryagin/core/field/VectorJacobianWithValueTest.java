package io.github.pontryagin.core.field;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** {@code VectorField.vjpWithValue}, given the stored {@code f(y)}, gives the bits of {@code vjp}. */
class VectorJacobianWithValueTest {

    private static double[] random(int n, SplittableRandom random) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = random.nextGaussian();
        }
        return a;
    }

    @Test
    void vjpWithTheStoredValueGivesTheSameBitsAsVjp() {
        SplittableRandom random = new SplittableRandom(9);
        for (Activation activation : Activation.values()) {
            for (int d : new int[] {2, 5}) {
                int m = 23;
                SigmaAffine field = new SigmaAffine(d, activation);
                double[] theta = random(field.parameterCount(), random);
                double[] y = random(d * m, random);
                double[] v = random(d * m, random);
                double[] work = new double[field.workspaceSize(m)];
                double[] fy = new double[d * m];
                field.apply(theta, 0, y, m, fy, work);
                double[] stateA = new double[d * m];
                double[] stateB = new double[d * m];
                double[] gradA = new double[field.parameterCount()];
                double[] gradB = new double[field.parameterCount()];
                field.vjp(theta, 0, y, v, m, stateA, gradA, 0, work);
                field.vjpWithValue(theta, 0, y, fy, v, m, stateB, gradB, 0, work);
                for (int q = 0; q < stateA.length; q++) {
                    assertEquals(stateA[q], stateB[q], 0.0, activation + " state");
                }
                for (int r = 0; r < gradA.length; r++) {
                    assertEquals(gradA[r], gradB[r], 0.0, activation + " parameters");
                }
            }
        }
    }
}
