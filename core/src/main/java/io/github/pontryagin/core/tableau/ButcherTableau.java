package io.github.pontryagin.core.tableau;

import java.util.Arrays;

/**
 * The coefficients {@code (A, b, c)} of an s-stage Runge–Kutta method with their checks, shared by the explicit
 * {@link Tableau} and the {@link ImplicitTableau}: every entry finite, {@code c_i = Σ_j a_ij} and {@code Σ b_i = 1}
 * (consistency, order ≥ 1); an explicit tableau also has {@code A} strictly lower triangular.
 *
 * <p>Immutable: the arrays are copied in, and the accessors return single entries or copies.
 */
public abstract sealed class ButcherTableau permits Tableau, ImplicitTableau {

    private static final double CONSISTENCY_TOLERANCE = 1e-13;

    final String name;
    final int order;
    final double[][] a;
    final double[] b;
    final double[] c;
    final StabilityFunction stability;
    private final String kind;

    /**
     * @param kind     "tableau" or "implicit tableau": the first words of every error message
     * @param explicit whether {@code A} must be strictly lower triangular
     * @throws IllegalArgumentException naming the entry if sizes disagree, an entry is not finite, {@code A} is not
     *                                  explicit when it must be, a row sum of {@code a} differs from {@code c_i} or
     *                                  the weights do not sum to 1
     */
    ButcherTableau(String kind, boolean explicit, String name, int order, double[][] a, double[] b, double[] c) {
        this.kind = kind;
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(kind + " name must be non-empty");
        }
        if (order < 1) {
            throw new IllegalArgumentException(kind + " '" + name + "': order must be >= 1, got " + order);
        }
        if (a == null || b == null || c == null) {
            throw new IllegalArgumentException(kind + " '" + name + "': a, b and c must all be given");
        }
        int s = b.length;
        if (s == 0) {
            throw new IllegalArgumentException(kind + " '" + name + "': needs at least one stage, b is empty");
        }
        if (c.length != s || a.length != s) {
            throw new IllegalArgumentException(kind + " '" + name + "': sizes disagree: b has " + s
                    + " entries, c has " + c.length + ", a has " + a.length + " rows");
        }
        this.a = new double[s][];
        double sumB = 0;
        for (int i = 0; i < s; i++) {
            if (a[i] == null || a[i].length != s) {
                throw new IllegalArgumentException(kind + " '" + name + "': row " + i + " of a must have "
                        + s + " entries, got " + (a[i] == null ? "null" : a[i].length));
            }
            double rowSum = 0;
            for (int j = 0; j < s; j++) {
                double v = a[i][j];
                requireFinite(name, "a[" + i + "][" + j + "]", v);
                if (explicit && j >= i && v != 0.0) {
                    throw new IllegalArgumentException(kind + " '" + name + "' is not explicit: a[" + i + "][" + j
                            + "] = " + v + " but entries on and above the diagonal must be 0");
                }
                rowSum += v;
            }
            requireFinite(name, "b[" + i + "]", b[i]);
            requireFinite(name, "c[" + i + "]", c[i]);
            if (Math.abs(rowSum - c[i]) > CONSISTENCY_TOLERANCE * Math.max(1, Math.abs(c[i]))) {
                throw new IllegalArgumentException(kind + " '" + name + "': c[" + i + "] = " + c[i]
                        + " but the row sum of a is " + rowSum + " (they must be equal)");
            }
            this.a[i] = a[i].clone();
            sumB += b[i];
        }
        if (Math.abs(sumB - 1) > CONSISTENCY_TOLERANCE) {
            throw new IllegalArgumentException(kind + " '" + name + "': weights b sum to " + sumB
                    + " but must sum to 1 for a consistent method");
        }
        this.name = name;
        this.order = order;
        this.b = b.clone();
        this.c = c.clone();
        this.stability = new StabilityFunction(name, this.a, this.b);
    }

    private void requireFinite(String tableau, String what, double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(kind + " '" + tableau + "': " + what + " = " + v + " is not finite");
        }
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

    /** A copy of the full s×s matrix {@code A}. */
    public double[][] a() {
        double[][] copy = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            copy[i] = a[i].clone();
        }
        return copy;
    }

    public double[] b() {
        return b.clone();
    }

    public double[] c() {
        return c.clone();
    }

    /**
     * The stability function {@code R(z) = 1 + z bᵀ(I − zA)⁻¹𝟙} (a polynomial for an explicit tableau) with its
     * stability region and disk of contractivity.
     */
    public StabilityFunction stabilityFunction() {
        return stability;
    }

    @Override
    public String toString() {
        return name + " (" + (kind.startsWith("implicit") ? "implicit, " : "") + "order " + order + ", " + stages()
                + " stages, b = " + Arrays.toString(b) + ")";
    }
}
