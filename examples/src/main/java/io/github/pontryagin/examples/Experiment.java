package io.github.pontryagin.examples;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import io.github.pontryagin.core.optim.Optimizer;
import io.github.pontryagin.core.optim.Optimizers;
import io.github.pontryagin.core.tableau.Tableau;
import io.github.pontryagin.adjoint.LayerUpdate;
import io.github.pontryagin.odenets.OdeNet;
import io.github.pontryagin.odenets.OdeNetBuilder;
import io.github.pontryagin.odenets.StepSizePolicy;
import io.github.pontryagin.odenets.data.DatasetGenerator;

/**
 * The paper's experiments (SPEC §4, Benning et al. 2019): the four models, and the settings of suites A
 * (Ehrhardt) and B (Owren).
 */
final class Experiment {

    private Experiment() {
    }

    /** The four models compared in the paper. */
    enum Model {
        /** No skip connection: {@code y_{n+1} = σ(K_n y_n + β_n)} (the tableau does not apply). */
        NET("Net"),
        /** Fixed step sizes {@code h_n = T/N}. */
        RESNET("ResNet"),
        /** Step sizes learned freely from {@code T/N}. */
        ODENET("ODENet"),
        /** Step sizes learned and projected onto {@code {h ≥ 0, Σ h_n = T}}. */
        ODENET_SIMPLEX("ODENet+simplex");

        final String label;

        Model(String label) {
            this.label = label;
        }

        static Model byName(String name) {
            String key = name.trim().toLowerCase(Locale.ROOT);
            for (Model m : values()) {
                if (m.label.toLowerCase(Locale.ROOT).equals(key) || m.name().toLowerCase(Locale.ROOT).equals(key)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("unknown model '" + name + "'; expected one of "
                    + Arrays.stream(values()).map(m -> m.label).toList());
        }

        /** Applies this model's structure to a builder. */
        OdeNetBuilder configure(OdeNetBuilder b) {
            return switch (this) {
                case NET -> b.layerUpdate(LayerUpdate.plain()).stepSizes(StepSizePolicy.FIXED);
                case RESNET -> b.stepSizes(StepSizePolicy.FIXED);
                case ODENET -> b.stepSizes(StepSizePolicy.FREE);
                case ODENET_SIMPLEX -> b.stepSizes(StepSizePolicy.SIMPLEX);
            };
        }
    }

    /**
     * The settings of a suite: layers N, final time T (h = T/N for ResNet and the starting h of the
     * ODENets), training and test points and iterations per data set, and the optimizer.
     */
    record Suite(String name, int layers, double horizon, int width, Map<DatasetGenerator, Integer> points,
                 Map<DatasetGenerator, Integer> iterations, String optimizerName, Supplier<Optimizer> optimizer) {

        /**
         * Suite A (Ehrhardt): N = 20, d = 2 (donut1d lifted), T = 1 (h = 1/20; Net has no h), 500 + 500
         * points for donut1d and 1000 + 1000 for the others, 5000 / 8000 / 20000 / 8000 iterations for
         * donut1d / donut2d / spiral / squares, gradient descent with τ = 1/L, L₀ = 0.1, L ×1.5 on reject,
         * ×0.99 on accept.
         */
        static Suite a() {
            return new Suite("A", 20, 1.0, 2,
                    Map.of(DatasetGenerator.DONUT1D, 500, DatasetGenerator.DONUT2D, 1000, DatasetGenerator.SQUARES,
                            1000, DatasetGenerator.SPIRAL, 1000),
                    Map.of(DatasetGenerator.DONUT1D, 5000, DatasetGenerator.DONUT2D, 8000, DatasetGenerator.SQUARES,
                            8000, DatasetGenerator.SPIRAL, 20000),
                    "GD tau = 1/L (L0 = 0.1, x1.5 on reject, x0.99 on accept)",
                    () -> Optimizers.lipschitzBacktracking(0.1));
        }

        /**
         * Suite B (Owren): N = 15, h = 0.1 (T = 1.5), 1000 training (and 1000 test) points, 10000
         * iterations, gradient descent with Armijo backtracking ρ = 0.5, c = 0.4 from τ₀ = 1 (SPEC §4 does
         * not give τ₀; every step restarts from it).
         */
        static Suite b() {
            Map<DatasetGenerator, Integer> points = Map.of(DatasetGenerator.DONUT1D, 1000, DatasetGenerator.DONUT2D,
                    1000, DatasetGenerator.SQUARES, 1000, DatasetGenerator.SPIRAL, 1000);
            Map<DatasetGenerator, Integer> iterations = Map.of(DatasetGenerator.DONUT1D, 10000,
                    DatasetGenerator.DONUT2D, 10000, DatasetGenerator.SQUARES, 10000, DatasetGenerator.SPIRAL, 10000);
            return new Suite("B", 15, 1.5, 2, points, iterations, "GD Armijo (tau0 = 1, rho = 0.5, c = 0.4)",
                    () -> Optimizers.armijo(1.0, 0.5, 0.4));
        }

        static Suite byName(String name) {
            return switch (name.trim().toUpperCase(Locale.ROOT)) {
                case "A" -> a();
                case "B" -> b();
                default -> throw new IllegalArgumentException("unknown suite '" + name + "'; expected A or B");
            };
        }

        /** The scaled-down version for {@code --quick}: a fifth of the points (≥ 100), a twentieth of the iterations. */
        Suite quick() {
            return new Suite(name + " quick", layers, horizon, width, scale(points, 5, 100), scale(iterations, 20, 100),
                    optimizerName, optimizer);
        }

        /** With every data set's points and/or iterations replaced (null keeps the suite's). */
        Suite override(Integer pointCount, Integer iterationCount) {
            Map<DatasetGenerator, Integer> p = pointCount == null ? points : constant(pointCount);
            Map<DatasetGenerator, Integer> i = iterationCount == null ? iterations : constant(iterationCount);
            return new Suite(name, layers, horizon, width, p, i, optimizerName, optimizer);
        }

        private static Map<DatasetGenerator, Integer> constant(int value) {
            Map<DatasetGenerator, Integer> m = new java.util.EnumMap<>(DatasetGenerator.class);
            for (DatasetGenerator g : DatasetGenerator.values()) {
                m.put(g, value);
            }
            return m;
        }

        private static Map<DatasetGenerator, Integer> scale(Map<DatasetGenerator, Integer> values, int divisor,
                                                            int minimum) {
            Map<DatasetGenerator, Integer> m = new java.util.EnumMap<>(DatasetGenerator.class);
            values.forEach((g, v) -> m.put(g, Math.max(minimum, v / divisor)));
            return m;
        }
    }

    /** One cell of the grid: a data set, a model and (for all but Net) a tableau. */
    record Cell(DatasetGenerator dataset, Model model, Tableau tableau) {
        String tableauName() {
            return model == Model.NET ? "-" : tableau.name();
        }

        String directoryName() {
            return dataset.label() + "/" + model.label.toLowerCase(Locale.ROOT).replace('+', '-')
                    + (model == Model.NET ? "" : "-" + tableau.name());
        }
    }
}
