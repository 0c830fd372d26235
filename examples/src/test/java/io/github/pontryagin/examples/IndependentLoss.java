package io.github.pontryagin.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The paper's loss written directly from a gradient file and nothing else, as another tool would: zero-padded
 * lift, explicit Runge–Kutta layers of f(y) = tanh(K y + β) with the file's (a, b) and h_n, the logistic
 * least-squares head J = (1/2M) Σ (η(Wᵀy_N + μ) − c)². Shares no code with the library.
 */
final class IndependentLoss {

    private IndependentLoss() {
    }

    static double of(JsonNode root, JsonNode parameters) {
        if (!root.get("field").get("family").asText().equals("sigma-affine")
                || !root.get("field").get("activation").asText().equals("tanh")
                || !root.get("head").get("id").asText().equals("logistic-ls")) {
            throw new IllegalArgumentException("the independent loss covers sigma-affine, tanh, logistic-ls only");
        }
        int d = root.get("width").asInt();
        if (root.path("layerUpdateName").asText().equals("leapfrog")) {
            return leapfrog(root, parameters, d);
        }
        String name = root.path("layerUpdateName").asText();
        if (name.equals("hb-net") || name.equals("conformal-euler") || name.equals("conformal-verlet")) {
            return momentum(root, parameters, d, name);
        }
        if (name.equals("agd-net")) {
            return agd(root, parameters, d);
        }
        if (name.equals("dmr-net")) {
            return dmr(root, parameters, d);
        }
        JsonNode tableau = root.get("tableau");
        int s = tableau.get("b").size();
        double[][] a = new double[s][s];
        double[] b = new double[s];
        for (int i = 0; i < s; i++) {
            b[i] = tableau.get("b").get(i).asDouble();
            for (int j = 0; j < s; j++) {
                a[i][j] = tableau.get("a").get(i).get(j).asDouble();
            }
        }
        JsonNode points = root.get("data").get("points");
        JsonNode labels = root.get("data").get("labels");
        int m = points.size();
        double total = 0;
        for (int k = 0; k < m; k++) {
            double[] y = new double[d];
            for (int i = 0; i < points.get(k).size(); i++) {
                y[i] = points.get(k).get(i).asDouble();
            }
            for (JsonNode layer : parameters.get("layers")) {
                double h = layer.get("h").asDouble();
                double[][] stages = new double[s][];
                for (int i = 0; i < s; i++) {
                    double[] stage = y.clone();
                    for (int j = 0; j < i; j++) {
                        for (int r = 0; r < d; r++) {
                            stage[r] += h * a[i][j] * stages[j][r];
                        }
                    }
                    stages[i] = field(layer, stage);
                }
                for (int i = 0; i < s; i++) {
                    for (int r = 0; r < d; r++) {
                        y[r] += h * b[i] * stages[i][r];
                    }
                }
            }
            double z = parameters.get("head").get("mu").asDouble();
            for (int r = 0; r < d; r++) {
                z += parameters.get("head").get("W").get(r).asDouble() * y[r];
            }
            double c = 1 / (1 + Math.exp(-z));
            double residual = c - labels.get(k).asInt();
            total += residual * residual;
        }
        return total / (2.0 * m);
    }

    /** The same loss with leapfrog layers on (y, z) = (first, last d/2 coordinates), as the file's formula says. */
    private static double leapfrog(JsonNode root, JsonNode parameters, int d) {
        JsonNode points = root.get("data").get("points");
        JsonNode labels = root.get("data").get("labels");
        int m = points.size();
        int half = d / 2;
        double total = 0;
        for (int k = 0; k < m; k++) {
            double[] x = new double[d];
            for (int i = 0; i < points.get(k).size(); i++) {
                x[i] = points.get(k).get(i).asDouble();
            }
            for (JsonNode layer : parameters.get("layers")) {
                double h = layer.get("h").asDouble();
                double[] f = field(layer, x);
                for (int r = half; r < d; r++) {
                    x[r] += h / 2 * f[r];
                }
                f = field(layer, x);
                for (int r = 0; r < half; r++) {
                    x[r] += h * f[r];
                }
                f = field(layer, x);
                for (int r = half; r < d; r++) {
                    x[r] += h / 2 * f[r];
                }
            }
            double z = parameters.get("head").get("mu").asDouble();
            for (int r = 0; r < d; r++) {
                z += parameters.get("head").get("W").get(r).asDouble() * x[r];
            }
            double c = 1 / (1 + Math.exp(-z));
            double residual = c - labels.get(k).asInt();
            total += residual * residual;
        }
        return total / (2.0 * m);
    }

