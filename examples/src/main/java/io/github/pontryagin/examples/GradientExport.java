package io.github.pontryagin.examples;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.github.pontryagin.core.field.ParameterBlock;
import io.github.pontryagin.core.field.VectorFieldFamily;
import io.github.pontryagin.core.field.VectorFields;
import io.github.pontryagin.core.tableau.Tableau;
import io.github.pontryagin.odenets.OdeNet;
import io.github.pontryagin.odenets.Parameters;
import io.github.pontryagin.odenets.data.Dataset;
import io.github.pontryagin.odenets.io.AtomicFiles;

/**
 * The gradient file of {@code pontryagin gradient}: everything needed to recompute a loss and its gradient
 * with another tool — tableau, field, activation, every layer's parameters, head, data, loss value — and the
 * gradient in the same structure as the parameters. The format is described in {@code examples/README.md}.
 */
final class GradientExport {

    static final String FORMAT = "pontryagin-gradient";
    /** The format of {@code pontryagin export --format json}: the same layout without data, loss value and gradient. */
    static final String EXPORT_FORMAT = "pontryagin-export";
    static final int VERSION = 1;

    private static final Map<String, String> LOSS_FORMULAS = Map.of(
            "logistic-ls", "J = (1/(2M)) sum_m (eta(W^T y_N^m + mu) - c^m)^2, eta(z) = 1/(1 + exp(-z))",
            "bce", "J = -(1/M) sum_m [c^m log C^m + (1 - c^m) log(1 - C^m)], C^m = eta(W^T y_N^m + mu)",
            "softmax", "J = -(1/M) sum_m log softmax(W^T y_N^m + mu)_{c^m}");

    /** The leapfrog layer (no tableau in the file), feature blocks as in {@code LayerUpdate.leapfrog()}. */
    static final String LEAPFROG_FORMULA = "x_n = (y, z), y = coordinates 0..d/2-1, z = d/2..d-1, f = (f_y, f_z): "
            + "z' = z + (h_n/2) f_z(y, z; theta_n), y_{n+1} = y + h_n f_y(y, z'; theta_n), "
            + "z_{n+1} = z' + (h_n/2) f_z(y_{n+1}, z'; theta_n)";

    /** The HB-Net layer (Lin 2019, (16)) on the state (x_n, x_{n−1}); its coefficients are per-layer parameters. */
    static final String HEAVY_BALL_FORMULA = "state (x_n, x_{n-1}) with x_{-1} = x_0 = y_0: x_{n+1} = hb_beta1_n x_n"
            + " + h_n f(x_n; theta_n) + hb_beta2_n x_{n-1}; the head reads x_N";

    /** The conformal-Euler layer of y'' + gamma y' = f(y) on the state (y_n, v_n). */
    static final String CONFORMAL_EULER_FORMULA = "state (y_n, v_n) with v_0 = 0: v_{n+1} = exp(-gamma_n h_n) v_n"
            + " + h_n f(y_n; theta_n), y_{n+1} = y_n + h_n v_{n+1}; the head reads y_N";

    /** The conformal Störmer–Verlet layer of y'' + gamma y' = f(y) on the state (y_n, v_n), docs/theory.md §2.11. */
    static final String CONFORMAL_VERLET_FORMULA = "state (y_n, v_n) with v_0 = 0, mu_n = exp(-gamma_n h_n / 2):"
            + " w = mu_n v_n, m = y_n + (h_n/2) w, u = w + h_n f(m; theta_n), y_{n+1} = m + (h_n/2) u,"
            + " v_{n+1} = mu_n u; the head reads y_N";

    /** The AGD-Net layer (Li et al. 2018, (18)) with dense connections; its coefficients are per-layer parameters. */
    static final String AGD_FORMULA = "x_{n+1} = sum_{j<=n} beta_j[n] x_j + h_n sum_{j<=n} alpha_j[n] f(x_j; theta_j),"
            + " x_0 = y_0, with alpha_j, beta_j of layer n for j = 0..N-1 (those with j > n do not enter and have"
            + " gradient 0); the head reads x_N";

    /** The implicit Runge–Kutta layer: the stage equations over all j, solved per point by Newton's method. */
    /**
     * The DMRNet layer (Li et al. 2018, (20)): two streams, the branch x' with its own field parameters (the primed
     * blocks), and dense coefficients per layer.
     */
    static final String DMR_FORMULA = "S_n = sum_{j<=n} (alpha_j[n] x'_j + beta_j[n] x_j), x'_{n+1} = S_n + h_n"
            + " f(x'_n; theta'_n), x_{n+1} = S_n + h_n f(x_n; theta_n), x'_0 = x_0 = y_0, theta'_n = the layer's"
            + " primed blocks (K', beta', ...), alpha_j, beta_j of layer n for j = 0..N-1 (those with j > n do not"
            + " enter and have gradient 0); the head reads x_N";

    static final String IMPLICIT_FORMULA = "Y_i = y_n + h_n sum_j a[i][j] K_j (all j; solved per point by Newton's"
            + " method), K_i = f(Y_i; theta_n), y_{n+1} = y_n + h_n sum_i b[i] K_i";

