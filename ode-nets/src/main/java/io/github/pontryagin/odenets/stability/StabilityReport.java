package io.github.pontryagin.odenets.stability;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

import io.github.pontryagin.adjoint.DiscreteAdjoint;
import io.github.pontryagin.adjoint.DiscreteFlow;
import io.github.pontryagin.adjoint.DiscretePass;
import io.github.pontryagin.adjoint.LayerUpdate;
import io.github.pontryagin.adjoint.TangentFlow;
import io.github.pontryagin.core.field.Activation;
import io.github.pontryagin.core.field.NegativeGradient;
import io.github.pontryagin.core.field.VectorField;
import io.github.pontryagin.core.tableau.StabilityFunction;
import io.github.pontryagin.odenets.OdeNet;
import io.github.pontryagin.odenets.Parameters;

/**
 * Stability of the forward propagation of a trained net on a data set (Haber and Ruthotto 2017; the lectures'
 * "stability of forward propagation"; {@code docs/stability.md}). With the layer Jacobian
 * {@code ∂_y f = B D C}, {@code D = diag(σ'(C y + β))} ({@link FieldLinearisation}), per layer n:
 * <ul>
 *   <li>the Lipschitz constant {@code L_n = L_σ ‖B‖₂ ‖C‖₂} (= {@code L_σ‖K_n‖₂} for σ(Ky + β), spectral norms by
 *       EJML's SVD), and the bound {@code C = exp(Σ|h_n| L_n)} on {@code ‖y₁(T) − y₂(T)‖ / ‖y₁(0) − y₂(0)‖};</li>
 *   <li>the one-sided Lipschitz constant {@code ν_n ≤ sup_D λ_max((BDC + (BDC)ᵀ)/2)} over D diagonal with entries in
 *       the range of σ': λ_max is convex in D, so the supremum sits at a vertex of the box, all {@code 2^w} of which are
 *       visited for {@code w ≤ 12} (exact); beside it the value at the data, D = σ'(stage values of the data); the
 *       bound {@code exp(Σ h_n ν_n)} (Dahlquist 1959; the lectures' contractivity of the flow);</li>
 *   <li>the monotonicity constant {@code ν̄} of {@code ⟨Δf, Δy⟩ ≤ ν̄ ‖Δf‖²} (at the data: {@code λ_max} of the
 *       symmetric part of {@code J⁻¹}; for the gradient family the bound {@code −1/(L_σ‖K‖₂²)}), and the rule for
 *       explicit methods with positive weights, contractive for {@code h < −ν̄ r} with r the threshold factor of the
 *       stability polynomial (Dahlquist and Jeltsch 1979; r = 1 for Euler and RK4); B-stable implicit layers
 *       contract for every h when {@code ν ≤ 0};</li>
 *   <li>the eigenvalues λ of the layer Jacobian at the data points, scaled by {@code h_n}, and whether
 *       {@code h_n λ} lies in the stability region {@code |R(z)| ≤ 1} of the layer's tableau.</li>
 * </ul>
 * The measured growth is {@code ‖v_N‖ / ‖v_0‖} for random tangents {@code v_0} at every data point (the tangent
 * pass: the limit of small perturbations), its maximum and median printed beside both bounds. For a layer update
 * whose state carries more than the positions (HB-Net, the second-order layers, AGD-Net, DMRNet) the perturbation
 * is of the positions {@code y_0}, completed as the net completes its initial state, and the growth is that of the
 * positions {@code x_N} the head reads; for those and the leapfrog layer the Lipschitz bound is the layer-map
 * recursion of {@link LayerMapBound} ({@code docs/stability.md}, "Layer-map bound"), and the first-order flow
 * bound  * {@code exp(Σ h ν)} is not given for the momentum and dense layers.
 */
public final class StabilityReport {

    /** Hidden widths up to this have the supremum over D computed exactly (2^w vertices). */
    public static final int VERTEX_LIMIT = 12;

    /**
     * @param seed          seed of the random tangent directions
     * @param perturbations random tangent directions per data point (≥ 1)
     * @param samplePoints  data points used for the Jacobian analysis (eigenvalues, ν and ν̄ at the data; ≥ 1);
     *                      evenly spaced over the data set when it has more
     */
    public record Options(long seed, int perturbations, int samplePoints) {
        public Options {
            if (perturbations < 1) {
                throw new IllegalArgumentException("perturbations must be >= 1, got " + perturbations);
            }
            if (samplePoints < 1) {
                throw new IllegalArgumentException("sample points must be >= 1, got " + samplePoints);
            }
        }

