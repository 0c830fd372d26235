package io.github.pontryagin.odenets.stability;

import java.util.List;

import io.github.pontryagin.adjoint.LayerUpdate;
import io.github.pontryagin.odenets.Parameters;

/**
 * The Lipschitz bound of the whole net for the layer updates that are not one Runge–Kutta step of a first-order
 * field (leapfrog, HB-Net, the conformal-Euler and conformal-Störmer–Verlet second-order layers, AGD-Net, DMRNet;
 * {@code docs/stability.md}, "Layer-map bound"): the bound {@code exp(Σ|h_n| L_n)} of a ResNet ignores their
 * momentum and dense sums ({@code x_{n+1} = 1.5 x_n + 0.5 x_{n−1}} grows like {@code 1.78^n} with {@code h = 0}).
 * Instead the triangle inequality is applied to each line of the layer map, with {@code L_n} the Lipschitz constant of the layer's field
 * ({@code L'_n} of DMRNet's branch field): {@code b_n} bounds {@code ‖Δx_n‖ / ‖Δx_0‖} for the positions (what the
 * head reads), the other parts of the state likewise, and the bound is {@code b_N}. For HB-Net, AGD-Net and DMRNet
 * at their initial coefficients (where they are the Euler ResNet) it is {@code Π_n (1 + |h_n| L_n)}, the discrete
 * bound of the Euler ResNet.
 */
final class LayerMapBound {

    private LayerMapBound() {
    }

    /** Whether {@link #of} covers {@code update} (an update that is not a Runge–Kutta step and has step sizes). */
    static boolean covers(LayerUpdate update) {
        return update.tableau().isEmpty() && update.implicitTableau().isEmpty() && update.usesStepSizes();
    }

    /** Whether the update integrates a second-order or multistep form, for which no first-order flow bound holds. */
    static boolean isMultistep(LayerUpdate update) {
        return covers(update) && !update.name().equals("leapfrog");
    }

    /**
     * {@code b_N}, the bound on {@code ‖Δx_N‖ / ‖Δx_0‖}.
     *
     * @param lipschitz       {@code L_n} of the field of every layer
     * @param branchLipschitz {@code L'_n} of the branch field (DMRNet), else ignored
     * @throws IllegalArgumentException for an update this class does not know, naming the ones it does
     */
    static double of(LayerUpdate update, Parameters layout, double[] u, double[] h, double[] lipschitz,
                     double[] branchLipschitz) {
        int layers = h.length;
        return switch (update.name()) {
            case "leapfrog" -> {
                // three shears (y,z) → (y, z + (h/2) f_z), (y + h f_y, z), (y, z + (h/2) f_z) of the full state, each
                // with a Lipschitz constant ≤ 1 + |h|L/2, 1 + |h|L, 1 + |h|L/2 (any field, separable or not)
                double b = 1;
                for (int n = 0; n < layers; n++) {
                    double half = 1 + 0.5 * Math.abs(h[n]) * lipschitz[n];
                    b *= half * (1 + Math.abs(h[n]) * lipschitz[n]) * half;
                }
                yield b;
            }
            case "hb-net" -> {
                // x_{n+1} = β₁ x_n + h f(x_n) + β₂ x_{n−1}, x_{−1} = x_0
                double b = 1;
                double previous = 1;
                for (int n = 0; n < layers; n++) {
                    double next = (Math.abs(coefficient(layout, u, update, n, 0)) + Math.abs(h[n]) * lipschitz[n]) * b
                            + Math.abs(coefficient(layout, u, update, n, 1)) * previous;
                    previous = b;
                    b = next;
                }
                yield b;
            }
            case "conformal-euler" -> {
                // v⁺ = e^{−γh} v + h f(y), y⁺ = y + h v⁺, v_0 = 0
                double y = 1;
                double v = 0;
                for (int n = 0; n < layers; n++) {
                    double damping = Math.exp(-coefficient(layout, u, update, n, 0) * h[n]);
                    v = damping * v + Math.abs(h[n]) * lipschitz[n] * y;
                    y = y + Math.abs(h[n]) * v;
                }
                yield y;
            }
            case "conformal-verlet" -> {
                // μ = e^{−γh/2}: w = μv, m = y + (h/2)w, u = w + h f(m), y⁺ = m + (h/2)u, v⁺ = μu, v_0 = 0
                double y = 1;
                double v = 0;
                for (int n = 0; n < layers; n++) {
                    double mu = Math.exp(-0.5 * coefficient(layout, u, update, n, 0) * h[n]);
                    double halfStep = 0.5 * Math.abs(h[n]);
                    double w = mu * v;
                    double mid = y + halfStep * w;
                    double kicked = w + Math.abs(h[n]) * lipschitz[n] * mid;
                    y = mid + halfStep * kicked;
                    v = mu * kicked;
                }
                yield y;
            }
            case "agd-net" -> {
                // x_{n+1} = Σ_{j≤n} β_{n,j} x_j + h_n Σ_{j≤n} α_{n,j} f(x_j; θ_j), ‖Δf(x_j)‖ ≤ L_j ‖Δx_j‖
                double[] b = new double[layers + 1];
                b[0] = 1;
                for (int n = 0; n < layers; n++) {
                    double sum = 0;
                    for (int j = 0; j <= n; j++) {
                        double beta = Math.abs(coefficient(layout, u, update, n, layers + j));
                        double alpha = Math.abs(coefficient(layout, u, update, n, j));
                        sum += (beta + Math.abs(h[n]) * alpha * lipschitz[j]) * b[j];
                    }
                    b[n + 1] = sum;
                }
                yield b[layers];
            }
            case "dmr-net" -> {
                // S_n = Σ_{j≤n} α_{n,j} x'_j + β_{n,j} x_j, x'_{n+1} = S_n + h f'(x'_n), x_{n+1} = S_n + h f(x_n),
                // x'_0 = x_0
                double[] b = new double[layers + 1];
                double[] branch = new double[layers + 1];
                b[0] = 1;
                branch[0] = 1;
                for (int n = 0; n < layers; n++) {
                    double s = 0;
                    for (int j = 0; j <= n; j++) {
                        s += Math.abs(coefficient(layout, u, update, n, j)) * branch[j]
                                + Math.abs(coefficient(layout, u, update, n, layers + j)) * b[j];
                    }
                    branch[n + 1] = s + Math.abs(h[n]) * branchLipschitz[n] * branch[n];
                    b[n + 1] = s + Math.abs(h[n]) * lipschitz[n] * b[n];
                }
                yield b[layers];
            }
            default -> throw new IllegalArgumentException("stability analysis has no bound for the " + update.name()
                    + " layer update; it analyses Runge-Kutta (explicit or implicit), plain, leapfrog, hb-net,"
                    + " conformal-euler, conformal-verlet, agd-net and dmr-net layers");
        };
    }

    private static double coefficient(Parameters layout, double[] u, LayerUpdate update, int n, int i) {
        List<String> names = update.layerParameterNames();
        return u[layout.layer(n).block(names.get(i)).offset()];
    }
}
