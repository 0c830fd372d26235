package io.github.pontryagin.odenets;

import java.util.ArrayList;
import java.util.List;

import io.github.pontryagin.adjoint.GradientCheck;
import io.github.pontryagin.adjoint.LayerUpdate;
import io.github.pontryagin.core.field.ParameterBlock;
import io.github.pontryagin.core.field.VectorField;

/**
 * Where each part of an ODE-net lives in its flat parameter vector {@code u}, as named, shaped
 * blocks. The layout is
 * <pre>
 *   [ θ_0 … θ_{N−1} | h_0 … h_{N−1} (when learned) | head W (d × K), μ (K) | lift Lᵀ (d0 × d, when learnable) ]
 * </pre>
 * Like the head's W, the learnable lift {@code L ∈ R^{d×d0}} ({@code y_0 = L x}) is stored input-major: entry
 * {@code L_ij} at {@link #lift()}{@code .index(j, i)}, the d entries of one input's column adjacent (the sparse
 * lift's kernels read and write a column as vectors); model files, exports and gradient exports show L itself.
 * with {@code θ_n} laid out as the vector field's {@link VectorField#parameterBlocks()}, then the branch sets of the
 * field's parameters ({@link LayerUpdate#branchFieldSets()}: DMRNet's {@code θ'_n}, blocks named {@code K'},
 * {@code beta'}; none for the other updates), followed by the layer update's own coefficients
 * ({@link LayerUpdate#layerParameterNames()}: {@code hb_beta1, hb_beta2} for HB-Net, {@code gamma} for the
 * conformal-Euler and conformal-Störmer–Verlet layers, {@code alpha_j, beta_j} for AGD-Net and DMRNet; none for
 * Runge–Kutta, plain and leapfrog layers). All names of a layer are distinct (a collision is refused). Optimizers,
 * model files, exports, plots and gradient checks all see this one vector; this class is the only
 * place where offsets into it are computed. Instances are immutable.
 */
public final class Parameters {

    /**
     * A named {@code rows × cols} block of {@code u}, row-major from {@code offset}; empty (0 × 0)
     * when the net has no such part.
     */
    public record Block(String name, int offset, int rows, int cols) {

        public int size() {
            return rows * cols;
        }

        public boolean isEmpty() {
            return size() == 0;
        }

        /** End of the block (exclusive) in {@code u}. */
        public int end() {
            return offset + size();
        }

        /** Position in {@code u} of entry (i, j). */
        public int index(int i, int j) {
            if (i < 0 || i >= rows || j < 0 || j >= cols) {
                throw new IndexOutOfBoundsException("entry (" + i + ", " + j + ") outside block " + name + " of shape "
                        + rows + " × " + cols);
            }
            return offset + i * cols + j;
        }

        /** Entry (i, j) of this block in {@code u}. */
        public double get(double[] u, int i, int j) {
            return u[index(i, j)];
        }

        /** Positions in {@code u} of all entries, in storage order. */
        public int[] indices() {
            int[] indices = new int[size()];
            for (int e = 0; e < indices.length; e++) {
                indices[e] = offset + e;
            }
            return indices;
        }
    }

    /** The parameters θ_n of one layer, as the field's named blocks. */
    public final class Layer {
        private final int n;

        private Layer(int n) {
            this.n = n;
        }

        /**
         * The block of this layer with the given name: a field block, e.g. {@code K} or {@code beta}, a branch
         * set's block ({@code K'}, {@code beta'} of DMRNet), or one of the layer update's own coefficients (1 × 1),
         * e.g. {@code hb_beta1}, {@code hb_beta2} of HB-Net or {@code gamma} of the conformal-Euler layer (the names
         * are distinct, see {@link LayerUpdate#layerParameterNames()}).
         */
        public Block block(String name) {
            for (Block b : layerBlocks) {
                if (b.name().equals(name)) {
                    return new Block(name, layerOffset(n) + b.offset(), b.rows(), b.cols());
                }
            }
            throw new IllegalArgumentException("layer " + n + " has no parameter block '" + name + "'; its blocks are "
                    + blockNames());
        }

        /** All of θ_n (the field's parameters, the branch sets', then the update's own) as one 1 × P block. */
        public Block all() {
            return new Block("theta_" + n, layerOffset(n), 1, theta.cols());
        }
    }

    private final VectorField field;
    private final LayerUpdate update;
    private final int layers;
    private final int width;
    private final Block theta;
    private final Block stepSizes;
    private final Block headWeights;
    private final Block headBias;
    private final Block lift;
    /**
     * The blocks of one layer, offsets from the layer's start: the field's, the branch sets', then the update's own
     * coefficients (1 × 1); the first {@link #fieldBlockCount} are the field's and the branch sets'.
     */
    private final List<Block> layerBlocks;
    private final int fieldBlockCount;

