package io.github.pontryagin.odenets;

import io.github.pontryagin.core.Registry;

/**
 * How the step sizes {@code h_n} of an ODE-net are treated (the baselines of docs/theory.md §1).
 */
public enum StepSizePolicy {
    /** ResNet: {@code h_n = T/N}, not learned (not part of the parameter vector). */
    FIXED("fixed", "ResNet: h_n = T/N, not learned"),
    /** ODENet: {@code h_n} learned freely, initialised at {@code T/N}. */
    FREE("free", "ODENet: h_n learned, starting at T/N"),
    /** ODENet+simplex: learned and projected after every step onto {@code {h ≥ 0, Σ h_n = T}}. */
    SIMPLEX("simplex", "ODENet+simplex: h_n learned, h >= 0 and sum h_n = T");

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

    /** @throws IllegalArgumentException naming the accepted ids if {@code name} is unknown */
    public static StepSizePolicy byName(String name) {
        return REGISTRY.get(name);
    }
}
