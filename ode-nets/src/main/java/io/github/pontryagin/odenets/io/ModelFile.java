package io.github.pontryagin.odenets.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.pontryagin.adjoint.LayerUpdate;
import io.github.pontryagin.core.field.Activation;
import io.github.pontryagin.core.field.VectorFieldSpec;
import io.github.pontryagin.core.field.VectorFields;
import io.github.pontryagin.core.tableau.ImplicitTableau;
import io.github.pontryagin.core.tableau.Tableau;
import io.github.pontryagin.odenets.Initialization;
import io.github.pontryagin.odenets.NetArchitecture;
import io.github.pontryagin.odenets.OdeNet;
import io.github.pontryagin.odenets.OdeNetBuilder;
import io.github.pontryagin.odenets.Parameters;
import io.github.pontryagin.odenets.StepSizePolicy;

/**
 * Model files: JSON holding the format name and version, the architecture (every builder setting),
 * the tableau's coefficients, the flat parameter vector (in {@link Parameters#toFileOrder file order}: a learnable
 * lift as L row-major, d × d0, the order of every version of the format) and, for reading convenience, the step
 * sizes.
 * Doubles are written in their shortest round-trip form, so a loaded net predicts bit-identically.
 * Files are written atomically ({@link AtomicFiles}); reading checks everything and reports problems
 * with the file name.
 */
public final class ModelFile {

    public static final String FORMAT = "pontryagin-model";
    public static final int VERSION = 1;

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ModelFile() {
    }

    /** Writes {@code net} (architecture and current parameters) to {@code path} atomically. */
    public static void write(OdeNet net, Path path) throws IOException {
        ObjectNode root = toJson(net);
        AtomicFiles.write(path, out -> JSON.writeValue(out, root));
    }