    /**
     * @param field          the layers' vector field
     * @param update         the layer update (its own coefficients, if any, follow the field's in each θ_n)
     * @param layers         N
     * @param learnedSteps   whether h_n are parameters
     * @param headOutputs    K, the head's output units
     * @param inputDimension d0 (for the lift)
     * @param learnableLift  whether the d × d0 lift L is a parameter (stored as Lᵀ, d0 × d)
     */
    Parameters(VectorField field, LayerUpdate update, int layers, boolean learnedSteps, int headOutputs,
               int inputDimension, boolean learnableLift) {
        this.field = field;
        this.update = update;
        this.layers = layers;
        this.width = field.dimension();
        this.layerBlocks = layerBlocks(field, update);
        this.fieldBlockCount = (1 + update.branchFieldSets()) * field.parameterBlocks().size();
        int perLayer = update.parametersPerLayer(field);
        long total = count(perLayer, layers, learnedSteps, width, headOutputs, inputDimension, learnableLift);
        if (total > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("the net would have " + total + " parameters, more than one array"
                    + " holds (" + (Integer.MAX_VALUE - 16) + "); use fewer layers or a smaller width");
        }
        this.theta = new Block("theta", 0, layers, perLayer);
        this.stepSizes = learnedSteps ? new Block("h", theta.end(), 1, layers) : new Block("h", theta.end(), 0, 0);
        this.headWeights = new Block("head W", stepSizes.end(), width, headOutputs);
        this.headBias = new Block("head mu", headWeights.end(), 1, headOutputs);
        this.lift = learnableLift ? new Block("lift", headBias.end(), inputDimension, width)
                : new Block("lift", headBias.end(), 0, 0);
    }

    /**
     * The blocks of one layer (see {@link #layerBlocks}), refusing names that are not distinct: a field block (or a
     * branch set's) named like one of the update's own coefficients would make {@link Layer#block} return the field
     * block for the coefficient. The name {@code h} is taken by the step size, which the gradient and export files
     * keep beside a layer's blocks.
     */
    private static List<Block> layerBlocks(VectorField field, LayerUpdate update) {
        java.util.Map<String, String> owners = new java.util.HashMap<>();
        owners.put("h", "step size h (a layer's key in the gradient and export files)");
        List<Block> blocks = new ArrayList<>();
        for (int set = -1; set < update.branchFieldSets(); set++) {
            for (ParameterBlock b : field.parameterBlocks()) {
                String name = set < 0 ? b.name() : LayerUpdate.branchBlockName(b.name(), set);
                claim(owners, name, (set < 0 ? "field '" : "branch set " + (set + 1) + " of field '")
                        + field.family() + "' block", update);
                blocks.add(new Block(name, (set + 1) * field.parameterCount() + b.offset(), b.rows(), b.cols()));
            }
        }
        int coefficients = (1 + update.branchFieldSets()) * field.parameterCount();
        List<String> own = update.layerParameterNames();
        for (int i = 0; i < own.size(); i++) {
            claim(owners, own.get(i), "layer update '" + update.name() + "' coefficient", update);
            blocks.add(new Block(own.get(i), coefficients + i, 1, 1));
        }
        return List.copyOf(blocks);
    }

    private static void claim(java.util.Map<String, String> owners, String name, String owner, LayerUpdate update) {
        String before = owners.putIfAbsent(name, owner);
        if (before != null) {
            throw new IllegalArgumentException("parameter block name '" + name + "' is used twice in a layer of the "
                    + update.name() + " net: by the " + before + " and by the " + owner + "; every block and "
                    + "coefficient of a layer needs its own name");
        }
    }

    /**
     * The length of the parameter vector of such a net, in long arithmetic (it cannot overflow for int
     * arguments), so that sizes can be checked before anything is allocated.
     */
    static long count(int perLayer, int layers, boolean learnedSteps, int width, int headOutputs,
                      int inputDimension, boolean learnableLift) {
        return (long) layers * perLayer + (learnedSteps ? layers : 0) + (long) width * headOutputs + headOutputs
                + (learnableLift ? (long) width * inputDimension : 0);
    }

    /**
     * The field's parameters per layer with the branch sets', {@code (1 + B) P_f} (the first entries of each θ_n;
     * {@code B = }{@link LayerUpdate#branchFieldSets()}, 0 except for DMRNet).
     */
    public int fieldParametersPerLayer() {
        return (1 + update.branchFieldSets()) * field.parameterCount();
    }

    /** The names of the blocks of one layer: the field's, the branch sets', then the update's own coefficients. */
    public List<String> blockNames() {
        return layerBlocks.stream().map(Block::name).toList();
    }

    /** Length of the parameter vector. */
    public int size() {
        return lift.end();
    }

    /** All layers' θ: row n is θ_n. */
    public Block theta() {
        return theta;
    }

    /** The view of layer n's parameters. */
    public Layer layer(int n) {
        if (n < 0 || n >= layers) {
            throw new IndexOutOfBoundsException("layer " + n + " outside 0.." + (layers - 1));
        }
        return new Layer(n);
    }

