package io.github.pontryagin.adjoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import io.github.pontryagin.core.field.Activation;
import io.github.pontryagin.core.field.VectorField;
import io.github.pontryagin.core.field.VectorFields;
import io.github.pontryagin.core.tableau.Tableau;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code docs/theory.md} §2, check 4: the discrete adjoint gradient of an order-q tableau differs from the continuous
 * adjoint gradient (optimise-then-discretise, {@link ContinuousAdjoint}) by O(h^q), while staying the
 * exact gradient of the discrete loss at every h.
 *
 * <p>Set-up, for every field family × (tanh, softplus, sigmoid) and every built-in tableau: d = 4,
 * M = 3, the paper's logistic least-squares loss on {@code y(T)}, control θ(t) piecewise constant on
 * L = 2 segments of length 0.5 (T = 1). Each segment is discretised by r sub-layers with the
 * segment's θ and {@code h = 0.5 / r}; the sub-layers' θ-gradients are summed to give the segment
 * gradient. Errors are measured relative to the largest entry of the continuous gradient.
 */
class ContinuousLimitTest {

    private static final int D = 4;
    private static final int M = 3;
    private static final double SEGMENT = 0.5;
    private static final double[] SEGMENTS = {SEGMENT, SEGMENT};
    private static final double SLOPE_TOLERANCE = 0.3;
    private static final double FINITE_DIFFERENCE_TOLERANCE = 1e-7;
    /**
     * Errors enter the fit only when this many times above the distance between the reference
     * (tolerance 1e-14) and a tolerance-1e-13 solution — itself an over-estimate of the reference's error.
     */
    private static final double REFERENCE_MARGIN = 10;
    /** Relative errors below this are dominated by round-off in the summed layer gradients. */
    private static final double ROUND_OFF_FLOOR = 1e-12;
    /** Number of finest admissible refinements the slope is fitted on. */
    private static final int WINDOW = 4;

    private VectorField field;
    private double[] segmentTheta;
    private double[] y0;
    private OracleSupport.PaperLoss paperLoss;

    private static double worstSlopeDeviation;
    private static String worstSlopeCase = "";


    @AfterAll
    static void printWorstSlope() {
        System.out.printf("continuous limit: worst |slope − q| = %.3f (%s)%n", worstSlopeDeviation, worstSlopeCase);
    }

    private void setUp(String family, Activation activation) {
        field = VectorFields.create(family, D, activation);
        Random random = new Random(20260411L + 31L * family.hashCode() + activation.ordinal());
        segmentTheta = OracleSupport.gaussian(random, SEGMENTS.length * field.parameterCount(), 0.5);
        y0 = OracleSupport.gaussian(random, D * M, 1.0);
        paperLoss = OracleSupport.PaperLoss.random(random, D, M);
    }

    /**
     * Candidate sub-layer counts r per order. The slope is fitted on the {@link #WINDOW} finest of them
     * whose error is still above both round-off and the continuous reference's own error.
     */
    private static int[] candidateSubLayers(int order) {
        switch (order) {
            case 1:
                return new int[] {16, 32, 64, 128, 256, 512};
            case 2:
                return new int[] {8, 16, 32, 64, 128, 256};
            case 3:
                return new int[] {8, 16, 32, 64, 128};
            case 4:
                return new int[] {4, 8, 16, 32, 64};
            default:
                return new int[] {1, 2, 3, 4, 6, 8, 12, 16};
        }
    }

    /** Finest sub-layer count for the finite-difference exactness check. */
    private static int finestForFiniteDifferences(int order) {
        int[] candidates = candidateSubLayers(order);
        return candidates[candidates.length - 2];
    }

    private double[] lossGradient(double[] yT) {
        return paperLoss.gradient(yT);
    }

    private double loss(double[] yT) {
        return paperLoss.value(yT);
    }

    private ContinuousAdjoint.Result continuous(double tolerance) {
        return ContinuousAdjoint.tolerance(tolerance, tolerance).exactFlowGradient(field, segmentTheta, SEGMENTS, y0, M,
                this::lossGradient);
    }

