package io.github.pontryagin.odenets.export;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.github.pontryagin.adjoint.LayerUpdate;
import io.github.pontryagin.core.field.Activation;
import io.github.pontryagin.core.field.ParameterBlock;
import io.github.pontryagin.core.tableau.Tableau;
import io.github.pontryagin.odenets.OdeNet;
import io.github.pontryagin.odenets.Parameters;
import io.github.pontryagin.odenets.io.AtomicFiles;

/**
 * A trained net as an ONNX model (opset {@value #OPSET}, IR version {@value #IR_VERSION}, float64
 * throughout), written with a small protobuf encoder of our own (no generated code). The graph unrolls the
 * net of docs/theory.md §1 into standard operators:
 * <ul>
 *   <li>input {@value #INPUT}: {@code [batch, d0]}, one point per row (batch-first, as in NumPy);</li>
 *   <li>lift: zero padding to width d ({@code Pad}), or {@code x Lᵀ} for a learnable lift ({@code MatMul});</li>
 *   <li>each layer n, an explicit Runge–Kutta step: {@code Y_i = y + Σ_j (h_n a_ij) K_j},
 *       {@code K_i = f(Y_i; θ_n)}, {@code y⁺ = y + Σ_i (h_n b_i) K_i} with {@code Mul}/{@code Add} nodes,
 *       the step size {@code h_n} an initializer {@code layers.n.h} multiplied by the tableau's
 *       coefficients (zero coefficients skipped); or {@code y⁺ = f(y; θ_n)} for the plain layer of Net;</li>
 *   <li>the field f of each family as {@code MatMul}, {@code Transpose}, {@code Add}, {@code Sub},
 *       {@code Neg}, {@code Slice}, {@code Concat} and the activation ({@code Tanh}, {@code Sigmoid},
 *       {@code Relu}, {@code Identity}; softplus as {@code Relu(z) + Log(1 + Exp(-Abs(z)))}, the
 *       overflow-free form the library evaluates);</li>
 *   <li>the head: {@code z = y_N W + μ}; {@code Softmax} for the softmax head, {@code [1 − η(z), η(z)]} with
 *       {@code Sigmoid} for the two binary heads;</li>
 *   <li>output {@value #OUTPUT}: {@code [batch, classes]}, what {@link OdeNet#probabilities} computes.</li>
 * </ul>
 * Every parameter block is an initializer named like the model file's blocks ({@code layers.3.K},
 * {@code layers.3.beta}, {@code layers.3.h}, {@code head.W}, {@code head.mu}, {@code lift}) with its row-major shape as
 * stored ({@code lift} is {@code Lᵀ}, {@code [d0, d]}). Layers without an explicit Runge–Kutta step (leapfrog,
 * HB-Net, conformal Euler, implicit Runge–Kutta: their updates need solves or split states) and user-supplied vector
 * fields are refused.
 */
public final class OnnxExport {

    /** The ONNX operator set the graph uses. */
    public static final int OPSET = 17;
    /** The ONNX IR version written (ONNX 1.10 and later). */
    public static final int IR_VERSION = 8;
    /** Name of the graph's input, {@code [batch, d0]} float64. */
    public static final String INPUT = "x";
    /** Name of the graph's output, {@code [batch, classes]} float64. */
    public static final String OUTPUT = "probabilities";

    private static final Set<String> FAMILIES = Set.of("sigma-affine", "antisymmetric", "gradient", "two-layer",
            "hamiltonian");
    private static final int DOUBLE = 11;
    private static final int INT64 = 7;
    private static final int ATTRIBUTE_INT = 2;

    private OnnxExport() {
    }

    /** Why {@code net} cannot be exported to ONNX, in one line; empty when it can. */
    public static Optional<String> unsupported(OdeNet net) {
        LayerUpdate update = net.architecture().update();
        if (!update.name().equals("plain") && update.tableau().isEmpty()) {
            return Optional.of("ONNX export supports explicit Runge-Kutta layers and the plain layer of Net, not '"
                    + update.name() + "' layers");
        }
        if (net.architecture().hasCustomField() || !FAMILIES.contains(net.field().family())) {
            return Optional.of("ONNX export supports the vector-field families " + String.join(", ",
                    List.of("sigma-affine", "antisymmetric", "gradient", "two-layer", "hamiltonian"))
                    + ", not the user-supplied field '" + net.field().family() + "'");
        }
        return Optional.empty();
    }

    /** Writes {@code net} at its parameters as an ONNX file, atomically. */
    public static void write(OdeNet net, Path path) throws IOException {
        byte[] model = toBytes(net);
        AtomicFiles.write(path, out -> out.write(model));
    }

