package io.github.pontryagin.odenets.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.github.pontryagin.adjoint.LayerUpdate;
import io.github.pontryagin.core.field.ParameterBlock;
import io.github.pontryagin.odenets.OdeNet;
import io.github.pontryagin.odenets.Parameters;
import io.github.pontryagin.odenets.data.NpyFile;

/**
 * A net's parameters as NumPy {@code .npy} files, one per block ({@code <f8}, C order), the layers stacked
 * along the first axis:
 * <ul>
 *   <li>{@code <block>.npy} for each field block: {@code [N, rows, cols]} for a matrix ({@code K[n][i][j]}
 *       multiplies {@code y_j} in layer n), {@code [N, size]} for a vector ({@code beta[n]});</li>
 *   <li>for DMRNet, the branch field's blocks likewise, named with a prime ({@code K'.npy}, {@code beta'.npy});</li>
 *   <li>{@code coefficients.npy}: {@code [N, C]}, the layer update's own coefficients in the order of
 *       {@link LayerUpdate#layerParameterNames()} (HB-Net's {@code hb_beta1, hb_beta2}, {@code gamma}, AGD-Net's and
 *       DMRNet's {@code alpha_j, beta_j}; absent when there are none);</li>
 *   <li>{@code h.npy}: {@code [N]}, the step sizes (learned or fixed; absent for layers without step sizes);</li>
 *   <li>{@code head.W.npy}: {@code [d, K]} and {@code head.mu.npy}: {@code [K]} (K = 1 for the binary heads);</li>
 *   <li>{@code lift.npy}: {@code [d, d0]}, only for a learnable lift.</li>
 * </ul>
 * Block names are the field family's ({@code K}, {@code beta}; {@code A1}, {@code beta1}, … for two-layer),
 * as in the model file and the gradient file.
 */
public final class NpyExport {

    private NpyExport() {
    }

    /**
     * Writes the blocks of {@code net} at its parameters into {@code directory} (created if needed).
     *
     * @return the files written, in the order above
     */
    public static List<Path> write(OdeNet net, Path directory) throws IOException {
        Files.createDirectories(directory);
        Parameters layout = net.layout();
        double[] u = net.parameters();
        int layers = net.layers();
        List<Path> written = new ArrayList<>();
        LayerUpdate update = net.architecture().update();
        for (int set = -1; set < update.branchFieldSets(); set++) {
            for (ParameterBlock field : net.field().parameterBlocks()) {
                String name = set < 0 ? field.name() : LayerUpdate.branchBlockName(field.name(), set);
                int size = field.size();
                double[] stacked = new double[layers * size];
                for (int n = 0; n < layers; n++) {
                    System.arraycopy(u, layout.layer(n).block(name).offset(), stacked, n * size, size);
                }
                int[] shape = field.kind() == ParameterBlock.Kind.WEIGHT ? new int[]{layers, field.rows(), field.cols()}
                        : new int[]{layers, size};
                written.add(write(new NpyFile.Array(shape, stacked), directory, name));
            }
        }
        int own = update.layerParameterCount();
        if (own > 0) {
            double[] stacked = new double[layers * own];
            for (int n = 0; n < layers; n++) {
                System.arraycopy(u, layout.layer(n).all().offset() + layout.fieldParametersPerLayer(), stacked,
                        n * own, own);
            }
            written.add(write(new NpyFile.Array(new int[]{layers, own}, stacked), directory, "coefficients"));
        }
        if (net.architecture().update().usesStepSizes()) {
            written.add(write(new NpyFile.Array(new int[]{layers}, net.stepSizes()), directory, "h"));
        }
        Parameters.Block w = layout.headWeights();
        written.add(write(slice(u, w, w.rows(), w.cols()), directory, "head.W"));
        Parameters.Block mu = layout.headBias();
        written.add(write(new NpyFile.Array(new int[]{mu.size()}, java.util.Arrays.copyOfRange(u, mu.offset(),
                mu.end())), directory, "head.mu"));
        Parameters.Block lift = layout.lift();
        if (!lift.isEmpty()) {
            // L itself (d × d0), not the stored Lᵀ
            written.add(write(slice(layout.toFileOrder(u), lift, lift.cols(), lift.rows()), directory, "lift"));
        }
        return written;
    }

    private static NpyFile.Array slice(double[] u, Parameters.Block b, int rows, int cols) {
        return new NpyFile.Array(new int[]{rows, cols}, java.util.Arrays.copyOfRange(u, b.offset(), b.end()));
    }

    private static Path write(NpyFile.Array array, Path directory, String name) throws IOException {
        Path path = directory.resolve(name + ".npy");
        NpyFile.write(array, path);
        return path;
    }
}
