package io.github.pontryagin.spark;

import java.io.IOException;
import java.io.Serializable;

import io.github.pontryagin.core.field.VectorFieldSpec;
import io.github.pontryagin.core.optim.Optimizers;
import io.github.pontryagin.odenets.OdeNet;
import io.github.pontryagin.odenets.StepSizePolicy;
import io.github.pontryagin.odenets.data.DatasetGenerator;
import io.github.pontryagin.odenets.train.Trainer;
import io.github.pontryagin.odenets.train.TrainingResult;

/**
 * One training run of a sweep, described by names and numbers only so that it travels to an executor: a
 * generated data set (training points with {@code seed}, test points with {@code seed + 1}), an ODE-net with
 * the sigma-affine field and the given tableau and step-size policy, an optimizer from the registry and a
 * number of full-batch iterations. {@link #run()} gives the same numbers on any JVM.
 */
public record SweepRun(String dataset, int points, String tableau, String steps, int layers, int width,
                       double horizon, String optimizer, Double learningRate, int iterations, long seed)
        implements Serializable {

    /** The outcome of a run. */
    public record Outcome(double finalLoss, double trainAccuracy, double testAccuracy, double seconds)
            implements Serializable {
    }

    /** @return the configuration without the seed, the cell of the result table */
    public String cell() {
        return dataset + " " + tableau + " " + steps + " h";
    }

    /** Trains the net and evaluates it. */
    public Outcome run() throws IOException {
        DatasetGenerator generator = DatasetGenerator.byName(dataset);
        int d0 = generator.dimension();
        try (OdeNet net = OdeNet.builder().inputDimension(d0).width(Math.max(width, d0)).layers(layers)
                .tableau(tableau).stepSizes(StepSizePolicy.registry().get(steps)).horizon(horizon)
                .field(VectorFieldSpec.of("sigma-affine")).seed(seed).build()) {
            TrainingResult r = Trainer.builder()
                    .optimizer(Optimizers.registry().get(optimizer).create(learningRate, 0.9, 0.01))
                    .iterations(iterations).seed(seed).evaluateEvery(iterations)
                    .build().train(net, generator.generate(points, seed), generator.generate(points, seed + 1));
            return new Outcome(r.finalLoss(), r.trainAccuracy(), r.testAccuracy(), r.wallTimeSeconds());
        }
    }
}