        /** Seed 1, 4 tangent directions per point, 200 sample points. */
        public static Options defaults() {
            return new Options(1, 4, 200);
        }
    }

    /**
     * One layer's analysis.
     *
     * @param layer              n
     * @param stepSize           h_n
     * @param lipschitz          L_n
     * @param oneSided           the bound on ν_n: the supremum over D when {@code oneSidedExact}, else L_n
     * @param oneSidedExact      whether {@code oneSided} is the exact supremum over the box of D
     * @param oneSidedAtData     max over sample points and stages of λ_max(sym(J))
     * @param monotonicity       ν̄_n (bound for the gradient family, else the maximum at the data over the
     *                           points whose Jacobian is invertible in floating point)
     * @param stepBound          the largest contractive step of the rule: −ν̄_n r (explicit), ∞ or 0 (B-stable, by
     *                           the sign of ν_n), NaN when no rule applies (plain layer)
     * @param breaksStepRule     whether {@code h_n} is not below {@code stepBound}
     * @param eigenvalues        eigenvalues analysed (sample points × d)
     * @param eigenvaluesOutside how many {@code h_n λ} lie outside {@code |R(z)| ≤ 1}
     * @param discretisationUnstable how many of those have {@code Re λ ≤ 0}: directions in which the linearised field
     *                           does not expand; for {@code h_n > 0} the step, not the flow, is unstable there (for a
     *                           learned {@code h_n < 0} the backward flow itself expands). The others have
     *                           {@code Re λ > 0}, where every consistent method amplifies for small {@code h_n > 0}
     * @param maxAmplification   {@code max |R(h_n λ)|} (NaN without stability function)
     * @param scaledEigenReal    Re(h_n λ) of every eigenvalue analysed
     * @param scaledEigenImag    Im(h_n λ)
     * @param oneSidedReverse    the bound on the one-sided Lipschitz constant of −f,
     *                           {@code −inf_D λ_min(sym(BDC))}: what a layer with a learned {@code h_n < 0} (a step
     *                           backwards in time) sees, {@code ‖Δy_{n+1}‖ ≲ e^{|h_n| ν⁻_n} ‖Δy_n‖}
     * @param oneSidedReverseAtData the same at the data
     */
    public record Layer(int layer, double stepSize, double lipschitz, double oneSided, boolean oneSidedExact,
                        double oneSidedAtData, double monotonicity, double stepBound, boolean breaksStepRule,
                        int eigenvalues, int eigenvaluesOutside, int discretisationUnstable, double maxAmplification, double[] scaledEigenReal,
                        double[] scaledEigenImag, double oneSidedReverse, double oneSidedReverseAtData) {

        /** Whether some {@code h_n λ} lies outside the stability region. */
        public boolean outsideRegion() {
            return eigenvaluesOutside > 0;
        }
    }

    private final String method;
    /** |a_ij| and |b_i| of the layer's Runge–Kutta method (null for the plain layer). */
    private final double[][] absA;
    private final double[] absB;
    private final double thresholdFactor;
    private final boolean plain;
    private final List<Layer> layers;
    private final double measuredMax;
    private final double measuredMedian;
    private final int points;
    /** The layer-map bound of {@link LayerMapBound}, NaN for Runge–Kutta and plain layers. */
    private final double layerMapBound;
    /** Whether the update is second-order or multistep (no first-order flow bound). */
    private final boolean multistep;

    private StabilityReport(String method, double[][] absA, double[] absB, double thresholdFactor, boolean plain,
                            List<Layer> layers, double measuredMax, double measuredMedian, int points,
                            double layerMapBound, boolean multistep) {
        this.method = method;
        this.absA = absA;
        this.absB = absB;
        this.thresholdFactor = thresholdFactor;
        this.plain = plain;
        this.layers = List.copyOf(layers);
        this.measuredMax = measuredMax;
        this.measuredMedian = measuredMedian;
        this.points = points;
        this.layerMapBound = layerMapBound;
        this.multistep = multistep;
    }

    /** The analysis with {@link Options#defaults()}. */
    public static StabilityReport of(OdeNet net, double[] x, int m) {
        return of(net, x, m, Options.defaults());
    }