    /**
     * The serialized ONNX ModelProto of {@code net} at its parameters.
     *
     * @throws IllegalArgumentException naming the layer update or field when the net has no ONNX form
     *                                  ({@link #unsupported})
     */
    public static byte[] toBytes(OdeNet net) {
        unsupported(net).ifPresent(reason -> {
            throw new IllegalArgumentException(reason);
        });
        Graph g = new Graph(net);
        String y = g.lift(INPUT);
        for (int n = 0; n < net.layers(); n++) {
            y = g.layer(n, y);
        }
        g.head(y);
        ProtoWriter graph = new ProtoWriter();
        g.nodes.forEach(node -> graph.message(1, node));
        graph.string(2, "pontryagin_odenet");
        g.initializers.forEach(t -> graph.message(5, t));
        graph.string(10, String.format(Locale.ROOT, "ODE-net: %d layers of %s, field %s (%s), width %d, head %s",
                net.layers(), net.architecture().update().name(), net.field().family(), net.field().activation().id(),
                net.width(), net.head().id()));
        graph.message(11, valueInfo(INPUT, net.inputDimension()));
        graph.message(12, valueInfo(OUTPUT, net.classes()));
        ProtoWriter model = new ProtoWriter().integer(1, IR_VERSION).string(2, "pontryagin")
                .string(3, "0.1.0").message(7, graph).message(8, new ProtoWriter().string(1, "").integer(2, OPSET));
        return model.toByteArray();
    }

    /** A float64 tensor value {@code [batch, columns]}, the batch size symbolic. */
    private static ProtoWriter valueInfo(String name, int columns) {
        ProtoWriter shape = new ProtoWriter().message(1, new ProtoWriter().string(2, "batch"))
                .message(1, new ProtoWriter().integer(1, columns));
        ProtoWriter tensorType = new ProtoWriter().integer(1, DOUBLE).message(2, shape);
        return new ProtoWriter().string(1, name).message(2, new ProtoWriter().message(1, tensorType));
    }

    /** The graph under construction: nodes in topological order and the initializers. */
    private static final class Graph {
        final List<ProtoWriter> nodes = new ArrayList<>();
        final List<ProtoWriter> initializers = new ArrayList<>();
        private final Map<String, String> constants = new HashMap<>();
        private final OdeNet net;
        private final Parameters layout;
        private final double[] u;
        private int counter;

        Graph(OdeNet net) {
            this.net = net;
            this.layout = net.layout();
            this.u = net.parameters();
        }

        /** Appends a node and returns the name of its (single) output. */
        String op(String opType, ProtoWriter attribute, String... inputs) {
            String output = opType.toLowerCase(Locale.ROOT) + "_" + counter++;
            ProtoWriter node = new ProtoWriter();
            for (String input : inputs) {
                node.string(1, input);
            }
            node.string(2, output).string(3, "node_" + output).string(4, opType);
            if (attribute != null) {
                node.message(5, attribute);
            }
            nodes.add(node);
            return output;
        }

        String op(String opType, String... inputs) {
            return op(opType, null, inputs);
        }

        static ProtoWriter intAttribute(String name, long value) {
            return new ProtoWriter().string(1, name).integer(3, value).integer(20, ATTRIBUTE_INT);
        }

        /** A float64 initializer of {@code count} values of {@code v} from {@code from}; no dims for a scalar. */
        String doubles(String name, double[] v, int from, int count, long... dims) {
            ByteBuffer raw = ByteBuffer.allocate(8 * count).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < count; i++) {
                raw.putDouble(v[from + i]);
            }
            ProtoWriter tensor = new ProtoWriter();
            for (long dim : dims) {
                tensor.integer(1, dim);
            }
            tensor.integer(2, DOUBLE).string(8, name).bytes(9, raw.array());
            initializers.add(tensor);
            return name;
        }

        /** A shared scalar constant (tableau coefficients, 1). */
        String scalar(String name, double value) {
            return constants.computeIfAbsent(name, k -> doubles(k, new double[]{value}, 0, 1));
        }

        String int64s(String name, long... values) {
            return constants.computeIfAbsent(name, k -> {
                ByteBuffer raw = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
                for (long value : values) {
                    raw.putLong(value);
                }
                initializers.add(new ProtoWriter().integer(1, values.length).integer(2, INT64).string(8, k)
                        .bytes(9, raw.array()));
                return k;
            });
        }

        /** A parameter block as an initializer: {@code [rows, cols]} for a matrix, {@code [size]} for a vector. */
        String block(String name, Parameters.Block b, boolean matrix) {
            return matrix ? doubles(name, u, b.offset(), b.size(), b.rows(), b.cols())
                    : doubles(name, u, b.offset(), b.size(), b.size());
        }

        String lift(String x) {
            int d0 = net.inputDimension();
            int d = net.width();
            Parameters.Block lift = layout.lift();
            if (!lift.isEmpty()) {
                return op("MatMul", x, block("lift", lift, true)); // stored as Lᵀ, d0 × d: x Lᵀ
            }
            if (d == d0) {
                return x;
            }
            // pads: [begin rows, begin columns, end rows, end columns]; constant mode pads with 0
            return op("Pad", x, int64s("lift.pads", 0, 0, 0, d - d0));
        }

