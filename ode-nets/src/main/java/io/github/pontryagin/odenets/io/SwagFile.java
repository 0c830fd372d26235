package io.github.pontryagin.odenets.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.pontryagin.core.optim.WeightAverage;

/**
 * The SWAG statistics of a training run (Maddox et al. 2019: the mean, the second moment and the K deviation columns
 * of the collected iterates, {@link WeightAverage}), written beside the model file so that predictions with
 * uncertainty can be sampled later. JSON: {@code format}, {@code formatVersion}, {@code rank}, {@code count},
 * {@code mean}, {@code squareMean}, {@code deviations} (K arrays).
 */
public final class SwagFile {

    public static final String FORMAT = "pontryagin-swag";
    public static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private SwagFile() {
    }

    /**
     * Writes the statistics atomically.
     *
     * @throws IllegalArgumentException if the average is SWA (no covariance) or holds no iterate
     */
    public static void write(Path path, WeightAverage swag) throws IOException {
        if (!swag.isGaussian() || swag.count() == 0) {
            throw new IllegalArgumentException("a SWAG file needs SWAG statistics with at least one iterate, got "
                    + (swag.isGaussian() ? "no iterate" : "SWA (mean only)"));
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("formatVersion", VERSION);
        root.put("rank", swag.rank());
        root.put("count", swag.count());
        array(root.putArray("mean"), swag.mean());
        array(root.putArray("squareMean"), swag.squareMean());
        ArrayNode deviations = root.putArray("deviations");
        for (int c = 0; c < swag.rank(); c++) {
            array(deviations.addArray(), swag.deviation(c));
        }
        AtomicFiles.write(path, out -> JSON.writeValue(out, root));
    }

    /**
     * @param parameters the number of parameters of the model the statistics belong to
     * @throws ModelFormatException naming the file and the field for a corrupt, truncated or mismatched file
     */
    public static WeightAverage read(Path path, int parameters) throws IOException {
        String source = path.toString();
        JsonNode root;
        try (InputStream in = Files.newInputStream(path)) {
            root = JSON.readTree(in);
        } catch (JsonProcessingException | java.io.CharConversionException e) {
            throw new ModelFormatException(source + ": not a valid SWAG file (corrupt or truncated JSON)", e);
        }
        if (root == null || !root.isObject() || !FORMAT.equals(root.path("format").asText())) {
            throw new ModelFormatException(source + ": not a SWAG file (format must be '" + FORMAT + "'; it is written"
                    + " by 'train --average swag')");
        }
        if (root.path("formatVersion").asInt(-1) != VERSION) {
            throw new ModelFormatException(source + ": SWAG file version " + root.path("formatVersion")
                    + " is not supported; this program reads version " + VERSION);
        }
        double[] mean = numbers(root.get("mean"), "mean", source);
        if (mean.length != parameters) {
            throw new ModelFormatException(source + ": SWAG statistics of " + mean.length + " parameters but the model"
                    + " has " + parameters + " (was it written for another model?)");
        }
        JsonNode deviationsNode = root.get("deviations");
        if (deviationsNode == null || !deviationsNode.isArray()) {
            throw new ModelFormatException(source + ": missing array 'deviations'");
        }
        double[][] deviations = new double[deviationsNode.size()][];
        for (int c = 0; c < deviations.length; c++) {
            deviations[c] = numbers(deviationsNode.get(c), "deviations[" + c + "]", source);
        }
        try {
            return WeightAverage.swag(root.path("rank").asInt(0), root.path("count").asLong(0), mean,
                    numbers(root.get("squareMean"), "squareMean", source), deviations);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(source + ": " + e.getMessage());
        }
    }

    private static void array(ArrayNode node, double[] values) {
        for (double v : values) {
            node.add(v);
        }
    }

    private static double[] numbers(JsonNode a, String field, String source) throws ModelFormatException {
        if (a == null || !a.isArray()) {
            throw new ModelFormatException(source + ": missing array '" + field + "'");
        }
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            if (!a.get(i).isNumber() || !Double.isFinite(a.get(i).asDouble())) {
                throw new ModelFormatException(source + ": entry " + i + " of '" + field + "' must be a finite number,"
                        + " got " + a.get(i));
            }
            out[i] = a.get(i).asDouble();
        }
        return out;
    }
}