    static final String EXPLICIT_FORMULA = "Y_i = y_n + h_n sum_{j<i} a[i][j] K_j, K_i = f(Y_i; theta_n),"
            + " y_{n+1} = y_n + h_n sum_i b[i] K_i";

    private GradientExport() {
    }

    /** The formula of one layer, by the update's name. */
    static String layerFormula(io.github.pontryagin.adjoint.LayerUpdate update) {
        if (!update.usesStepSizes()) {
            return "y_{n+1} = f(y_n; theta_n)";
        }
        if (update.implicitTableau().isPresent()) {
            return IMPLICIT_FORMULA;
        }
        return switch (update.name()) {
            case "leapfrog" -> LEAPFROG_FORMULA;
            case "hb-net" -> HEAVY_BALL_FORMULA;
            case "conformal-euler" -> CONFORMAL_EULER_FORMULA;
            case "conformal-verlet" -> CONFORMAL_VERLET_FORMULA;
            case "agd-net" -> AGD_FORMULA;
            case "dmr-net" -> DMR_FORMULA;
            default -> EXPLICIT_FORMULA;
        };
    }

    /**
     * The structured JSON of {@code net} at its parameters ({@code pontryagin export --format json}): the
     * gradient file's layout without {@code data}, {@code loss.value} and {@code gradient}.
     */
    static ObjectNode toJson(OdeNet net) {
        return toJson(net, null, Double.NaN, null);
    }

