package io.github.pontryagin.adjoint;

import java.util.List;
import java.util.Optional;

import io.github.pontryagin.core.Registry;

import io.github.pontryagin.core.field.VectorField;
import io.github.pontryagin.core.tableau.ImplicitTableau;
import io.github.pontryagin.core.tableau.StabilityFunction;
import io.github.pontryagin.core.tableau.Tableau;

/**
 * How one layer maps {@code y_n} to {@code y_{n+1}} with the parameters {@code θ_n} and the step size {@code h_n},
 * together with the exact discrete adjoint of that map (the costate step {@code p_{n+1} ↦ p_n} with the
 * {@code θ_n}- and {@code h_n}-gradients) and its tangent (the forward-mode derivative). The updates:
 * <ul>
 *   <li>{@link #rungeKutta(Tableau)}: one explicit Runge–Kutta step of the tableau,
 *       {@code Y_i = y_n + h Σ_{j<i} a_ij K_j}, {@code K_i = f(Y_i; θ_n)}, {@code y_{n+1} = y_n + h Σ_i b_i K_i}
 *       (the ResNet layer; Benning, Celledoni, Ehrhardt, Owren, Schönlieb 2019; {@code docs/theory.md} §1);</li>
 *   <li>{@link #plain()}: the "Net" baseline without skip connection, {@code y_{n+1} = f(y_n; θ_n)}, which
 *       ignores the step sizes (their gradient is 0);</li>
 *   <li>{@link #leapfrog()}: one Störmer–Verlet step on the partitioned state {@code (y, z)}, the Verlet layer of
 *       Haber and Ruthotto 2017, symplectic and reversible for separable fields;</li>
 *   <li>{@link #heavyBall()}, {@link #conformalEuler()} and {@link #conformalVerlet()}: momentum layers on a state
 *       of twice the field's dimension with learnable coefficients of their own ({@code docs/theory.md} §2.11);</li>
 *   <li>{@link #agdNet(int)}: AGD-Net, dense connections to every earlier state and slope with learnable
 *       coefficients, on a state of {@code 2N + 1} times the field's dimension ({@code docs/theory.md} §2.12);</li>
 *   <li>{@link #dmrNet(int)}: DMRNet, two streams with a transform each (a branch set of the field's parameters,
 *       {@link #branchFieldSets()}) and dense learnable connections, on a state of {@code 2N + 2} times the
 *       field's dimension ({@code docs/theory.md} §2.12).</li>
 * </ul>
 * The discrete adjoints are in {@code docs/theory.md} §2. Instances are immutable and thread-safe; a
 * {@link DiscreteFlow} drives them layer by layer, the buffers they read and write belong to a {@link Trajectory}
 * (stored stages) and a workspace.
 */
public abstract class LayerUpdate {

    LayerUpdate() {
    }

    /** One explicit Runge–Kutta step of {@code tableau} per layer. */
    public static LayerUpdate rungeKutta(Tableau tableau) {
        if (tableau == null) {
            throw new IllegalArgumentException("tableau must be given (e.g. Tableau.rk4())");
        }
        return new RungeKuttaUpdate(tableau);
    }

    /** The plain layer {@code y_{n+1} = f(y_n; θ_n)} (no skip connection, step sizes ignored). */
    public static LayerUpdate plain() {
        return PlainUpdate.INSTANCE;
    }

    /**
     * One Störmer–Verlet (leapfrog) step per layer on the partitioned state {@code (y, z)} (the first and the last
     * d/2 coordinates): symplectic and reversible for a separable field (see {@link LeapfrogUpdate}).
     */
    public static LayerUpdate leapfrog() {
        return LeapfrogUpdate.INSTANCE;
    }

    /**
     * The heavy-ball network (HB-Net; Lin 2019, update (16)): {@code x_{n+1} = β₁ x_n + h f(x_n; θ_n) + β₂ x_{n−1}}
     * with learnable {@code β₁, β₂} per layer, on the state {@code (x_n, x_{n−1})} of twice the field's dimension
     * (see {@link HeavyBallUpdate}). {@code β₁ = 1, β₂ = 0} is the Euler (ResNet) layer.
     */
    public static LayerUpdate heavyBall() {
        return HeavyBallUpdate.INSTANCE;
    }

    /**
     * One conformal symplectic Euler step of the damped second-order ODE {@code ÿ + γ ẏ = f(y; θ_n)} on the state
     * {@code (y, ẏ)} of twice the field's dimension, with a learnable damping {@code γ_n} per layer (see
     * {@link ConformalEulerUpdate}); eliminating {@code ẏ} gives HB-Net.
     */
    public static LayerUpdate conformalEuler() {
        return ConformalEulerUpdate.INSTANCE;
    }

