package io.github.pontryagin.core.tableau;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.github.pontryagin.core.Registry;

import org.hipparchus.ode.nonstiff.ButcherArrayProvider;
import org.hipparchus.ode.nonstiff.ClassicalRungeKuttaIntegrator;
import org.hipparchus.ode.nonstiff.EulerIntegrator;
import org.hipparchus.ode.nonstiff.GillIntegrator;
import org.hipparchus.ode.nonstiff.LutherIntegrator;
import org.hipparchus.ode.nonstiff.MidpointIntegrator;
import org.hipparchus.ode.nonstiff.ThreeEighthesIntegrator;

/**
 * An explicit Runge–Kutta method given by its Butcher tableau {@code (A, b, c)} with {@code s}
 * stages: {@code Y_i = y + h Σ_{j<i} a_ij K_j}, {@code K_i = f(Y_i)}, {@code y⁺ = y + h Σ b_i K_i}.
 *
 * <p>Immutable. The constructor checks that {@code A} is strictly lower triangular (explicit),
 * that all entries are finite, that {@code c_i = Σ_j a_ij} and that {@code Σ b_i = 1}
 * (consistency, i.e. order ≥ 1). Accessors return copies or single entries.
 *
 * <p>Reference: Hairer, Nørsett, Wanner, <i>Solving ODEs I</i>, §II.1; Benning, Celledoni, Ehrhardt, Owren,
 * Schönlieb 2019 ("Deep learning as optimal control problems") for the ResNet-layer reading
 * ({@code docs/theory.md} §1).
 */
public final class Tableau extends ButcherTableau {

    private final SparsityPattern sparsity;

    /**
     * @param name  human-readable name, used by {@link #byName(String)} and in reports
     * @param order classical order of the method (≥ 1)
     * @param a     s×s strictly lower-triangular matrix
     * @param b     weights, length s
     * @param c     nodes, length s, must equal the row sums of {@code a}
     * @throws IllegalArgumentException if any of the conditions above fails
     */
    public Tableau(String name, int order, double[][] a, double[] b, double[] c) {
        super("tableau", true, name, order, a, b, c);
        this.sparsity = new SparsityPattern(this.a, this.b);
    }

    /** Forward Euler, order 1: the ResNet layer {@code y + h f(y)}. */
    public static Tableau euler() {
        return new Tableau("euler", 1, new double[][] {{0}}, new double[] {1}, new double[] {0});
    }

    /** Heun's method (improved Euler), order 2: a21 = 1, b = (½, ½). */
    public static Tableau heun() {
        return new Tableau("heun", 2, new double[][] {{0, 0}, {1, 0}}, new double[] {0.5, 0.5},
                new double[] {0, 1});
    }

    /** Kutta's third-order method: c = (0, ½, 1), a21 = ½, a31 = −1, a32 = 2, b = (1/6, 2/3, 1/6). */
    public static Tableau kutta3() {
        return new Tableau("kutta3", 3,
                new double[][] {{0, 0, 0}, {0.5, 0, 0}, {-1, 2, 0}},
                new double[] {1.0 / 6, 2.0 / 3, 1.0 / 6}, new double[] {0, 0.5, 1});
    }

    /** The classical fourth-order Runge–Kutta method. */
    public static Tableau rk4() {
        return new Tableau("rk4", 4,
                new double[][] {{0, 0, 0, 0}, {0.5, 0, 0, 0}, {0, 0.5, 0, 0}, {0, 0, 1, 0}},
                new double[] {1.0 / 6, 1.0 / 3, 1.0 / 3, 1.0 / 6}, new double[] {0, 0.5, 0.5, 1});
    }

    /**
     * Converts a Hipparchus tableau. Hipparchus omits the first node {@code c_1 = 0} and the first
     * (all-zero) row of {@code a}, and stores row {@code i} of {@code a} with only its {@code i}
     * sub-diagonal entries; this adds them back.
     */
    public static Tableau from(String name, int order, ButcherArrayProvider provider) {
        double[] hc = provider.getC();
        double[][] ha = provider.getA();
        double[] hb = provider.getB();
        int s = hb.length;
        if (hc.length != s - 1 || ha.length != s - 1) {
            throw new IllegalArgumentException("Hipparchus tableau '" + name + "' has " + s + " weights but "
                    + hc.length + " nodes and " + ha.length + " rows of a (expected " + (s - 1) + " each)");
        }
        double[][] a = new double[s][s];
        double[] c = new double[s];
        for (int i = 1; i < s; i++) {
            c[i] = hc[i - 1];
            System.arraycopy(ha[i - 1], 0, a[i], 0, ha[i - 1].length);
        }
        return new Tableau(name, order, a, hb, c);
    }

