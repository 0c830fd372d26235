package io.github.pontryagin.core.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.function.DoubleFunction;

import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.hipparchus.ode.nonstiff.DormandPrince853Integrator;
import org.junit.jupiter.api.Test;

/**
 * The conformal schemes as integrators of {@code ṗ = −∇J(u) − γp, u̇ = ∇T(p)}: monotone energy
 * decay with damping, energy conservation to O(h^order) without, and convergence of order 1
 * (symplectic Euler, Nesterov form) and 2 (Störmer–Verlet / leapfrog) to a DormandPrince853 reference.
 */
class HamiltonianSchemesTest {

    private static final double[] U0 = {0.8, -0.5, 0.3};
    private static final double[] P0 = {0.2, 0.4, -0.6};

    /** Smooth convex non-quadratic objective {@code ½uᵀAu + ¼Σu_i⁴}. */
    private static final Objective QUARTIC = (u, g) -> {
        double[][] a = {{2.0, 0.5, 0.0}, {0.5, 1.0, 0.3}, {0.0, 0.3, 3.0}};
        double value = 0.0;
        for (int i = 0; i < 3; i++) {
            double s = 0.0;
            for (int j = 0; j < 3; j++) {
                s += a[i][j] * u[j];
            }
            g[i] = s + u[i] * u[i] * u[i];
            value += 0.5 * u[i] * s + 0.25 * u[i] * u[i] * u[i] * u[i];
        }
        return value;
    };

    /** Runs {@code steps} steps from (U0, P0) and returns the energies H_0..H_steps. */
    private static double[] energies(Optimizer scheme, DampedHamiltonianFlow flow, Objective objective,
            double[] u0, double[] p0, int steps) {
        double[] u = u0.clone();
        OptimizerState state = scheme.newState(u.length);
        System.arraycopy(p0, 0, state.momentum(), 0, p0.length);
        double[] h = new double[steps + 1];
        h[0] = flow.energy(TestObjectives.value(objective, u), state.momentum());
        for (int n = 1; n <= steps; n++) {
            scheme.step(objective, u, state);
            h[n] = flow.energy(TestObjectives.value(objective, u), state.momentum());
        }
        return h;
    }

    private static void assertEnergyDecreasesMonotonically(DoubleFunction<Optimizer> schemeForStep,
            DampedHamiltonianFlow flow, double h, int steps, double minimumEnergy) {
        TestObjectives.Quadratic quadratic = new TestObjectives.Quadratic(4, 10.0, 3L);
        double[] u0 = {1.0, -1.0, 0.5, 2.0};
        double[] p0 = {0.5, 0.0, -1.0, 0.3};
        double[] energy = energies(schemeForStep.apply(h), flow, quadratic, u0, p0, steps);
        double initialExcess = energy[0] - minimumEnergy;
        int checked = 0;
        for (int n = 1; n < energy.length; n++) {
            if (energy[n - 1] - minimumEnergy < 1e-12 * initialExcess) {
                break;
            }
            assertTrue(energy[n] <= energy[n - 1], "energy increased at step " + n + ": " + energy[n - 1] + " -> " + energy[n]);
            checked++;
        }
        assertTrue(checked > 100, "too few steps checked: " + checked);
        assertTrue(energy[energy.length - 1] - minimumEnergy < 1e-3 * initialExcess,
                "energy did not dissipate: " + energy[energy.length - 1]);
    }

    @Test
    void conformalSymplecticEulerEnergyDecreasesMonotonicallyWithDamping() {
        DampedHamiltonianFlow flow = DampedHamiltonianFlow.newtonian(1.0, 1.0);
        assertEnergyDecreasesMonotonically(h -> Optimizers.conformalSymplecticEuler(flow, h), flow, 0.01, 3000, 0.0);
    }

    @Test
    void conformalStormerVerletEnergyDecreasesMonotonicallyWithDamping() {
        DampedHamiltonianFlow flow = DampedHamiltonianFlow.newtonian(1.0, 1.0);
        assertEnergyDecreasesMonotonically(h -> Optimizers.conformalStormerVerlet(flow, h), flow, 0.01, 3000, 0.0);
    }

    @Test
    void relativisticLeapfrogEnergyDecreasesMonotonicallyWithDamping() {
        DampedHamiltonianFlow flow = new DampedHamiltonianFlow(KineticEnergy.relativistic(1.0, 2.0), 1.0);
        assertEnergyDecreasesMonotonically(h -> Optimizers.dissipativeLeapfrog(flow, h, 1.0), flow, 0.01, 3000, 4.0);
    }

    /** Least-squares slope of log(error) against log(h). */
    static double fittedSlope(double[] hs, double[] errors) {
        int n = hs.length;
        double mx = 0.0;
        double my = 0.0;
        for (int i = 0; i < n; i++) {
            mx += Math.log(hs[i]) / n;
            my += Math.log(errors[i]) / n;
        }
        double sxy = 0.0;
        double sxx = 0.0;
        for (int i = 0; i < n; i++) {
            double dx = Math.log(hs[i]) - mx;
            sxy += dx * (Math.log(errors[i]) - my);
            sxx += dx * dx;
        }
        return sxy / sxx;
    }

    private static double energyDriftSlope(DoubleFunction<Optimizer> schemeForStep, DampedHamiltonianFlow flow) {
        double finalTime = 5.0;
        double[] hs = {0.04, 0.02, 0.01, 0.005};
        double[] drift = new double[hs.length];
        for (int k = 0; k < hs.length; k++) {
            int steps = (int) Math.round(finalTime / hs[k]);
            double[] energy = energies(schemeForStep.apply(hs[k]), flow, QUARTIC, U0, P0, steps);
            for (double e : energy) {
                drift[k] = Math.max(drift[k], Math.abs(e - energy[0]));
            }
        }
        System.out.printf("energy drift %s: %s%n", schemeForStep.apply(hs[0]), Arrays.toString(drift));
        return fittedSlope(hs, drift);
    }

