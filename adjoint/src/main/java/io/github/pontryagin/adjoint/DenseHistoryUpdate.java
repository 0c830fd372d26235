package io.github.pontryagin.adjoint;

import java.util.ArrayList;
import java.util.List;

/**
 * What the layer updates with dense connections to every earlier state share (AGD-Net, DMRNet; Li, Yang, Chen and
 * Lin 2018): they are made for a depth N, the capacity (the state stores the earlier states of N layers), and each
 * layer has the 2N learnable coefficients {@code alpha_0 … alpha_{N−1}, beta_0 … beta_{N−1}} after its field
 * parameters, those with {@code j > n} not entering layer n. The registry holds a template of capacity 0, which
 * {@link #forLayers} makes for the net's depth.
 */
abstract class DenseHistoryUpdate extends LayerUpdate {

    final int capacity;
    private final String name;
    private final String factory;

    /**
     * @param name     the update's name
     * @param factory  the {@link LayerUpdate} factory that makes it for N layers, named in errors
     * @param capacity N
     */
    DenseHistoryUpdate(String name, String factory, int capacity) {
        this.name = name;
        this.factory = factory;
        this.capacity = capacity;
    }

    /** This update made for {@code layers} layers. */
    abstract DenseHistoryUpdate withCapacity(int layers);

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final boolean usesStepSizes() {
        return true;
    }

    @Override
    public final LayerUpdate forLayers(int layers) {
        return layers == capacity ? this : withCapacity(layers);
    }

    @Override
    final void requireLayers(int layers) {
        if (layers > capacity) {
            throw new IllegalArgumentException("the " + name + " update is made for N = " + capacity + " layers (dense"
                    + " connections to every earlier state), got " + layers + "; use LayerUpdate." + factory + "("
                    + layers + ")");
        }
    }

    @Override
    public final int layerParameterCount() {
        return 2 * capacity;
    }

    @Override
    public final List<String> layerParameterNames() {
        List<String> names = new ArrayList<>();
        for (int j = 0; j < capacity; j++) {
            names.add("alpha_" + j);
        }
        for (int j = 0; j < capacity; j++) {
            names.add("beta_" + j);
        }
        return names;
    }

    @Override
    public final boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && ((DenseHistoryUpdate) o).capacity == capacity;
    }

    @Override
    public final int hashCode() {
        return 31 * capacity + name.hashCode();
    }
}
