package io.github.pontryagin.odenets.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.github.pontryagin.core.optim.FullBatchOptimizer;
import io.github.pontryagin.core.optim.Optimizer;
import io.github.pontryagin.core.optim.Optimizers;
import io.github.pontryagin.odenets.OdeNet;
import io.github.pontryagin.odenets.StepSizePolicy;
import io.github.pontryagin.odenets.data.Dataset;
import io.github.pontryagin.odenets.data.Datasets;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Resuming through the checkpoint file continues the same run bit for bit, for every optimizer of the registry
 * (so the file carries momenta, moment estimates, the line searches' L or step estimate, the SSA counters, the MEC
 * velocities, Itoh–Abe's last steps, the L-BFGS pairs and the CG and Levenberg–Marquardt bookkeeping) and every
 * step-size policy (the simplex projection included), with mini-batches (the batch sampler's position) for the
 * stochastic methods and the full batch for the full-batch ones.
 */
class ResumeEveryOptimizerTest {

    private static final int FIRST = 7;
    private static final int TOTAL = 16;

    @TempDir
    Path temp;

    static Stream<Arguments> everyOptimizerAndStepSizePolicy() {
        List<Arguments> cases = new ArrayList<>();
        for (String optimizer : Optimizers.registry().names()) {
            for (StepSizePolicy policy : StepSizePolicy.values()) {
                if (policy == StepSizePolicy.SIMPLEX && optimizer(optimizer) instanceof FullBatchOptimizer) {
                    continue; // refused with a one-line error: a projection after the step breaks the line search
                }
                if (optimizer.startsWith("newton-cg") && policy != StepSizePolicy.FREE) {
                    continue; // the slowest (up to 200 Hessian-vector products a step): one policy suffices
                }
                cases.add(Arguments.of(optimizer, policy));
            }
        }
        return cases.stream();
    }


    private static Optimizer optimizer(String name) {
        // a momentum below 1 for the momentum methods, the registry's default learning rate
        return Optimizers.registry().get(name).create(null, 0.8, 1e-3);
    }

    /** The Gauss–Newton methods need a sum-of-squares head; every full-batch method gets it. */
    private static OdeNet net(String name, StepSizePolicy policy) {
        return OdeNet.builder().inputDimension(2).width(3).layers(4).tableau("heun").stepSizes(policy).horizon(1.2)
                .head(optimizer(name) instanceof FullBatchOptimizer ? "logistic-ls" : "bce").seed(6).build();
    }

    @ParameterizedTest(name = "{0} / {1}")
    @MethodSource("everyOptimizerAndStepSizePolicy")
    void resumingThroughTheCheckpointFileContinuesBitIdentically(String name, StepSizePolicy policy)
            throws Exception {
        Dataset data = Datasets.donut2d(120, 9);
        Path checkpoint = temp.resolve(name + "-" + policy + ".ckpt.json");
        OdeNet uninterrupted = net(name, policy);
        double[] start = uninterrupted.parameters().clone();
        TrainingResult whole = trainer(name).iterations(TOTAL).build().train(uninterrupted, data, null);

        OdeNet interrupted = net(name, policy);
        trainer(name).iterations(FIRST).checkpoint(checkpoint, FIRST).build().train(interrupted, data, null);
        TrainingResult resumed = trainer(name).iterations(TOTAL).build().resume(checkpoint, data, null);

        assertEquals(whole.iterations(), resumed.iterations(), name + " / " + policy + ": iterations");
        assertArrayEquals(uninterrupted.parameters(), resumed.net().parameters(), 0.0,
                name + " / " + policy + ": parameters after resuming");
        assertEquals(Double.doubleToRawLongBits(whole.finalLoss()), Double.doubleToRawLongBits(resumed.finalLoss()),
                name + " / " + policy + ": final loss " + whole.finalLoss() + " vs " + resumed.finalLoss());
        boolean moved = false;
        double[] end = uninterrupted.parameters();
        for (int i = 0; i < start.length; i++) {
            moved |= start[i] != end[i];
        }
        assertTrue(moved, name + " / " + policy + ": training must move the parameters");
    }

    private static Trainer.Builder trainer(String name) {
        Optimizer optimizer = optimizer(name);
        // the full-batch methods refuse mini-batches; 0 is the whole data set
        int batch = optimizer instanceof FullBatchOptimizer ? 0 : 40;
        return Trainer.builder().optimizer(optimizer).batchSize(batch).seed(5).evaluateEvery(4);
    }
}
