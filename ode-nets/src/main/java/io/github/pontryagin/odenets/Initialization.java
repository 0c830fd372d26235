package io.github.pontryagin.odenets;

import java.util.SplittableRandom;

import io.github.pontryagin.core.Registry;

/**
 * Random initialisation of weight matrices; biases start at 0.
 * <ul>
 *   <li>{@link #PAPER}: {@code K ~ N(0, 1)}, head {@code W = (10, …, 10)}, {@code μ = 0} (Benning et al. 2019,
 *       docs/theory.md §1);</li>
 *   <li>{@link #XAVIER}: {@code N(0, 2/(fan_in + fan_out))} (Glorot &amp; Bengio 2010);</li>
 *   <li>{@link #HE}: {@code N(0, 2/fan_in)} (He et al. 2015).</li>
 * </ul>
 */
public enum Initialization {
    PAPER("paper", "K ~ N(0, 1), head W = 10 (Benning et al. 2019)"),
    XAVIER("xavier", "N(0, 2/(fan_in + fan_out)) (Glorot and Bengio 2010)"),
    HE("he", "N(0, 2/fan_in) (He et al. 2015)");

    private static final Registry<Initialization> REGISTRY = register();

    private final String id;
    private final String description;

    Initialization(String id, String description) {
        this.id = id;
        this.description = description;
    }

    /** The initialisations by id, in declaration order. */
    public static Registry<Initialization> registry() {
        return REGISTRY;
    }

    private static Registry<Initialization> register() {
        Registry.Builder<Initialization> b = Registry.builder("initialization");
        for (Initialization i : values()) {
            b.add(i.id, i.description, i);
        }
        return b.build();
    }

    public String id() {
        return id;
    }

    /** Standard deviation for a weight matrix with the given fan-in and fan-out. */
    public double weightStandardDeviation(int fanIn, int fanOut) {
        switch (this) {
            case XAVIER:
                return Math.sqrt(2.0 / (fanIn + fanOut));
            case HE:
                return Math.sqrt(2.0 / fanIn);
            default:
                return 1.0;
        }
    }

    /** Fills {@code count} entries from {@code offset} with {@code N(0, σ²)} samples. */
    static void gaussian(double[] target, int offset, int count, double sigma, SplittableRandom random) {
        for (int i = 0; i < count; i++) {
            target[offset + i] = sigma * random.nextGaussian();
        }
    }

    /** @throws IllegalArgumentException naming the accepted ids if {@code name} is unknown */
    public static Initialization byName(String name) {
        return REGISTRY.get(name);
    }
}
