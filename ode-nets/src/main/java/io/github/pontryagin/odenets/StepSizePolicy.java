package io.github.pontryagin.odenets;

import java.util.Arrays;
import java.util.Locale;

import io.github.pontryagin.core.optim.Projection;

/**
 * How the step sizes {@code h_n} of an ODE-net are treated (the baselines of docs/theory.md §1): their
 * initial values, whether they are learned, and the constraint that keeps them feasible.
 */
public enum StepSizePolicy {
    /** ResNet: {@code h_n = T/N}, not learned (not part of the parameter vector). */
    FIXED("fixed"),
    /** ODENet: {@code h_n} learned freely, initialised at {@code T/N}. */
    FREE("free"),
    /**
     * ODENet+simplex: learned, and projected after every update onto {@code {h ≥ 0, Σ h_n = T}} (the
     * sort-based Euclidean projection of Held, Wolfe and Crowder 1974).
     */
    SIMPLEX("simplex") {
        @Override
        public Projection constraint(double horizon, Parameters.Block stepSizes) {
            return stepSizes.isEmpty() ? super.constraint(horizon, stepSizes)
                    : Projection.simplex(horizon).onRange(stepSizes.offset(), stepSizes.end());
        }
    };

    private final String id;

    StepSizePolicy(String id) {
        this.id = id;
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

    public static StepSizePolicy byName(String name) {
        if (name != null) {
            for (StepSizePolicy p : values()) {
                if (p.id.equals(name.trim().toLowerCase(Locale.ROOT))) {
                    return p;
                }
            }
        }
        throw new IllegalArgumentException("unknown step-size policy '" + name + "'; expected one of "
                + Arrays.stream(values()).map(StepSizePolicy::id).toList());
    }
}
