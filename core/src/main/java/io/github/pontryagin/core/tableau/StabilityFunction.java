package io.github.pontryagin.core.tableau;

/**
 * The stability function of a Runge–Kutta method {@code (A, b)}: applied to the test equation {@code y' = λ y} one
 * step gives {@code y⁺ = R(z) y} with {@code z = hλ} and
 * <pre>
 *   R(z) = 1 + z bᵀ (I − zA)⁻¹ 𝟙;
 * </pre>
 * for an explicit method a polynomial of degree ≤ s, {@code R(z) = Σ_k γ_k z^k} with {@code γ_0 = 1},
 * {@code γ_k = bᵀ A^{k−1} 𝟙} (Hairer and Wanner, <i>Solving ODEs II</i>, §IV.2, eq. (2.3) and Prop. 3.2). The
 * stability region is {@code S = {z : |R(z)| ≤ 1}}; the layer {@code y_{n+1} = y_n + h_n f(…)} linearised at a
 * point with Jacobian eigenvalue λ is stable when {@code h_n λ ∈ S}.
 *
 * <p>Two radii describe how far into the left half-plane a step may reach:
 * <ul>
 *   <li>{@link #diskRadius()}, the largest disk {@code D(r) = {z : |z + r| ≤ r}} inside S (linear stability):
 *       1 for forward Euler, 1.3926 for RK4 (half its real stability interval), ∞ for A-stable methods;</li>
 *   <li>{@link #thresholdFactor()}, the largest r with {@code R(z) = Σ_k α_k (1 + z/r)^k}, all {@code α_k ≥ 0}
 *       (R absolutely monotonic on [−r, 0]; Kraaijevanger 1991). Then a step is a convex combination of powers of
 *       the Euler step with step size h/r, so it contracts for every nonlinear field whose Euler step with step
 *       size h/r contracts: the nonlinear disk of contractivity of Dahlquist and Jeltsch (1979). It is 1 for
 *       forward Euler and for every Taylor polynomial (RK4), as in the lectures' rule {@code h < −ν̄ r}.</li>
 * </ul>
 * Immutable.
 */
public final class StabilityFunction {

    /** Radii above this count as the whole left half-plane ({@link #diskRadius()} = ∞). */
    public static final double RADIUS_LIMIT = 1e6;
    /** Slack on {@code |R(z)| ≤ 1} for round-off (|R| is exactly 1 at z = 0 for every consistent method). */
    public static final double TOLERANCE = 1e-12;
    private static final int CIRCLE_POINTS = 4096;

    private final String name;
    private final int s;
    private final double[][] a;
    private final double[] b;
    private final boolean explicit;
    private final double[] polynomial;
    /** Computed on first use (a few hundred thousand evaluations of R); NaN until then. */
    private volatile double radius = Double.NaN;

    StabilityFunction(String name, double[][] a, double[] b) {
        this.name = name;
        this.s = b.length;
        this.a = new double[s][];
        boolean lower = true;
        for (int i = 0; i < s; i++) {
            this.a[i] = a[i].clone();
            for (int j = i; j < s; j++) {
                lower &= a[i][j] == 0;
            }
        }
        this.b = b.clone();
        this.explicit = lower;
        this.polynomial = lower ? polynomialCoefficients(this.a, this.b) : null;
    }

    private static double[] polynomialCoefficients(double[][] a, double[] b) {
        int s = b.length;
        double[] gamma = new double[s + 1];
        gamma[0] = 1;
        double[] power = new double[s]; // A^{k−1} 𝟙
        java.util.Arrays.fill(power, 1.0);
        for (int k = 1; k <= s; k++) {
            double sum = 0;
            for (int i = 0; i < s; i++) {
                sum += b[i] * power[i];
            }
            gamma[k] = sum;
            double[] next = new double[s];
            for (int i = 0; i < s; i++) {
                for (int j = 0; j < s; j++) {
                    next[i] += a[i][j] * power[j];
                }
            }
            power = next;
        }
        return gamma;
    }

    /** The method's name. */
    public String name() {
        return name;
    }

    /** Whether R is a polynomial (explicit method). */
    public boolean isPolynomial() {
        return explicit;
    }

