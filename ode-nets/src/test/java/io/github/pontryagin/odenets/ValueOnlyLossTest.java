package io.github.pontryagin.odenets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import io.github.pontryagin.adjoint.ContinuousAdjoint;
import io.github.pontryagin.adjoint.DiscreteAdjoint;
import io.github.pontryagin.adjoint.LayerUpdate;
import io.github.pontryagin.core.optim.Optimizer;
import io.github.pontryagin.core.optim.OptimizerState;
import io.github.pontryagin.core.optim.Optimizers;
import io.github.pontryagin.core.tableau.Tableau;
import org.junit.jupiter.api.Test;

/** The value-only loss: the bits of lossAndGradient's loss, for any thread count, without allocating. */
class ValueOnlyLossTest {

    private static final int M = 700;

    private static double[] inputs(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] x = new double[2 * M];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextGaussian();
        }
        return x;
    }

    private static int[] labels() {
        int[] labels = new int[M];
        for (int k = 0; k < M; k++) {
            labels[k] = (k * 7) % 3 == 0 ? 1 : 0;
        }
        return labels;
    }

    private static OdeNetBuilder[] configurations() {
        return new OdeNetBuilder[] {
            OdeNet.builder().width(4).layers(6).tableau(Tableau.rk4()).stepSizes(StepSizePolicy.FREE),
            OdeNet.builder().width(3).layers(5).tableau(Tableau.heun()).stepSizes(StepSizePolicy.SIMPLEX)
                    .smoothness(0.01).tikhonov(0.001),
            OdeNet.builder().width(2).layers(4).layerUpdate(LayerUpdate.plain()),
            OdeNet.builder().width(4).layers(6).tableau(Tableau.rk4()).adjoint(DiscreteAdjoint.sprk().checkpointEvery(2)),
            OdeNet.builder().width(2).layers(3).tableau(Tableau.euler()).adjoint(ContinuousAdjoint.tolerance(1e-8)),
        };
    }

    @Test
    void valueOnlyLossEqualsTheLossOfLossAndGradientBitForBitForOneAndTwoThreads() {
        double[] x = inputs(11);
        int[] labels = labels();
        for (OdeNetBuilder builder : configurations()) {
            for (int threads : new int[] {1, 2}) {
                try (OdeNet net = builder.inputDimension(2).threads(threads).chunkSize(128).seed(5).build()) {
                    double[] u = net.parameters();
                    for (int i = 0; i < u.length; i++) {
                        u[i] += 0.01 * Math.sin(i); // off the initial point, where some blocks are 0
                    }
                    double[] gradient = new double[u.length];
                    double withGradient = net.lossAndGradient(u, x, labels, M, gradient);
                    double valueOnly = net.loss(u, x, labels, M);
                    LossObjective objective = net.objective(x, labels, M);
                    double viaObjective = objective.value(u);
                    String what = net.architecture() + ", " + threads + " threads";
                    assertTrue(Double.isFinite(withGradient), what);
                    assertEquals(Double.doubleToRawLongBits(withGradient), Double.doubleToRawLongBits(valueOnly), what);
                    assertEquals(Double.doubleToRawLongBits(withGradient), Double.doubleToRawLongBits(viaObjective),
                            what);
                    assertEquals(1, objective.valueEvaluations());
                    assertEquals(0, objective.gradientEvaluations());
                }
            }
        }
    }

    @Test
    void armijoOnANetComputesOneGradientPerStepAndOneValuePerTrial() {
        double[] x = inputs(13);
        int[] labels = labels();
        try (OdeNet net = OdeNet.builder().inputDimension(2).width(3).layers(5).tableau(Tableau.rk4())
                .stepSizes(StepSizePolicy.SIMPLEX).threads(2).chunkSize(256).seed(4).build()) {
            Optimizer armijo = Optimizers.armijoWarmStart(1.0, 0.5, 0.4, 1.0).withProjection(net.constraints());
            LossObjective objective = net.objective(x, labels, M);
            double[] u = net.parameters();
            OptimizerState state = armijo.newState(u.length);
            long trials = 0;
            long backtracks = 0;
            double first = Double.NaN;
            double last = Double.NaN;
            for (int step = 0; step < 40; step++) {
                last = armijo.step(objective, u, state);
                first = step == 0 ? last : first;
                trials += 1 + state.lastBacktracks(); // maxBacktracks + 1 trials when nothing is accepted
                backtracks += state.lastBacktracks();
            }
            assertEquals(40, objective.gradientEvaluations(), "one gradient per step, none discarded");
            assertEquals(trials, objective.valueEvaluations(), "one value-only loss per trial point");
            assertTrue(backtracks > 0, "no step backtracked");
            assertTrue(last < first, "the loss did not decrease: " + first + " -> " + last);
        }
    }

    @Test
    void valueOnlyLossAllocatesNothingOnceWarm() {
        double[] x = inputs(12);
        int[] labels = labels();
        try (OdeNet net = OdeNet.builder().inputDimension(2).width(4).layers(10).tableau(Tableau.rk4())
                .stepSizes(StepSizePolicy.FREE).smoothness(0.01).threads(1).chunkSize(256).seed(3).build()) {
            LossObjective objective = net.objective(x, labels, M);
            double[] u = net.parameters();
            double[] sum = {0};
            long smallest = AllocationWindows.smallest(60, 20, 20 * 128, () -> sum[0] += objective.value(u));
            assertTrue(Double.isFinite(sum[0]));
            // Measured once C2 has compiled the kernels: 0 B per call (ThreadMXBean over 500 calls, spiral net,
            // 1 and 2 threads); up to ≈ 100 B per call before that. One N × d × M tape of this net would be
            // 280 KB, one layer's state 22 KB.
            assertTrue(smallest < 20 * 128, "every window of 20 value-only losses allocated, at least " + smallest
                    + " bytes");
        }
    }
}