    /**
     * One conformal Störmer–Verlet step of the damped second-order ODE {@code ÿ + γ ẏ = f(y; θ_n)} on the state
     * {@code (y, ẏ)}: half-step damping, a position Störmer–Verlet step, half-step damping, with a learnable damping
     * {@code γ_n} per layer (see {@link ConformalVerletUpdate}); second order, one field evaluation per layer.
     */
    public static LayerUpdate conformalVerlet() {
        return ConformalVerletUpdate.INSTANCE;
    }

    /**
     * The AGD-Net layer for a net of {@code layers} layers (Li, Yang, Chen and Lin 2018, update (18)):
     * {@code x_{n+1} = Σ_{j≤n} β_{n,j} x_j + h_n Σ_{j≤n} α_{n,j} f(x_j; θ_j)}, dense connections to every earlier
     * state with learnable coefficients (see {@link AgdUpdate}); it starts as the Euler ResNet.
     */
    public static LayerUpdate agdNet(int layers) {
        if (layers <= 0) {
            throw new IllegalArgumentException("agd-net layers N must be > 0, got " + layers);
        }
        return AgdUpdate.TEMPLATE.forLayers(layers);
    }

    /**
     * The DMRNet layer for a net of {@code layers} layers (Li, Yang, Chen and Lin 2018, update (20), from ADMM):
     * {@code S_n = Σ_{j≤n} α_{n,j} x'_j + β_{n,j} x_j}, {@code x'_{n+1} = S_n + h_n f(x'_n; θ'_n)},
     * {@code x_{n+1} = S_n + h_n f(x_n; θ_n)}, with a branch set {@code θ'_n} of the field's parameters and learnable
     * coefficients (see {@link DmrUpdate}); it starts as the Euler ResNet on {@code x}.
     */
    public static LayerUpdate dmrNet(int layers) {
        if (layers <= 0) {
            throw new IllegalArgumentException("dmr-net layers N must be > 0, got " + layers);
        }
        return DmrUpdate.TEMPLATE.forLayers(layers);
    }

    /**
     * One implicit Runge–Kutta step of {@code tableau} per layer (B-stable: implicit Euler, implicit midpoint,
     * Gauss–Legendre), its stage equations solved per point by Newton's method; see
     * {@link ImplicitRungeKuttaUpdate}.
     */
    public static LayerUpdate implicit(ImplicitTableau tableau) {
        if (tableau == null) {
            throw new IllegalArgumentException("implicit tableau must be given (e.g. ImplicitTableau.implicitEuler())");
        }
        return new ImplicitRungeKuttaUpdate(tableau);
    }

    /**
     * A short name: the tableau's name, {@code plain}, {@code leapfrog}, {@code hb-net}, {@code conformal-euler},
     * {@code conformal-verlet}, {@code agd-net} or {@code dmr-net}.
     */
    public abstract String name();

    /** Evaluations of the vector field per layer (the stages stored per layer). */
    public abstract int stages();

    /** Whether {@code y_{n+1}} depends on the step size {@code h_n}. */
    public abstract boolean usesStepSizes();

    /** The Runge–Kutta tableau, or empty for an update that is not a Runge–Kutta step. */
    public Optional<Tableau> tableau() {
        return Optional.empty();
    }

    /**
     * Whether {@link #inverseStep} recovers {@code y_n} from {@code y_{n+1}} (up to round-off, for the fields the
     * update documents), so that a {@link ReversibleAdjoint} can recompute states instead of storing them.
     */
    public boolean isReversible() {
        return false;
    }

    /**
     * The dimension of the layer state for {@code field}: the field's dimension, or a multiple of it for a
     * multistep update that carries earlier states (laid out after the current one, feature-major).
     */
    public int stateDimension(VectorField field) {
        return field.dimension();
    }

    /**
     * Further sets of the field's parameters per layer, for an update with more than one transform per layer
     * (DMRNet's branch {@code T'} on its second stream): each set has the field's blocks, named with one prime per
     * set ({@link #branchBlockName}: {@code K'}, {@code beta'}), and is stored after the field's own {@code P}
     * parameters of the layer, before the update's own coefficients. 0 for every other update.
     */
    public int branchFieldSets() {
        return 0;
    }

    /** The name of field block {@code block} in branch set {@code set} (0-based): {@code block}, set + 1 primes. */
    public static String branchBlockName(String block, int set) {
        return block + "'".repeat(set + 1);
    }

    /**
     * The parameters of one layer for {@code field}: the field's {@code P}, the branch sets'
     * ({@link #branchFieldSets()} × {@code P}), then the update's own ({@link #layerParameterCount()}).
     */
    public final int parametersPerLayer(VectorField field) {
        return (1 + branchFieldSets()) * field.parameterCount() + layerParameterCount();
    }

