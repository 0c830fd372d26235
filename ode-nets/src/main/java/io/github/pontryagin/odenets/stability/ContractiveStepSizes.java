package io.github.pontryagin.odenets.stability;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

import io.github.pontryagin.adjoint.LayerUpdate;
import io.github.pontryagin.core.field.NegativeGradient;
import io.github.pontryagin.core.optim.Projection;
import io.github.pontryagin.core.tableau.StabilityFunction;
import io.github.pontryagin.odenets.OdeNet;
import io.github.pontryagin.odenets.Parameters;
import io.github.pontryagin.odenets.StepSizePolicy;

/**
 * A projection that keeps every learned step size inside the contractivity bound of its layer, applied after each
 * optimizer step like the simplex projection ({@code optimizer.withProjection(ContractiveStepSizes.of(net, 0.99))}).
 * For the gradient family {@code f = −Kᵀσ(Ky + β)} with {@code 0 ≤ σ' ≤ L_σ} the monotonicity constant is
 * {@code ν̄_n = −1/(L_σ‖K_n‖₂²)} whatever the data ({@link StabilityReport}), so an explicit Runge–Kutta layer with
 * positive weights and threshold factor r contracts for {@code h_n < −ν̄_n r = r/(L_σ‖K_n‖₂²)} (Dahlquist and Jeltsch
 * 1979); the projection clamps {@code h_n} to {@code [0, safety · r/(L_σ‖K_n‖₂²)]}, the bound moving with the
 * learned {@code K_n}. B-stable implicit layers contract for every {@code h_n ≥ 0} ({@code ν ≤ 0}), so for them it
 * only keeps {@code h_n ≥ 0}. Other fields have no parameter-independent bound (their {@code ν̄} can be positive),
 * and are rejected. Not thread-safe (it reuses an SVD); one per optimizer.
 */
public final class ContractiveStepSizes implements Projection {

    private final Parameters layout;
    private final int layers;
    private final double factor;
    private final boolean unbounded;
    private final DMatrixRMaj k;
    private final SingularValueDecomposition_F64<DMatrixRMaj> svd;

    private ContractiveStepSizes(Parameters layout, int layers, double factor, boolean unbounded, int rows,
                                 int cols) {
        this.layout = layout;
        this.layers = layers;
        this.factor = factor;
        this.unbounded = unbounded;
        this.k = new DMatrixRMaj(rows, cols);
        this.svd = DecompositionFactory_DDRM.svd(rows, cols, false, false, true);
    }

    /**
     * @param safety the fraction of the bound allowed, in (0, 1) (the rule is a strict inequality)
     * @throws IllegalArgumentException when the step sizes are not learned freely, the layer update has no
     *                                  contractive step, or the field has no bound for every parameter value
     */
    public static ContractiveStepSizes of(OdeNet net, double safety) {
        if (!(safety > 0 && safety < 1)) {
            throw new IllegalArgumentException("safety factor must be in (0, 1), got " + safety);
        }
        StepSizePolicy policy = net.architecture().stepSizes();
        LayerUpdate update = net.flow().update();
        if (!update.usesStepSizes()) {
            throw new IllegalArgumentException("contractive step sizes need a layer with a step size; the '"
                    + update.name() + "' layer has none");
        }
        if (policy != StepSizePolicy.FREE) {
            throw new IllegalArgumentException("contractive step sizes need freely learned step sizes (steps 'free'),"
                    + " got '" + policy.id() + "'");
        }
        if (!(net.field() instanceof NegativeGradient gradient)) {
            throw new IllegalArgumentException("the '" + net.field().family() + "' field has no contractivity bound"
                    + " to project the step sizes into (its monotonicity constant can be positive); use the gradient"
                    + " family, f = -K^T sigma(K y + beta)");
        }
        double lipschitzSigma = FieldLinearisation.slopeRange(gradient.activation())[1];
        StabilityFunction r = update.stabilityFunction().orElseThrow();
        boolean implicit = update.tableau().isEmpty();
        double threshold;
        if (implicit) {
            if (!r.isAlgebraicallyStable()) {
                throw new IllegalArgumentException("the implicit tableau '" + update.name() + "' is not B-stable:"
                        + " there is no contractive step size to project into");
            }
            threshold = Double.POSITIVE_INFINITY;
        } else {
            threshold = update.tableau().get().hasPositiveWeights() ? r.thresholdFactor() : 0;
            if (!(threshold > 0)) {
                throw new IllegalArgumentException("tableau '" + update.name() + "' has threshold factor 0 (or a"
                        + " weight <= 0): no step size is contractive, there is no bound to project into");
            }
        }
        Parameters.Block block = net.layout().layer(0).block("K");
        return new ContractiveStepSizes(net.layout(), net.layers(), safety * threshold / lipschitzSigma, implicit,
                block.rows(), block.cols());
    }

    /** The upper bound {@code safety · r/(L_σ‖K_n‖₂²)} on {@code h_n} at the parameters {@code u} (∞ if implicit). */
    public double bound(double[] u, int n) {
        if (unbounded) {
            return Double.POSITIVE_INFINITY;
        }
        Parameters.Block block = layout.layer(n).block("K");
        System.arraycopy(u, block.offset(), k.data, 0, block.size());
        if (!svd.decompose(k)) {
            throw new IllegalStateException("SVD of K of layer " + n + " did not converge");
        }
        double largest = 0;
        double[] values = svd.getSingularValues();
        for (int i = 0; i < svd.numberOfSingularValues(); i++) {
            largest = Math.max(largest, values[i]);
        }
        return largest == 0 ? Double.POSITIVE_INFINITY : factor / (largest * largest);
    }

    @Override
    public void project(double[] u, int from, int to, double[] work) {
        Parameters.Block steps = layout.stepSizes();
        if (steps.offset() < from || steps.end() > to) {
            throw new IllegalArgumentException("the step sizes [" + steps.offset() + ", " + steps.end()
                    + ") lie outside the projected range [" + from + ", " + to + ")");
        }
        for (int n = 0; n < layers; n++) {
            int at = steps.offset() + n;
            u[at] = Math.min(Math.max(u[at], 0.0), bound(u, n));
        }
    }
}
