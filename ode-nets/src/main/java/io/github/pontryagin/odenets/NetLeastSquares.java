package io.github.pontryagin.odenets;

import java.util.Arrays;

import io.github.pontryagin.adjoint.DiscreteAdjoint;
import io.github.pontryagin.adjoint.DiscreteFlow;
import io.github.pontryagin.adjoint.DiscretePass;
import io.github.pontryagin.adjoint.FlowGradient;
import io.github.pontryagin.adjoint.GradientPass;
import io.github.pontryagin.adjoint.SecondOrderAdjoint;
import io.github.pontryagin.adjoint.TangentFlow;
import io.github.pontryagin.core.field.Activation;
import io.github.pontryagin.core.optim.LeastSquaresObjective;
import io.github.pontryagin.core.optim.SecondOrderObjective;
import io.github.pontryagin.core.optim.SliceRunner;
import io.github.pontryagin.odenets.head.LogisticLeastSquares;

/**
 * The paper's loss {@code J = (1/2M) Σ_k (C(y_N^k) − c^k)²}, {@code C(y) = η(Wᵀy + μ)} (Celledoni 2020; Benning et
 * al. 2019; docs/theory.md §1), of a net with the logistic-ls head on one batch, as a sum of squares
 * {@code ½‖r‖²} with residuals {@code r_k = (C(y_N^k) − c^k)/√M}, for the Gauss–Newton methods.
 *
 * <p>Writing {@code s_k = C_k(1 − C_k)/√M}, the row k of the residual Jacobian is {@code s_k} times the gradient of
 * the logit {@code z_k = Wᵀy_N^k + μ}: {@code ∂r_k/∂W = s_k y_N^k}, {@code ∂r_k/∂μ = s_k}, and the parameters of
 * the flow (θ, learned h, learnable lift) by the discrete adjoint seeded with {@code p_N = s_k W}. Hence
 * <ul>
 *   <li>{@code J_rᵀ w}: one adjoint pass over the batch with per-point weights, {@code p_N^k = w_k s_k W};</li>
 *   <li>the dense Jacobian: one adjoint pass per point (batch size 1), about the cost of one batch gradient;</li>
 *   <li>{@code J_r v}: one tangent pass through the flow along {@code (δy_0, δh, δθ)} and the head.</li>
 * </ul>
 * {@link #valueAndGradient} and {@link #value} are the net's own (chunked, threaded) evaluations; {@link #residuals}
 * runs a single-threaded forward pass of its own and makes its point the linearization point. The passes use the
 * net's adjoint when it is discrete (reverse or SPRK form, with any checkpointing) and the reverse-form discrete
 * adjoint otherwise: the Jacobian is that of the discrete loss. Not thread-safe.
 */
public final class NetLeastSquares implements LeastSquaresObjective, SecondOrderObjective {

    private final OdeNet net;
    private final double[] x;
    private final int[] labels;
    private final int m;
    private final int d;
    private final DiscreteFlow flow;
    private final Parameters layout;
    private final Lift lift;
    private final DiscretePass pass;
    private final GradientPass pointPass;
    private final FlowGradient gradient;
    private final FlowGradient pointGradient;
    private final double[] theta;
    private final double[] h;
    private final double[] y0;
    private final double[] pointY0;
    /** One input point gathered for the lift gradient of a Jacobian row. */
    private final double[] pointX;
    private final double[] yN;
    private final double[] pN;
    private final double[] pointPN;
    private final double[] slope;
    private final double[] point;
    /** Offset of the head's W and μ ({@code Parameters.head()} builds a new view per call). */
    private final int headOffset;
    /** Directions and tangents of {@link #jacobianTimes} and {@link #hessianTimes}, sized once. */
    private final double[] directionTheta;
    private final double[] directionH;
    private final double[] tangentY0;
    private final double[] tangentYN;
    private final double[] seedTangent;
    private final double[] residualScratch;
    private final FlowGradient gradientTangent;
    private double[] rows;
    private boolean rowsCurrent;
    private boolean linearized;