    @Test
    void conformalSymplecticEulerConservesEnergyToFirstOrderWithoutDamping() {
        DampedHamiltonianFlow flow = DampedHamiltonianFlow.newtonian(1.0, 0.0);
        double slope = energyDriftSlope(h -> Optimizers.conformalSymplecticEuler(flow, h), flow);
        System.out.println("energy-drift slope, conformal symplectic Euler: " + slope);
        assertEquals(1.0, slope, 0.2);
    }

    @Test
    void conformalStormerVerletConservesEnergyToSecondOrderWithoutDamping() {
        DampedHamiltonianFlow flow = DampedHamiltonianFlow.newtonian(1.0, 0.0);
        double slope = energyDriftSlope(h -> Optimizers.conformalStormerVerlet(flow, h), flow);
        System.out.println("energy-drift slope, conformal Stormer-Verlet: " + slope);
        assertEquals(2.0, slope, 0.2);
    }

    /** DormandPrince853 solution of the flow at {@code finalTime}, state (u, p). */
    private static double[] reference(DampedHamiltonianFlow flow, Objective objective, double finalTime) {
        int n = U0.length;
        OrdinaryDifferentialEquation ode = new OrdinaryDifferentialEquation() {
            @Override
            public int getDimension() {
                return 2 * n;
            }

            @Override
            public double[] computeDerivatives(double t, double[] y) {
                double[] u = Arrays.copyOfRange(y, 0, n);
                double[] p = Arrays.copyOfRange(y, n, 2 * n);
                double[] uDot = new double[n];
                double[] pDot = new double[n];
                flow.derivatives(objective, u, p, uDot, pDot);
                double[] yDot = new double[2 * n];
                System.arraycopy(uDot, 0, yDot, 0, n);
                System.arraycopy(pDot, 0, yDot, n, n);
                return yDot;
            }
        };
        double[] y0 = new double[2 * n];
        System.arraycopy(U0, 0, y0, 0, n);
        System.arraycopy(P0, 0, y0, n, n);
        DormandPrince853Integrator integrator = new DormandPrince853Integrator(1e-10, 1.0, 1e-14, 1e-14);
        return integrator.integrate(ode, new ODEState(0.0, y0), finalTime).getPrimaryState();
    }

    private static double flowConvergenceSlope(DoubleFunction<Optimizer> schemeForStep, DampedHamiltonianFlow flow) {
        double finalTime = 1.0;
        double[] exact = reference(flow, QUARTIC, finalTime);
        double[] hs = {1.0 / 10, 1.0 / 20, 1.0 / 40, 1.0 / 80, 1.0 / 160};
        double[] errors = new double[hs.length];
        int n = U0.length;
        for (int k = 0; k < hs.length; k++) {
            Optimizer scheme = schemeForStep.apply(hs[k]);
            double[] u = U0.clone();
            OptimizerState state = scheme.newState(n);
            System.arraycopy(P0, 0, state.momentum(), 0, n);
            int steps = (int) Math.round(finalTime / hs[k]);
            for (int s = 0; s < steps; s++) {
                scheme.step(QUARTIC, u, state);
            }
            for (int i = 0; i < n; i++) {
                errors[k] = Math.max(errors[k], Math.abs(u[i] - exact[i]));
                errors[k] = Math.max(errors[k], Math.abs(state.momentum()[i] - exact[n + i]));
            }
        }
        System.out.printf("flow error %s: %s%n", schemeForStep.apply(hs[0]), Arrays.toString(errors));
        return fittedSlope(hs, errors);
    }

    @Test
    void conformalSymplecticEulerConvergesToContinuousFlowWithOrderOne() {
        DampedHamiltonianFlow flow = DampedHamiltonianFlow.newtonian(1.5, 0.7);
        double slope = flowConvergenceSlope(h -> Optimizers.conformalSymplecticEuler(flow, h), flow);
        System.out.println("flow-convergence slope, conformal symplectic Euler: " + slope);
        assertEquals(1.0, slope, 0.2);
    }

    @Test
    void conformalStormerVerletConvergesToContinuousFlowWithOrderTwo() {
        DampedHamiltonianFlow flow = DampedHamiltonianFlow.newtonian(1.5, 0.7);
        double slope = flowConvergenceSlope(h -> Optimizers.conformalStormerVerlet(flow, h), flow);
        System.out.println("flow-convergence slope, conformal Stormer-Verlet: " + slope);
        assertEquals(2.0, slope, 0.2);
    }

    @Test
    void relativisticLeapfrogConvergesToContinuousFlowWithOrderTwo() {
        DampedHamiltonianFlow flow = new DampedHamiltonianFlow(KineticEnergy.relativistic(1.0, 0.8), 0.7);
        double slope = flowConvergenceSlope(h -> Optimizers.dissipativeLeapfrog(flow, h, 1.0), flow);
        System.out.println("flow-convergence slope, relativistic leapfrog: " + slope);
        assertEquals(2.0, slope, 0.2);
    }

    @Test
    void nesterovSchemeConvergesToContinuousFlowWithOrderOne() {
        DampedHamiltonianFlow flow = DampedHamiltonianFlow.newtonian(1.5, 0.7);
        double slope = flowConvergenceSlope(h -> new ConformalNesterov(flow, h), flow);
        System.out.println("flow-convergence slope, Nesterov scheme: " + slope);
        assertEquals(1.0, slope, 0.2);
    }
}
