package example;

import java.io.IOException;
import java.util.Arrays;

import io.github.pontryagin.core.optim.Optimizers;
import io.github.pontryagin.odenets.OdeNet;
import io.github.pontryagin.odenets.StepSizePolicy;
import io.github.pontryagin.odenets.data.Dataset;
import io.github.pontryagin.odenets.data.Datasets;
import io.github.pontryagin.odenets.train.Trainer;
import io.github.pontryagin.odenets.train.TrainingResult;

public class SpiralExample {
    public static void main(String[] args) throws IOException {
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
                    result.testAccuracy(), Arrays.toString(net.stepSizes()));
            if (result.testAccuracy() < 0.9) {
                throw new IllegalStateException("test accuracy " + result.testAccuracy() + " < 0.9");
            }
        }
    }
}
