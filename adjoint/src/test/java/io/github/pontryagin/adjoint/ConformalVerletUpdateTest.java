package io.github.pontryagin.adjoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import io.github.pontryagin.core.field.Activation;
import io.github.pontryagin.core.field.VectorField;
import io.github.pontryagin.core.field.VectorFields;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.hipparchus.ode.nonstiff.DormandPrince853Integrator;
import org.junit.jupiter.api.Test;

/**
 * The conformal Störmer–Verlet layer of {@code ÿ + γẏ = f(y)} (docs/theory.md §2.11): for a gradient field its
 * Jacobian on {@code (y, v)} satisfies {@code JᵀΩJ = e^{−γh}Ω} (symplectic at γ = 0), it converges with order 2
 * (conformal Euler with order 1) to the exact flow, its checkpointed adjoint equals the stored one bit for bit, and
 * it can be run backwards for every field family: reversible backpropagation gives the stored gradient.
 * The adjoint against finite differences and automatic differentiation is in {@link DampedSecondOrderUpdateTest}.
 */
class ConformalVerletUpdateTest {

    private static final int M = 3;

    /** The Jacobian of one layer at one point on {@code (y, v)}, column j = the tangent of the unit vector e_j. */
    private static RealMatrix layerJacobian(DiscreteFlow flow, double[] theta, double h, double[] state) {
        int d = flow.dimension();
        DiscretePass pass = DiscreteAdjoint.reverse().newPass(flow, 1);
        pass.forward(theta, new double[] {h}, state);
        RealMatrix jacobian = MatrixUtils.createRealMatrix(d, d);
        for (int j = 0; j < d; j++) {
            double[] e = new double[d];
            e[j] = 1;
            jacobian.setColumn(j, TangentFlow.propagate(pass, theta, new double[] {h}, e, null)[1]);
        }
        return jacobian;
    }

    /** {@code ‖JᵀΩJ − e^{−γh}Ω‖₁} relative to {@code ‖J‖₁²} for one layer with damping γ. */
    private static double conformalDefect(String update, String family, double gamma, double h, long seed) {
        VectorField field = VectorFields.create(family, 2, Activation.TANH);
        DiscreteFlow flow = new DiscreteFlow(LayerUpdate.structured().get(update), field, 1);
        Random random = new Random(seed);
        double[] theta = OracleSupport.uniform(random, flow.parameterCount(), 0.5, 1.2);
        theta[field.parameterCount()] = gamma;
        double[] state = OracleSupport.gaussian(random, flow.dimension(), 0.5);
        RealMatrix jacobian = layerJacobian(flow, theta, h, state);
        int half = flow.dimension() / 2;
        RealMatrix omega = MatrixUtils.createRealMatrix(2 * half, 2 * half);
        for (int i = 0; i < half; i++) {
            omega.setEntry(i, half + i, 1);
            omega.setEntry(half + i, i, -1);
        }
        RealMatrix defect = jacobian.transpose().multiply(omega).multiply(jacobian)
                .subtract(omega.scalarMultiply(Math.exp(-gamma * h)));
        return defect.getNorm1() / Math.max(1, jacobian.getNorm1() * jacobian.getNorm1());
    }

    @Test
    void layerOfAGradientFieldIsSymplecticWithoutDampingAndConformallySymplecticWithIt() {
        for (double gamma : new double[] {0.0, 0.8, 3.0}) {
            double defect = conformalDefect("conformal-verlet", "gradient", gamma, 0.7, 11);
            assertTrue(defect <= 1e-15, "γ = " + gamma + ": ‖JᵀΩJ − e^{−γh}Ω‖₁ / ‖J‖₁² = " + defect);
        }
        // the property is the field's gradient structure, not automatic: σ-affine has a non-symmetric Jacobian
        double notGradient = conformalDefect("conformal-verlet", "sigma-affine", 0.8, 0.7, 11);
        assertTrue(notGradient > 1e-3, "a non-gradient field breaks it, so the check has teeth: " + notGradient);
        // and the wrong contraction factor is detected: at γ = 0.8 the layer is not symplectic
        VectorField field = VectorFields.create("gradient", 2, Activation.TANH);
        DiscreteFlow flow = new DiscreteFlow(LayerUpdate.conformalVerlet(), field, 1);
        double[] theta = OracleSupport.uniform(new Random(11), flow.parameterCount(), 0.5, 1.2);
        theta[field.parameterCount()] = 0.8;
        RealMatrix jacobian = layerJacobian(flow, theta, 0.7, OracleSupport.gaussian(new Random(12), 4, 0.5));
        assertEquals(Math.exp(-2 * 0.8 * 0.7), new org.hipparchus.linear.LUDecomposition(jacobian).getDeterminant(),
                1e-14, "det J = e^{−γh d}, d = 2");
    }