    NetLeastSquares(OdeNet net, double[] x, int[] labels, int m) {
        NetArchitecture architecture = net.architecture();
        if (!(net.head() instanceof LogisticLeastSquares)) {
            throw new IllegalArgumentException("the head '" + net.head().id() + "' is not a sum of squares; the "
                    + "Gauss-Newton methods need the head '" + LogisticLeastSquares.ID + "'");
        }
        if (architecture.tikhonov() != 0.0 || architecture.smoothness() != 0.0) {
            throw new IllegalArgumentException("the Gauss-Newton view of the loss covers the data term only, but the "
                    + "net has tikhonov " + architecture.tikhonov() + " and smoothness " + architecture.smoothness()
                    + "; both must be 0");
        }
        NetInputs.requireBatch(x, m, net.inputDimension());
        NetInputs.requireLabels(labels, m, net.classes());
        this.net = net;
        this.x = x;
        this.labels = labels;
        this.m = m;
        this.flow = net.flow();
        this.d = net.width();
        this.layout = net.layout();
        int stateWidth = flow.dimension();
        this.lift = new Lift(net.inputDimension(), d, layout.lift());
        // the tangent pass needs a discrete pass; a continuous adjoint is replaced by the exact discrete one
        GradientPass batchPass = net.adjoint().newPass(flow, m);
        this.pass = batchPass instanceof DiscretePass discrete ? discrete : DiscreteAdjoint.reverse().newPass(flow, m);
        this.pointPass = (pass.adjoint() == net.adjoint() ? net.adjoint() : DiscreteAdjoint.reverse()).newPass(flow, 1);
        this.gradient = flow.newGradient(m);
        this.pointGradient = flow.newGradient(1);
        this.theta = new double[layout.theta().size()];
        this.h = new double[flow.layers()];
        this.y0 = new double[stateWidth * m];
        this.pointY0 = new double[stateWidth];
        this.pointX = new double[lift.scratchSize(1)];
        this.yN = new double[stateWidth * m];
        this.pN = new double[stateWidth * m];
        this.pointPN = new double[stateWidth];
        this.slope = new double[m];
        this.point = new double[layout.size()];
        this.headOffset = layout.head().offset();
        this.directionTheta = new double[theta.length];
        this.directionH = layout.stepSizes().isEmpty() ? null : new double[layout.stepSizes().size()];
        this.tangentY0 = new double[stateWidth * m];
        this.tangentYN = new double[stateWidth * m];
        this.seedTangent = new double[stateWidth * m];
        this.residualScratch = new double[m];
        this.gradientTangent = flow.newGradient(m);
    }

    @Override
    public int residualCount() {
        return m;
    }

    @Override
    public double valueAndGradient(double[] u, double[] gradOut) {
        return net.lossAndGradient(u, x, labels, m, gradOut);
    }

    @Override
    public double value(double[] u) {
        return net.loss(u, x, labels, m);
    }

    /** The net's threads ({@link OdeNet#sliceRunner()}), idle between two evaluations, as for {@link LossObjective}. */
    @Override
    public SliceRunner sliceRunner() {
        return net.sliceRunner();
    }

    @Override
    public double residuals(double[] u, double[] rOut) {
        if (u == null || u.length != point.length) {
            throw new IllegalArgumentException("parameter vector must have length " + point.length + ", got "
                    + (u == null ? "null" : u.length));
        }
        if (rOut == null || rOut.length != m) {
            throw new IllegalArgumentException("residual array must have length M = " + m + ", got "
                    + (rOut == null ? "null" : rOut.length));
        }
        if (!NetInputs.allFinite(u)) {
            Arrays.fill(rOut, Double.NaN);
            linearized = false;
            return Double.NaN;
        }
        System.arraycopy(u, 0, point, 0, point.length);
        System.arraycopy(u, layout.theta().offset(), theta, 0, theta.length);
        System.arraycopy(net.stepSizes(u), 0, h, 0, h.length);
        lift.apply(u, x, m, 0, m, y0);
        flow.update().completeInitialState(y0, d * m);
        System.arraycopy(pass.forward(theta, h, y0), 0, yN, 0, yN.length);
        int head = headOffset;
        double scale = 1.0 / Math.sqrt(m);
        double value = 0.0;
        for (int k = 0; k < m; k++) {
            double z = u[head + d];
            for (int i = 0; i < d; i++) {
                z += u[head + i] * yN[i * m + k];
            }
            double c = Activation.logistic(z);
            rOut[k] = (c - labels[k]) * scale;
            slope[k] = c * (1.0 - c) * scale;
            value += 0.5 * rOut[k] * rOut[k];
        }
        linearized = true;
        rowsCurrent = false;
        return value;
    }

    @Override
    public void jacobianTransposeTimes(double[] w, double[] out) {
        requireLinearized();
        Arrays.fill(out, 0.0);
        int head = headOffset;
        for (int k = 0; k < m; k++) {
            double weight = w[k] * slope[k];
            for (int i = 0; i < d; i++) {
                pN[i * m + k] = weight * point[head + i];
                out[head + i] += weight * yN[i * m + k];
            }
            out[head + d] += weight;
        }
        pass.backward(theta, h, pN, gradient);
        copyFlowGradient(gradient, out);
        flow.update().foldInitialCostate(gradient.y0, d * m);
        lift.gradient(gradient.y0, x, m, 0, m, out);
    }

    /**
     * {@code J_r v} by the tangent pass through the flow ({@link TangentFlow}, along {@code δθ}, the learned
     * {@code δh} and {@code δy_0 = δL x} for a learnable lift) and the head:
     * {@code (J_r v)_k = s_k (δWᵀ y_N^k + Wᵀ v_N^k + δμ)}. Allocates nothing after the first call (sigma-affine
     * fields on Runge–Kutta layers; other fields and updates allocate in their products).
     */
    @Override
    public void jacobianTimes(double[] v, double[] out) {
        requireLinearized();
        double[] vN = tangent(v);
        int head = headOffset;
        for (int k = 0; k < m; k++) {
            double dz = v[head + d];
            for (int i = 0; i < d; i++) {
                dz += v[head + i] * yN[i * m + k] + point[head + i] * vN[i * m + k];
            }
            out[k] = slope[k] * dz;
        }
    }