    /**
     * The coefficients {@code γ_0 … γ_s} of {@code R(z) = Σ_k γ_k z^k} (a copy).
     *
     * @throws IllegalStateException for an implicit method, whose R is rational
     */
    public double[] polynomialCoefficients() {
        if (!explicit) {
            throw new IllegalStateException("method '" + name + "' is implicit: its stability function is rational,"
                    + " not a polynomial");
        }
        return polynomial.clone();
    }

    /** {@code (Re R(z), Im R(z))} for {@code z = re + i·im}; infinite at a pole. */
    public double[] value(double re, double im) {
        if (explicit) {
            double vr = 0;
            double vi = 0;
            for (int k = polynomial.length - 1; k >= 0; k--) { // Horner: v ← v z + γ_k
                double t = vr * re - vi * im + polynomial[k];
                vi = vr * im + vi * re;
                vr = t;
            }
            return new double[] {vr, vi};
        }
        // x = (I − zA)⁻¹ 𝟙 by complex Gaussian elimination with partial pivoting (s is small)
        double[][] mr = new double[s][s + 1];
        double[][] mi = new double[s][s + 1];
        for (int i = 0; i < s; i++) {
            for (int j = 0; j < s; j++) {
                mr[i][j] = (i == j ? 1 : 0) - re * a[i][j];
                mi[i][j] = -im * a[i][j];
            }
            mr[i][s] = 1;
        }
        for (int col = 0; col < s; col++) {
            int pivot = col;
            for (int r = col + 1; r < s; r++) {
                if (Math.hypot(mr[r][col], mi[r][col]) > Math.hypot(mr[pivot][col], mi[pivot][col])) {
                    pivot = r;
                }
            }
            double[] tr = mr[col];
            mr[col] = mr[pivot];
            mr[pivot] = tr;
            double[] ti = mi[col];
            mi[col] = mi[pivot];
            mi[pivot] = ti;
            double pr = mr[col][col];
            double pi = mi[col][col];
            double norm = pr * pr + pi * pi;
            if (norm == 0) {
                return new double[] {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
            }
            for (int r = col + 1; r < s; r++) {
                double fr = (mr[r][col] * pr + mi[r][col] * pi) / norm;
                double fi = (mi[r][col] * pr - mr[r][col] * pi) / norm;
                for (int c = col; c <= s; c++) {
                    mr[r][c] -= fr * mr[col][c] - fi * mi[col][c];
                    mi[r][c] -= fr * mi[col][c] + fi * mr[col][c];
                }
            }
        }
        double[] xr = new double[s];
        double[] xi = new double[s];
        for (int r = s - 1; r >= 0; r--) {
            double sr = mr[r][s];
            double si = mi[r][s];
            for (int c = r + 1; c < s; c++) {
                sr -= mr[r][c] * xr[c] - mi[r][c] * xi[c];
                si -= mr[r][c] * xi[c] + mi[r][c] * xr[c];
            }
            double pr = mr[r][r];
            double pi = mi[r][r];
            double norm = pr * pr + pi * pi;
            xr[r] = (sr * pr + si * pi) / norm;
            xi[r] = (si * pr - sr * pi) / norm;
        }
        double br = 0;
        double bi = 0;
        for (int i = 0; i < s; i++) {
            br += b[i] * xr[i];
            bi += b[i] * xi[i];
        }
        return new double[] {1 + re * br - im * bi, re * bi + im * br};
    }

    /** {@code |R(z)|} for {@code z = re + i·im}. */
    public double modulus(double re, double im) {
        double[] v = value(re, im);
        return Math.hypot(v[0], v[1]);
    }

    /** Whether {@code z = re + i·im} lies in the stability region, {@code |R(z)| ≤ 1} (up to {@link #TOLERANCE}). */
    public boolean contains(double re, double im) {
        return modulus(re, im) <= 1 + TOLERANCE;
    }

    /**
     * The radius r of the disk of contractivity {@code {|z + r| ≤ r}} (largest inside the stability region), by
     * bisection to a relative 1e-9 with the circle checked at 4097 points of its upper half;
     * {@link Double#POSITIVE_INFINITY} when the disk of radius {@link #RADIUS_LIMIT} still fits (the left
     * half-plane, for practical purposes). Computed once, on the first call.
     */
    public double diskRadius() {
        double r = radius;
        if (Double.isNaN(r)) {
            r = searchRadius();
            radius = r;
        }
        return r;
    }

    /**
     * The threshold factor r (explicit methods): the largest r ≥ 0 with every derivative {@code R^{(k)}(−r) ≥ 0},
     * i.e. R absolutely monotonic on [−r, 0]; found by bisection on [0, s] to 1e-12 (the set of such r is an interval
     * containing 0 when all {@code γ_k ≥ 0}; Kraaijevanger 1991, Thm. 4.2).
     *
     * @throws IllegalStateException for an implicit method (its R is rational)
     */
    public double thresholdFactor() {
        double[] gamma = polynomialCoefficients();
        if (!absolutelyMonotonicAt(gamma, 0)) {
            return 0;
        }
        double low = 0;
        double high = s;
        if (absolutelyMonotonicAt(gamma, high)) {
            return high;
        }
        while (high - low > 1e-12) {
            double mid = 0.5 * (low + high);
            if (absolutelyMonotonicAt(gamma, mid)) {
                low = mid;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** Whether every derivative {@code R^{(k)}(−r) = Σ_{j≥k} γ_j j!/(j−k)! (−r)^{j−k}} is ≥ 0. */
    private static boolean absolutelyMonotonicAt(double[] gamma, double r) {
        for (int k = 0; k < gamma.length; k++) {
            double sum = 0;
            for (int j = gamma.length - 1; j >= k; j--) { // Horner in x = −r
                double falling = 1;
                for (int q = 0; q < k; q++) {
                    falling *= j - q;
                }
                sum = sum * -r + gamma[j] * falling;
            }
            if (sum < -1e-14) {
                return false;
            }
        }
        return true;
    }

    private boolean diskInside(double r) {
        for (int q = 0; q <= CIRCLE_POINTS; q++) {
            double phi = Math.PI * q / CIRCLE_POINTS; // R has real coefficients: the upper half-circle suffices
            if (!contains(-r + r * Math.cos(phi), r * Math.sin(phi))) {
                return false;
            }
        }
        return true;
    }

    private double searchRadius() {
        if (!diskInside(1e-6)) {
            return 0;
        }
        if (diskInside(RADIUS_LIMIT)) {
            return Double.POSITIVE_INFINITY;
        }
        double low = 1e-6;
        double high = RADIUS_LIMIT;
        while (high - low > 1e-9 * high) {
            double mid = high / low > 4 ? Math.sqrt(low * high) : 0.5 * (low + high);
            if (diskInside(mid)) {
                low = mid;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /**
     * Whether the method is algebraically stable (Burrage and Butcher 1979): every {@code b_i ≥ 0} and
     * {@code M = BA + AᵀB − bbᵀ} positive semi-definite ({@code B = diag(b)}). Algebraically stable methods are
     * B-stable: for a field with one-sided Lipschitz constant {@code ν ≤ 0} one step never increases the distance of
     * two solutions, whatever h (Hairer and Wanner, <i>Solving ODEs II</i>, §IV.12, Thm. 12.4).
     */
    public boolean isAlgebraicallyStable() {
        double[][] m = new double[s][s];
        for (int i = 0; i < s; i++) {
            if (b[i] < 0) {
                return false;
            }
            for (int j = 0; j < s; j++) {
                m[i][j] = b[i] * a[i][j] + b[j] * a[j][i] - b[i] * b[j];
            }
        }
        // positive semi-definite ⟺ the smallest eigenvalue is ≥ 0 (up to round-off)
        org.ejml.data.DMatrixRMaj matrix = new org.ejml.data.DMatrixRMaj(m);
        org.ejml.interfaces.decomposition.EigenDecomposition_F64<org.ejml.data.DMatrixRMaj> eig =
                org.ejml.dense.row.factory.DecompositionFactory_DDRM.eig(s, false, true);
        if (!eig.decompose(matrix)) {
            throw new IllegalStateException("eigenvalues of M for method '" + name + "' did not converge");
        }
        for (int i = 0; i < s; i++) {
            if (eig.getEigenvalue(i).getReal() < -1e-14) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "R(z) of " + name;
    }
}