        String layer(int n, String y) {
            Map<String, String> theta = new HashMap<>();
            for (ParameterBlock p : net.field().parameterBlocks()) {
                theta.put(p.name(), block("layers." + n + "." + p.name(), layout.layer(n).block(p.name()),
                        p.kind() == ParameterBlock.Kind.WEIGHT));
            }
            LayerUpdate update = net.architecture().update();
            if (update.tableau().isEmpty()) {
                return field(theta, y);
            }
            Tableau t = update.tableau().get();
            String h = doubles("layers." + n + ".h", net.stepSizes(), n, 1);
            List<String> k = new ArrayList<>();
            for (int i = 0; i < t.stages(); i++) {
                String stage = y;
                for (int j = 0; j < i; j++) {
                    if (t.a(i, j) != 0) {
                        String c = op("Mul", h, scalar("tableau.a" + (i + 1) + (j + 1), t.a(i, j)));
                        stage = op("Add", stage, op("Mul", k.get(j), c));
                    }
                }
                k.add(field(theta, stage));
            }
            String next = y;
            for (int i = 0; i < t.stages(); i++) {
                if (t.b(i) != 0) {
                    String c = op("Mul", h, scalar("tableau.b" + (i + 1), t.b(i)));
                    next = op("Add", next, op("Mul", k.get(i), c));
                }
            }
            return next;
        }

        /** {@code f(y; θ)} of the net's family, batch-first: {@code y} is {@code [batch, d]}. */
        String field(Map<String, String> theta, String y) {
            switch (net.field().family()) {
                case "sigma-affine":
                    return sigma(op("Add", op("MatMul", y, op("Transpose", theta.get("K"))), theta.get("beta")));
                case "antisymmetric": {
                    // M = K - K^T - gamma I, then sigma(y M^T + beta)
                    String k = theta.get("K");
                    String m = op("Sub", k, op("Transpose", k));
                    double gamma = net.architecture().fieldSpec().gamma();
                    if (gamma != 0) {
                        double[] shift = new double[net.width() * net.width()];
                        for (int i = 0; i < net.width(); i++) {
                            shift[i * net.width() + i] = gamma;
                        }
                        String id = constants.computeIfAbsent("field.gammaI",
                                c -> doubles(c, shift, 0, shift.length, net.width(), net.width()));
                        m = op("Sub", m, id);
                    }
                    return sigma(op("Add", op("MatMul", y, op("Transpose", m)), theta.get("beta")));
                }
                case "gradient": {
                    // -K^T sigma(K y + beta), i.e. -(sigma(y K^T + beta) K) batch-first
                    String k = theta.get("K");
                    String s = sigma(op("Add", op("MatMul", y, op("Transpose", k)), theta.get("beta")));
                    return op("Neg", op("MatMul", s, k));
                }
                case "two-layer": {
                    String s = sigma(op("Add", op("MatMul", y, op("Transpose", theta.get("A1"))), theta.get("beta1")));
                    return op("Add", op("MatMul", s, op("Transpose", theta.get("A2"))), theta.get("beta2"));
                }
                case "hamiltonian": {
                    // y = (q, p): q' = K1^T sigma(K1 p + b1), p' = -K2^T sigma(K2 q + b2)
                    int half = net.width() / 2;
                    String axes = int64s("slice.axes", 1);
                    String q = op("Slice", y, int64s("slice.start.q", 0), int64s("slice.end.q", half), axes);
                    String p = op("Slice", y, int64s("slice.start.p", half), int64s("slice.end.p", net.width()), axes);
                    String k1 = theta.get("K1");
                    String k2 = theta.get("K2");
                    String dq = op("MatMul", sigma(op("Add", op("MatMul", p, op("Transpose", k1)), theta.get("beta1"))),
                            k1);
                    String dp = op("Neg", op("MatMul", sigma(op("Add", op("MatMul", q, op("Transpose", k2)),
                            theta.get("beta2"))), k2));
                    return op("Concat", intAttribute("axis", 1), dq, dp);
                }
                default:
                    throw new IllegalStateException("no ONNX form for the family " + net.field().family());
            }
        }

        /** The activation, element-wise. */
        String sigma(String z) {
            Activation a = net.field().activation();
            switch (a) {
                case TANH:
                    return op("Tanh", z);
                case SIGMOID:
                    return op("Sigmoid", z);
                case RELU:
                    return op("Relu", z);
                case IDENTITY:
                    return op("Identity", z);
                case SOFTPLUS:
                    // log(1 + e^z) = max(z, 0) + log(1 + e^{-|z|}), without overflow
                    return op("Add", op("Relu", z),
                            op("Log", op("Add", scalar("one", 1.0), op("Exp", op("Neg", op("Abs", z))))));
                default:
                    throw new IllegalStateException("no ONNX form for the activation " + a.id());
            }
        }

        void head(String y) {
            String z = op("Add", op("MatMul", y, block("head.W", layout.headWeights(), true)),
                    block("head.mu", layout.headBias(), false));
            String probabilities;
            if (net.head().outputs() == 1) {
                String c = op("Sigmoid", z);
                probabilities = op("Concat", intAttribute("axis", 1), op("Sub", scalar("one", 1.0), c), c);
            } else {
                probabilities = op("Softmax", intAttribute("axis", 1), z);
            }
            ProtoWriter rename = new ProtoWriter().string(1, probabilities).string(2, OUTPUT)
                    .string(3, "node_output").string(4, "Identity");
            nodes.add(rename);
        }
    }
}