    /** Discrete gradient with r sub-layers per segment: segment θ-gradients (summed) and y₀-gradient. */
    private double[][] discrete(Tableau tableau, int r) {
        int p = field.parameterCount();
        int layers = SEGMENTS.length * r;
        double[] theta = layerParameters(r);
        double[] h = layerSteps(r);
        DiscreteFlow flow = new DiscreteFlow(LayerUpdate.rungeKutta(tableau), field, layers);
        GradientPass pass = DiscreteAdjoint.reverse().newPass(flow, M);
        double[] yN = pass.forward(theta, h, y0);
        FlowGradient gradient = flow.newGradient(M);
        pass.backward(theta, h, lossGradient(yN), gradient);
        double[] segmentGradient = new double[segmentTheta.length];
        for (int n = 0; n < layers; n++) {
            for (int q = 0; q < p; q++) {
                segmentGradient[(n / r) * p + q] += gradient.theta[n * p + q];
            }
        }
        return new double[][] {segmentGradient, gradient.y0.clone()};
    }

    @ParameterizedTest(name = "{0} / {1}")
    @MethodSource("io.github.pontryagin.adjoint.TestProblems#everyFamilyAndSmoothActivation")
    void discreteMinusContinuousAdjointShrinksLikeTheTableauOrder(String family, Activation activation) {
        setUp(family, activation);
        ContinuousAdjoint.Result reference = continuous(1e-14);
        ContinuousAdjoint.Result looser = continuous(1e-13);
        double referenceError = Math.max(
                OracleSupport.maxAbsDifference(reference.theta(), looser.theta()),
                OracleSupport.maxAbsDifference(reference.y0(), looser.y0()));
        double scale = Math.max(OracleSupport.maxAbs(reference.theta()), OracleSupport.maxAbs(reference.y0()));
        assertTrue(scale > 1e-6, family + "/" + activation.id() + ": the continuous gradient is negligible (" + scale
                + "), the comparison would prove nothing");
        referenceError /= scale;
        System.out.printf("continuous limit %s/%s: reference (tol 1e-14) vs tol 1e-13 differ by %.2e (relative)%n",
                family, activation.id(), referenceError);
        double floor = Math.max(REFERENCE_MARGIN * referenceError, ROUND_OFF_FLOOR);
        for (Tableau tableau : Tableau.all()) {
            int[] rs = candidateSubLayers(tableau.order());
            double[] allSteps = new double[rs.length];
            double[] allErrors = new double[rs.length];
            StringBuilder table = new StringBuilder();
            for (int q = 0; q < rs.length; q++) {
                double[][] g = discrete(tableau, rs[q]);
                allSteps[q] = SEGMENT / rs[q];
                allErrors[q] = Math.max(OracleSupport.maxAbsDifference(reference.theta(), g[0]),
                        OracleSupport.maxAbsDifference(reference.y0(), g[1])) / scale;
                table.append(String.format(" h=%.4f:%.2e", allSteps[q], allErrors[q]));
            }
            OracleSupport.Fit fit = OracleSupport.fitFinest(allSteps, allErrors, floor, WINDOW);
            assertTrue(fit.points() >= 3, family + "/" + activation.id() + "/" + tableau.name()
                    + ": fewer than 3 refinements have an error above the floor " + floor + " (errors:" + table + ")");
            double slope = fit.slope();
            System.out.printf("continuous limit %s/%s %-16s order %d  slope %.3f (fitted on h=%.4f..%.4f)%s%n", family,
                    activation.id(), tableau.name(), tableau.order(), slope, allSteps[fit.first()],
                    allSteps[fit.last()], table);
            recordSlope(family + "/" + activation.id() + "/" + tableau.name(), Math.abs(slope - tableau.order()));
            assertEquals(tableau.order(), slope, SLOPE_TOLERANCE, family + "/" + activation.id() + "/" + tableau.name()
                    + ": discrete minus continuous adjoint gradient should shrink like h^" + tableau.order()
                    + " but the fitted log-log slope is " + slope + " (errors:" + table + ")");
        }
    }

