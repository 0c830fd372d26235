package io.github.pontryagin.core.tableau;

import java.util.Arrays;
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
public final class ImplicitTableau {

    private static final double CONSISTENCY_TOLERANCE = 1e-13;

    private final String name;
    private final int order;
    private final double[][] a;
    private final double[] b;
    private final double[] c;
    private final StabilityFunction stability;

    /**
     * @throws IllegalArgumentException naming the entry if sizes disagree, an entry is not finite, a row sum of
     *                                  {@code a} differs from {@code c_i} or the weights do not sum to 1
     */
    public ImplicitTableau(String name, int order, double[][] a, double[] b, double[] c) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("implicit tableau name must be non-empty");
        }
        if (order < 1) {
            throw new IllegalArgumentException("implicit tableau '" + name + "': order must be >= 1, got " + order);
        }
        if (a == null || b == null || c == null || b.length == 0 || a.length != b.length || c.length != b.length) {
            throw new IllegalArgumentException("implicit tableau '" + name + "': a (s × s), b and c (length s >= 1)"
                    + " must be given with matching sizes");
        }
        int s = b.length;
        this.a = new double[s][];
        double sumB = 0;
        for (int i = 0; i < s; i++) {
            if (a[i] == null || a[i].length != s) {
                throw new IllegalArgumentException("implicit tableau '" + name + "': row " + i + " of a must have "
                        + s + " entries");
            }
            double rowSum = 0;
            for (int j = 0; j < s; j++) {
                if (!Double.isFinite(a[i][j])) {
                    throw new IllegalArgumentException("implicit tableau '" + name + "': a[" + i + "][" + j + "] = "
                            + a[i][j] + " is not finite");
                }
                rowSum += a[i][j];
            }
            if (!Double.isFinite(b[i]) || !Double.isFinite(c[i])) {
                throw new IllegalArgumentException("implicit tableau '" + name + "': b[" + i + "] = " + b[i]
                        + ", c[" + i + "] = " + c[i] + " must be finite");
            }
            if (Math.abs(rowSum - c[i]) > CONSISTENCY_TOLERANCE * Math.max(1, Math.abs(c[i]))) {
                throw new IllegalArgumentException("implicit tableau '" + name + "': c[" + i + "] = " + c[i]
                        + " but the row sum of a is " + rowSum + " (they must be equal)");
            }
            this.a[i] = a[i].clone();
            sumB += b[i];
        }
        if (Math.abs(sumB - 1) > CONSISTENCY_TOLERANCE) {
            throw new IllegalArgumentException("implicit tableau '" + name + "': weights b sum to " + sumB
                    + " but must sum to 1 for a consistent method");
        }
        this.name = name;
        this.order = order;
        this.b = b.clone();
        this.c = c.clone();
        this.stability = new StabilityFunction(name, this.a, this.b);
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

    public String name() {
        return name;
    }

    public int order() {
        return order;
    }

    public int stages() {
        return b.length;
    }

    public double a(int i, int j) {
        return a[i][j];
    }

    public double b(int i) {
        return b[i];
    }

    public double c(int i) {
        return c[i];
    }

    /** {@code R(z) = 1 + z bᵀ(I − zA)⁻¹𝟙}, a rational function. */
    public StabilityFunction stabilityFunction() {
        return stability;
    }

    @Override
    public String toString() {
        return name + " (implicit, order " + order + ", " + stages() + " stages, b = " + Arrays.toString(b) + ")";
    }
}
