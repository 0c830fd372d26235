package io.github.pontryagin.odenets;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Random initialisation of weight matrices; biases start at 0.
 * <ul>
 *   <li>{@link #PAPER}: {@code K ~ N(0, 1)}, head {@code W = (10, …, 10)}, {@code μ = 0} (Benning et al. 2019,
 *       SPEC §1);</li>
 *   <li>{@link #XAVIER}: {@code N(0, 2/(fan_in + fan_out))} (Glorot &amp; Bengio 2010, seed 004);</li>
 *   <li>{@link #HE}: {@code N(0, 2/fan_in)} (He et al. 2015, seed 004).</li>
 * </ul>
 */
public enum Initialization {
    PAPER("paper"),
    XAVIER("xavier"),
    HE("he");

    private final String id;

    Initialization(String id) {
        this.id = id;
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

    public static Initialization byName(String name) {
        if (name != null) {
            for (Initialization p : values()) {
                if (p.id.equals(name.trim().toLowerCase(Locale.ROOT))) {
                    return p;
                }
            }
        }
        throw new IllegalArgumentException("unknown initialization '" + name + "'; expected one of "
                + Arrays.stream(values()).map(Initialization::id).toList());
    }
}
