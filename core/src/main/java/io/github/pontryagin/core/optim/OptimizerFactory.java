package io.github.pontryagin.core.optim;

import java.util.function.Function;

import io.github.pontryagin.core.Registry;

/**
 * A named way to build an optimizer from the common hyper-parameters (docs/theory.md §3), as registered by
 * {@link Optimizers#registry()}: the command line and configuration files choose an optimizer by this name.
 *
 * @param name                registered name, e.g. {@code "heavy-ball"}
 * @param description         one line for help texts
 * @param defaultLearningRate learning rate (or first step) used when none is given, &gt; 0
 * @param build               the optimizer for checked hyper-parameters
 */
public record OptimizerFactory(String name, String description, double defaultLearningRate,
                               Function<Hyperparameters, Optimizer> build) implements Registry.Named {

    /**
     * The hyper-parameters shared by the registered optimizers; each uses those that apply to it.
     *
     * @param learningRate τ (step, first step or L₀, depending on the optimizer), &gt; 0
     * @param momentum     μ ∈ [0, 1) for the momentum methods
     * @param weightDecay  decoupled weight decay λ ≥ 0 for AdamW
     */
    public record Hyperparameters(double learningRate, double momentum, double weightDecay) {
    }

    /** @throws IllegalArgumentException if a part is missing or the default learning rate is not &gt; 0 */
    public OptimizerFactory {
        if (name == null || name.isBlank() || description == null || build == null) {
            throw new IllegalArgumentException("an optimizer factory needs a name, a description and a build "
                    + "function; got name '" + name + "'");
        }
        Checks.positive("defaultLearningRate", defaultLearningRate);
    }

    /**
     * @param learningRate τ, or null for {@link #defaultLearningRate()}
     * @param momentum     μ for the momentum methods
     * @param weightDecay  λ for AdamW
     * @return the optimizer
     * @throws IllegalArgumentException if a hyper-parameter is outside the optimizer's range
     */
    public Optimizer create(Double learningRate, double momentum, double weightDecay) {
        return build.apply(new Hyperparameters(learningRate == null ? defaultLearningRate : learningRate, momentum,
                weightDecay));
    }
}
