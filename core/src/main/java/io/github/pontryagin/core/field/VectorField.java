package io.github.pontryagin.core.field;

import java.util.List;

import org.hipparchus.CalculusFieldElement;
import org.hipparchus.analysis.differentiation.FieldGradient;
import org.hipparchus.analysis.differentiation.Gradient;

/**
 * A learnable vector field {@code f(y; θ)} on {@code R^d}, evaluated on a batch of {@code m} points.
 *
 * <p><b>Layout.</b> A batch of states is a {@code double[]} of at least {@code d·m} values,
 * feature-major: coordinate {@code i} of point {@code k} is at {@code y[i*m + k]}, so each
 * coordinate is one contiguous row of {@code m} values and the inner loops run over the batch.
 * Parameters {@code θ} are a slice {@code theta[offset .. offset + parameterCount())} of a flat
 * array, laid out as described by {@link #parameterBlocks()}.
 *
 * <p><b>Memory.</b> Following EJML, callers pass every output array and a scratch array
 * {@code work} of at least {@link #workspaceSize(int)} doubles; implementations allocate nothing.
 * Output arrays must not alias inputs. Implementations are stateless and thread-safe (each thread
 * passes its own {@code work}).
 *
 * <p>Besides the batched methods, every field gives a single-point evaluation over any Hipparchus
 * {@link CalculusFieldElement}: written independently of the hand-derived products, it lets
 * automatic differentiation check them, and lets Hipparchus integrators use the field.
 */
public interface VectorField {

    /** The family name, e.g. {@code sigma-affine}. */
    String family();

    Activation activation();

    /** The state dimension {@code d}. */
    int dimension();

    /** Number of parameters of one layer. */
    int parameterCount();

    /** The named blocks that make up one layer's parameters, in storage order. */
    List<ParameterBlock> parameterBlocks();

    /** Scratch doubles needed by the batched methods for a batch of {@code m} points. */
    int workspaceSize(int m);

    /** {@code out = f(y; θ)} for {@code m} points. */
    void apply(double[] theta, int thetaOffset, double[] y, int m, double[] out, double[] work);

    /**
     * Vector–Jacobian products at {@code y} with cotangent {@code v}:
     * {@code stateOut = (∂f/∂y)ᵀ v} (overwritten) when {@code stateOut != null}, and
     * {@code gradOut[gradOffset ..] += (∂f/∂θ)ᵀ v} (accumulated, summed over the batch) when
     * {@code gradOut != null}.
     */
    void vjp(double[] theta, int thetaOffset, double[] y, double[] v, int m,
             double[] stateOut, double[] gradOut, int gradOffset, double[] work);

    /**
     * As {@link #vjp(double[], int, double[], double[], int, double[], double[], int, double[])}, given also
     * {@code fy = f(y; θ)} exactly as {@link #apply} computed it (the forward pass stores it as the stage slope
     * {@code K_i}). Fields whose derivative follows from their value reuse it instead of re-evaluating
     * {@code f} (the σ-affine family with tanh: {@code σ' = 1 − σ²}); the result has the same bits as
     * {@code vjp}. The default ignores {@code fy}.
     */
    default void vjpWithValue(double[] theta, int thetaOffset, double[] y, double[] fy, double[] v, int m,
                              double[] stateOut, double[] gradOut, int gradOffset, double[] work) {
        vjp(theta, thetaOffset, y, v, m, stateOut, gradOut, gradOffset, work);
    }

    /**
     * The length of the array {@link #prepare} fills: a layer's parameters rearranged for the batched products of
     * {@link #applyPrepared} or {@link #vjpWithValuePrepared}, which a caller that evaluates one layer several times
     * with the same θ (the s stages of a Runge–Kutta step) makes once. 0 (the default) when the field has none; the
     * σ-affine family packs its weight matrix (d × d) when the products are vectorized with 8 double lanes.
     */
    default int preparedSize() {
        return 0;
    }

    /**
     * Fills {@code prepared} ({@link #preparedSize()} doubles) from the layer's parameters at {@code thetaOffset}: for
     * {@link #applyPrepared} when {@code adjoint} is false, for {@link #vjpWithValuePrepared} when it is true. The
     * default does nothing.
     */
    default void prepare(double[] theta, int thetaOffset, boolean adjoint, double[] prepared) {
    }