    /**
     * Learnable parameters of the update itself per layer (after the field's {@code P} parameters of the layer and
     * the branch sets, if any):
     * 0 for Runge–Kutta, plain and leapfrog layers, the momentum coefficients of a multistep update.
     */
    public int layerParameterCount() {
        return 0;
    }

    /**
     * The names of the update's own parameters of one layer, in storage order (after the field's), e.g.
     * {@code hb_beta1, hb_beta2} for HB-Net; empty when {@link #layerParameterCount()} is 0. They share one namespace
     * per layer with the field's block names (and the branch sets'), so they must differ from all of them (a net's
     * parameter layout refuses a collision): HB-Net's carry the prefix {@code hb_} because the two-layer and
     * Hamiltonian fields have blocks {@code beta1}, {@code beta2}.
     */
    public List<String> layerParameterNames() {
        return List.of();
    }

    /**
     * The value the update's own parameter {@code i} of layer {@code layer} starts from (e.g. {@code β₁ = 1}).
     */
    public double initialLayerParameter(int layer, int i) {
        throw new IndexOutOfBoundsException("the " + name() + " layer update has no parameters of its own, got index "
                + i);
    }

    /**
     * Completes the initial layer state from the input state: {@code state} holds {@code y_0} (feature-major,
     * {@code positions = d_f·M} entries) in its first part, and the rest of a multistep state (an earlier state, a
     * velocity) is filled here. Nothing to do when the state is {@code y_0} alone. Allocates nothing.
     */
    public void completeInitialState(double[] state, int positions) {
        // the state is y_0 itself
    }

    /**
     * The adjoint of {@link #completeInitialState}: adds into the first {@code positions} entries of
     * {@code costate} (the cotangent of the whole initial state) what the filled-in part contributes, so that they
     * are {@code ∂J/∂y_0}. Allocates nothing.
     */
    public void foldInitialCostate(double[] costate, int positions) {
        // the state is y_0 itself
    }

    /**
     * The layer updates that are not Runge–Kutta steps, by name ({@code leapfrog}, {@code hb-net},
     * {@code conformal-euler}, {@code conformal-verlet}, {@code agd-net}, {@code dmr-net}), for command lines and model
     * files; {@code agd-net} and {@code dmr-net} are templates that {@link #forLayers} makes for the net's depth.
     */
    public static Registry<LayerUpdate> structured() {
        return Structured.REGISTRY;
    }

    /** Initialised on first use, after the subclasses (whose instances it holds). */
    private static final class Structured {
        static final Registry<LayerUpdate> REGISTRY = Registry.<LayerUpdate>builder("layer update")
            .add("leapfrog", "Stormer-Verlet step on (y, z) (Haber and Ruthotto 2017), reversible",
                    LeapfrogUpdate.INSTANCE)
            .add("hb-net", "heavy-ball net x+ = b1 x + h f(x) + b2 x_prev (Lin 2019), b1, b2 learned per layer",
                    HeavyBallUpdate.INSTANCE)
            .add("conformal-euler", "second-order y'' + g y' = f(y), conformal symplectic Euler, g learned per layer",
                    ConformalEulerUpdate.INSTANCE)
            .add("conformal-verlet", "second-order y'' + g y' = f(y), conformal Stormer-Verlet (order 2), g learned",
                    ConformalVerletUpdate.INSTANCE)
            .add("agd-net", "AGD-Net x+ = sum_j b_j x_j + h sum_j a_j f(x_j) (Li et al. 2018), dense, a, b learned",
                    AgdUpdate.TEMPLATE)
            .add("dmr-net", "DMRNet (Li et al. 2018, from ADMM): x+ = S + h f(x), x'+ = S + h f'(x'), S = sum_j"
                    + " a_j x'_j + b_j x_j, own field f' on x', a, b learned", DmrUpdate.TEMPLATE)
            .build();
    }

    /**
     * This update made for a net of {@code layers} layers: itself, except for an update whose state or parameters
     * depend on the depth (the dense connections of AGD-Net and DMRNet). Builders call it before building a flow.
     */
    public LayerUpdate forLayers(int layers) {
        return this;
    }

    /** Throws, with a one-line message, when this update cannot drive a flow of {@code layers} layers. */
    void requireLayers(int layers) {
        // every depth fits
    }

    /** Throws, with a message naming the field and what is needed, when this update cannot drive {@code field}. */
    void requireCompatible(VectorField field) {
        // every field fits a Runge–Kutta or plain step
    }

    /**
     * {@code y ← y_n} from {@code y = y_{n+1}}, storing the stages of the recovered step at {@code stageOffset} as
     * {@link #step} would; only for updates where {@link #isReversible()} holds.
     */
    void inverseStep(VectorField field, double[] theta, int thetaOffset, double h, double[] y, int m,
                     Trajectory tape, int stageOffset, Workspace work) {
        throw new UnsupportedOperationException("the " + name() + " layer update cannot be run backwards");
    }

