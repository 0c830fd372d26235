package io.github.pontryagin.odenets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import io.github.pontryagin.adjoint.GradientCheck;
import io.github.pontryagin.core.field.Activation;
import io.github.pontryagin.core.field.ParameterBlock;
import io.github.pontryagin.core.field.VectorField;
import io.github.pontryagin.core.optim.Optimizers;
import io.github.pontryagin.odenets.data.Dataset;
import io.github.pontryagin.odenets.data.Datasets;
import io.github.pontryagin.odenets.io.ModelFile;
import io.github.pontryagin.odenets.train.Trainer;
import io.github.pontryagin.odenets.train.TrainingResult;
import org.hipparchus.CalculusFieldElement;
import org.junit.jupiter.api.Test;

/**
 * A vector-field family written here, in the test sources only, plugs into {@link OdeNet} and the
 * {@code Trainer}: the net's gradient through it passes the finite-difference check and training lowers the loss.
 */
class UserVectorFieldTest {

    /** {@code f_i(y) = Σ_j K_ij sin(y_j) + β_i}: ∂f/∂y = K diag(cos y). */
    static final class SineField implements VectorField {
        private final int d;

        SineField(int d) {
            this.d = d;
        }

        @Override
        public String family() {
            return "sine";
        }

        @Override
        public Activation activation() {
            return Activation.IDENTITY;
        }

        @Override
        public int dimension() {
            return d;
        }

        @Override
        public int parameterCount() {
            return d * d + d;
        }

        @Override
        public List<ParameterBlock> parameterBlocks() {
            return List.of(new ParameterBlock("K", ParameterBlock.Kind.WEIGHT, d, d, 0),
                    new ParameterBlock("beta", ParameterBlock.Kind.BIAS, d, 1, d * d));
        }

        @Override
        public int workspaceSize(int m) {
            return 0;
        }

        @Override
        public void apply(double[] theta, int o, double[] y, int m, double[] out, double[] work) {
            for (int i = 0; i < d; i++) {
                for (int k = 0; k < m; k++) {
                    double sum = theta[o + d * d + i];
                    for (int j = 0; j < d; j++) {
                        sum += theta[o + i * d + j] * Math.sin(y[j * m + k]);
                    }
                    out[i * m + k] = sum;
                }
            }
        }

        @Override
        public void vjp(double[] theta, int o, double[] y, double[] v, int m, double[] stateOut, double[] gradOut,
                        int g, double[] work) {
            for (int j = 0; j < d; j++) {
                for (int k = 0; k < m; k++) {
                    double s = Math.sin(y[j * m + k]);
                    double sum = 0;
                    for (int i = 0; i < d; i++) {
                        sum += theta[o + i * d + j] * v[i * m + k];
                        if (gradOut != null) {
                            gradOut[g + i * d + j] += v[i * m + k] * s;
                        }
                    }
                    if (stateOut != null) {
                        stateOut[j * m + k] = Math.cos(y[j * m + k]) * sum;
                    }
                }
            }
            if (gradOut != null) {
                for (int i = 0; i < d; i++) {
                    for (int k = 0; k < m; k++) {
                        gradOut[g + d * d + i] += v[i * m + k];
                    }
                }
            }
        }

        @Override
        public void jvp(double[] theta, int o, double[] y, double[] v, int m, double[] out, double[] work) {
            for (int i = 0; i < d; i++) {
                for (int k = 0; k < m; k++) {
                    double sum = 0;
                    for (int j = 0; j < d; j++) {
                        sum += theta[o + i * d + j] * Math.cos(y[j * m + k]) * v[j * m + k];
                    }
                    out[i * m + k] = sum;
                }
            }
        }

        @Override
        public <T extends CalculusFieldElement<T>> void apply(T[] theta, int o, T[] y, T[] out) {
            for (int i = 0; i < d; i++) {
                T sum = theta[o + d * d + i];
                for (int j = 0; j < d; j++) {
                    sum = sum.add(theta[o + i * d + j].multiply(y[j].sin()));
                }
                out[i] = sum;
            }
        }
    }

    @Test
    void userFieldTrainsAndItsNetGradientMatchesFiniteDifferences() throws Exception {
        Dataset data = Datasets.spiral(64, 4);
        try (OdeNet net = OdeNet.builder().inputDimension(2).width(3).layers(4).tableau("kutta3")
                .field(new SineField(3)).initialization(Initialization.XAVIER).seed(7).build()) {
            assertEquals("sine", net.field().family());
            assertEquals(4 * 12 + 4 + 3 + 1, net.parameters().length, "θ (K, β per layer), h, W, μ");
            double[] x = data.features();
            int[] labels = data.labels();
            int m = data.size();
            double[] u = net.parameters().clone();
            double[] gradient = new double[u.length];
            net.lossAndGradient(u, x, labels, m, gradient);
            GradientCheck.Report report = GradientCheck.check(p -> net.loss(p, x, labels, m), u, gradient,
                    net.layout().gradientCheckBlocks(), GradientCheck.DEFAULT_STEP);
            assertTrue(report.maxRelativeError() <= 1e-6, report.toTable());
            assertEquals(List.of("K", "beta", "h", "head W", "head mu"),
                    report.blocks().stream().map(GradientCheck.BlockReport::name).toList());

            double before = net.loss(x, labels, m);
            TrainingResult result = Trainer.builder().optimizer(Optimizers.adam(0.05)).iterations(30).build()
                    .train(net, data, null);
            assertTrue(result.completed());
            assertTrue(result.finalLoss() < 0.9 * before, "loss " + before + " -> " + result.finalLoss());

            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelFile.toJson(net));
            assertTrue(e.getMessage().contains("user-defined vector field"), e.getMessage());
        }
    }

    @Test
    void userFieldMustActOnTheWidth() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OdeNet.builder().inputDimension(2).width(4).field(new SineField(3)).build());
        assertEquals("field has dimension 3 but width = 4; a user field must act on R^width", e.getMessage());
    }
}
