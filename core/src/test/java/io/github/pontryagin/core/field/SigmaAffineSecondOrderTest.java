package io.github.pontryagin.core.field;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;

import org.hipparchus.CalculusFieldElement;
import org.junit.jupiter.api.Test;

/**
 * The closed-form batched {@code parameterJvp} and {@code secondOrderVjp} of the sigma-affine family equal the
 * nested forward-mode AD defaults of {@link VectorField} (Hipparchus, on the single-point formula) to 1e-12, for
 * every activation, with and without each direction.
 */
class SigmaAffineSecondOrderTest {

    private static final int D = 3;
    private static final int M = 5;

    /** The same field without the overrides: every call but the defaults goes to the sigma-affine field. */
    private static VectorField byAutomaticDifferentiation(SigmaAffine f) {
        return new VectorField() {
            public String family() { return f.family(); }
            public Activation activation() { return f.activation(); }
            public int dimension() { return f.dimension(); }
            public int parameterCount() { return f.parameterCount(); }
            public List<ParameterBlock> parameterBlocks() { return f.parameterBlocks(); }
            public int workspaceSize(int m) { return f.workspaceSize(m); }
            public void apply(double[] t, int o, double[] y, int m, double[] out, double[] w) {
                f.apply(t, o, y, m, out, w);
            }
            public void vjp(double[] t, int o, double[] y, double[] v, int m, double[] s, double[] g, int go,
                            double[] w) {
                f.vjp(t, o, y, v, m, s, g, go, w);
            }
            public void jvp(double[] t, int o, double[] y, double[] v, int m, double[] out, double[] w) {
                f.jvp(t, o, y, v, m, out, w);
            }
            public <T extends CalculusFieldElement<T>> void apply(T[] t, int o, T[] y, T[] out) {
                f.apply(t, o, y, out);
            }
        };
    }

    private static double[] random(Random r, int n, double scale) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = scale * (2 * r.nextDouble() - 1);
        }
        return x;
    }

    @Test
    void closedFormSecondOrderTermsEqualNestedAutomaticDifferentiationForEveryActivation() {
        Random r = new Random(17);
        for (Activation sigma : Activation.values()) {
            SigmaAffine exact = new SigmaAffine(D, sigma);
            VectorField ad = byAutomaticDifferentiation(exact);
            int p = exact.parameterCount();
            int offset = 2;
            double[] theta = random(r, offset + p, 1.0);
            double[] y = random(r, D * M, 1.5);
            double[] nu = random(r, D * M, 1.0);
            double[] dy = random(r, D * M, 1.0);
            double[] dtheta = random(r, 1 + p, 1.0);
            for (int variant = 0; variant < 3; variant++) {
                double[] dyUsed = variant == 1 ? null : dy;
                double[] dthetaUsed = variant == 2 ? null : dtheta;
                double[] stateClosed = new double[D * M];
                double[] stateAd = new double[D * M];
                double[] gradClosed = random(new Random(3), 4 + p, 1.0);
                double[] gradAd = gradClosed.clone();
                exact.secondOrderVjp(theta, offset, y, nu, dyUsed, dthetaUsed, 1, M, stateClosed, gradClosed, 4);
                ad.secondOrderVjp(theta, offset, y, nu, dyUsed, dthetaUsed, 1, M, stateAd, gradAd, 4);
                String what = sigma.id() + ", variant " + variant;
                assertClose(stateAd, stateClosed, what + ": state part");
                assertClose(gradAd, gradClosed, what + ": parameter part");
            }
            double[] jvpClosed = new double[D * M];
            double[] jvpAd = new double[D * M];
            exact.parameterJvp(theta, offset, y, dtheta, 1, M, jvpClosed);
            ad.parameterJvp(theta, offset, y, dtheta, 1, M, jvpAd);
            assertClose(jvpAd, jvpClosed, sigma.id() + ": parameter tangent");
        }
    }

    private static void assertClose(double[] expected, double[] actual, String what) {
        double scale = 0;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-12 * Math.max(1.0, scale), what + " [" + i + "]");
        }
    }
}