    /** The implicit tableau, or empty for an update that is not an implicit Runge–Kutta step. */
    public Optional<ImplicitTableau> implicitTableau() {
        return Optional.empty();
    }

    /**
     * The stability function {@code R(z)} of the step applied to {@code y' = λy} (explicit or implicit Runge–Kutta),
     * or empty for an update that is not a Runge–Kutta step.
     */
    public Optional<StabilityFunction> stabilityFunction() {
        return tableau().map(Tableau::stabilityFunction);
    }

    /** Scratch memory this update needs beyond the shared workspace, sized for a batch of m (null: none). */
    Object newScratch(VectorField field, int m) {
        return null;
    }

    /** Throws, with a message naming the problem, when the SPRK form of the adjoint does not apply. */
    abstract void requirePartitionedForm();

    /**
     * {@code y ← y_{n+1}}, writing the stage slopes {@code K_i} to {@code stageK} and, when {@code stageY} is not
     * null, the stage values {@code Y_i} to {@code stageY}, both from {@code stageOffset} (stage i at
     * {@code stageOffset + i·d·m}). The tape's buffers for a pass that differentiates; a scratch of {@code s·d·m}
     * and a null {@code stageY} for a value-only {@link ForwardPass}, with the same bits of {@code y_{n+1}}.
     */
    abstract void step(VectorField field, double[] theta, int thetaOffset, double h, double[] y, int m,
                       double[] stageY, double[] stageK, int stageOffset, Workspace work);

    /**
     * {@code p ← p_n} from {@code p = p_{n+1}}, adding {@code ∂J/∂θ_n} to {@code gradTheta} at {@code thetaOffset};
     * returns {@code ∂J/∂h_n}. Reads the stages stored by {@link #step} at {@code stageOffset}.
     *
     * @param partitioned the SPRK form instead of the reverse form (the same numbers up to round-off)
     */
    abstract double adjointStep(VectorField field, double[] theta, int thetaOffset, double h, double[] p, int m,
                                Trajectory tape, int stageOffset, Workspace work, boolean partitioned,
                                double[] gradTheta);

    /**
     * {@code next = v_{n+1}}, the derivative of {@code y_{n+1}} along {@code (v = δy_n, δh, δθ_n)}, where
     * {@code δθ_n = dtheta[thetaOffset ..]} (none when {@code dtheta} is null). Reads the stages stored by
     * {@link #step}; allocates its scratch (not a hot path).
     */
    abstract void tangentStep(VectorField field, double[] theta, int thetaOffset, double h, double dh, double[] v,
                              double[] next, int m, Trajectory tape, int stageOffset, double[] dtheta,
                     SecondOrderScratch scratch);

    /**
     * One step of the second-order adjoint, the tangent-linear model of {@link #adjointStep} in its reverse form
     * (forward over reverse): from {@code p = p_{n+1}} and its tangent {@code dp = δp_{n+1}} it writes
     * {@code p_n} and {@code δp_n}, adds {@code ∂J/∂θ_n} to {@code gradTheta} and its tangent to
     * {@code dGradTheta} (both at {@code thetaOffset}), and writes {@code ∂J/∂h_n} and its tangent into
     * {@code stepOut[0]}, {@code stepOut[1]}. The directions are {@code v = δy_n}, {@code dh = δh_n} and
     * {@code dtheta} (at {@code thetaOffset}, may be null). Reads the stages stored by {@link #step}; allocates.
     */
    void secondOrderAdjointStep(VectorField field, double[] theta, int thetaOffset, double h, double dh,
                                double[] dtheta, double[] v, double[] p, double[] dp, int m, Trajectory tape,
                                int stageOffset, double[] gradTheta, double[] dGradTheta, double[] stepOut,
                                SecondOrderScratch scratch) {
        throw new IllegalArgumentException("Hessian-vector products (the second-order adjoint) are not available for the "
                + name() + " update (explicit Runge-Kutta, plain, leapfrog, hb-net, conformal-euler, conformal-verlet,"
                + " agd-net and dmr-net have them)");
    }

    /** The one-line refusal of a parameter direction in the tangent pass, for updates that do not support it. */
    final void rejectParameterDirection(double[] dtheta) {
        if (dtheta != null) {
            throw new IllegalArgumentException("parameter directions in the tangent pass are not available for the "
                    + name() + " update (explicit Runge-Kutta, plain, leapfrog, hb-net, conformal-euler, conformal-verlet,"
                    + " agd-net and dmr-net have them)");
        }
    }

    @Override
    public String toString() {
        return name();
    }
}