    /** The learned step sizes h_0 … h_{N−1} (empty when they are fixed). */
    public Block stepSizes() {
        return stepSizes;
    }

    /** The head's W and μ together (the heads read them from {@link Block#offset()}). */
    public Block head() {
        return new Block("head", headWeights.offset(), 1, headWeights.size() + headBias.size());
    }

    public Block headWeights() {
        return headWeights;
    }

    public Block headBias() {
        return headBias;
    }

    /**
     * The learnable lifting matrix, stored transposed: a {@code d0 × d} block holding {@code Lᵀ} ({@code L_ij} at
     * {@code index(j, i)}); empty for zero padding.
     */
    public Block lift() {
        return lift;
    }

    /**
     * A copy of {@code u} in the order of model files and exports: the lift block as {@code L} row-major
     * ({@code d × d0}, entry {@code L_ij} at {@code offset + i·d0 + j}) instead of the stored {@code Lᵀ}; every other
     * entry where it is.
     */
    public double[] toFileOrder(double[] u) {
        return moveLift(u, true);
    }

    /** The inverse of {@link #toFileOrder}: a copy of {@code v} with its lift block stored as {@code Lᵀ}. */
    public double[] fromFileOrder(double[] v) {
        return moveLift(v, false);
    }

    /** A copy of {@code in} with the lift block moved from the stored order to the file's, or back. */
    private double[] moveLift(double[] in, boolean toFile) {
        double[] out = in.clone();
        int d0 = lift.rows();
        int d = lift.cols();
        for (int j = 0; j < d0; j++) {
            for (int i = 0; i < d; i++) {
                int stored = lift.offset() + j * d + i;
                int file = lift.offset() + i * d0 + j;
                out[toFile ? file : stored] = in[toFile ? stored : file];
            }
        }
        return out;
    }

    /** The non-empty parts in storage order: theta, h, head, lift. */
    public List<Block> parts() {
        List<Block> parts = new ArrayList<>(List.of(theta));
        if (!stepSizes.isEmpty()) {
            parts.add(stepSizes);
        }
        parts.add(head());
        if (!lift.isEmpty()) {
            parts.add(lift);
        }
        return parts;
    }

    /**
     * Blocks for a gradient check: one per field block (all layers together; the branch sets' blocks too), one per
     * coefficient of the update, then h, head W, head mu and lift, so that each is judged relative to its own
     * largest entry.
     */
    public List<GradientCheck.Block> gradientCheckBlocks() {
        List<GradientCheck.Block> blocks = new ArrayList<>();
        for (Block b : layerBlocks) {
            int[] indices = new int[layers * b.size()];
            for (int n = 0; n < layers; n++) {
                for (int e = 0; e < b.size(); e++) {
                    indices[n * b.size() + e] = layerOffset(n) + b.offset() + e;
                }
            }
            blocks.add(new GradientCheck.Block(b.name(), indices));
        }
        for (Block part : List.of(stepSizes, headWeights, headBias, lift)) {
            if (!part.isEmpty()) {
                blocks.add(new GradientCheck.Block(part.name(), part.indices()));
            }
        }
        return blocks;
    }

    /** A readable name for entry {@code i} of the vector, e.g. {@code layer 3 K[1][0]} or {@code h_5}. */
    public String describe(int i) {
        if (i < 0 || i >= size()) {
            throw new IllegalArgumentException("parameter index " + i + " outside 0.." + (size() - 1));
        }
        if (i < theta.end()) {
            int layer = i / theta.cols();
            int local = i - layerOffset(layer);
            for (int k = 0; k < layerBlocks.size(); k++) {
                Block b = layerBlocks.get(k);
                if (local >= b.offset() && local < b.end()) {
                    int e = local - b.offset();
                    return "layer " + layer + " " + b.name()
                            + (k < fieldBlockCount ? "[" + e / b.cols() + "][" + e % b.cols() + "]" : "");
                }
            }
            throw new IllegalStateException("entry " + local + " of layer " + layer + " lies in none of its blocks "
                    + blockNames());
        }
        if (i < stepSizes.end()) {
            return "h_" + (i - stepSizes.offset());
        }
        if (i >= headWeights.offset() && i < headWeights.end()) {
            int e = i - headWeights.offset();
            return headWeights.name() + "[" + e / headWeights.cols() + "][" + e % headWeights.cols() + "]";
        }
        if (i >= lift.offset() && i < lift.end()) {
            // entry (i, j) of L, stored at (j, i) of the block
            int e = i - lift.offset();
            return lift.name() + "[" + e % lift.cols() + "][" + e / lift.cols() + "]";
        }
        return headBias.name() + "[" + (i - headBias.offset()) + "]";
    }

    private int layerOffset(int n) {
        return theta.offset() + n * theta.cols();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Parameters p && p.parts().equals(parts()) && p.headWeights.equals(headWeights);
    }

    @Override
    public int hashCode() {
        return parts().hashCode();
    }

    @Override
    public String toString() {
        return "Parameters" + parts();
    }
}
