package io.github.pontryagin.odenets;

import java.util.Arrays;
import java.util.Locale;

/**
 * How the step sizes {@code h_n} of an ODE-net are treated (SPEC §1 baselines).
 */
public enum StepSizePolicy {
    /** ResNet: {@code h_n = T/N}, not learned (not part of the parameter vector). */
    FIXED("fixed"),
    /** ODENet: {@code h_n} learned freely, initialised at {@code T/N}. */
    FREE("free"),
    /** ODENet+simplex: learned and projected after every step onto {@code {h ≥ 0, Σ h_n = T}}. */
    SIMPLEX("simplex");

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