    /**
     * {@link #apply} given {@code prepared} from {@code prepare(theta, thetaOffset, false, prepared)} with the same θ,
     * reading y from {@code y[yOff ..]} and writing {@code out[outOff ..]} (d·m values each, so that a caller reads and
     * writes its stored stages in place): the same bits. A field whose {@link #preparedSize()} is not 0 overrides it;
     * the default, for the others, takes offsets 0 only.
     */
    default void applyPrepared(double[] prepared, double[] theta, int thetaOffset, double[] y, int yOff, int m,
                               double[] out, int outOff, double[] work) {
        requireNoOffsets(yOff, outOff);
        apply(theta, thetaOffset, y, m, out, work);
    }

    /**
     * {@link #vjpWithValue} given {@code prepared} from {@code prepare(theta, thetaOffset, true, prepared)} with the
     * same θ, reading y and fy from {@code y[yOff ..]} and {@code fy[fyOff ..]} and writing
     * {@code stateOut[stateOff ..]}: the same bits. A field whose {@link #preparedSize()} is not 0 overrides it; the
     * default, for the others, takes offsets 0 only.
     */
    default void vjpWithValuePrepared(double[] prepared, double[] theta, int thetaOffset, double[] y, int yOff,
                                      double[] fy, int fyOff, double[] v, int m, double[] stateOut, int stateOff,
                                      double[] gradOut, int gradOffset, double[] work) {
        requireNoOffsets(yOff, fyOff + stateOff);
        vjpWithValue(theta, thetaOffset, y, fy, v, m, stateOut, gradOut, gradOffset, work);
    }

    private void requireNoOffsets(int a, int b) {
        if (a != 0 || b != 0) {
            throw new UnsupportedOperationException(getClass().getName() + " prepares no parameters: its prepared "
                    + "methods take arrays at offset 0 only");
        }
    }

    /** Jacobian–vector product in the state: {@code out = (∂f/∂y) v} at {@code y}. */
    void jvp(double[] theta, int thetaOffset, double[] y, double[] v, int m, double[] out, double[] work);

    /**
     * Jacobian–vector product in the parameters: {@code out = (∂f/∂θ) δθ} at {@code y} for {@code m} points, with
     * {@code δθ = dtheta[dthetaOffset .. dthetaOffset + parameterCount())}. The default differentiates the
     * single-point {@link #apply(CalculusFieldElement[], int, CalculusFieldElement[], CalculusFieldElement[])} in
     * forward mode (Hipparchus {@link Gradient} with one direction), exact to round-off for every field; it
     * allocates (tangent passes are not a hot path).
     */
    default void parameterJvp(double[] theta, int thetaOffset, double[] y, double[] dtheta, int dthetaOffset, int m,
                              double[] out) {
        int d = dimension();
        int p = parameterCount();
        Gradient[] parameters = new Gradient[p];
        for (int j = 0; j < p; j++) {
            parameters[j] = new Gradient(theta[thetaOffset + j], dtheta[dthetaOffset + j]);
        }
        Gradient[] point = new Gradient[d];
        Gradient[] value = new Gradient[d];
        for (int k = 0; k < m; k++) {
            for (int i = 0; i < d; i++) {
                point[i] = Gradient.constant(1, y[i * m + k]);
            }
            apply(parameters, 0, point, value);
            for (int i = 0; i < d; i++) {
                out[i * m + k] = value[i].getGradient()[0];
            }
        }
    }

    /**
     * How many scratch batches (arrays of d × m doubles) the workspace forms of
     * {@link #parameterJvp(double[], int, double[], double[], int, int, double[], double[][])} and
     * {@link #secondOrderVjp(double[], int, double[], double[], double[], double[], int, int, double[], double[],
     * int, double[][])} need to allocate nothing; 0 (the default) for a field whose products allocate anyway (the
     * automatic-differentiation defaults).
     */
    default int secondOrderScratchBatches() {
        return 0;
    }

    /**
     * As {@link #parameterJvp(double[], int, double[], double[], int, int, double[])} with
     * {@link #secondOrderScratchBatches()} scratch batches of d × m doubles; the default ignores them.
     */
    default void parameterJvp(double[] theta, int thetaOffset, double[] y, double[] dtheta, int dthetaOffset, int m,
                              double[] out, double[][] scratch) {
        parameterJvp(theta, thetaOffset, y, dtheta, dthetaOffset, m, out);
    }