    /**
     * The loss with the momentum layers of the file's formula: HB-Net {@code x+ = β₁ x + h f(x) + β₂ x_prev}
     * ({@code x_{−1} = x_0}), conformal Euler {@code v+ = e^{−γh} v + h f(y)}, {@code y+ = y + h v+}, or conformal
     * Störmer–Verlet {@code w = μv, m = y + (h/2)w, u = w + h f(m), y+ = m + (h/2)u, v+ = μu}, {@code μ = e^{−γh/2}}
     * ({@code v_0 = 0}).
     */
    private static double momentum(JsonNode root, JsonNode parameters, int d, String update) {
        boolean heavyBall = update.equals("hb-net");
        JsonNode points = root.get("data").get("points");
        JsonNode labels = root.get("data").get("labels");
        int m = points.size();
        double total = 0;
        for (int k = 0; k < m; k++) {
            double[] x = new double[d];
            for (int i = 0; i < points.get(k).size(); i++) {
                x[i] = points.get(k).get(i).asDouble();
            }
            double[] second = heavyBall ? x.clone() : new double[d];
            for (JsonNode layer : parameters.get("layers")) {
                double h = layer.get("h").asDouble();
                if (update.equals("conformal-verlet")) {
                    double mu = Math.exp(-0.5 * layer.get("gamma").asDouble() * h);
                    double[] midpoint = new double[d];
                    for (int r = 0; r < d; r++) {
                        midpoint[r] = x[r] + 0.5 * h * mu * second[r];
                    }
                    double[] f = field(layer, midpoint);
                    for (int r = 0; r < d; r++) {
                        double kicked = mu * second[r] + h * f[r];
                        x[r] = midpoint[r] + 0.5 * h * kicked;
                        second[r] = mu * kicked;
                    }
                    continue;
                }
                double[] f = field(layer, x);
                for (int r = 0; r < d; r++) {
                    if (heavyBall) {
                        double next = layer.get("hb_beta1").asDouble() * x[r] + h * f[r]
                                + layer.get("hb_beta2").asDouble() * second[r];
                        second[r] = x[r];
                        x[r] = next;
                    } else {
                        second[r] = Math.exp(-layer.get("gamma").asDouble() * h) * second[r] + h * f[r];
                        x[r] += h * second[r];
                    }
                }
            }
            double z = parameters.get("head").get("mu").asDouble();
            for (int r = 0; r < d; r++) {
                z += parameters.get("head").get("W").get(r).asDouble() * x[r];
            }
            double c = 1 / (1 + Math.exp(-z));
            double residual = c - labels.get(k).asInt();
            total += residual * residual;
        }
        return total / (2.0 * m);
    }

    /** AGD-Net as the file's formula says: {@code x_{n+1} = Σ_{j≤n} beta_j x_j + h_n Σ_{j≤n} alpha_j f_j(x_j)}. */
    private static double agd(JsonNode root, JsonNode parameters, int d) {
        JsonNode points = root.get("data").get("points");
        JsonNode labels = root.get("data").get("labels");
        JsonNode layers = parameters.get("layers");
        int m = points.size();
        double total = 0;
        for (int k = 0; k < m; k++) {
            double[] x = new double[d];
            for (int i = 0; i < points.get(k).size(); i++) {
                x[i] = points.get(k).get(i).asDouble();
            }
            java.util.List<double[]> states = new java.util.ArrayList<>();
            java.util.List<double[]> features = new java.util.ArrayList<>();
            for (int n = 0; n < layers.size(); n++) {
                JsonNode layer = layers.get(n);
                states.add(x);
                features.add(field(layer, x));
                double[] next = new double[d];
                for (int r = 0; r < d; r++) {
                    double sum = 0;
                    double slopes = 0;
                    for (int j = 0; j <= n; j++) {
                        sum += layer.get("beta_" + j).asDouble() * states.get(j)[r];
                        slopes += layer.get("alpha_" + j).asDouble() * features.get(j)[r];
                    }
                    next[r] = sum + layer.get("h").asDouble() * slopes;
                }
                x = next;
            }
            double z = parameters.get("head").get("mu").asDouble();
            for (int r = 0; r < d; r++) {
                z += parameters.get("head").get("W").get(r).asDouble() * x[r];
            }
            double c = 1 / (1 + Math.exp(-z));
            double residual = c - labels.get(k).asInt();
            total += residual * residual;
        }
        return total / (2.0 * m);
    }