    /** {@code (y, v)(T)} of {@code ẏ = v, v̇ = f(y) − γ v} by DormandPrince853 at the given tolerance. */
    private static double[] exactFlow(VectorField field, double[] theta, double gamma, double[] state, double horizon,
                                      double tolerance) {
        int dm = state.length / 2;
        double[] work = new double[field.workspaceSize(M)];
        OrdinaryDifferentialEquation ode = new OrdinaryDifferentialEquation() {
            @Override
            public int getDimension() {
                return 2 * dm;
            }

            @Override
            public double[] computeDerivatives(double t, double[] x) {
                double[] dx = new double[2 * dm];
                double[] force = new double[dm];
                field.apply(theta, 0, Arrays.copyOf(x, dm), M, force, work);
                for (int q = 0; q < dm; q++) {
                    dx[q] = x[dm + q];
                    dx[dm + q] = force[q] - gamma * x[dm + q];
                }
                return dx;
            }
        };
        return new DormandPrince853Integrator(1e-10, horizon, tolerance, tolerance)
                .integrate(ode, new ODEState(0, state.clone()), horizon).getPrimaryState();
    }

    /** The log–log slope of the global error at T = 2 against N = 16 … 256 layers of one field with h = T/N. */
    private static double fittedOrder(LayerUpdate update, String family) {
        VectorField field = VectorFields.create(family, 2, Activation.TANH);
        Random random = new Random(29);
        double gamma = 0.7;
        double horizon = 2.0;
        double[] weights = OracleSupport.gaussian(random, field.parameterCount(), 0.8);
        double[] state = OracleSupport.gaussian(random, 4 * M, 1.0);
        double[] reference = exactFlow(field, weights, gamma, state, horizon, 1e-14);
        double scale = OracleSupport.maxAbs(reference);
        assertTrue(OracleSupport.maxAbsDifference(reference, state) > 0.1 * scale, "the flow moves the points");
        double[] block = Arrays.copyOf(weights, field.parameterCount() + 1);
        block[field.parameterCount()] = gamma;
        int[] layers = {16, 32, 64, 128, 256};
        double[] steps = new double[layers.length];
        double[] errors = new double[layers.length];
        for (int q = 0; q < layers.length; q++) {
            int n = layers[q];
            steps[q] = horizon / n;
            double[] h = new double[n];
            Arrays.fill(h, steps[q]);
            double[] end = new DiscreteFlow(update, field, n).solve(OracleSupport.repeat(block, n), h, state, M);
            errors[q] = OracleSupport.maxAbsDifference(reference, end) / scale;
            assertTrue(errors[q] > 1e-11, update + ": error " + errors[q] + " above the reference's own");
        }
        return OracleSupport.logLogSlope(steps, errors);
    }

    @Test
    void globalErrorShrinksLikeHSquaredAgainstHLikeHForConformalEuler() {
        for (String family : new String[] {"sigma-affine", "gradient", "two-layer"}) {
            double verlet = fittedOrder(LayerUpdate.conformalVerlet(), family);
            double euler = fittedOrder(LayerUpdate.conformalEuler(), family);
            System.out.printf("damped second-order order %s: conformal Verlet slope %.3f, conformal Euler %.3f%n",
                    family, verlet, euler);
            assertEquals(2.0, verlet, 0.1, family + ": conformal Störmer–Verlet slope " + verlet);
            assertEquals(1.0, euler, 0.1, family + ": conformal Euler slope " + euler);
        }
    }