    /**
     * As {@link #secondOrderVjp(double[], int, double[], double[], double[], double[], int, int, double[], double[],
     * int)} with {@link #secondOrderScratchBatches()} scratch batches of d × m doubles; the default ignores them.
     */
    default void secondOrderVjp(double[] theta, int thetaOffset, double[] y, double[] nu, double[] dy,
                                double[] dtheta, int dthetaOffset, int m, double[] stateOut, double[] gradOut,
                                int gradOffset, double[][] scratch) {
        secondOrderVjp(theta, thetaOffset, y, nu, dy, dtheta, dthetaOffset, m, stateOut, gradOut, gradOffset);
    }

    /**
     * The second-order term of the tangent of a vector–Jacobian product: with {@code φ(y, θ) = ⟨ν, f(y; θ)⟩} for a
     * fixed cotangent ν, the derivative of {@code ∇_{(y,θ)} φ} along {@code (δy, δθ)}, i.e.
     * {@code stateOut = (∂²φ/∂y²) δy + (∂²φ/∂y∂θ) δθ} (overwritten) and
     * {@code gradOut[gradOffset ..] += (∂²φ/∂θ∂y) δy + (∂²φ/∂θ²) δθ} (accumulated over the batch). The
     * second-order adjoint adds it to the first-order part {@code vjp(δν)}. The default differentiates the
     * single-point {@link #apply(CalculusFieldElement[], int, CalculusFieldElement[], CalculusFieldElement[])}
     * twice (Hipparchus {@link FieldGradient} over {@link Gradient}: reverse-free forward over forward); it
     * allocates (not a hot path).
     */
    @SuppressWarnings("unchecked")
    default void secondOrderVjp(double[] theta, int thetaOffset, double[] y, double[] nu, double[] dy,
                                double[] dtheta, int dthetaOffset, int m, double[] stateOut, double[] gradOut,
                                int gradOffset) {
        int d = dimension();
        int p = parameterCount();
        int variables = d + p;
        FieldGradient<Gradient>[] parameters = (FieldGradient<Gradient>[]) new FieldGradient[p];
        FieldGradient<Gradient>[] point = (FieldGradient<Gradient>[]) new FieldGradient[d];
        FieldGradient<Gradient>[] value = (FieldGradient<Gradient>[]) new FieldGradient[d];
        Gradient zero = Gradient.constant(1, 0.0);
        Gradient one = Gradient.constant(1, 1.0);
        for (int j = 0; j < p; j++) {
            parameters[j] = variable(variables, d + j, new Gradient(theta[thetaOffset + j],
                    dtheta == null ? 0.0 : dtheta[dthetaOffset + j]), zero, one);
        }
        for (int k = 0; k < m; k++) {
            for (int i = 0; i < d; i++) {
                point[i] = variable(variables, i, new Gradient(y[i * m + k], dy == null ? 0.0 : dy[i * m + k]), zero,
                        one);
            }
            apply(parameters, 0, point, value);
            FieldGradient<Gradient> phi = value[0].multiply(nu[k]);
            for (int i = 1; i < d; i++) {
                phi = phi.add(value[i].multiply(nu[i * m + k]));
            }
            Gradient[] partials = phi.getGradient();
            if (stateOut != null) {
                for (int i = 0; i < d; i++) {
                    stateOut[i * m + k] = partials[i].getGradient()[0];
                }
            }
            if (gradOut != null) {
                for (int j = 0; j < p; j++) {
                    gradOut[gradOffset + j] += partials[d + j].getGradient()[0];
                }
            }
        }
    }

    private static FieldGradient<Gradient> variable(int variables, int index, Gradient value, Gradient zero,
                                                    Gradient one) {
        Gradient[] gradient = new Gradient[variables];
        java.util.Arrays.fill(gradient, zero);
        gradient[index] = one;
        return new FieldGradient<>(value, gradient);
    }

    /** {@code out = f(y; θ)} for a single point, over any calculus field (for AD and Hipparchus). */
    <T extends CalculusFieldElement<T>> void apply(T[] theta, int thetaOffset, T[] y, T[] out);
}
