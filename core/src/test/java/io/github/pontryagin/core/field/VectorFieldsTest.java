package io.github.pontryagin.core.field;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The family registry, its defaults and its argument checks, and structural properties of two families. */
class VectorFieldsTest {

    @Test
    void registryListsEveryFamilyOfTheSpecification() {
        assertEquals(List.of("sigma-affine", "gradient", "antisymmetric", "two-layer", "hamiltonian"),
                VectorFields.families());
        for (String family : VectorFields.families()) {
            VectorField f = VectorFields.create(family, 4, Activation.TANH);
            assertEquals(family, f.family());
            assertEquals(4, f.dimension());
            assertEquals(Activation.TANH, f.activation());
        }
    }

    @Test
    void createUsesDefaultWidthAndZeroGamma() {
        assertInstanceOf(SigmaAffine.class, VectorFields.create(" Sigma-Affine ", 3, Activation.RELU));
        assertEquals(3, ((NegativeGradient) VectorFields.create("gradient", 3, Activation.TANH)).width());
        assertEquals(3, ((TwoLayer) VectorFields.create("two-layer", 3, Activation.TANH)).width());
        assertEquals(2, ((Hamiltonian) VectorFields.create("hamiltonian", 4, Activation.TANH)).width());
        assertEquals(0.0, ((Antisymmetric) VectorFields.create("antisymmetric", 3, Activation.TANH)).gamma());
        assertEquals(0.25, ((Antisymmetric) VectorFields.create("antisymmetric", 3, Activation.TANH, 3, 0.25))
                .gamma());
        assertEquals(7, ((TwoLayer) VectorFields.create("two-layer", 3, Activation.TANH, 7, 0.0)).width());
    }

    @Test
    void parameterBlocksHaveTheDocumentedNamesKindsAndShapes() {
        assertBlocks(VectorFields.create("gradient", 3, Activation.TANH, 5, 0.0),
                "K:WEIGHT:5x3", "beta:BIAS:1x5");
        assertBlocks(VectorFields.create("antisymmetric", 3, Activation.TANH), "K:WEIGHT:3x3", "beta:BIAS:1x3");
        assertBlocks(VectorFields.create("two-layer", 3, Activation.TANH, 6, 0.0),
                "A1:WEIGHT:6x3", "beta1:BIAS:1x6", "A2:WEIGHT:3x6", "beta2:BIAS:1x3");
        assertBlocks(VectorFields.create("hamiltonian", 6, Activation.TANH, 4, 0.0),
                "K1:WEIGHT:4x3", "beta1:BIAS:1x4", "K2:WEIGHT:4x3", "beta2:BIAS:1x4");
    }

    private static void assertBlocks(VectorField f, String... expected) {
        List<String> actual = f.parameterBlocks().stream()
                .map(b -> b.name() + ":" + b.kind() + ":" + b.rows() + "x" + b.cols()).toList();
        assertEquals(List.of(expected), actual, f.toString());
    }

    @Test
    void unknownFamilyIsRejectedWithTheAcceptedNames() {
        assertMessage(() -> VectorFields.create("resnet", 3, Activation.TANH), "'resnet'", "two-layer", "hamiltonian");
        assertMessage(() -> VectorFields.create(null, 3, Activation.TANH), "unknown vector-field family");
    }

    @Test
    void hamiltonianRejectsOddDimension() {
        assertMessage(() -> VectorFields.create("hamiltonian", 3, Activation.TANH), "dimension", "even", "3");
        assertMessage(() -> new Hamiltonian(5, 2, Activation.TANH), "dimension", "even", "5");
    }

    @Test
    void gammaMustBeFiniteAndNonNegativeAndOnlyForAntisymmetric() {
        assertMessage(() -> new Antisymmetric(3, -0.5, Activation.TANH), "gamma", "-0.5", ">= 0");
        assertMessage(() -> new Antisymmetric(3, Double.NaN, Activation.TANH), "gamma", "NaN", "finite");
        assertMessage(() -> VectorFields.create("antisymmetric", 3, Activation.TANH, 3, Double.POSITIVE_INFINITY),
                "gamma", "Infinity");
        assertMessage(() -> VectorFields.create("two-layer", 3, Activation.TANH, 3, 0.1),
                "gamma", "0.1", "antisymmetric");
    }

    @Test
    void widthAndDimensionAreChecked() {
        assertMessage(() -> VectorFields.create("gradient", 3, Activation.TANH, 0, 0.0), "width", "> 0", "0");
        assertMessage(() -> VectorFields.create("two-layer", -2, Activation.TANH, 3, 0.0), "dimension", "-2");
        assertMessage(() -> VectorFields.create("sigma-affine", 3, Activation.TANH, 4, 0.0),
                "width = 4", "must equal the dimension (3)");
        assertMessage(() -> VectorFields.create("antisymmetric", 3, Activation.TANH, 2, 0.0),
                "width = 2", "antisymmetric");
        assertMessage(() -> VectorFields.create("gradient", 3, null), "activation", "tanh");
    }

    private static void assertMessage(Executable call, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment),
                    () -> "message '" + e.getMessage() + "' should contain '" + fragment + "'");
        }
    }

    @Test
    void gradientFamilyJacobianIsSymmetricNegativeSemidefinite() {
        int d = 4;
        int m = 6;
        VectorField f = VectorFields.create("gradient", d, Activation.TANH, 7, 0.0);
        Random rnd = new Random(5);
        double[] theta = random(rnd, f.parameterCount(), 1.5);
        double[] y = random(rnd, d * m, 1.0);
        double[] v = random(rnd, d * m, 1.0);
        double[] jv = new double[d * m];
        double[] jtv = new double[d * m];
        double[] work = new double[f.workspaceSize(m)];
        f.jvp(theta, 0, y, v, m, jv, work);
        f.vjp(theta, 0, y, v, m, jtv, null, 0, work);
        for (int i = 0; i < d * m; i++) {
            assertEquals(jtv[i], jv[i], 1e-14 * Math.max(1, Math.abs(jv[i])), "J must equal Jᵀ at entry " + i);
        }
        for (int k = 0; k < m; k++) {
            double vJv = 0;
            for (int i = 0; i < d; i++) {
                vJv += v[i * m + k] * jv[i * m + k];
            }
            assertTrue(vJv <= 1e-14, "vᵀ J v = " + vJv + " must be <= 0 for point " + k);
        }
    }

    @Test
    void antisymmetricFamilyWithIdentityActivationConservesTheNormInTheLinearization() {
        int d = 5;
        int m = 4;
        VectorField f = VectorFields.create("antisymmetric", d, Activation.IDENTITY);
        Random rnd = new Random(8);
        double[] theta = random(rnd, f.parameterCount(), 1.0);
        double[] y = random(rnd, d * m, 1.0);
        double[] v = random(rnd, d * m, 1.0);
        double[] jv = new double[d * m];
        f.jvp(theta, 0, y, v, m, jv, new double[f.workspaceSize(m)]);
        for (int k = 0; k < m; k++) {
            double vJv = 0;
            double scale = 0;
            for (int i = 0; i < d; i++) {
                vJv += v[i * m + k] * jv[i * m + k];
                scale += Math.abs(v[i * m + k] * jv[i * m + k]);
            }
            assertEquals(0.0, vJv, 1e-14 * scale, "vᵀ (K − Kᵀ) v must vanish for point " + k);
        }
    }

    private static double[] random(Random rnd, int n, double scale) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = scale * rnd.nextGaussian();
        }
        return x;
    }
}