    /**
     * The JSON tree for {@code net} at its parameters, on {@code data}, with the loss and its gradient; with
     * {@code data} null, the model alone ({@link #toJson(OdeNet)}).
     */
    static ObjectNode toJson(OdeNet net, Dataset data, double loss, double[] gradient) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("format", data == null ? EXPORT_FORMAT : FORMAT);
        root.put("formatVersion", VERSION);
        root.put("model", ModelOptions.modelName(net));
        root.put("skipConnection", net.architecture().update().usesStepSizes());
        root.put("stepSizePolicy", net.architecture().update().usesStepSizes() ? net.architecture().stepSizes().id() : "none");
        io.github.pontryagin.adjoint.LayerUpdate update = net.architecture().update();
        root.put("layerUpdate", layerFormula(update));
        root.put("layerUpdateName", net.architecture().update().name());
        root.put("inputDimension", net.inputDimension());
        root.put("width", net.width());
        root.put("layers", net.layers());
        root.put("horizon", net.architecture().horizon());
        root.put("lift", net.architecture().learnableLift() ? "y_0 = L x (parameters.lift, d x d0)"
                : "y_0 = (x, 0, ..., 0) (zero padding to width d)");
        if (update.tableau().isPresent() || !update.usesStepSizes()) {
            // an explicit tableau (the plain layer keeps the Euler placeholder of format version 1)
            Tableau t = update.tableau().orElse(Tableau.euler());
            ObjectNode tableau = root.putObject("tableau");
            tableau.put("name", t.name());
            tableau.put("order", t.order());
            ArrayNode a = tableau.putArray("a");
            for (double[] row : t.a()) {
                add(a.addArray(), row, 0, row.length);
            }
            add(tableau.putArray("b"), t.b(), 0, t.b().length);
            add(tableau.putArray("c"), t.c(), 0, t.c().length);
        }
        update.implicitTableau().ifPresent(t -> {
            ObjectNode tableau = root.putObject("implicitTableau");
            tableau.put("name", t.name());
            tableau.put("order", t.order());
            ArrayNode a = tableau.putArray("a");
            double[] b = new double[t.stages()];
            double[] c = new double[t.stages()];
            for (int i = 0; i < t.stages(); i++) {
                c[i] = t.c(i);
                double[] row = new double[t.stages()];
                for (int j = 0; j < t.stages(); j++) {
                    row[j] = t.a(i, j);
                }
                add(a.addArray(), row, 0, row.length);
                b[i] = t.b(i);
            }
            add(tableau.putArray("b"), b, 0, b.length);
            add(tableau.putArray("c"), c, 0, c.length);
        });
        if (!update.layerParameterNames().isEmpty()) {
            ArrayNode own = root.putArray("layerCoefficients");
            update.layerParameterNames().forEach(own::add);
        }
        ObjectNode field = root.putObject("field");
        field.put("family", net.field().family());
        field.put("formula", VectorFields.registry().get(net.field().family()).description());
        field.put("activation", net.field().activation().id());
        if (VectorFields.registry().get(net.field().family()).accepts(VectorFieldFamily.Knob.GAMMA)) {
            field.put("gamma", net.architecture().fieldSpec().gamma());
        }
        ArrayNode blocks = field.putArray("blocks");
        for (int set = -1; set < update.branchFieldSets(); set++) {
            for (ParameterBlock block : net.field().parameterBlocks()) {
                String name = set < 0 ? block.name() : io.github.pontryagin.adjoint.LayerUpdate.branchBlockName(
                        block.name(), set);
                ObjectNode b = blocks.addObject();
                b.put("name", name);
                b.put("rows", block.rows());
                b.put("cols", block.cols());
                b.put("layout", block.rows() == 1 ? "vector" : "row-major: " + name + "[i][j] multiplies y_j");
            }
        }
        ObjectNode head = root.putObject("head");
        head.put("id", net.head().id());
        head.put("outputs", net.head().outputs());
        head.put("classes", net.head().classes());
        ObjectNode lossNode = root.putObject("loss");
        lossNode.put("definition", LOSS_FORMULAS.getOrDefault(net.head().id(), net.head().id())
                + (net.architecture().tikhonov() > 0 ? " + (tikhonov/2) |theta|^2" : "")
                + (net.architecture().smoothness() > 0 ? " + (smoothness/2) sum_n |theta_{n+1} - theta_n|^2 / h_n" : "")
                + ((net.architecture().tikhonov() > 0 || net.architecture().smoothness() > 0)
                        && !update.layerParameterNames().isEmpty() ? " (theta: the field blocks, not "
                        + String.join(", ", update.layerParameterNames()) + ")" : ""));
        lossNode.put("tikhonov", net.architecture().tikhonov());
        lossNode.put("smoothness", net.architecture().smoothness());
        if (data == null) {
            root.set("parameters", structure(json, net, net.parameters(), true));
            return root;
        }
        lossNode.put("value", loss);
        ObjectNode dataNode = root.putObject("data");
        dataNode.put("size", data.size());
        ArrayNode points = dataNode.putArray("points");
        for (int k = 0; k < data.size(); k++) {
            add(points.addArray(), data.point(k), 0, data.dimension());
        }
        ArrayNode labels = dataNode.putArray("labels");
        for (int label : data.labels()) {
            labels.add(label);
        }
        root.set("parameters", structure(json, net, net.parameters(), true));
        root.set("gradient", structure(json, net, gradient, false));
        return root;
    }

    /**
     * A flat vector in the parameters' structure: {@code layers[n]} with each field block (matrices as
     * row lists) and {@code h}; {@code head.W} ({@code d} values, or {@code d × K} rows for softmax) and
     * {@code head.mu}; {@code lift} when learnable. Fixed step sizes appear among the parameters, and as
     * {@code null} in the gradient (they are not trained).
     */
    static ObjectNode structure(ObjectMapper json, OdeNet net, double[] v, boolean parameters) {
        Parameters layout = net.layout();
        ObjectNode node = json.createObjectNode();
        ArrayNode layers = node.putArray("layers");
        double[] h = net.stepSizes();
        for (int n = 0; n < net.layers(); n++) {
            ObjectNode layer = layers.addObject();
            for (String name : layout.blockNames().subList(0, (1 + net.architecture().update().branchFieldSets())
                    * net.field().parameterBlocks().size())) {
                Parameters.Block block = layout.layer(n).block(name);
                if (block.rows() == 1) {
                    add(layer.putArray(block.name()), v, block.offset(), block.cols());
                } else {
                    ArrayNode rows = layer.putArray(block.name());
                    for (int i = 0; i < block.rows(); i++) {
                        add(rows.addArray(), v, block.index(i, 0), block.cols());
                    }
                }
            }
            for (String own : net.architecture().update().layerParameterNames()) {
                layer.put(own, v[layout.layer(n).block(own).offset()]);
            }
            if (net.architecture().update().usesStepSizes()) {
                if (!layout.stepSizes().isEmpty()) {
                    layer.put("h", v[layout.stepSizes().index(0, n)]);
                } else if (parameters) {
                    layer.put("h", h[n]);
                } else {
                    layer.putNull("h");
                }
            }
        }
        ObjectNode head = node.putObject("head");
        Parameters.Block w = layout.headWeights();
        Parameters.Block mu = layout.headBias();
        if (w.cols() == 1) {
            add(head.putArray("W"), v, w.offset(), w.rows());
            head.put("mu", v[mu.offset()]);
        } else {
            ArrayNode rows = head.putArray("W");
            for (int i = 0; i < w.rows(); i++) {
                add(rows.addArray(), v, w.index(i, 0), w.cols());
            }
            add(head.putArray("mu"), v, mu.offset(), mu.size());
        }
        Parameters.Block lift = layout.lift();
        if (!lift.isEmpty()) {
            // L row by row (d × d0), in the order of model files (the vector stores Lᵀ)
            double[] file = layout.toFileOrder(v);
            int d0 = lift.rows();
            ArrayNode rows = node.putArray("lift");
            for (int i = 0; i < lift.cols(); i++) {
                add(rows.addArray(), file, lift.offset() + i * d0, d0);
            }
        }
        return node;
    }

    private static void add(ArrayNode node, double[] values, int from, int count) {
        for (int i = 0; i < count; i++) {
            node.add(values[from + i]);
        }
    }

    /** Writes the tree atomically, objects indented and number arrays on one line. */
    static void write(ObjectNode root, Path path) throws IOException {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter();
        printer.indentArraysWith(DefaultPrettyPrinter.NopIndenter.instance);
        ObjectMapper json = new ObjectMapper();
        AtomicFiles.write(path, out -> json.writer(printer).writeValue(out, root));
    }
}