    @Test
    void checkpointedAdjointEqualsStoredAdjointBitForBit() {
        for (String family : VectorFields.families()) {
            DiscreteFlow flow = new DiscreteFlow(LayerUpdate.conformalVerlet(),
                    VectorFields.create(family, 4, Activation.TANH), 11);
            TestProblems.Problem problem = new TestProblems.Problem(flow, TestProblems.BATCH, 53);
            double[] stored = problem.adjointGradient(DiscreteAdjoint.reverse());
            for (DiscreteAdjoint adjoint : new DiscreteAdjoint[] {DiscreteAdjoint.reverse().checkpointEvery(2),
                DiscreteAdjoint.reverse().checkpointSqrt(), DiscreteAdjoint.sprk().checkpointEvery(3)}) {
                double[] checkpointed = problem.adjointGradient(adjoint);
                for (int i = 0; i < stored.length; i++) {
                    assertEquals(Double.doubleToRawLongBits(stored[i]), Double.doubleToRawLongBits(checkpointed[i]),
                            family + " / " + adjoint + " [" + i + "]: " + stored[i] + " vs " + checkpointed[i]);
                }
            }
        }
    }

    /** A problem with the damping of every layer set to {@code gamma} and uniform steps {@code h}. */
    private static TestProblems.Problem dampedProblem(DiscreteFlow flow, int m, long seed, double gamma, double h) {
        TestProblems.Problem problem = new TestProblems.Problem(flow, m, seed);
        for (int n = 0; n < flow.layers(); n++) {
            problem.theta[n * flow.parametersPerLayer() + flow.field().parameterCount()] = gamma;
        }
        Arrays.fill(problem.h, h);
        return problem;
    }

    @Test
    void runningTheLayersBackwardsRecoversTheInputForAHundredLayersOfEveryField() {
        for (String family : VectorFields.families()) {
            DiscreteFlow flow = new DiscreteFlow(LayerUpdate.conformalVerlet(),
                    VectorFields.create(family, 4, Activation.TANH), 100);
            TestProblems.Problem problem = dampedProblem(flow, 5, 41, 0.5, 0.1);
            double[] drift = ReversibleAdjoint.drift(flow, problem.theta, problem.h, problem.y0, 5);
            double worst = Arrays.stream(drift).max().orElseThrow();
            assertTrue(worst <= 1e-12, family + ": recomputed states drift by " + worst + " (relative) over 100 layers");
            assertTrue(drift[0] > 0, family + ": drift is measured, not assumed");
        }
    }

    @Test
    void reversibleGradientEqualsStoredGradientForEveryFieldWithMemoryIndependentOfDepth() {
        for (String family : VectorFields.families()) {
            VectorField field = VectorFields.create(family, 4, Activation.TANH);
            long[] memory = new long[2];
            int[] depths = {10, 100};
            for (int t = 0; t < depths.length; t++) {
                DiscreteFlow flow = new DiscreteFlow(LayerUpdate.conformalVerlet(), field, depths[t]);
                TestProblems.Problem problem = dampedProblem(flow, M, 43 + t, 1.0, 3.0 / depths[t]);
                double[] stored = problem.adjointGradient(DiscreteAdjoint.reverse());
                ReversiblePass pass = ReversibleAdjoint.defaults().newPass(flow, M);
                double[] reversible = problem.adjointGradient(pass);
                assertEquals(0, pass.fallbacks(), family + ": no fallback needed at N = " + depths[t]);
                double error = OracleSupport.blockError(stored, reversible);
                assertTrue(error <= 1e-10, family + ", N = " + depths[t] + ": reversible vs stored gradient " + error);
                assertTrue(pass.lastDrift() > 0 && pass.lastDrift() <= ReversibleAdjoint.DEFAULT_TOLERANCE,
                        family + ": the states are recomputed, drift " + pass.lastDrift());
                memory[t] = pass.storedDoubles();
            }
            assertEquals(memory[0], memory[1], family + ": reversible memory does not grow with N");
        }
    }
}
