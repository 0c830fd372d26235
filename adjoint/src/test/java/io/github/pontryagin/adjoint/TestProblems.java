package io.github.pontryagin.adjoint;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

import io.github.pontryagin.core.field.Activation;
import io.github.pontryagin.core.field.ParameterBlock;
import io.github.pontryagin.core.field.VectorField;
import io.github.pontryagin.core.field.VectorFields;
import io.github.pontryagin.core.tableau.Tableau;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Seeded random problems with the paper's head and loss on top of a flow:
 * {@code C(y_N) = η(Wᵀ y_N + μ)}, {@code J = (1/2M) Σ_m (C(y_N^m) − c^m)²}.
 */
final class TestProblems {

    static final int DIMENSION = 4;
    /**
     * 2L + 3 for L = 8 doubles per vector (AVX-512; 4·4 + 3 for AVX2): the batch loops of the SIMD kernels run full
     * vectors and a scalar tail, not the tail alone.
     */
    static final int BATCH = 19;
    static final int LAYERS = 4;
    static final List<Activation> SMOOTH_ACTIVATIONS = List.of(Activation.TANH, Activation.SOFTPLUS, Activation.SIGMOID);

    private TestProblems() {
    }

    /** Every built-in tableau × every field family × tanh, softplus, sigmoid. */
    static Stream<Arguments> everyTableauFamilyAndActivation() {
        List<Arguments> cases = new ArrayList<>();
        for (Tableau tableau : Tableau.all()) {
            for (String family : VectorFields.families()) {
                for (Activation activation : SMOOTH_ACTIVATIONS) {
                    cases.add(Arguments.of(tableau.name(), family, activation));
                }
            }
        }
        return cases.stream();
    }

    /** Every built-in tableau × every field family × relu, identity (the activations not smooth or not bounded). */
    static Stream<Arguments> everyTableauFamilyAndPiecewiseLinearActivation() {
        List<Arguments> cases = new ArrayList<>();
        for (Tableau tableau : Tableau.all()) {
            for (String family : VectorFields.families()) {
                for (Activation activation : List.of(Activation.RELU, Activation.IDENTITY)) {
                    cases.add(Arguments.of(tableau.name(), family, activation));
                }
            }
        }
        return cases.stream();
    }

    /**
     * As {@link #everyTableauFamilyAndActivation()} without the tableaux that have a zero weight (midpoint,
     * Luther), which have no SPRK form: they are left out of the report rather than reported as passed.
     */
    static Stream<Arguments> everyTableauWithNonZeroWeightsFamilyAndActivation() {
        return everyTableauFamilyAndActivation()
                .filter(arguments -> Tableau.byName((String) arguments.get()[0]).hasNonZeroWeights());
    }

    /** Every field family × tanh, softplus, sigmoid. */
    static Stream<Arguments> everyFamilyAndSmoothActivation() {
        List<Arguments> cases = new ArrayList<>();
        for (String family : VectorFields.families()) {
            for (Activation activation : SMOOTH_ACTIVATIONS) {
                cases.add(Arguments.of(family, activation));
            }
        }
        return cases.stream();
    }

    /** A flow with random parameters, non-uniform step sizes, inputs, labels and head. */
    static final class Problem {
        final DiscreteFlow flow;
        final int m;
        final double[] theta;
        final double[] h;
        final double[] y0;
        final double[] w;
        double mu;
        final int[] labels;

        Problem(DiscreteFlow flow, int m, long seed) {
            this.flow = flow;
            this.m = m;
            SplittableRandom random = new SplittableRandom(seed);
            int d = flow.dimension();
            theta = new double[flow.parameterCount()];
            for (int i = 0; i < theta.length; i++) {
                theta[i] = 0.6 * gaussian(random);
            }
            h = new double[flow.layers()];
            for (int n = 0; n < h.length; n++) {
                h[n] = 0.05 + 0.25 * random.nextDouble();
            }
            y0 = new double[d * m];
            for (int q = 0; q < y0.length; q++) {
                y0[q] = gaussian(random);
            }
            w = new double[d];
            for (int i = 0; i < d; i++) {
                w[i] = gaussian(random);
            }
            mu = 0.3 * gaussian(random);
            labels = new int[m];
            for (int k = 0; k < m; k++) {
                labels[k] = k % 2;
            }
        }

        static Problem of(String tableau, String family, Activation activation, long seed) {
            VectorField field = VectorFields.create(family, DIMENSION, activation);
            return new Problem(new DiscreteFlow(LayerUpdate.rungeKutta(Tableau.byName(tableau)), field, LAYERS), BATCH,
                    seed);
        }