    /**
     * Analyses {@code net} at its own parameters on the inputs {@code x} (feature-major {@code d0 × m}).
     *
     * @throws IllegalArgumentException when the data are missing or the field is not a built-in family
     */
    public static StabilityReport of(OdeNet net, double[] x, int m, Options options) {
        if (net == null) {
            throw new IllegalArgumentException("net must be given");
        }
        if (x == null || m <= 0) {
            throw new IllegalArgumentException("stability analysis needs data points: got "
                    + (x == null ? "no inputs" : m + " points"));
        }
        double[] u = net.parameters();
        VectorField field = net.field();
        Parameters layout = net.layout();
        DiscreteFlow flow = net.flow();
        LayerUpdate update = flow.update();
        int d = field.dimension();
        int layerCount = net.layers();
        double[] h = net.stepSizes();
        Parameters.Block thetaBlock = layout.theta();
        double[] theta = Arrays.copyOfRange(u, thetaBlock.offset(), thetaBlock.end());
        double[][] states = net.layerStates(x, m);
        double[] y0 = states[0];
        double[][][] stages = flow.stageValues(theta, h, y0, m);
        Optional<StabilityFunction> stability = update.stabilityFunction();
        boolean plain = !update.usesStepSizes();
        boolean implicit = stability.isPresent() && update.tableau().isEmpty();
        double r;
        if (plain || stability.isEmpty()) {
            r = Double.NaN;
        } else if (implicit) {
            r = stability.get().isAlgebraicallyStable() ? Double.POSITIVE_INFINITY : 0;
        } else {
            r = update.tableau().get().hasPositiveWeights() ? stability.get().thresholdFactor() : 0;
        }
        Activation sigma = field.activation();
        double[] range = FieldLinearisation.slopeRange(sigma);
        int[] sample = sample(m, options.samplePoints());

        boolean structured = LayerMapBound.covers(update);
        double[] lipschitzPerLayer = new double[layerCount];
        double[] branchLipschitz = new double[layerCount];
        List<Layer> result = new ArrayList<>();
        for (int n = 0; n < layerCount; n++) {
            FieldLinearisation lin = FieldLinearisation.of(field, layout, n, u);
            int w = lin.width();
            double normB = NormOps_DDRM.normP2(lin.b());
            double normC = NormOps_DDRM.normP2(lin.c());
            double lipschitz = range[1] * normB * normC;
            lipschitzPerLayer[n] = lipschitz;
            if (update.branchFieldSets() > 0) {
                FieldLinearisation branch = FieldLinearisation.of(field, layout, n, u, 0);
                branchLipschitz[n] = range[1] * NormOps_DDRM.normP2(branch.b()) * NormOps_DDRM.normP2(branch.c());
            }
            boolean exact = w <= VERTEX_LIMIT;
            double[] extremes = exact ? supremumOverBox(lin, range) : new double[] {lipschitz, lipschitz};
            double oneSided = extremes[0];
            double oneSidedReverse = extremes[1];

            DMatrixRMaj scaled = new DMatrixRMaj(w, d);
            DMatrixRMaj jacobian = new DMatrixRMaj(d, d);
            DMatrixRMaj inverse = new DMatrixRMaj(d, d);
            double[] z = new double[w];
            double atData = Double.NEGATIVE_INFINITY;
            double reverseAtData = Double.NEGATIVE_INFINITY;
            double monotonicity = Double.NEGATIVE_INFINITY;
            for (int k : sample) {
                for (double[] stage : stages[n]) {
                    slopesAt(lin, sigma, stage, k, m, z);
                    lin.jacobian(z, scaled, jacobian);
                    double[] minMax = symmetricExtremes(jacobian);
                    atData = Math.max(atData, minMax[1]);
                    reverseAtData = Math.max(reverseAtData, -minMax[0]);
                    if (CommonOps_DDRM.invert(jacobian.copy(), inverse)
                            && !org.ejml.dense.row.MatrixFeatures_DDRM.hasUncountable(inverse)) {
                        monotonicity = Math.max(monotonicity, symmetricMax(inverse));
                    }
                }
            }
            if (field instanceof NegativeGradient && range[1] > 0) {
                // ⟨Δf, Δy⟩ = −‖D^{1/2}KΔy‖² and ‖Δf‖ ≤ ‖K‖ ‖D^{1/2}‖ ‖D^{1/2}KΔy‖: ν̄ = −1/(L_σ‖K‖²) for every D
                monotonicity = -1 / (range[1] * normC * normC);
            }
            double bound;
            if (Double.isNaN(r)) {
                bound = Double.NaN;
            } else if (implicit) {
                // ν ≤ 0 up to the round-off of the eigenvalues (ν = 0 is attained at D = 0 for tanh)
                boolean contractive = oneSided <= 1e-12 * Math.max(1, lipschitz);
                bound = r == Double.POSITIVE_INFINITY && contractive ? Double.POSITIVE_INFINITY : 0;
            } else {
                bound = monotonicity < 0 ? -monotonicity * r : 0;
            }
            // the rules are stated for forward steps: a learned h_n < 0 breaks them
            boolean breaks = !Double.isNaN(bound) && !(h[n] >= 0 && h[n] < bound);

            double[] re = new double[sample.length * d];
            double[] im = new double[sample.length * d];
            int outside = 0;
            int unstableStep = 0;
            double amplification = stability.isPresent() ? 0 : Double.NaN;
            EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, false);
            int e = 0;
            for (int k : sample) {
                slopesAt(lin, sigma, states[n], k, m, z);
                lin.jacobian(z, scaled, jacobian);
                if (!eig.decompose(jacobian.copy())) {
                    throw new IllegalStateException("eigenvalues of the layer " + n + " Jacobian at point " + k
                            + " did not converge");
                }
                for (int i = 0; i < d; i++) {
                    re[e] = h[n] * eig.getEigenvalue(i).getReal();
                    im[e] = h[n] * eig.getEigenvalue(i).getImaginary();
                    if (stability.isPresent()) {
                        double modulus = stability.get().modulus(re[e], im[e]);
                        amplification = Math.max(amplification, modulus);
                        if (modulus > 1 + StabilityFunction.TOLERANCE) {
                            outside++;
                            // h² Re λ ≤ 0: Re λ ≤ 0, a direction in which the linearised field does not expand
                            if (h[n] * re[e] <= 0) {
                                unstableStep++;
                            }
                        }
                    }
                    e++;
                }
            }
            result.add(new Layer(n, h[n], lipschitz, oneSided, exact, atData, monotonicity, bound, breaks, e,
                    outside, unstableStep, amplification, re, im, oneSidedReverse, reverseAtData));
        }

