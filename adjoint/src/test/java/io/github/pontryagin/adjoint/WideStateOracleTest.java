package io.github.pontryagin.adjoint;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.TreeSet;

import io.github.pontryagin.core.field.Activation;
import io.github.pontryagin.core.field.VectorField;
import io.github.pontryagin.core.field.VectorFields;
import io.github.pontryagin.core.tableau.Tableau;
import org.hipparchus.analysis.differentiation.Gradient;
import org.hipparchus.analysis.differentiation.GradientField;
import org.hipparchus.util.MathArrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code docs/theory.md} §2, check 3 for wide states: the discrete adjoint against forward-mode automatic
 * differentiation (Hipparchus {@link Gradient}) at d = 70 and d = 130, M = 19 points. The full Jacobian would need
 * thousands of AD variables, so a seeded selection of entries is free — entries of θ in every layer and in every
 * 64-column block of the products' blocking, every h_n, and y₀ entries both in full vector lanes and in the scalar
 * tail of the batch — and the rest are constants. The oracle runs the Runge–Kutta layers point by point through
 * the field's generic single-point {@code apply}; none of the batched kernels is involved.
 */
class WideStateOracleTest {

    private static final int M = TestProblems.BATCH;
    private static final int LAYERS = 2;
    private static final double TOLERANCE = 1e-10;

    @ParameterizedTest(name = "{0}, d = {1}")
    @CsvSource({"sigma-affine, 70", "gradient, 70", "antisymmetric, 70", "two-layer, 70", "hamiltonian, 70",
        "sigma-affine, 130"})
    void adjointMatchesAutomaticDifferentiationOnSelectedEntriesOfAWideState(String family, int d) {
        VectorField field = VectorFields.create(family, d, Activation.TANH);
        Tableau tableau = Tableau.rk4();
        Random random = new Random(31L * d + family.hashCode());
        int perLayer = field.parameterCount();
        double[] theta = OracleSupport.gaussian(random, LAYERS * perLayer, 1.0 / Math.sqrt(d));
        double[] h = OracleSupport.uniform(random, LAYERS, 0.1, 0.3);
        double[] y0 = OracleSupport.gaussian(random, d * M, 1.0);
        OracleSupport.PaperLoss loss = OracleSupport.PaperLoss.random(random, d, M);

        int[] thetaSelected = selectTheta(random, perLayer, d);
        int[] y0Selected = selectY0(d);
        int variables = thetaSelected.length + LAYERS + y0Selected.length;
        double[][] oracle = automaticDifferentiation(tableau, field, theta, h, y0, loss, thetaSelected, y0Selected,
                variables);

        DiscreteFlow flow = new DiscreteFlow(LayerUpdate.rungeKutta(tableau), field, LAYERS);
        GradientPass pass = DiscreteAdjoint.reverse().newPass(flow, M);
        double[] pN = loss.gradient(pass.forward(theta, h, y0));
        FlowGradient gradient = flow.newGradient(M);
        pass.backward(theta, h, pN, gradient);
        double[] adjointTheta = pick(gradient.theta, thetaSelected);
        double[] adjointY0 = pick(gradient.y0, y0Selected);

        String label = family + " d = " + d;
        assertBlock(label + " ∂J/∂θ (selected)", oracle[0], adjointTheta);
        assertBlock(label + " ∂J/∂h", oracle[1], gradient.h);
        assertBlock(label + " ∂J/∂y0 (selected)", oracle[2], adjointY0);
    }

    private static void assertBlock(String label, double[] expected, double[] actual) {
        assertTrue(OracleSupport.maxAbs(expected) > 1e-8,
                label + " is negligible (max " + OracleSupport.maxAbs(expected) + "): the comparison would prove nothing");
        double error = OracleSupport.blockError(expected, actual);
        System.out.printf("wide AD oracle  %-40s relative error %.2e%n", label, error);
        assertTrue(error <= TOLERANCE, label + ": differs from automatic differentiation by " + error
                + " (relative to the block's largest entry), tolerance " + TOLERANCE);
    }

