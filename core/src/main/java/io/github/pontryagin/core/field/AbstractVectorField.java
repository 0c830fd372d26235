package io.github.pontryagin.core.field;

import java.util.List;

/**
 * What the built-in families share: family name, dimension, activation and a contiguous layout of
 * named parameter blocks. Subclasses supply the arithmetic.
 */
abstract class AbstractVectorField implements VectorField {

    /** State dimension d. */
    protected final int d;
    /** The activation σ. */
    protected final Activation sigma;
    private final String family;
    private final List<ParameterBlock> blocks;
    private final int parameterCount;

    /**
     * @param blocks the layer's parameter blocks, contiguous and in storage order from offset 0
     */
    AbstractVectorField(String family, int dimension, Activation activation, List<ParameterBlock> blocks) {
        VectorFields.requirePositive("dimension", dimension);
        this.family = family;
        this.d = dimension;
        this.sigma = VectorFields.requireActivation(activation);
        this.blocks = List.copyOf(blocks);
        int next = 0;
        for (ParameterBlock block : this.blocks) {
            if (block.offset() != next) {
                throw new IllegalStateException(family + ": parameter block '" + block.name() + "' starts at "
                        + block.offset() + ", expected " + next + " (blocks must be contiguous)");
            }
            if ((long) next + block.size() > ParameterBlock.MAX_ENTRIES) {
                throw new IllegalArgumentException(family + "(d=" + dimension + ") would have more parameters per layer"
                        + " than " + ParameterBlock.TOO_LARGE + " (" + ParameterBlock.MAX_ENTRIES
                        + "); use a smaller width");
            }
            next += block.size();
        }
        this.parameterCount = next;
    }

    @Override
    public final String family() {
        return family;
    }

    @Override
    public final Activation activation() {
        return sigma;
    }

    @Override
    public final int dimension() {
        return d;
    }

    @Override
    public final int parameterCount() {
        return parameterCount;
    }

    @Override
    public final List<ParameterBlock> parameterBlocks() {
        return blocks;
    }

    /** Offset of the block called {@code name} within a layer's parameters. */
    final int offsetOf(String name) {
        for (ParameterBlock block : blocks) {
            if (block.name().equals(name)) {
                return block.offset();
            }
        }
        throw new IllegalStateException(family + " has no parameter block '" + name + "'");
    }

    /** {@code family(d=…, <details>, activation)}. */
    final String describe(String details) {
        return family + "(d=" + d + (details.isEmpty() ? "" : ", " + details) + ", " + sigma.id() + ")";
    }
}