    private static synchronized void recordSlope(String label, double deviation) {
        if (deviation >= worstSlopeDeviation) {
            worstSlopeDeviation = deviation;
            worstSlopeCase = label;
        }
    }

    @ParameterizedTest(name = "{0} / {1}")
    @MethodSource("io.github.pontryagin.adjoint.TestProblems#everyFamilyAndSmoothActivation")
    void discreteGradientIsExactAtTheCoarsestAndFinestStep(String family, Activation activation) {
        setUp(family, activation);
        for (Tableau tableau : Tableau.all()) {
            assertFiniteDifferencesAgree(tableau, 1);
            assertFiniteDifferencesAgree(tableau, finestForFiniteDifferences(tableau.order()));
        }
    }

    /** Central differences of the discrete loss against the discrete adjoint with r sub-layers per segment. */
    private void assertFiniteDifferencesAgree(Tableau tableau, int r) {
        double[][] adjoint = discrete(tableau, r);
        double[] fdTheta = new double[segmentTheta.length];
        for (int q = 0; q < segmentTheta.length; q++) {
            double epsilon = 1e-5 * Math.max(1, Math.abs(segmentTheta[q]));
            double saved = segmentTheta[q];
            segmentTheta[q] = saved + epsilon;
            double plus = discreteLoss(tableau, r, y0);
            segmentTheta[q] = saved - epsilon;
            double minus = discreteLoss(tableau, r, y0);
            segmentTheta[q] = saved;
            fdTheta[q] = (plus - minus) / (2 * epsilon);
        }
        double[] fdY0 = new double[y0.length];
        for (int q = 0; q < y0.length; q++) {
            double epsilon = 1e-5 * Math.max(1, Math.abs(y0[q]));
            double[] shifted = y0.clone();
            shifted[q] = y0[q] + epsilon;
            double plus = discreteLoss(tableau, r, shifted);
            shifted[q] = y0[q] - epsilon;
            double minus = discreteLoss(tableau, r, shifted);
            fdY0[q] = (plus - minus) / (2 * epsilon);
        }
        double thetaError = OracleSupport.blockError(adjoint[0], fdTheta);
        double y0Error = OracleSupport.blockError(adjoint[1], fdY0);
        System.out.printf("continuous limit %-16s h=%.4f  adjoint vs central differences: θ %.2e, y0 %.2e%n",
                tableau.name(), SEGMENT / r, thetaError, y0Error);
        assertTrue(thetaError <= FINITE_DIFFERENCE_TOLERANCE, field + "/" + tableau.name() + " at h = " + SEGMENT / r
                + ": segment θ-gradient differs from central differences of the discrete loss by " + thetaError);
        assertTrue(y0Error <= FINITE_DIFFERENCE_TOLERANCE, tableau.name() + " at h = " + SEGMENT / r
                + ": y0-gradient differs from central differences of the discrete loss by " + y0Error);
    }

    private double discreteLoss(Tableau tableau, int r, double[] start) {
        DiscreteFlow flow = new DiscreteFlow(LayerUpdate.rungeKutta(tableau), field, SEGMENTS.length * r);
        return loss(flow.solve(layerParameters(r), layerSteps(r),
                start, M));
    }

    /** Each segment's θ repeated for its r sub-layers. */
    private double[] layerParameters(int r) {
        int p = field.parameterCount();
        int layers = SEGMENTS.length * r;
        double[] theta = new double[layers * p];
        for (int n = 0; n < layers; n++) {
            System.arraycopy(segmentTheta, (n / r) * p, theta, n * p, p);
        }
        return theta;
    }

    /** r equal sub-steps per segment. */
    private static double[] layerSteps(int r) {
        double[] h = new double[SEGMENTS.length * r];
        Arrays.fill(h, SEGMENT / r);
        return h;
    }
}
