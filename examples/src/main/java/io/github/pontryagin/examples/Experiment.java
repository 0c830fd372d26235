package io.github.pontryagin.examples;

import java.util.Locale;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

import io.github.pontryagin.core.Registry;
import io.github.pontryagin.core.optim.Optimizer;
import io.github.pontryagin.core.optim.Optimizers;
import io.github.pontryagin.core.tableau.Tableau;
import io.github.pontryagin.adjoint.LayerUpdate;
import io.github.pontryagin.odenets.OdeNet;
import io.github.pontryagin.odenets.OdeNetBuilder;
import io.github.pontryagin.odenets.StepSizePolicy;
import io.github.pontryagin.odenets.data.DatasetGenerator;

/**
 * The paper's experiments (Benning et al. 2019; docs/theory.md §4): the four models, and the settings of
 * suites A (Ehrhardt) and B (Owren). Per-data-set settings come from each {@link DatasetGenerator}, so a
 * registered data set always has them.
 */
final class Experiment {

    private Experiment() {
    }

    /** The four models compared in the paper, and the structure-preserving models beside them. */
    enum Model {
        /** No skip connection: {@code y_{n+1} = σ(K_n y_n + β_n)} (the tableau does not apply). */
        NET("Net", "no skip connection: y_{n+1} = sigma(K_n y_n + beta_n)"),
        /** Fixed step sizes {@code h_n = T/N}. */
        RESNET("ResNet", "fixed step sizes h_n = T/N"),
        /** Step sizes learned freely from {@code T/N}. */
        ODENET("ODENet", "step sizes learned from T/N"),
        /** Step sizes learned and projected onto {@code {h ≥ 0, Σ h_n = T}}. */
        ODENET_SIMPLEX("ODENet+simplex", "step sizes learned, h >= 0 and sum h_n = T"),
        /**
         * Haber and Ruthotto's Hamiltonian (Verlet) net: leapfrog layers on {@code (y, z)} of the {@code hamiltonian}
         * field, step sizes learned from {@code T/N} (the tableau does not apply).
         */
        HAMILTONIAN("Hamiltonian", "leapfrog layers of the hamiltonian field on (y, z), step sizes learned"),
        /**
         * The heavy-ball net (Lin 2019, (16)): {@code x_{n+1} = β₁ x_n + h f(x_n) + β₂ x_{n−1}} with {@code β₁, β₂}
         * and {@code h} learned per layer, starting as the Euler ResNet (the tableau does not apply).
         */
        HB_NET("HB-Net", "heavy-ball layers x+ = b1 x + h f(x) + b2 x_prev, b1, b2 and h learned"),
        /**
         * The damped second-order ODE {@code ÿ + γẏ = f(y)} by conformal symplectic Euler, {@code γ} and {@code h}
         * learned per layer, the velocity starting at rest (the tableau does not apply).
         */
        SECOND_ORDER("2nd-order", "y'' + g y' = f(y) by conformal symplectic Euler, g and h learned"),
        /**
         * The same ODE by conformal Störmer–Verlet (second order, one field evaluation per layer), {@code γ} and
         * {@code h} learned per layer, the velocity starting at rest (the tableau does not apply).
         */
        SECOND_ORDER_VERLET("2nd-order-SV", "y'' + g y' = f(y) by conformal Stormer-Verlet, g and h learned"),
        /**
         * AGD-Net (Li, Yang, Chen and Lin 2018, (18)): {@code x_{n+1} = Σ_j β_{n,j} x_j + h_n Σ_j α_{n,j} f(x_j)}, dense
         * connections with learned coefficients and {@code h}, starting as the Euler ResNet (no tableau).
         */
        AGD_NET("AGD-Net", "dense layers x+ = sum_j b_j x_j + h sum_j a_j f(x_j), a, b and h learned"),
        /**
         * DMRNet (Li, Yang, Chen and Lin 2018, (20), from ADMM): two streams {@code x'_{n+1} = S_n + h f(x'_n; θ'_n)},
         * {@code x_{n+1} = S_n + h f(x_n; θ_n)}, {@code S_n = Σ_j α_{n,j} x'_j + β_{n,j} x_j}, a branch field θ' and
         * the coefficients and {@code h} learned, starting as the Euler ResNet on x (no tableau).
         */
        DMR_NET("DMRNet", "two streams x+ = S + h f(x), x'+ = S + h f'(x'), S = sum_j a_j x'_j + b_j x_j, f', a, b, h"
                + " learned");

        private static final Registry<Model> REGISTRY = register();

        final String label;
        private final String description;

        Model(String label, String description) {
            this.label = label;
            this.description = description;
        }

        /** The models by label, in the paper's order. */
        static Registry<Model> registry() {
            return REGISTRY;
        }

        private static Registry<Model> register() {
            Registry.Builder<Model> b = Registry.builder("model");
            for (Model m : values()) {
                b.add(m.label, m.description, m);
            }
            return b.build();
        }

        /** @throws IllegalArgumentException naming the labels if {@code name} is not one of them (any case) */
        static Model byName(String name) {
            return REGISTRY.get(name);
        }

        /** Whether the model's layers are Runge–Kutta steps (so that a tableau applies). */
        boolean usesTableau() {
            return this == RESNET || this == ODENET || this == ODENET_SIMPLEX;
        }

        /** The field family of the model's layers, given the family asked for. */
        String fieldFamily(String requested) {
            return this == HAMILTONIAN ? io.github.pontryagin.core.field.Hamiltonian.FAMILY.name() : requested;
        }