    /**
     * DMRNet as the file's formula says: {@code S = Σ_{j≤n} alpha_j x'_j + beta_j x_j},
     * {@code x'_{n+1} = S + h_n f'(x'_n)} with the primed blocks, {@code x_{n+1} = S + h_n f(x_n)}, {@code x'_0 = x_0}.
     */
    private static double dmr(JsonNode root, JsonNode parameters, int d) {
        JsonNode points = root.get("data").get("points");
        JsonNode labels = root.get("data").get("labels");
        JsonNode layers = parameters.get("layers");
        int m = points.size();
        double total = 0;
        for (int k = 0; k < m; k++) {
            double[] x = new double[d];
            for (int i = 0; i < points.get(k).size(); i++) {
                x[i] = points.get(k).get(i).asDouble();
            }
            double[] xb = x.clone();
            java.util.List<double[]> states = new java.util.ArrayList<>();
            java.util.List<double[]> branches = new java.util.ArrayList<>();
            for (int n = 0; n < layers.size(); n++) {
                JsonNode layer = layers.get(n);
                states.add(x);
                branches.add(xb);
                double[] f = field(layer, x, "");
                double[] fb = field(layer, xb, "'");
                double h = layer.get("h").asDouble();
                double[] next = new double[d];
                double[] nextBranch = new double[d];
                for (int r = 0; r < d; r++) {
                    double sum = 0;
                    for (int j = 0; j <= n; j++) {
                        sum += layer.get("alpha_" + j).asDouble() * branches.get(j)[r]
                                + layer.get("beta_" + j).asDouble() * states.get(j)[r];
                    }
                    next[r] = sum + h * f[r];
                    nextBranch[r] = sum + h * fb[r];
                }
                x = next;
                xb = nextBranch;
            }
            double z = parameters.get("head").get("mu").asDouble();
            for (int r = 0; r < d; r++) {
                z += parameters.get("head").get("W").get(r).asDouble() * x[r];
            }
            double c = 1 / (1 + Math.exp(-z));
            double residual = c - labels.get(k).asInt();
            total += residual * residual;
        }
        return total / (2.0 * m);
    }

    private static double[] field(JsonNode layer, double[] y) {
        return field(layer, y, "");
    }

    /** {@code tanh(K y + beta)} with the blocks named {@code K + suffix}, {@code beta + suffix}. */
    private static double[] field(JsonNode layer, double[] y, String suffix) {
        int d = y.length;
        double[] out = new double[d];
        for (int i = 0; i < d; i++) {
            double z = layer.get("beta" + suffix).get(i).asDouble();
            for (int j = 0; j < d; j++) {
                z += layer.get("K" + suffix).get(i).get(j).asDouble() * y[j];
            }
            out[i] = Math.tanh(z);
        }
        return out;
    }

    /** The number at a path such as {layers, 1, K, 0, 1} or {head, mu}. */
    static double get(JsonNode node, String[] path) {
        JsonNode n = node;
        for (String p : path) {
            n = n.isArray() ? n.get(Integer.parseInt(p)) : n.get(p);
        }
        return n.asDouble();
    }

    static void set(JsonNode node, String[] path, double value) {
        JsonNode n = node;
        for (int i = 0; i < path.length - 1; i++) {
            n = n.isArray() ? n.get(Integer.parseInt(path[i])) : n.get(path[i]);
        }
        String last = path[path.length - 1];
        if (n.isArray()) {
            ((ArrayNode) n).set(Integer.parseInt(last), value);
        } else {
            ((ObjectNode) n).put(last, value);
        }
    }
}