    /**
     * The exact {@code ∇²J(u) v} of the loss (not the Gauss–Newton part alone), by the second-order adjoint
     * ({@link SecondOrderAdjoint}) seeded by the head: with {@code ℓ(z) = ½(η(z) − c)²},
     * {@code δp_N = (ℓ''(z) δz W + ℓ'(z) δW)/M}, {@code δz = δWᵀy_N + Wᵀv_N + δμ}; the head block is
     * {@code Σ_k (ℓ'' δz y_N + ℓ' v_N)/M} and {@code Σ_k ℓ'' δz/M}, the lift block {@code δp_0 xᵀ}. Linearizes at
     * {@code u} when it is not the current point. Allocates nothing after the first call (sigma-affine fields on
     * Runge–Kutta layers).
     */
    @Override
    public void hessianTimes(double[] u, double[] v, double[] out) {
        if (!linearized || !Arrays.equals(u, point)) {
            residuals(u, residualScratch);
        }
        requireLinearized();
        double[] vN = tangent(v);
        Arrays.fill(out, 0.0);
        int head = headOffset;
        double[] dpN = seedTangent;
        for (int k = 0; k < m; k++) {
            double z = point[head + d];
            double dz = v[head + d];
            for (int i = 0; i < d; i++) {
                z += point[head + i] * yN[i * m + k];
                dz += v[head + i] * yN[i * m + k] + point[head + i] * vN[i * m + k];
            }
            double c = Activation.logistic(z);
            double s = c * (1.0 - c);
            double residual = c - labels[k];
            double first = residual * s / m;
            double second = (s * s + residual * s * (1.0 - 2.0 * c)) / m;
            for (int i = 0; i < d; i++) {
                pN[i * m + k] = first * point[head + i];
                dpN[i * m + k] = second * dz * point[head + i] + first * v[head + i];
                out[head + i] += second * dz * yN[i * m + k] + first * vN[i * m + k];
            }
            out[head + d] += second * dz;
        }
        FlowGradient tangent = gradientTangent;
        SecondOrderAdjoint.propagate(pass, theta, h, tangentY0, directionH, directionTheta, pN, dpN, gradient,
                tangent);
        copyFlowGradient(tangent, out);
        flow.update().foldInitialCostate(tangent.y0, d * m);
        lift.gradient(tangent.y0, x, m, 0, m, out);
    }

    /**
     * Splits the direction v into {@code δθ}, the learned {@code δh} and {@code δy_0 = δL x} (learnable lift) in
     * the preallocated buffers and returns {@code v_N}, the tangent of {@code y_N}.
     */
    private double[] tangent(double[] v) {
        System.arraycopy(v, layout.theta().offset(), directionTheta, 0, directionTheta.length);
        if (directionH != null) {
            System.arraycopy(v, layout.stepSizes().offset(), directionH, 0, directionH.length);
        }
        Arrays.fill(tangentY0, 0.0);
        if (!layout.lift().isEmpty()) {
            lift.apply(v, x, m, 0, m, tangentY0);
            flow.update().completeInitialState(tangentY0, d * m);
        }
        TangentFlow.finalTangent(pass, theta, h, tangentY0, directionH, directionTheta, tangentYN);
        return tangentYN;
    }

    @Override
    public void jacobian(double[] out) {
        System.arraycopy(rows(), 0, out, 0, out.length);
    }

    /** The rows {@code ∂r_k/∂u}, one adjoint pass of batch size 1 per point, formed once per linearization. */
    private double[] rows() {
        requireLinearized();
        int n = point.length;
        if (rows == null) {
            rows = new double[m * n];
        }
        if (rowsCurrent) {
            return rows;
        }
        int head = headOffset;
        Arrays.fill(rows, 0.0);
        double[] row = new double[n];
        for (int k = 0; k < m; k++) {
            Arrays.fill(row, 0.0);
            for (int i = 0; i < pointY0.length; i++) {
                pointY0[i] = y0[i * m + k];
            }
            for (int i = 0; i < d; i++) {
                pointPN[i] = slope[k] * point[head + i];
                row[head + i] = slope[k] * yN[i * m + k];
            }
            row[head + d] = slope[k];
            pointPass.forward(theta, h, pointY0);
            pointPass.backward(theta, h, pointPN, pointGradient);
            copyFlowGradient(pointGradient, row);
            flow.update().foldInitialCostate(pointGradient.y0, d);
            lift.gradient(pointGradient.y0, x, m, k, 1, row, pointX);
            System.arraycopy(row, 0, rows, k * n, n);
        }
        rowsCurrent = true;
        return rows;
    }

    private void copyFlowGradient(FlowGradient from, double[] out) {
        System.arraycopy(from.theta, 0, out, layout.theta().offset(), theta.length);
        Parameters.Block steps = layout.stepSizes();
        if (!steps.isEmpty()) {
            System.arraycopy(from.h, 0, out, steps.offset(), steps.size());
        }
    }

    private void requireLinearized() {
        if (!linearized) {
            throw new IllegalStateException("evaluate the residuals at a finite point before taking Jacobian products");
        }
    }
}