    /**
     * Reads a net written by {@link #write}.
     *
     * @throws ModelFormatException if the file is not a readable, consistent model file
     * @throws IOException          if the file cannot be read
     */
    public static OdeNet read(Path path) throws IOException {
        JsonNode root;
        try (InputStream in = Files.newInputStream(path)) {
            root = JSON.readTree(in);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(path.toString(), null, "model file not found");
        } catch (java.io.CharConversionException e) {
            throw new ModelFormatException(path + ": not a valid model file (not UTF-8 JSON text)", e);
        } catch (JsonProcessingException e) {
            throw new ModelFormatException(path + ": not a valid model file (corrupt or truncated JSON"
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr()) + ")", e);
        }
        if (root == null || !root.isObject()) {
            throw new ModelFormatException(path + ": not a valid model file (empty or not a JSON object)");
        }
        return fromJson(root, path.toString());
    }

    /** The JSON tree of a net. */
    public static ObjectNode toJson(OdeNet net) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("formatVersion", VERSION);
        NetArchitecture arch = net.architecture();
        if (arch.hasCustomField()) {
            throw new IllegalArgumentException("a net with a user-defined vector field (family '"
                    + net.field().family() + "') cannot be saved to a model file: the file records built-in"
                    + " field families only (" + VectorFields.families() + ")");
        }
        VectorFieldSpec field = arch.fieldSpec();
        ObjectNode a = root.putObject("architecture");
        a.put("inputDimension", arch.inputDimension());
        a.put("width", arch.width());
        a.put("layers", arch.layers());
        a.put("field", field.family());
        a.put("activation", field.activation().id());
        a.put("hiddenWidth", field.hiddenWidth());
        a.put("gamma", field.gamma());
        a.put("stepSizes", arch.stepSizes().id());
        a.put("horizon", arch.horizon());
        a.put("head", arch.head());
        a.put("classes", arch.classes());
        a.put("skipConnection", arch.update().usesStepSizes());
        arch.update().implicitTableau().ifPresent(t -> a.put("implicitTableau", t.name()));
        a.put("learnableLift", arch.learnableLift());
        a.put("initialization", arch.initialization().id());
        a.put("seed", arch.seed());
        a.put("tikhonov", arch.tikhonov());
        a.put("smoothness", arch.smoothness());
        if (arch.update().tableau().isEmpty() && arch.update().implicitTableau().isEmpty()
                && arch.update().usesStepSizes()) {
            // a layer update that is not a Runge–Kutta step (leapfrog, hb-net, conformal-euler) is recorded by name,
            // without a tableau; the update's own coefficients are in 'parameters' (after each layer's field block)
            a.put("layerUpdate", arch.update().name());
            doubles(root.putArray("stepSizes"), net.stepSizes());
            doubles(root.putArray("parameters"), net.layout().toFileOrder(net.parameters()));
            return root;
        }
        // implicit layers are recorded by name ("implicitTableau"); the explicit tableau is then a placeholder
        Tableau t = arch.update().tableau().orElse(Tableau.euler());
        ObjectNode tableau = root.putObject("tableau");
        tableau.put("name", t.name());
        tableau.put("order", t.order());
        ArrayNode rows = tableau.putArray("a");
        for (double[] row : t.a()) {
            doubles(rows.addArray(), row);
        }
        doubles(tableau.putArray("b"), t.b());
        doubles(tableau.putArray("c"), t.c());
        doubles(root.putArray("stepSizes"), net.stepSizes());
        doubles(root.putArray("parameters"), net.layout().toFileOrder(net.parameters()));
        return root;
    }

    private static void doubles(ArrayNode node, double[] values) {
        for (double v : values) {
            node.add(v);
        }
    }

    /** Rebuilds a net from its JSON tree; {@code source} names the file in error messages. */
    public static OdeNet fromJson(JsonNode root, String source) throws ModelFormatException {
        String format = text(root, "format", source);
        if (!FORMAT.equals(format)) {
            throw new ModelFormatException(source + ": 'format' is '" + format + "', expected '" + FORMAT + "'");
        }
        int version = integer(root, "formatVersion", source);
        if (version != VERSION) {
            throw new ModelFormatException(source + ": model format version " + version
                    + " is not supported; this program reads version " + VERSION);
        }
        JsonNode a = object(root, "architecture", source);
        double[] parameters = array(root, "parameters", source);
        OdeNet net;
        try {
            VectorFieldSpec field = VectorFieldSpec.of(text(a, "field", source))
                    .withActivation(Activation.byName(text(a, "activation", source)))
                    .withHiddenWidth(integer(a, "hiddenWidth", source))
                    .withGamma(number(a, "gamma", source));
            OdeNetBuilder b = OdeNet.builder()
                    .inputDimension(integer(a, "inputDimension", source))
                    .width(integer(a, "width", source))
                    .layers(integer(a, "layers", source))
                    .field(field)
                    .horizon(number(a, "horizon", source))
                    .classes(integer(a, "classes", source))
                    .head(text(a, "head", source))
                    .learnableLift(bool(a, "learnableLift", source))
                    .initialization(Initialization.byName(text(a, "initialization", source)))
                    .seed(a.path("seed").asLong())
                    .tikhonov(number(a, "tikhonov", source))
                    .smoothness(number(a, "smoothness", source));
            JsonNode layerUpdate = a.get("layerUpdate");
            if (layerUpdate != null) {
                if (!LayerUpdate.structured().contains(layerUpdate.asText())) {
                    throw new ModelFormatException(source + ": 'layerUpdate' is '" + layerUpdate.asText()
                            + "'; this program reads " + LayerUpdate.structured().names() + " (Runge–Kutta and"
                            + " plain layers are given by 'skipConnection' and 'tableau')");
                }
                b.layerUpdate(LayerUpdate.structured().get(layerUpdate.asText()))
                        .stepSizes(StepSizePolicy.byName(text(a, "stepSizes", source)));
            } else if (a.has("implicitTableau")) {
                b.layerUpdate(LayerUpdate.implicit(ImplicitTableau.byName(text(a, "implicitTableau", source))))
                        .stepSizes(StepSizePolicy.byName(text(a, "stepSizes", source)));
            } else if (bool(a, "skipConnection", source)) {
                b.tableau(tableau(object(root, "tableau", source), source))
                        .stepSizes(StepSizePolicy.byName(text(a, "stepSizes", source)));
            } else {
                b.layerUpdate(LayerUpdate.plain()).stepSizes(StepSizePolicy.FIXED);
            }
            long needed = b.parameterCount();
            if (parameters.length != needed) {
                throw new ModelFormatException(source + ": 'parameters' has " + parameters.length
                        + " values but the architecture needs " + needed + " (truncated or altered file?)");
            }
            net = b.build();
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(source + ": invalid architecture: " + e.getMessage(), e);
        }
        net.setParameters(net.layout().fromFileOrder(parameters));
        return net;
    }

    private static Tableau tableau(JsonNode node, String source) throws ModelFormatException {
        String name = text(node, "name", source);
        int order = integer(node, "order", source);
        double[] b = array(node, "b", source);
        double[] c = array(node, "c", source);
        JsonNode rows = node.get("a");
        if (rows == null || !rows.isArray() || rows.isEmpty()) {
            throw new ModelFormatException(source + ": tableau 'a' must be a non-empty array of rows, one per stage");
        }
        if (b.length != rows.size()) {
            throw new ModelFormatException(source + ": tableau 'b' has " + b.length + " entries but 'a' has "
                    + rows.size() + " rows; 'b' needs one weight per stage");
        }
        if (c.length != rows.size()) {
            throw new ModelFormatException(source + ": tableau 'c' has " + c.length + " entries but 'a' has "
                    + rows.size() + " rows; 'c' needs one node per stage");
        }
        double[][] a = new double[b.length][];
        for (int i = 0; i < b.length; i++) {
            a[i] = values(rows.get(i), "tableau a row " + i, source);
        }
        Tableau stored;
        try {
            stored = new Tableau(name, order, a, b, c);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(source + ": invalid tableau: " + e.getMessage(), e);
        }
        if (Tableau.names().contains(name)) {
            Tableau builtIn = Tableau.byName(name);
            if (Arrays.deepEquals(builtIn.a(), stored.a()) && Arrays.equals(builtIn.b(), stored.b())) {
                return builtIn;
            }
        }
        return stored;
    }

    private static JsonNode object(JsonNode parent, String field, String source) throws ModelFormatException {
        JsonNode node = parent.get(field);
        if (node == null || !node.isObject()) {
            throw new ModelFormatException(source + ": missing object '" + field + "'");
        }
        return node;
    }

    private static String text(JsonNode parent, String field, String source) throws ModelFormatException {
        JsonNode node = parent.get(field);
        if (node == null || !node.isTextual()) {
            throw new ModelFormatException(source + ": missing text field '" + field + "'");
        }
        return node.asText();
    }

    private static int integer(JsonNode parent, String field, String source) throws ModelFormatException {
        JsonNode node = parent.get(field);
        if (node == null || !node.canConvertToInt() || !node.isIntegralNumber()) {
            throw new ModelFormatException(source + ": missing integer field '" + field + "'");
        }
        return node.asInt();
    }

    private static boolean bool(JsonNode parent, String field, String source) throws ModelFormatException {
        JsonNode node = parent.get(field);
        if (node == null || !node.isBoolean()) {
            throw new ModelFormatException(source + ": missing boolean field '" + field + "'");
        }
        return node.asBoolean();
    }

    private static double number(JsonNode parent, String field, String source) throws ModelFormatException {
        JsonNode node = parent.get(field);
        if (node == null || !node.isNumber()) {
            throw new ModelFormatException(source + ": missing number field '" + field + "'");
        }
        return node.asDouble();
    }

    static double[] array(JsonNode parent, String field, String source) throws ModelFormatException {
        return values(parent.get(field), "'" + field + "'", source);
    }

    private static double[] values(JsonNode node, String what, String source) throws ModelFormatException {
        if (node == null || !node.isArray()) {
            throw new ModelFormatException(source + ": missing number array " + what);
        }
        double[] out = new double[node.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = node.get(i);
            if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
                throw new ModelFormatException(source + ": entry " + i + " of " + what + " is '" + v
                        + "', expected a finite number");
            }
            out[i] = v.asDouble();
        }
        return out;
    }
}
