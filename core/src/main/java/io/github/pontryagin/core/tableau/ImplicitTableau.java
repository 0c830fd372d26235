package io.github.pontryagin.core.tableau;

import java.util.List;
import java.util.function.Supplier;

import io.github.pontryagin.core.Registry;

/**
 * An implicit Runge–Kutta method {@code (A, b, c)} with a full matrix A: {@code Y_i = y + h Σ_j a_ij f(Y_j)} for all
 * stages at once, {@code y⁺ = y + h Σ_i b_i f(Y_i)}. The built-in ones are algebraically stable, hence B-stable: on
 * a field with one-sided Lipschitz constant {@code ν ≤ 0} a step never increases the distance of two solutions,
 * for every step size (Hairer and Wanner, <i>Solving ODEs II</i>, §IV.12; Butcher 1975):
 * <ul>
 *   <li>implicit Euler, {@code y⁺ = y + h f(y⁺)}, order 1, {@code R(z) = 1/(1 − z)};</li>
 *   <li>the implicit midpoint rule, {@code y⁺ = y + h f((y + y⁺)/2)}, order 2, symplectic,
 *       {@code R(z) = (1 + z/2)/(1 − z/2)};</li>
 *   <li>2-stage Gauss–Legendre, order 4, symplectic, {@code c = ½ ∓ √3/6}.</li>
 * </ul>
 * Immutable. The constructor checks finiteness, {@code c_i = Σ_j a_ij} and {@code Σ b_i = 1}.
 */
public final class ImplicitTableau extends ButcherTableau {

    /**
     * @throws IllegalArgumentException naming the entry if sizes disagree, an entry is not finite, a row sum of
     *                                  {@code a} differs from {@code c_i} or the weights do not sum to 1
     */
    public ImplicitTableau(String name, int order, double[][] a, double[] b, double[] c) {
        super("implicit tableau", false, name, order, a, b, c);
    }

    /** Implicit (backward) Euler, {@code y⁺ = y + h f(y⁺)}: order 1, L-stable. */
    public static ImplicitTableau implicitEuler() {
        return new ImplicitTableau("implicit-euler", 1, new double[][] {{1}}, new double[] {1}, new double[] {1});
    }

    /** The implicit midpoint rule, {@code y⁺ = y + h f((y + y⁺)/2)}: order 2, the 1-stage Gauss method. */
    public static ImplicitTableau implicitMidpoint() {
        return new ImplicitTableau("implicit-midpoint", 2, new double[][] {{0.5}}, new double[] {1},
                new double[] {0.5});
    }

    /** The 2-stage Gauss–Legendre method: order 4. */
    public static ImplicitTableau gaussLegendre2() {
        double r = Math.sqrt(3) / 6;
        return new ImplicitTableau("gauss2", 4, new double[][] {{0.25, 0.25 - r}, {0.25 + r, 0.25}},
                new double[] {0.5, 0.5}, new double[] {0.5 - r, 0.5 + r});
    }

    private static final Registry<Supplier<ImplicitTableau>> REGISTRY =
            Registry.<Supplier<ImplicitTableau>>builder("implicit tableau")
                    .add("implicit-euler", "implicit Euler, order 1, B-stable", ImplicitTableau::implicitEuler)
                    .add("implicit-midpoint", "implicit midpoint rule, order 2, B-stable, symplectic",
                            ImplicitTableau::implicitMidpoint)
                    .add("gauss2", "2-stage Gauss-Legendre, order 4, B-stable, symplectic",
                            ImplicitTableau::gaussLegendre2)
                    .build();

    /** The built-in implicit tableaux by name, each a factory. */
    public static Registry<Supplier<ImplicitTableau>> registry() {
        return REGISTRY;
    }

    /** Every built-in implicit tableau, in registry order. */
    public static List<ImplicitTableau> all() {
        return REGISTRY.names().stream().map(ImplicitTableau::byName).toList();
    }

    /**
     * @throws IllegalArgumentException naming the accepted values if {@code name} is unknown
     */
    public static ImplicitTableau byName(String name) {
        return REGISTRY.get(name).get();
    }
}