        /** Applies this model's structure to a builder. */
        OdeNetBuilder configure(OdeNetBuilder b) {
            return switch (this) {
                case NET -> b.layerUpdate(LayerUpdate.plain()).stepSizes(StepSizePolicy.FIXED);
                case RESNET -> b.stepSizes(StepSizePolicy.FIXED);
                case ODENET -> b.stepSizes(StepSizePolicy.FREE);
                case ODENET_SIMPLEX -> b.stepSizes(StepSizePolicy.SIMPLEX);
                case HAMILTONIAN -> b.layerUpdate(LayerUpdate.leapfrog()).stepSizes(StepSizePolicy.FREE);
                case HB_NET -> b.layerUpdate(LayerUpdate.heavyBall()).stepSizes(StepSizePolicy.FREE);
                case SECOND_ORDER -> b.layerUpdate(LayerUpdate.conformalEuler()).stepSizes(StepSizePolicy.FREE);
                case SECOND_ORDER_VERLET ->
                        b.layerUpdate(LayerUpdate.conformalVerlet()).stepSizes(StepSizePolicy.FREE);
                case AGD_NET -> b.layerUpdate(LayerUpdate.structured().get("agd-net")).stepSizes(StepSizePolicy.FREE);
                case DMR_NET -> b.layerUpdate(LayerUpdate.structured().get("dmr-net")).stepSizes(StepSizePolicy.FREE);
            };
        }
    }

    /**
     * The settings of a suite: layers N, final time T (h = T/N for ResNet and the starting h of the
     * ODENets), training (= test) points and iterations as functions of the data set, and the optimizer.
     */
    record Suite(String name, int layers, double horizon, int width, ToIntFunction<DatasetGenerator> pointRule,
                 ToIntFunction<DatasetGenerator> iterationRule, String optimizerName, Supplier<Optimizer> optimizer) {

        private static final Registry<Supplier<Suite>> REGISTRY = Registry.<Supplier<Suite>>builder("suite")
                .add("A", "Ehrhardt: N = 20, T = 1, per-data-set points and iterations, GD tau = 1/L", Suite::a)
                .add("B", "Owren: N = 15, h = 0.1, 1000 points, 10000 iterations, GD with Armijo", Suite::b)
                .build();

        /** The suites by name. */
        static Registry<Supplier<Suite>> registry() {
            return REGISTRY;
        }

        /** @throws IllegalArgumentException naming the suites if {@code name} is not one of them */
        static Suite byName(String name) {
            return REGISTRY.get(name).get();
        }

        /**
         * Suite A (Ehrhardt): N = 20, d = 2 (donut1d lifted), T = 1 (h = 1/20; Net has no h), the data set's
         * {@link DatasetGenerator#paperPoints() points} (500 + 500 for donut1d, 1000 + 1000 for the others) and
         * {@link DatasetGenerator#paperIterations() iterations} (5000 / 8000 / 20000 / 8000 for donut1d / donut2d
         * / spiral / squares), gradient descent with τ = 1/L, L₀ = 0.1, L ×1.5 on reject, ×0.99 on accept.
         */
        static Suite a() {
            return new Suite("A", 20, 1.0, 2, DatasetGenerator::paperPoints, DatasetGenerator::paperIterations,
                    "GD tau = 1/L (L0 = 0.1, x1.5 on reject, x0.99 on accept)",
                    () -> Optimizers.lipschitzBacktracking(0.1));
        }

        /**
         * Suite B (Owren): N = 15, h = 0.1 (T = 1.5), 1000 training (and 1000 test) points, 10000
         * iterations for every data set, gradient descent with Armijo backtracking ρ = 0.5, c = 0.4 from
         * τ₀ = 1 (docs/theory.md §4 does not give τ₀; every step restarts from it, the lectures' rule, which keeps
         * the iterates of the recorded tables; the warm start of {@link Optimizers#armijoWarmStart} needs fewer
         * trial points but changes them).
         */
        static Suite b() {
            return new Suite("B", 15, 1.5, 2, g -> 1000, g -> 10000, "GD Armijo (tau0 = 1, rho = 0.5, c = 0.4)",
                    () -> Optimizers.armijo(1.0, 0.5, 0.4));
        }

        /** @return the training (and test) points for {@code dataset} */
        int points(DatasetGenerator dataset) {
            return pointRule.applyAsInt(dataset);
        }

        /** @return the iterations for {@code dataset} */
        int iterations(DatasetGenerator dataset) {
            return iterationRule.applyAsInt(dataset);
        }

        /** The scaled-down version for {@code --quick}: a fifth of the points (≥ 100), a twentieth of the iterations. */
        Suite quick() {
            return new Suite(name + " quick", layers, horizon, width, g -> Math.max(100, points(g) / 5),
                    g -> Math.max(100, iterations(g) / 20), optimizerName, optimizer);
        }

        /** With every data set's points and/or iterations replaced (null keeps the suite's). */
        Suite override(Integer pointCount, Integer iterationCount) {
            ToIntFunction<DatasetGenerator> p = pointCount == null ? pointRule : g -> pointCount;
            ToIntFunction<DatasetGenerator> i = iterationCount == null ? iterationRule : g -> iterationCount;
            return new Suite(name, layers, horizon, width, p, i, optimizerName, optimizer);
        }
    }

    /** One cell of the grid: a data set, a model and (for the Runge–Kutta models) a tableau. */
    record Cell(DatasetGenerator dataset, Model model, Tableau tableau) {
        String tableauName() {
            return model.usesTableau() ? tableau.name() : "-";
        }

        String directoryName() {
            return dataset.label() + "/" + model.label.toLowerCase(Locale.ROOT).replace('+', '-')
                    + (model.usesTableau() ? "-" + tableau.name() : "");
        }
    }
}