        /** The paper's loss of the current parameters, via a fresh forward pass of {@code pass}. */
        double loss(GradientPass pass) {
            double[] yN = pass.forward(theta, h, y0);
            return headLoss(yN, null, null);
        }

        /**
         * {@code J(y_N)}; when {@code pN} is given it receives ∂J/∂y_N, when {@code headGradient} is
         * given it receives (∂J/∂W, ∂J/∂μ).
         */
        double headLoss(double[] yN, double[] pN, double[] headGradient) {
            int d = flow.dimension();
            double sum = 0;
            if (headGradient != null) {
                java.util.Arrays.fill(headGradient, 0.0);
            }
            for (int k = 0; k < m; k++) {
                double z = mu;
                for (int i = 0; i < d; i++) {
                    z += w[i] * yN[i * m + k];
                }
                double c = Activation.logistic(z);
                double r = c - labels[k];
                sum += r * r;
                double dz = r * c * (1 - c) / m;
                for (int i = 0; i < d; i++) {
                    if (pN != null) {
                        pN[i * m + k] = dz * w[i];
                    }
                    if (headGradient != null) {
                        headGradient[i] += dz * yN[i * m + k];
                    }
                }
                if (headGradient != null) {
                    headGradient[d] += dz;
                }
            }
            return sum / (2.0 * m);
        }

        /** Flat vector [θ, h, y0, W, μ]. */
        double[] pack() {
            int count = theta.length;
            double[] x = new double[count + h.length + y0.length + w.length + 1];
            System.arraycopy(theta, 0, x, 0, count);
            System.arraycopy(h, 0, x, count, h.length);
            System.arraycopy(y0, 0, x, count + h.length, y0.length);
            System.arraycopy(w, 0, x, count + h.length + y0.length, w.length);
            x[x.length - 1] = mu;
            return x;
        }

        void unpack(double[] x) {
            int count = theta.length;
            System.arraycopy(x, 0, theta, 0, count);
            System.arraycopy(x, count, h, 0, h.length);
            System.arraycopy(x, count + h.length, y0, 0, y0.length);
            System.arraycopy(x, count + h.length + y0.length, w, 0, w.length);
            mu = x[x.length - 1];
        }

        /** The loss as a function of the packed vector (restores nothing; callers restore). */
        ToDoubleFunction<double[]> packedLoss() {
            GradientPass pass = DiscreteAdjoint.reverse().newPass(flow, m);
            return x -> {
                unpack(x);
                return loss(pass);
            };
        }

        /** Blocks of the packed vector: each field block over all layers, h, y0, W, μ. */
        List<GradientCheck.Block> blocks() {
            List<GradientCheck.Block> blocks = new ArrayList<>();
            int perLayer = flow.parametersPerLayer();
            int layers = flow.layers();
            for (ParameterBlock block : flow.field().parameterBlocks()) {
                int[] indices = new int[block.size() * layers];
                for (int n = 0; n < layers; n++) {
                    for (int r = 0; r < block.size(); r++) {
                        indices[n * block.size() + r] = n * perLayer + block.offset() + r;
                    }
                }
                blocks.add(new GradientCheck.Block(block.name(), indices));
            }
            int at = theta.length;
            if (flow.update().usesStepSizes()) {
                blocks.add(GradientCheck.Block.range("h", at, at + h.length));
            }
            at += h.length;
            blocks.add(GradientCheck.Block.range("y0", at, at + y0.length));
            at += y0.length;
            blocks.add(GradientCheck.Block.range("W", at, at + w.length));
            blocks.add(GradientCheck.Block.range("mu", at + w.length, at + w.length + 1));
            return blocks;
        }

        /** The adjoint gradient, packed like {@link #pack()}. */
        double[] adjointGradient(Adjoint adjoint) {
            return adjointGradient(adjoint.newPass(flow, m));
        }

        /** The gradient from {@code pass} (a fresh forward and backward pass), packed like {@link #pack()}. */
        double[] adjointGradient(GradientPass pass) {
            double[] yN = pass.forward(theta, h, y0);
            double[] pN = new double[yN.length];
            double[] head = new double[w.length + 1];
            headLoss(yN, pN, head);
            FlowGradient gradient = flow.newGradient(m);
            pass.backward(theta, h, pN, gradient);
            double[] g = new double[pack().length];
            int count = theta.length;
            System.arraycopy(gradient.theta, 0, g, 0, count);
            System.arraycopy(gradient.h, 0, g, count, h.length);
            System.arraycopy(gradient.y0, 0, g, count + h.length, y0.length);
            System.arraycopy(head, 0, g, count + h.length + y0.length, head.length);
            return g;
        }
    }

    static double gaussian(SplittableRandom random) {
        double u = random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log1p(-u)) * Math.cos(2 * Math.PI * v);
    }
}
