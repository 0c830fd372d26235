package io.github.pontryagin.odenets;

import io.github.pontryagin.adjoint.DiscreteAdjoint;
import io.github.pontryagin.adjoint.LayerUpdate;
import io.github.pontryagin.core.field.Activation;
import io.github.pontryagin.core.field.VectorFieldSpec;
import io.github.pontryagin.core.optim.Optimizers;
import io.github.pontryagin.core.tableau.Tableau;
import io.github.pontryagin.odenets.data.Dataset;
import io.github.pontryagin.odenets.data.Datasets;
import io.github.pontryagin.odenets.train.Trainer;
import io.github.pontryagin.odenets.train.TrainingResult;

/**
 * The builder example of the top-level README, verbatim between the README-BUILDER markers, and the spiral training
 * of the README's library example ({@code src/it/library-smoke}) as a method; run by {@code ReadmeExampleTest}.
 */
final class ReadmeExample {

    private ReadmeExample() {
    }

    static TrainingResult run() throws Exception {
        Dataset train = Datasets.spiral(500, 1);
        Dataset test = Datasets.spiral(500, 2);
        try (OdeNet net = OdeNet.builder()
                .inputDimension(2).width(2).layers(10)
                .tableau("rk4")                          // any explicit tableau
                .stepSizes(StepSizePolicy.FREE)          // learn h_n (ODENet)
                .seed(1)
                .build()) {
            TrainingResult result = Trainer.builder()
                    .optimizer(Optimizers.adam(0.05))
                    .iterations(600)
                    .build()
                    .train(net, train, test);
            System.out.printf("test accuracy %.3f, learned h = %s%n",
                    result.testAccuracy(), java.util.Arrays.toString(net.stepSizes()));
            return result;
        }
    }

    static Parameters.Block builderExample() {
        // README-BUILDER-BEGIN
        OdeNet net = OdeNet.builder()
                .inputDimension(2).width(4).layers(20)
                .layerUpdate(LayerUpdate.rungeKutta(Tableau.kutta3()))   // or .tableau("kutta3"); LayerUpdate.plain() is the Net baseline
                .field(VectorFieldSpec.of("two-layer").withHiddenWidth(8).withActivation(Activation.RELU)) // or any VectorField of yours
                .stepSizes(StepSizePolicy.SIMPLEX)                       // fixed, free, or on {h >= 0, sum h = T}
                .adjoint(DiscreteAdjoint.sprk().checkpointEvery(5))      // reverse() (default), sprk(), ContinuousAdjoint.tolerance(1e-10)
                .build();
        Parameters layout = net.layout();                               // named blocks: layout.layer(3).block("A1"), stepSizes(), headWeights(), lift()
        // README-BUILDER-END
        return layout.layer(3).block("A1");
    }
}
