package io.github.pontryagin.adjoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import io.github.pontryagin.core.field.Activation;
import io.github.pontryagin.core.field.ParameterBlock;
import io.github.pontryagin.core.field.VectorField;
import io.github.pontryagin.core.field.VectorFields;
import io.github.pontryagin.core.kernel.DenseKernels;
import io.github.pontryagin.core.tableau.Tableau;
import org.hipparchus.CalculusFieldElement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A Runge–Kutta layer prepares its field's parameters once for its s stages ({@code VectorField.prepare}: the
 * σ-affine family packs its weight matrix for the products) when the batch is wide enough; the pass must give the
 * bits of the same pass without the preparation — the forward output and every entry of the gradient (θ, h, y₀).
 * The reference is the same field behind a wrapper that forwards everything but the preparation (the interface's
 * defaults: nothing prepared). Widths with and without rows below the 8-row tiles (d = 70: 64 + 6), batches whose
 * last columns take every kind of tail of the packed products, and activations whose σ' comes from σ (tanh,
 * sigmoid) or from z recomputed (softplus).
 */
class PreparedParametersTest {

    @ParameterizedTest(name = "d = {0}, M = {1}, {2}, {3}")
    @CsvSource({"70, 37, rk4, tanh", "128, 50, rk4, tanh", "16, 16, midpoint, tanh", "24, 61, rk4, tanh",
        "70, 15, rk4, tanh", "24, 19, rk4, softplus", "16, 20, midpoint, sigmoid"})
    void aPreparedLayerGivesTheBitsOfTheUnpreparedOne(int d, int m, String tableauName, String activation) {
        VectorField field = VectorFields.create("sigma-affine", d, Activation.byName(activation));
        if (m >= Workspace.PREPARED_MIN_BATCH) {
            assertEquals(DenseKernels.packedLength(d, d), field.preparedSize(), "prepared size");
        }
        VectorField plain = new Unprepared(field);
        Tableau tableau = Tableau.byName(tableauName);
        int layers = 2;
        Random random = new Random(17L * d + m);
        double[] theta = OracleSupport.gaussian(random, layers * field.parameterCount(), 1.0 / Math.sqrt(d));
        double[] h = OracleSupport.uniform(random, layers, 0.2, 0.6);
        double[] y0 = OracleSupport.gaussian(random, d * m, 1.0);
        double[] pN = OracleSupport.gaussian(random, d * m, 1.0);

        Result prepared = run(field, tableau, layers, theta, h, y0, pN, m);
        Result reference = run(plain, tableau, layers, theta, h, y0, pN, m);
        assertBits("y_N", reference.yN, prepared.yN);
        assertBits("dJ/dtheta", reference.gradient.theta, prepared.gradient.theta);
        assertBits("dJ/dh", reference.gradient.h, prepared.gradient.h);
        assertBits("dJ/dy0", reference.gradient.y0, prepared.gradient.y0);
        assertTrue(maxAbs(prepared.gradient.theta) > 1e-6, "the gradient is not negligible");
    }

    /**
     * A field that prepares nothing runs its prepared methods at offset 0 as the plain ones, and refuses offsets in
     * one line naming its class (it has no way to read or write there).
     */
    @Test
    void aFieldWithoutPreparationRefusesOffsets() {
        VectorField plain = new Unprepared(VectorFields.create("sigma-affine", 4, Activation.TANH));
        double[] theta = new double[plain.parameterCount()];
        double[] work = new double[plain.workspaceSize(2)];
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> plain.applyPrepared(null, theta, 0, new double[9], 1, 2, new double[8], 0, work));
        assertEquals(Unprepared.class.getName() + " prepares no parameters: its prepared methods take arrays at "
                + "offset 0 only", e.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> plain.vjpWithValuePrepared(null, theta, 0,
                new double[8], 0, new double[8], 0, new double[8], 2, new double[9], 1, null, 0, work));
        double[] out = new double[8];
        plain.applyPrepared(null, theta, 0, new double[8], 0, 2, out, 0, work);
        assertEquals(0.0, out[3], "tanh(0 y + 0) = 0");
    }

    private record Result(double[] yN, FlowGradient gradient) {
    }

    private static Result run(VectorField field, Tableau tableau, int layers, double[] theta, double[] h, double[] y0,
                              double[] pN, int m) {
        DiscreteFlow flow = new DiscreteFlow(LayerUpdate.rungeKutta(tableau), field, layers);
        GradientPass pass = DiscreteAdjoint.reverse().newPass(flow, m);
        double[] yN = pass.forward(theta, h, y0).clone();
        FlowGradient gradient = flow.newGradient(m);
        pass.backward(theta, h, pN, gradient);
        return new Result(yN, gradient);
    }

    private static void assertBits(String label, double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length, label);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]),
                    label + "[" + i + "]: " + expected[i] + " unprepared, " + actual[i] + " prepared");
        }
    }

    private static double maxAbs(double[] a) {
        double max = 0;
        for (double v : a) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    /** A field that forwards every method but the preparation, which it leaves at the interface's defaults. */
    private static final class Unprepared implements VectorField {

        private final VectorField field;

        Unprepared(VectorField field) {
            this.field = field;
        }

        @Override
        public String family() {
            return field.family();
        }

        @Override
        public Activation activation() {
            return field.activation();
        }

        @Override
        public int dimension() {
            return field.dimension();
        }

        @Override
        public int parameterCount() {
            return field.parameterCount();
        }

        @Override
        public List<ParameterBlock> parameterBlocks() {
            return field.parameterBlocks();
        }

        @Override
        public int workspaceSize(int m) {
            return field.workspaceSize(m);
        }

        @Override
        public void apply(double[] theta, int thetaOffset, double[] y, int m, double[] out, double[] work) {
            field.apply(theta, thetaOffset, y, m, out, work);
        }

        @Override
        public void vjp(double[] theta, int thetaOffset, double[] y, double[] v, int m, double[] stateOut,
                        double[] gradOut, int gradOffset, double[] work) {
            field.vjp(theta, thetaOffset, y, v, m, stateOut, gradOut, gradOffset, work);
        }

        @Override
        public void vjpWithValue(double[] theta, int thetaOffset, double[] y, double[] fy, double[] v, int m,
                                 double[] stateOut, double[] gradOut, int gradOffset, double[] work) {
            field.vjpWithValue(theta, thetaOffset, y, fy, v, m, stateOut, gradOut, gradOffset, work);
        }

        @Override
        public void jvp(double[] theta, int thetaOffset, double[] y, double[] v, int m, double[] out, double[] work) {
            field.jvp(theta, thetaOffset, y, v, m, out, work);
        }

        @Override
        public <T extends CalculusFieldElement<T>> void apply(T[] theta, int thetaOffset, T[] y, T[] out) {
            field.apply(theta, thetaOffset, y, out);
        }
    }
}
