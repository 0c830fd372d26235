package io.github.pontryagin.adjoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import io.github.pontryagin.core.field.Activation;
import io.github.pontryagin.core.field.VectorField;
import io.github.pontryagin.core.field.VectorFields;
import io.github.pontryagin.core.tableau.Tableau;
import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.ODEStateAndDerivative;
import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.hipparchus.ode.nonstiff.DormandPrince853Integrator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code docs/theory.md} §2, check 5: every built-in tableau, used as a network of N layers with {@code h = T/N} and the
 * same θ in every layer, converges to the exact flow of the autonomous ODE {@code ẏ = f(y; θ)} with
 * its nominal order. The reference is Hipparchus' {@link DormandPrince853Integrator} at tolerance
 * 1e-14 (its own error is estimated against a tolerance-1e-13 run, and errors within a factor
 * {@link #REFERENCE_MARGIN} of it are left out of the fit). Checked for every field family with tanh,
 * softplus and sigmoid, d = 4, M = 3, T = 1.
 */
class ConvergenceOrderTest {

    private static final int D = 4;
    private static final int M = 3;
    private static final double HORIZON = 1.0;
    private static final double SLOPE_TOLERANCE = 0.2;
    private static final double REFERENCE_MARGIN = 10;
    private static final double ROUND_OFF_FLOOR = 1e-12;
    private static final int WINDOW = 4;

    private static double worstDeviation;
    private static String worstCase = "";


    @AfterAll
    static void printWorst() {
        System.out.printf("convergence order: worst |slope − q| = %.3f (%s)%n", worstDeviation, worstCase);
    }

    private static synchronized void record(String label, double deviation) {
        if (deviation >= worstDeviation) {
            worstDeviation = deviation;
            worstCase = label;
        }
    }

    /** Candidate layer counts N per nominal order, coarse to fine. */
    private static int[] candidateLayers(int order) {
        switch (order) {
            case 1:
                return new int[] {16, 32, 64, 128, 256, 512, 1024};
            case 2:
                return new int[] {8, 16, 32, 64, 128, 256, 512};
            case 3:
                return new int[] {4, 8, 16, 32, 64, 128, 256, 512};
            case 4:
                return new int[] {4, 8, 16, 32, 64, 128, 256};
            default:
                return new int[] {2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64};
        }
    }

    @ParameterizedTest(name = "{0} / {1}")
    @MethodSource("io.github.pontryagin.adjoint.TestProblems#everyFamilyAndSmoothActivation")
    void everyTableauConvergesWithItsNominalOrder(String family, Activation activation) {
        VectorField field = VectorFields.create(family, D, activation);
        Random random = new Random(424242L + 131L * family.hashCode() + activation.ordinal());
        double[] theta = OracleSupport.gaussian(random, field.parameterCount(), 0.6);
        double[] y0 = OracleSupport.gaussian(random, D * M, 1.0);

        double[] reference = exactFlow(field, theta, y0, 1e-14);
        double scale = OracleSupport.maxAbs(reference);
        double referenceError = OracleSupport.maxAbsDifference(reference, exactFlow(field, theta, y0, 1e-13)) / scale;
        double[] start = y0.clone();
        double change = OracleSupport.maxAbsDifference(reference, start) / scale;
        assertTrue(change > 1e-2, family + "/" + activation.id() + ": the flow barely moves the points (" + change
                + "), the order would not be measured on a non-trivial solution");
        double floor = Math.max(REFERENCE_MARGIN * referenceError, ROUND_OFF_FLOOR);

        for (Tableau tableau : Tableau.all()) {
            int[] layers = candidateLayers(tableau.order());
            double[] steps = new double[layers.length];
            double[] errors = new double[layers.length];
            StringBuilder table = new StringBuilder();
            for (int q = 0; q < layers.length; q++) {
                int n = layers[q];
                double[] thetas = OracleSupport.repeat(theta, n);
                double[] h = new double[n];
                java.util.Arrays.fill(h, HORIZON / n);
                double[] yN = new DiscreteFlow(LayerUpdate.rungeKutta(tableau), field, n).solve(thetas, h, y0, M);
                steps[q] = HORIZON / n;
                errors[q] = OracleSupport.maxAbsDifference(reference, yN) / scale;
                table.append(String.format(" h=%.4f:%.2e", steps[q], errors[q]));
            }
            OracleSupport.Fit fit = OracleSupport.fitFinest(steps, errors, floor, WINDOW);
            String label = family + "/" + activation.id() + "/" + tableau.name();
            assertTrue(fit.points() >= 3, label + ": fewer than 3 step sizes have an error above the floor " + floor
                    + " (errors:" + table + ")");
            System.out.printf("convergence %s order %d slope %.3f (fitted on h=%.4f..%.4f)%s%n", label,
                    tableau.order(), fit.slope(), steps[fit.first()], steps[fit.last()], table);
            record(label, Math.abs(fit.slope() - tableau.order()));
            assertEquals(tableau.order(), fit.slope(), SLOPE_TOLERANCE, label + ": global error should shrink like h^"
                    + tableau.order() + " against DormandPrince853, fitted slope " + fit.slope() + " (errors:" + table
                    + ")");
        }
    }

    /** {@code y(T)} of {@code ẏ = f(y; θ)} by DormandPrince853 at the given (absolute and relative) tolerance. */
    private static double[] exactFlow(VectorField field, double[] theta, double[] y0, double tolerance) {
        int dm = y0.length;
        double[] work = new double[field.workspaceSize(M)];
        OrdinaryDifferentialEquation ode = new OrdinaryDifferentialEquation() {
            @Override
            public int getDimension() {
                return dm;
            }

            @Override
            public double[] computeDerivatives(double t, double[] y) {
                double[] dy = new double[dm];
                field.apply(theta, 0, y, M, dy, work);
                return dy;
            }
        };
        DormandPrince853Integrator integrator = new DormandPrince853Integrator(1e-10, HORIZON, tolerance, tolerance);
        ODEStateAndDerivative end = integrator.integrate(ode, new ODEState(0, y0.clone()), HORIZON);
        return end.getPrimaryState();
    }
}
