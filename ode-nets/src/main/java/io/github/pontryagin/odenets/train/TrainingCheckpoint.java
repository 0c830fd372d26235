package io.github.pontryagin.odenets.train;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.pontryagin.core.optim.OptimizerState;
import io.github.pontryagin.odenets.OdeNet;
import io.github.pontryagin.odenets.io.AtomicFiles;
import io.github.pontryagin.odenets.io.ModelFile;
import io.github.pontryagin.odenets.io.ModelFormatException;

/**
 * A training checkpoint: the model file's content, the completed iteration count, the trainer's seed
 * and batch size, the full optimizer state, the history, the loss of every iteration so far and the
 * settings that change the result ({@link Trainer.Builder#setting}, plus a fingerprint of the training
 * data), which {@link Trainer#resume} compares with its own. Non-finite doubles (e.g. an unset
 * Lipschitz estimate) are stored as the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}.
 * Files written before losses, settings and the optimizer's memory were recorded read with empty ones.
 *
 * @param losses   the loss of iterations {@code iteration − losses.length + 1 … iteration}
 * @param settings name → value of every recorded setting, in insertion order
 */
public record TrainingCheckpoint(OdeNet net, long iteration, long seed, int batchSize,
                                 OptimizerState.Snapshot optimizerState, List<TrainingProgress> history,
                                 double[] losses, Map<String, String> settings) {

    public static final String FORMAT = "pontryagin-checkpoint";
    /**
     * 2 since the learnable lift is stored as {@code Lᵀ} (the optimizer's vectors follow the parameter vector's
     * order); version 1 is read for nets without a learnable lift, whose order did not change.
     */
    public static final int VERSION = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    static void write(Path path, OdeNet net, long iteration, long seed, int batchSize,
                      OptimizerState.Snapshot state, List<TrainingProgress> history, double[] losses, int lossCount,
                      Map<String, String> settings) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("formatVersion", VERSION);
        root.put("iteration", iteration);
        root.put("seed", seed);
        root.put("batchSize", batchSize);
        ObjectNode s = root.putObject("settings");
        settings.forEach(s::put);
        root.set("model", ModelFile.toJson(net));
        ObjectNode o = root.putObject("optimizer");
        o.put("iteration", state.iteration());
        number(o, "lastValue", state.lastValue());
        number(o, "lastStepSize", state.lastStepSize());
        number(o, "lipschitz", state.lipschitz());
        o.put("lastBacktracks", state.lastBacktracks());
        array(o, "gradient", state.gradient());
        array(o, "momentum", state.momentum());
        array(o, "secondMoment", state.secondMoment());
        array(o, "accumulatedUpdate", state.accumulatedUpdate());
        array(o, "point", state.point());
        array(o, "work", state.work());
        ArrayNode extra = o.putArray("extra");
        for (double[] part : state.extra()) {
            ArrayNode a = extra.addArray();
            for (double v : part) {
                if (Double.isFinite(v)) {
                    a.add(v);
                } else {
                    a.add(Double.toString(v));
                }
            }
        }
        ArrayNode h = root.putArray("history");
        for (TrainingProgress p : history) {
            ObjectNode e = h.addObject();
            e.put("iteration", p.iteration());
            e.put("totalIterations", p.totalIterations());
            number(e, "loss", p.loss());
            number(e, "trainAccuracy", p.trainAccuracy());
            number(e, "testAccuracy", p.testAccuracy());
            e.put("elapsedNanos", p.elapsedNanos());
            e.put("evaluationNanos", p.evaluationNanos());
        }
        ArrayNode l = root.putArray("losses");
        for (int k = 0; k < lossCount; k++) {
            if (Double.isFinite(losses[k])) {
                l.add(losses[k]);
            } else {
                l.add(Double.toString(losses[k]));
            }
        }
        AtomicFiles.write(path, out -> JSON.writeValue(out, root));
    }

    /**
     * Reads a checkpoint, reporting corrupt, truncated, inconsistent or wrong-version files with the file
     * name.
     *
     * @throws ModelFormatException if the file is not a readable checkpoint
     * @throws IOException          if the file cannot be read
     */
    public static TrainingCheckpoint read(Path path) throws IOException {
        String source = path.toString();
        JsonNode root;
        try (InputStream in = Files.newInputStream(path)) {
            root = JSON.readTree(in);
        } catch (JsonProcessingException | java.io.CharConversionException e) {
            throw new ModelFormatException(source + ": not a valid checkpoint (corrupt or truncated JSON)", e);
        }
        if (root == null || !root.isObject() || !FORMAT.equals(root.path("format").asText())) {
            throw new ModelFormatException(source + ": not a training checkpoint (format must be '" + FORMAT + "')");
        }
        JsonNode model = root.get("model");
        int version = root.path("formatVersion").asInt(-1);
        boolean learnableLift = model != null && model.path("architecture").path("learnableLift").asBoolean(false);
        if (version == 1 && learnableLift) {
            throw new ModelFormatException(source + ": checkpoint version 1 of a net with a learnable lift is not"
                    + " supported (its optimizer state holds the lift as L, this program as Lᵀ); resume it with the"
                    + " version that wrote it (its 'model' is a valid model file of every version)");
        }
        if (version != VERSION && version != 1) {
            throw new ModelFormatException(source + ": checkpoint version " + root.path("formatVersion")
                    + " is not supported; this program reads version " + VERSION);
        }
        JsonNode o = root.get("optimizer");
        if (model == null || o == null || !o.isObject() || !root.path("iteration").canConvertToLong()
                || root.path("iteration").asLong() < 0) {
            throw new ModelFormatException(source + ": checkpoint lacks 'model', 'optimizer' or a non-negative"
                    + " 'iteration'");
        }
        long iteration = root.path("iteration").asLong();
        OdeNet net = ModelFile.fromJson(model, source + " (model)");
        OptimizerState.Snapshot state = new OptimizerState.Snapshot(o.path("iteration").asLong(),
                number(o, "lastValue", source), number(o, "lastStepSize", source), number(o, "lipschitz", source),
                o.path("lastBacktracks").asInt(), array(o, "gradient", source), array(o, "momentum", source),
                array(o, "secondMoment", source), array(o, "accumulatedUpdate", source), array(o, "point", source),
                array(o, "work", source), extra(o, source));
        int size = net.parameters().length;
        for (double[] v : new double[][]{state.gradient(), state.momentum(), state.secondMoment(),
                state.accumulatedUpdate(), state.point()}) {
            if (v.length != 0 && v.length != size) {
                throw new ModelFormatException(source + ": optimizer state has a vector of " + v.length
                        + " values but the net has " + size + " parameters");
            }
        }
        List<TrainingProgress> history = new ArrayList<>();
        for (JsonNode e : root.path("history")) {
            history.add(new TrainingProgress(e.path("iteration").asLong(), e.path("totalIterations").asLong(),
                    number(e, "loss", source), number(e, "trainAccuracy", source), number(e, "testAccuracy", source),
                    e.path("elapsedNanos").asLong(), e.path("evaluationNanos").asLong(0)));
        }
        JsonNode l = root.path("losses");
        double[] losses = new double[l.isArray() ? l.size() : 0];
        for (int k = 0; k < losses.length; k++) {
            losses[k] = number(l, k, source);
        }
        if (losses.length > iteration) {
            throw new ModelFormatException(source + ": 'losses' has " + losses.length + " values but the checkpoint"
                    + " is at iteration " + iteration);
        }
        Map<String, String> settings = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("settings").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            settings.put(e.getKey(), e.getValue().asText());
        }
        return new TrainingCheckpoint(net, iteration, root.path("seed").asLong(),
                root.path("batchSize").asInt(), state, history, losses,
                java.util.Collections.unmodifiableMap(settings));
    }

    /** The optimizer-specific parts of the state; absent in files written before they were recorded. */
    private static double[][] extra(JsonNode optimizer, String source) throws ModelFormatException {
        JsonNode e = optimizer.get("extra");
        if (e == null) {
            return new double[0][];
        }
        if (!e.isArray()) {
            throw new ModelFormatException(source + ": 'extra' of the optimizer state must be an array of arrays, got "
                    + e.getNodeType());
        }
        double[][] parts = new double[e.size()][];
        for (int k = 0; k < parts.length; k++) {
            JsonNode part = e.get(k);
            if (!part.isArray()) {
                throw new ModelFormatException(source + ": entry " + k + " of the optimizer's 'extra' must be an array,"
                        + " got " + part);
            }
            parts[k] = new double[part.size()];
            for (int i = 0; i < parts[k].length; i++) {
                parts[k][i] = number(part, i, source, "part " + k + " of the optimizer's 'extra'");
            }
        }
        return parts;
    }

    private static double number(JsonNode array, int k, String source) throws ModelFormatException {
        return number(array, k, source, "'losses'");
    }

    private static double number(JsonNode array, int k, String source, String what) throws ModelFormatException {
        JsonNode v = array.get(k);
        if (v.isNumber()) {
            return v.asDouble();
        }
        return switch (v.asText()) {
            case "NaN" -> Double.NaN;
            case "Infinity" -> Double.POSITIVE_INFINITY;
            case "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> throw new ModelFormatException(source + ": entry " + k + " of " + what + " must be a number, got "
                    + v);
        };
    }

    private static void number(ObjectNode node, String field, double value) {
        if (Double.isFinite(value)) {
            node.put(field, value);
        } else {
            node.put(field, Double.toString(value));
        }
    }

    private static double number(JsonNode node, String field, String source) throws ModelFormatException {
        JsonNode v = node.get(field);
        if (v != null && v.isNumber()) {
            return v.asDouble();
        }
        if (v != null && v.isTextual()) {
            switch (v.asText()) {
                case "NaN":
                    return Double.NaN;
                case "Infinity":
                    return Double.POSITIVE_INFINITY;
                case "-Infinity":
                    return Double.NEGATIVE_INFINITY;
                default:
                    break;
            }
        }
        throw new ModelFormatException(source + ": field '" + field + "' must be a number, got " + v);
    }

    private static void array(ObjectNode node, String field, double[] values) {
        ArrayNode a = node.putArray(field);
        for (double v : values) {
            a.add(v);
        }
    }

    private static double[] array(JsonNode node, String field, String source) throws ModelFormatException {
        JsonNode a = node.get(field);
        if (a == null || !a.isArray()) {
            throw new ModelFormatException(source + ": missing array '" + field + "'");
        }
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            if (!a.get(i).isNumber()) {
                throw new ModelFormatException(source + ": entry " + i + " of '" + field + "' must be a number, got "
                        + a.get(i));
            }
            out[i] = a.get(i).asDouble();
        }
        return out;
    }
}