    /**
     * θ indices: per layer the first and last parameter, the entries (row, column) of the leading d × d block at
     * columns 0, 63, 64, 127, 128, d − 1 for a low and a high row, and 12 seeded random ones.
     */
    private static int[] selectTheta(Random random, int perLayer, int d) {
        TreeSet<Integer> chosen = new TreeSet<>();
        for (int n = 0; n < LAYERS; n++) {
            int base = n * perLayer;
            chosen.add(base);
            chosen.add(base + perLayer - 1);
            for (int row : new int[] {1, d - 2}) {
                for (int column : new int[] {0, 63, 64, 127, 128, d - 1}) {
                    if (column < d && row * d + column < perLayer) {
                        chosen.add(base + row * d + column);
                    }
                }
            }
            for (int q = 0; q < 12; q++) {
                chosen.add(base + random.nextInt(perLayer));
            }
        }
        return chosen.stream().mapToInt(Integer::intValue).toArray();
    }

    /** y₀ entries of coordinates 0, d/2, d − 1 at points 0, 7 (full vectors) and 16, 18 (the tail for 8 lanes). */
    private static int[] selectY0(int d) {
        TreeSet<Integer> chosen = new TreeSet<>();
        for (int i : new int[] {0, d / 2, d - 1}) {
            for (int k : new int[] {0, 7, 16, M - 1}) {
                chosen.add(i * M + k);
            }
        }
        return chosen.stream().mapToInt(Integer::intValue).toArray();
    }

    private static double[] pick(double[] all, int[] indices) {
        double[] picked = new double[indices.length];
        for (int q = 0; q < indices.length; q++) {
            picked[q] = all[indices[q]];
        }
        return picked;
    }

    /** Forward-mode AD of J; variables: the selected θ, then every h_n, then the selected y₀ entries. */
    private static double[][] automaticDifferentiation(Tableau tableau, VectorField field, double[] thetaValues,
                                                       double[] hValues, double[] y0Values,
                                                       OracleSupport.PaperLoss loss, int[] thetaSelected,
                                                       int[] y0Selected, int variables) {
        int d = field.dimension();
        int perLayer = field.parameterCount();
        GradientField gradientField = GradientField.getField(variables);
        Gradient[] theta = MathArrays.buildArray(gradientField, thetaValues.length);
        for (int q = 0; q < theta.length; q++) {
            theta[q] = Gradient.constant(variables, thetaValues[q]);
        }
        for (int v = 0; v < thetaSelected.length; v++) {
            theta[thetaSelected[v]] = Gradient.variable(variables, v, thetaValues[thetaSelected[v]]);
        }
        Gradient[] h = MathArrays.buildArray(gradientField, LAYERS);
        for (int n = 0; n < LAYERS; n++) {
            h[n] = Gradient.variable(variables, thetaSelected.length + n, hValues[n]);
        }
        int y0First = thetaSelected.length + LAYERS;
        int s = tableau.stages();
        Gradient[][] finalStates = MathArrays.buildArray(gradientField, M, d);
        for (int k = 0; k < M; k++) {
            Gradient[] y = MathArrays.buildArray(gradientField, d);
            for (int i = 0; i < d; i++) {
                y[i] = Gradient.constant(variables, y0Values[i * M + k]);
            }
            for (int v = 0; v < y0Selected.length; v++) {
                int index = y0Selected[v];
                if (index % M == k) {
                    y[index / M] = Gradient.variable(variables, y0First + v, y0Values[index]);
                }
            }
            for (int n = 0; n < LAYERS; n++) {
                Gradient[][] slopes = MathArrays.buildArray(gradientField, s, d);
                for (int i = 0; i < s; i++) {
                    Gradient[] stage = y.clone();
                    for (int j = 0; j < i; j++) {
                        double aij = tableau.a(i, j);
                        if (aij != 0) {
                            for (int r = 0; r < d; r++) {
                                stage[r] = stage[r].add(h[n].multiply(slopes[j][r]).multiply(aij));
                            }
                        }
                    }
                    field.apply(theta, n * perLayer, stage, slopes[i]);
                }
                Gradient[] next = MathArrays.buildArray(gradientField, d);
                for (int r = 0; r < d; r++) {
                    Gradient increment = gradientField.getZero();
                    for (int i = 0; i < s; i++) {
                        increment = increment.add(slopes[i][r].multiply(tableau.b(i)));
                    }
                    next[r] = y[r].add(h[n].multiply(increment));
                }
                y = next;
            }
            finalStates[k] = y;
        }
        double[] all = loss.value(finalStates).getGradient();
        return new double[][] {java.util.Arrays.copyOfRange(all, 0, thetaSelected.length),
            java.util.Arrays.copyOfRange(all, thetaSelected.length, y0First),
            java.util.Arrays.copyOfRange(all, y0First, variables)};
    }
}
