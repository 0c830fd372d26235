package io.github.pontryagin.odenets;

import java.util.Arrays;
import java.util.SplittableRandom;

import io.github.pontryagin.adjoint.LayerUpdate;
import io.github.pontryagin.core.Registry;
import io.github.pontryagin.core.field.ParameterBlock;
import io.github.pontryagin.core.field.VectorField;

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

    /**
     * Initialises a net's parameter vector: every weight block of every layer's field (in layer order, the
     * only random draws besides the head's), the layer update's own coefficients at their initial values
     * ({@link LayerUpdate#initialLayerParameter}), step sizes at {@code h}, the head (W = 10 for {@link #PAPER},
     * random otherwise; μ = 0) and the lift at the zero-padding map, or random when it narrows (d &lt; d0).
     */
    void initialize(Parameters layout, VectorField field, LayerUpdate update, double[] h, double[] u,
                    SplittableRandom random) {
        for (int n = 0; n < h.length; n++) {
            // the field's weights, then those of the branch sets (DMRNet's θ'_n: its own draws, not a copy of θ_n)
            for (int set = -1; set < update.branchFieldSets(); set++) {
                for (ParameterBlock block : field.parameterBlocks()) {
                    if (block.kind() == ParameterBlock.Kind.WEIGHT) {
                        String name = set < 0 ? block.name() : LayerUpdate.branchBlockName(block.name(), set);
                        gaussian(u, layout.layer(n).block(name).offset(), block.size(),
                                weightStandardDeviation(block.cols(), block.rows()), random);
                    }
                }
            }
        }
        // the layer update's own coefficients (HB-Net's hb_beta1, hb_beta2; the damping gamma) start where the update says
        java.util.List<String> own = update.layerParameterNames();
        for (int n = 0; n < h.length; n++) {
            for (int i = 0; i < own.size(); i++) {
                u[layout.layer(n).block(own.get(i)).offset()] = update.initialLayerParameter(n, i);
            }
        }
        Parameters.Block steps = layout.stepSizes();
        if (!steps.isEmpty()) {
            System.arraycopy(h, 0, u, steps.offset(), h.length);
        }
        Parameters.Block w = layout.headWeights();
        if (this == PAPER) {
            Arrays.fill(u, w.offset(), w.end(), 10.0);
        } else {
            gaussian(u, w.offset(), w.size(), weightStandardDeviation(w.rows(), w.cols()), random);
        }
        Parameters.Block lift = layout.lift();
        int d0 = lift.rows();
        int d = lift.cols();
        if (!lift.isEmpty() && d < d0) {
            // a narrowing lift (d < d0, e.g. 784 pixels to d) has no zero-padding map to start from: the first d
            // coordinates may be constant (an image's corner); it starts random, with 1/sqrt(d0) for PAPER so
            // that y_0 keeps the scale of one input coordinate. The samples go to L row by row (L_00, L_01, …),
            // stored as Lᵀ
            double sigma = this == PAPER ? 1.0 / Math.sqrt(d0) : weightStandardDeviation(d0, d);
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d0; j++) {
                    u[lift.index(j, i)] = sigma * random.nextGaussian();
                }
            }
            return;
        }
        for (int i = 0; i < Math.min(lift.rows(), lift.cols()); i++) {
            u[lift.index(i, i)] = 1.0;
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
