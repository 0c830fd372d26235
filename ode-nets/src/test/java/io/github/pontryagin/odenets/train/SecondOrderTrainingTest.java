package io.github.pontryagin.odenets.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import io.github.pontryagin.core.optim.NewtonConjugateGradient;
import io.github.pontryagin.core.optim.NonlinearConjugateGradient;
import io.github.pontryagin.core.optim.Optimizer;
import io.github.pontryagin.core.optim.Optimizers;
import io.github.pontryagin.odenets.OdeNet;
import io.github.pontryagin.odenets.OdeNetBuilder;
import io.github.pontryagin.odenets.StepSizePolicy;
import io.github.pontryagin.odenets.data.Dataset;
import io.github.pontryagin.odenets.data.Datasets;
import org.junit.jupiter.api.Test;

/** The second-order and quasi-Newton optimizers through the {@link Trainer}: full batch only, no simplex. */
class SecondOrderTrainingTest {

    private static OdeNetBuilder smallNet() {
        return OdeNet.builder().inputDimension(2).width(2).layers(4).tableau("rk4").stepSizes(StepSizePolicy.FREE)
                .seed(4);
    }

    @Test
    void everyMethodLowersTheLossFasterThanArmijoGradientDescentInTwentyIterations() throws Exception {
        Dataset data = Datasets.donut2d(120, 7);
        double armijo;
        try (OdeNet net = smallNet().build()) {
            armijo = Trainer.builder().optimizer(Optimizers.armijo(1.0, 0.5, 0.4)).iterations(20).build()
                    .train(net, data, null).finalLoss();
        }
        List<Optimizer> methods = List.of(Optimizers.lbfgs(10, 1.0),
                Optimizers.conjugateGradient(NonlinearConjugateGradient.Formula.POLAK_RIBIERE_PLUS, 1.0),
                Optimizers.levenbergMarquardt(1e-3));
        for (Optimizer method : methods) {
            try (OdeNet net = smallNet().build()) {
                TrainingResult result = Trainer.builder().optimizer(method).iterations(20).build()
                        .train(net, data, null);
                System.out.println("measured " + method + " loss " + result.finalLoss() + " seconds " + result.wallTimeSeconds());
                assertTrue(result.finalLoss() < armijo, method + " reached " + result.finalLoss()
                        + " but Armijo GD reached " + armijo + " (" + result.stopReason() + ")");
            }
        }
    }

    @Test
    void newtonCgWithExactHessianProductsBeatsArmijoOverFiveIterations() throws Exception {
        // the net's Hessian-vector products come from the second-order adjoint (logistic-ls head)
        Dataset data = Datasets.donut2d(60, 7);
        double armijo;
        try (OdeNet net = smallNet().build()) {
            armijo = Trainer.builder().optimizer(Optimizers.armijo(1.0, 0.5, 0.4)).iterations(5).build()
                    .train(net, data, null).finalLoss();
        }
        try (OdeNet net = smallNet().build()) {
            TrainingResult result = Trainer.builder().optimizer(new NewtonConjugateGradient(8, 1e-4, 0.9, 40))
                    .iterations(5).build().train(net, data, null);
            System.out.println("measured newton-cg loss " + result.finalLoss() + " vs armijo " + armijo);
            assertTrue(result.finalLoss() < armijo, "Newton-CG reached " + result.finalLoss() + " but Armijo GD "
                    + armijo + " (" + result.stopReason() + ")");
        }
    }

    @Test
    void miniBatchesAndTheSimplexPolicyAreRefusedWithTheReason() {
        Dataset data = Datasets.donut2d(40, 7);
        for (String name : List.of("lbfgs", "cg", "gauss-newton", "levenberg-marquardt", "newton-cg", "newton-cg-tr")) {
            Optimizer method = Optimizers.registry().get(name).create(null, 0, 0);
            IllegalArgumentException batch = assertThrows(IllegalArgumentException.class, () -> {
                try (OdeNet net = smallNet().build()) {
                    Trainer.builder().optimizer(method).batchSize(10).iterations(2).build().train(net, data, null);
                }
            });
            assertTrue(batch.getMessage().contains("full batch") && batch.getMessage().contains("batch size 10"),
                    batch.getMessage());
            IllegalArgumentException simplex = assertThrows(IllegalArgumentException.class, () -> {
                try (OdeNet net = smallNet().stepSizes(StepSizePolicy.SIMPLEX).build()) {
                    Trainer.builder().optimizer(method).iterations(2).build().train(net, data, null);
                }
            });
            assertTrue(simplex.getMessage().contains("simplex"), simplex.getMessage());
        }
    }

    @Test
    void gaussNewtonMethodsRefuseAHeadThatIsNotASumOfSquares() {
        Dataset data = Datasets.donut2d(40, 7);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
            try (OdeNet net = smallNet().head("bce").build()) {
                Trainer.builder().optimizer(Optimizers.levenbergMarquardt(1e-3)).iterations(2).build()
                        .train(net, data, null);
            }
        });
        assertTrue(e.getMessage().contains("'bce'"), e.getMessage());
    }

    @Test
    void aStoppedLineSearchEndsTrainingWithTheReasonAndKeepsTheParameters() throws Exception {
        Dataset data = Datasets.donut2d(60, 7);
        try (OdeNet net = smallNet().build()) {
            // enough L-BFGS steps on a tiny problem to reach the round-off floor, where no step satisfies Wolfe
            TrainingResult result = Trainer.builder().optimizer(Optimizers.lbfgs(10, 1.0)).iterations(3000).build()
                    .train(net, data, null);
            if (result.iterations() < 3000) {
                assertTrue(result.stopReason().contains("L-BFGS line search") || result.stopReason().contains("zero"),
                        result.stopReason());
            }
            assertEquals(result.finalLoss(), net.loss(data.features(), data.labels(), data.size()));
            assertTrue(Double.isFinite(result.finalLoss()));
        }
    }
}