        double layerMap = structured ? LayerMapBound.of(update, layout, u, h, lipschitzPerLayer, branchLipschitz)
                : Double.NaN;
        double[] ratios = measuredGrowth(flow, theta, h, y0, m, d, options);
        Arrays.sort(ratios);
        double median = ratios.length % 2 == 1 ? ratios[ratios.length / 2]
                : 0.5 * (ratios[ratios.length / 2 - 1] + ratios[ratios.length / 2]);
        double[][] absA = null;
        double[] absB = null;
        if (update.tableau().isPresent() || update.implicitTableau().isPresent()) {
            int s = update.stages();
            absA = new double[s][s];
            absB = new double[s];
            for (int i = 0; i < s; i++) {
                for (int j = 0; j < s; j++) {
                    absA[i][j] = Math.abs(update.tableau().isPresent() ? update.tableau().get().a(i, j)
                            : update.implicitTableau().get().a(i, j));
                }
                absB[i] = Math.abs(update.tableau().isPresent() ? update.tableau().get().b(i)
                        : update.implicitTableau().get().b(i));
            }
        }
        return new StabilityReport(update.name(), absA, absB, r, plain, result, ratios[ratios.length - 1], median,
                m, layerMap, LayerMapBound.isMultistep(update));
    }

    /** Evenly spaced indices of at most {@code count} of m points. */
    private static int[] sample(int m, int count) {
        int size = Math.min(m, count);
        int[] indices = new int[size];
        for (int j = 0; j < size; j++) {
            indices[j] = (int) ((long) j * m / size);
        }
        return indices;
    }

    private static void slopesAt(FieldLinearisation lin, Activation sigma, double[] y, int k, int m, double[] z) {
        lin.preActivation(y, k, m, z);
        for (int r = 0; r < z.length; r++) {
            z[r] = sigma.derivative(z[r]);
        }
    }

    /**
     * {@code sup_D λ_max(sym(B D C))} and {@code sup_D −λ_min(sym(B D C))} over the vertices of the box
     * {@code D ∈ [lo, hi]^w} (both are convex in D).
     */
    private static double[] supremumOverBox(FieldLinearisation lin, double[] range) {
        int w = lin.width();
        int d = lin.c().numCols;
        double[] slopes = new double[w];
        DMatrixRMaj scaled = new DMatrixRMaj(w, d);
        DMatrixRMaj jacobian = new DMatrixRMaj(d, d);
        int vertices = range[0] == range[1] ? 1 : 1 << w;
        double max = Double.NEGATIVE_INFINITY;
        double reverse = Double.NEGATIVE_INFINITY;
        for (int v = 0; v < vertices; v++) {
            for (int r = 0; r < w; r++) {
                slopes[r] = ((v >> r) & 1) == 0 ? range[0] : range[1];
            }
            lin.jacobian(slopes, scaled, jacobian);
            double[] minMax = symmetricExtremes(jacobian);
            max = Math.max(max, minMax[1]);
            reverse = Math.max(reverse, -minMax[0]);
        }
        return new double[] {max, reverse};
    }

    /** {@code λ_max((A + Aᵀ)/2)} (EJML symmetric eigenvalues). */
    static double symmetricMax(DMatrixRMaj a) {
        return symmetricExtremes(a)[1];
    }

    /** {@code (λ_min, λ_max)} of {@code (A + Aᵀ)/2}. */
    static double[] symmetricExtremes(DMatrixRMaj a) {
        int d = a.numRows;
        DMatrixRMaj sym = new DMatrixRMaj(d, d);
        CommonOps_DDRM.transpose(a, sym);
        CommonOps_DDRM.add(0.5, a, 0.5, sym, sym);
        if (CommonOps_DDRM.elementMaxAbs(sym) == 0) {
            return new double[] {0, 0}; // EJML's symmetric QR iteration does not accept the zero matrix
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, false, true);
        if (!eig.decompose(sym)) {
            throw new IllegalStateException("symmetric eigenvalues did not converge for " + sym);
        }
        double max = Double.NEGATIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < d; i++) {
            max = Math.max(max, eig.getEigenvalue(i).getReal());
            min = Math.min(min, eig.getEigenvalue(i).getReal());
        }
        return new double[] {min, max};
    }

    /**
     * {@code ‖v_N‖ / ‖v_0‖} per point and random direction (tangent pass), unsorted, for the positions (the first
     * {@code d} features): a state with more parts gets the tangent of its completion
     * ({@link LayerUpdate#completeInitialState}, linear) and only the positions are measured.
     */
    private static double[] measuredGrowth(DiscreteFlow flow, double[] theta, double[] h, double[] y0, int m,
                                           int d, Options options) {
        int stateDimension = flow.dimension();
        DiscretePass pass = DiscreteAdjoint.reverse().newPass(flow, m);
        pass.forward(theta, h, y0);
        SplittableRandom random = new SplittableRandom(options.seed());
        double[] ratios = new double[m * options.perturbations()];
        double[] v0 = new double[stateDimension * m];
        for (int p = 0; p < options.perturbations(); p++) {
            for (int q = 0; q < d * m; q++) {
                v0[q] = gaussian(random);
            }
            if (stateDimension != d) {
                flow.update().completeInitialState(v0, d * m);
            }
            double[][] tangents = TangentFlow.propagate(pass, theta, h, v0, null);
            double[] vN = tangents[flow.layers()];
            for (int k = 0; k < m; k++) {
                double before = 0;
                double after = 0;
                for (int i = 0; i < d; i++) {
                    before += v0[i * m + k] * v0[i * m + k];
                    after += vN[i * m + k] * vN[i * m + k];
                }
                ratios[p * m + k] = Math.sqrt(after / before);
            }
        }
        return ratios;
    }

    private static double gaussian(SplittableRandom random) {
        double u = random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log1p(-u)) * Math.cos(2 * Math.PI * v);
    }

    /** The layer update's name (tableau, implicit tableau or {@code plain}). */
    public String method() {
        return method;
    }

    /** The r of the step-size rule (threshold factor; ∞ for B-stable; NaN for the plain layer). */
    public double thresholdFactor() {
        return thresholdFactor;
    }

    public List<Layer> layers() {
        return layers;
    }

    /** Data points analysed. */
    public int points() {
        return points;
    }

    /**
     * {@code exp(Σ|h_n| L_n)}; for the plain layer {@code y_{n+1} = f(y_n)} the product {@code Π L_n}; for the
     * leapfrog, momentum and dense layers the layer-map bound {@link #layerMapBound()}.
     */
    public double lipschitzBound() {
        if (!Double.isNaN(layerMapBound)) {
            return layerMapBound;
        }
        double sum = 0;
        double product = 1;
        for (Layer layer : layers) {
            sum += Math.abs(layer.stepSize()) * layer.lipschitz();
            product *= layer.lipschitz();
        }
        return plain ? product : Math.exp(sum);
    }

    /**
     * The Lipschitz bound of the discrete net, {@code Π_n P(|h_n| L_n)} with
     * {@code P(x) = 1 + x |b|ᵀ (I − x|A|)⁻¹ 𝟙} (the stage recursion {@code ℓ_i ≤ 1 + x Σ_j |a_ij| ℓ_j}; ∞ when
     * {@code I − x|A|} is not an M-matrix). For the Taylor polynomials (Euler, RK4) {@code P(x) = Σ_k x^k/k! ≤ e^x},
     * so it is below {@link #lipschitzBound()}; for implicit layers it can exceed it (implicit midpoint:
     * {@code (1 + x/2)/(1 − x/2) > e^x}). For the plain layer {@code Π L_n}.
     */
    public double discreteLipschitzBound() {
        if (!Double.isNaN(layerMapBound)) {
            return layerMapBound;
        }
        if (plain || absA == null) {
            return lipschitzBound();
        }
        double product = 1;
        for (Layer layer : layers) {
            product *= amplification(absA, absB, Math.abs(layer.stepSize()) * layer.lipschitz());
        }
        return product;
    }

    /** {@code 1 + x |b|ᵀ ℓ} with {@code (I − x|A|) ℓ = 𝟙}, or ∞ when the stage recursion has no bound. */
    static double amplification(double[][] absA, double[] absB, double x) {
        int s = absB.length;
        double[][] m = new double[s][s + 1];
        for (int i = 0; i < s; i++) {
            for (int j = 0; j < s; j++) {
                m[i][j] = (i == j ? 1 : 0) - x * absA[i][j];
            }
            m[i][s] = 1;
        }
        for (int col = 0; col < s; col++) { // I − x|A| is an M-matrix exactly when elimination keeps pivots > 0
            if (!(m[col][col] > 0)) {
                return Double.POSITIVE_INFINITY;
            }
            for (int row = col + 1; row < s; row++) {
                double f = m[row][col] / m[col][col];
                for (int c = col; c <= s; c++) {
                    m[row][c] -= f * m[col][c];
                }
            }
        }
        double[] ell = new double[s];
        for (int row = s - 1; row >= 0; row--) {
            double sum = m[row][s];
            for (int c = row + 1; c < s; c++) {
                sum -= m[row][c] * ell[c];
            }
            ell[row] = sum / m[row][row];
            if (!(ell[row] > 0)) {
                return Double.POSITIVE_INFINITY;
            }
        }
        double result = 1;
        for (int i = 0; i < s; i++) {
            result += x * absB[i] * ell[i];
        }
        return result;
    }

    /**
     * {@code exp(Σ h_n ν_n)} with the supremum bounds ν_n, for a layer with {@code h_n < 0} {@code |h_n| ν⁻_n}
     * (the flow of −f); the bound of the exact flow, which a discrete layer meets up to {@code O(h²)} (NaN for the
     * plain layer and for the second-order and multistep layers, whose positions do not follow a first-order flow).
     */
    public double oneSidedBound() {
        if (multistep) {
            return Double.NaN;
        }
        double sum = 0;
        for (Layer layer : layers) {
            double h = layer.stepSize();
            sum += h >= 0 ? h * layer.oneSided() : -h * layer.oneSidedReverse();
        }
        return plain ? Double.NaN : Math.exp(sum);
    }

    /**
     * As {@link #oneSidedBound()} with ν_n at the data (an estimate, not a bound; NaN for the plain layer and the
     * second-order and multistep layers).
     */
    public double oneSidedBoundAtData() {
        if (multistep) {
            return Double.NaN;
        }
        double sum = 0;
        for (Layer layer : layers) {
            double h = layer.stepSize();
            sum += h >= 0 ? h * layer.oneSidedAtData() : -h * layer.oneSidedReverseAtData();
        }
        return plain ? Double.NaN : Math.exp(sum);
    }

    /**
     * The bound on {@code ‖Δx_N‖ / ‖Δx_0‖} of the layer-map recursion ({@link LayerMapBound};
     * {@code docs/stability.md}, "Layer-map bound") for the leapfrog, HB-Net, conformal-Euler,
     * conformal-Störmer–Verlet, AGD-Net and DMRNet layers; NaN for
     * Runge–Kutta and plain layers, whose bounds are {@link #lipschitzBound()} and {@link #discreteLipschitzBound()}.
     */
    public double layerMapBound() {
        return layerMapBound;
    }

    /** Largest measured {@code ‖y₁(T) − y₂(T)‖ / ‖y₁(0) − y₂(0)‖} (small perturbations, tangent pass). */
    public double measuredMax() {
        return measuredMax;
    }

    public double measuredMedian() {
        return measuredMedian;
    }

    /** Layers with some {@code h_n λ} outside the stability region. */
    public int layersOutsideRegion() {
        return (int) layers.stream().filter(Layer::outsideRegion).count();
    }

    /** Layers with some {@code h_n λ}, {@code Re λ ≤ 0}, outside the stability region (the step is unstable). */
    public int layersWithUnstableSteps() {
        return (int) layers.stream().filter(l -> l.discretisationUnstable() > 0).count();
    }

    /** Layers whose step size is not below the contractivity bound of their rule. */
    public int layersBreakingStepRule() {
        return (int) layers.stream().filter(Layer::breaksStepRule).count();
    }

    /** The per-layer table and the summary, as printed by {@code pontryagin stability}. */
    public String table() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "layer update %s, rule h < -nu_bar r with r = %s, %d data points%n",
                method, format(thresholdFactor), points));
        out.append(String.format(Locale.ROOT, "%5s %10s %10s %10s %10s %10s %10s %6s %9s %9s %10s%n", "n", "h_n",
                "L_n", "nu_n", "nu_n data", "nubar_n", "h bound", "rule", "outside", "Re<=0", "max|R|"));
        for (Layer l : layers) {
            out.append(String.format(Locale.ROOT, "%5d %10s %10s %10s %10s %10s %10s %6s %9s %9s %10s%n", l.layer(),
                    format(l.stepSize()), format(l.lipschitz()), format(l.oneSided()) + (l.oneSidedExact() ? "" : "*"),
                    format(l.oneSidedAtData()), format(l.monotonicity()), format(l.stepBound()),
                    Double.isNaN(l.stepBound()) ? "-" : l.breaksStepRule() ? "BROKEN" : "ok",
                    l.eigenvaluesOutside() + "/" + l.eigenvalues(), String.valueOf(l.discretisationUnstable()),
                    format(l.maxAmplification())));
        }
        out.append(String.format(Locale.ROOT, "measured growth: max %s, median %s%n", format(measuredMax),
                format(measuredMedian)));
        if (!Double.isNaN(layerMapBound)) {
            out.append(String.format(Locale.ROOT, "bounds: layer-map recursion of %s (docs/stability.md, layer-map"
                    + " bound) = %s on the positions; exp(sum h nu) = %s (at the data %s)%s%n", method,
                    format(layerMapBound),
                    format(oneSidedBound()), format(oneSidedBoundAtData()), multistep ? ", not defined for a"
                    + " second-order or multistep layer" : ""));
        } else {
            out.append(String.format(Locale.ROOT, "bounds: exp(sum |h| L) = %s (discrete net: %s), exp(sum h nu) = %s"
                    + " (at the data %s)%n", format(lipschitzBound()), format(discreteLipschitzBound()),
                    format(oneSidedBound()), format(oneSidedBoundAtData())));
        }
        out.append(String.format(Locale.ROOT, "layers outside the stability region: %d of %d (%d with Re lambda <= 0);"
                + " breaking the step rule: %d%n", layersOutsideRegion(), layers.size(), layersWithUnstableSteps(),
                layersBreakingStepRule()));
        return out.toString();
    }

    static String format(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return String.format(Locale.ROOT, Math.abs(v) >= 1e4 || (v != 0 && Math.abs(v) < 1e-3) ? "%.3e" : "%.4f", v);
    }
}