    /**
     * The built-in tableaux, hand-written and Hipparchus-derived, in the order shown by help texts; adding one
     * is one {@code .add} line here (plus, for a new method, its factory).
     */
    private static final Registry<Supplier<Tableau>> REGISTRY = Registry.<Supplier<Tableau>>builder("tableau")
            .add("euler", "forward Euler, order 1 (the ResNet layer)", Tableau::euler)
            .add("heun", "Heun's method, order 2", Tableau::heun)
            .add("kutta3", "Kutta's third-order method", Tableau::kutta3)
            .add("rk4", "classical Runge-Kutta, order 4", Tableau::rk4)
            .add("midpoint", "explicit midpoint, order 2 (Hipparchus)",
                    () -> from("midpoint", 2, new MidpointIntegrator(1.0)))
            .add("gill", "Gill's method, order 4 (Hipparchus)", () -> from("gill", 4, new GillIntegrator(1.0)))
            .add("three-eighths", "Kutta's 3/8 rule, order 4 (Hipparchus)",
                    () -> from("three-eighths", 4, new ThreeEighthesIntegrator(1.0)))
            .add("luther", "Luther's method, order 6 (Hipparchus)", () -> from("luther", 6, new LutherIntegrator(1.0)))
            .add("hipparchus-euler", "forward Euler from Hipparchus",
                    () -> from("hipparchus-euler", 1, new EulerIntegrator(1.0)))
            .add("hipparchus-rk4", "classical Runge-Kutta from Hipparchus",
                    () -> from("hipparchus-rk4", 4, new ClassicalRungeKuttaIntegrator(1.0)))
            .build();

    /** The built-in tableaux by name, each a factory; the order is that of help texts. */
    public static Registry<Supplier<Tableau>> registry() {
        return REGISTRY;
    }

    /** Names accepted by {@link #byName(String)}, sorted. */
    public static List<String> names() {
        return REGISTRY.names().stream().sorted().collect(Collectors.toList());
    }

    /** The four tableaux of the paper's experiments: Euler, Heun, Kutta3, RK4. */
    public static List<Tableau> paperTableaux() {
        return List.of(euler(), heun(), kutta3(), rk4());
    }

    /** Every built-in tableau, hand-written and Hipparchus-derived. */
    public static List<Tableau> all() {
        return names().stream().map(Tableau::byName).collect(Collectors.toList());
    }

    /**
     * Looks a tableau up by name, ignoring case and surrounding blanks.
     *
     * @throws IllegalArgumentException naming the accepted values if {@code name} is unknown
     */
    public static Tableau byName(String name) {
        return REGISTRY.get(name).get();
    }

    /** Where {@code a} and {@code b} are non-zero (computed once, in the constructor). */
    public SparsityPattern sparsity() {
        return sparsity;
    }

    /** True when every weight is strictly positive (the hypothesis of the explicit contractivity rule). */
    public boolean hasPositiveWeights() {
        for (double bi : b) {
            if (!(bi > 0)) {
                return false;
            }
        }
        return true;
    }

    /** True when every weight is non-zero, so that the SPRK form of the adjoint applies. */
    public boolean hasNonZeroWeights() {
        for (double bi : b) {
            if (bi == 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * This tableau with its adjoint partner {@code ā_ij = b_j − b_j a_ji / b_i}: (A, ā) with the common weights b
     * form a symplectic partitioned Runge–Kutta pair (Hager 2000; Sanz-Serna 2016).
     *
     * @throws IllegalArgumentException naming the weight if some {@code b_i = 0} (then use the reverse form of the
     *                                  adjoint, which needs no partner)
     */
    public PartitionedTableau partner() {
        int s = b.length;
        double[][] bar = new double[s][s];
        for (int i = 0; i < s; i++) {
            if (b[i] == 0) {
                throw new IllegalArgumentException("tableau '" + name + "' has b[" + i
                        + "] = 0, so its SPRK partner ā_ij = b_j - b_j a_ji / b_i is undefined;"
                        + " the reverse-form discrete adjoint handles this tableau");
            }
            for (int j = 0; j < s; j++) {
                bar[i][j] = b[j] - b[j] * a[j][i] / b[i];
            }
        }
        return new PartitionedTableau(this, bar, b);
    }
}
