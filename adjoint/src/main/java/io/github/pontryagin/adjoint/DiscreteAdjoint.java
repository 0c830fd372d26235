package io.github.pontryagin.adjoint;

/**
 * The exact discrete adjoint ("discretise, then optimise"): gradients of the discrete loss {@code J(y_N)} with
 * respect to {@code θ_n}, {@code h_n} and {@code y_0}, walking the layers backwards from {@code p_N = ∂J/∂y_N}
 * with the adjoint of each {@link LayerUpdate} ({@code docs/theory.md} §2; Hager 2000; Sanz-Serna 2016;
 * Benning, Celledoni, Ehrhardt, Owren, Schönlieb 2019). Two forms of the same method:
 * {@link #reverse()} (reverse-mode, valid for every explicit tableau) and {@link #sprk()} (the symplectic
 * partitioned Runge–Kutta pair of {@link io.github.pontryagin.core.tableau.Tableau#partner()}, which needs every
 * {@code b_i ≠ 0}); they agree to round-off.
 *
 * <p>Memory: by default every stage of every layer is stored (O(N s d M)). {@link #checkpointEvery(int)} keeps
 * only every k-th layer state and recomputes one segment at a time in the backward pass (O((N/k + k s) d M),
 * about one extra forward pass), with bit-identical gradients; {@link #checkpointSqrt()} picks
 * {@code k = ⌈√N⌉}, which minimises {@code N/k + k}. Immutable value.
 */
public final class DiscreteAdjoint implements Adjoint {

    /** Interval meaning "every layer stored". */
    private static final int STORE_ALL = 0;
    /** Interval meaning "⌈√N⌉". */
    private static final int SQRT = -1;

    private final boolean partitioned;
    private final int every;

    private DiscreteAdjoint(boolean partitioned, int every) {
        this.partitioned = partitioned;
        this.every = every;
    }

    /** The reverse form, storing every stage. */
    public static DiscreteAdjoint reverse() {
        return new DiscreteAdjoint(false, STORE_ALL);
    }

    /** The SPRK form, storing every stage; {@link #newPass} rejects tableaux with some {@code b_i = 0}. */
    public static DiscreteAdjoint sprk() {
        return new DiscreteAdjoint(true, STORE_ALL);
    }

    /**
     * This adjoint with a checkpoint every {@code k} layers ({@code k ≥ 1}; {@code k ≥ N} stores everything).
     *
     * @throws IllegalArgumentException if {@code k < 1}
     */
    public DiscreteAdjoint checkpointEvery(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("checkpoint interval k must be >= 1 (1 keeps every layer state), got "
                    + k);
        }
        return new DiscreteAdjoint(partitioned, k);
    }

    /** This adjoint with a checkpoint every {@code ⌈√N⌉} layers. */
    public DiscreteAdjoint checkpointSqrt() {
        return new DiscreteAdjoint(partitioned, SQRT);
    }

    /** Whether this is the SPRK form. */
    public boolean isPartitioned() {
        return partitioned;
    }

    /** The checkpoint interval used for a flow of {@code layers} layers ({@code layers} when everything is stored). */
    public int checkpointInterval(int layers) {
        if (every == STORE_ALL) {
            return layers;
        }
        if (every == SQRT) {
            return Math.max(1, (int) Math.ceil(Math.sqrt(layers)));
        }
        return Math.min(every, layers);
    }

    @Override
    public DiscretePass newPass(DiscreteFlow flow, int batchSize) {
        if (flow == null) {
            throw new IllegalArgumentException("flow must be given");
        }
        if (partitioned) {
            flow.update().requirePartitionedForm();
        }
        return new DiscretePass(flow, this, batchSize, checkpointInterval(flow.layers()));
    }

    @Override
    public String describe() {
        String storage = every == STORE_ALL ? "every stage stored"
                : every == SQRT ? "checkpoint every ⌈√N⌉ layers" : "checkpoint every " + every + " layers";
        return "discrete adjoint, " + (partitioned ? "SPRK" : "reverse") + " form, " + storage;
    }

    @Override
    public String toString() {
        return describe();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DiscreteAdjoint other && other.partitioned == partitioned && other.every == every;
    }

    @Override
    public int hashCode() {
        return Boolean.hashCode(partitioned) * 31 + every;
    }
}
