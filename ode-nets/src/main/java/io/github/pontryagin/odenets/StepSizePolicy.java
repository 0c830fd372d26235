package io.github.pontryagin.odenets;

import java.util.Arrays;

import io.github.pontryagin.core.Registry;
import io.github.pontryagin.core.optim.Projection;

/**
 * How the step sizes {@code h_n} of an ODE-net are treated (the baselines of docs/theory.md §1): their
 * initial values, whether they are learned, and the constraint that keeps them feasible.
 */
public enum StepSizePolicy {
    /** ResNet: {@code h_n = T/N}, not learned (not part of the parameter vector). */
    FIXED("fixed", "ResNet: h_n = T/N, not learned"),
    /** ODENet: {@code h_n} learned freely, initialised at {@code T/N}. */
    FREE("free", "ODENet: h_n learned, starting at T/N"),
    /**
     * ODENet+simplex: learned, and projected after every update onto {@code {h ≥ 0, Σ h_n = T}} (the
     * sort-based Euclidean projection of Held, Wolfe and Crowder 1974).
     */
    SIMPLEX("simplex", "ODENet+simplex: h_n learned, h >= 0 and sum h_n = T") {
        @Override
        public Projection constraint(double horizon, Parameters.Block stepSizes) {
            return stepSizes.isEmpty() ? super.constraint(horizon, stepSizes)
                    : Projection.simplex(horizon).onRange(stepSizes.offset(), stepSizes.end());
        }
    };

    private static final Registry<StepSizePolicy> REGISTRY = register();

    private final String id;
    private final String description;

    StepSizePolicy(String id, String description) {
        this.id = id;
        this.description = description;
    }

    /** The policies by id, in declaration order. */
    public static Registry<StepSizePolicy> registry() {
        return REGISTRY;
    }

    private static Registry<StepSizePolicy> register() {
        Registry.Builder<StepSizePolicy> b = Registry.builder("step-size policy");
        for (StepSizePolicy p : values()) {
            b.add(p.id, p.description, p);
        }
        return b.build();
    }

    public String id() {
        return id;
    }

    /** True when the step sizes are part of the trainable parameters. */
    public boolean learned() {
        return this != FIXED;
    }

    /** The initial (or, for {@link #FIXED}, the permanent) step sizes: {@code h_n = T/N}. */
    public double[] initial(int layers, double horizon) {
        double[] h = new double[layers];
        Arrays.fill(h, horizon / layers);
        return h;
    }

    /** The constraint on the parameter vector's step-size block (the identity when there is none). */
    public Projection constraint(double horizon, Parameters.Block stepSizes) {
        return (u, from, to, work) -> { };
    }

    /** @throws IllegalArgumentException naming the accepted ids if {@code name} is unknown */
    public static StepSizePolicy byName(String name) {
        return REGISTRY.get(name);
    }
}
