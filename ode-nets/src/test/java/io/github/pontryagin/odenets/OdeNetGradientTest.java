package io.github.pontryagin.odenets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import io.github.pontryagin.adjoint.DiscreteAdjoint;
import io.github.pontryagin.adjoint.GradientCheck;
import io.github.pontryagin.adjoint.LayerUpdate;
import io.github.pontryagin.adjoint.ReversibleAdjoint;
import io.github.pontryagin.core.field.VectorFieldSpec;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The net's loss gradient (head, step sizes, lift, regularisers, adjoint) against finite differences. */
@Timeout(value = 5, unit = TimeUnit.MINUTES) // configurations run worker threads
class OdeNetGradientTest {

    static List<Arguments> configurations() {
        List<Arguments> list = new ArrayList<>();
        list.add(Arguments.of("paper ODENet rk4", OdeNet.builder().inputDimension(2).width(3).layers(5)
                .tableau("rk4").initialization(Initialization.XAVIER)));
        list.add(Arguments.of("ResNet euler fixed h", OdeNet.builder().inputDimension(1).width(2).layers(6)
                .tableau("euler").stepSizes(StepSizePolicy.FIXED).initialization(Initialization.HE)));
        list.add(Arguments.of("simplex kutta3 bce", OdeNet.builder().inputDimension(2).width(2).layers(4)
                .tableau("kutta3").stepSizes(StepSizePolicy.SIMPLEX).head("bce").initialization(Initialization.XAVIER)));
        list.add(Arguments.of("softmax 3 classes, learnable lift, two-layer", OdeNet.builder().inputDimension(2)
                .width(4).layers(3).tableau("heun").field(VectorFieldSpec.of("two-layer").withHiddenWidth(5)).classes(3).head("softmax")
                .learnableLift(true).initialization(Initialization.XAVIER)));
        list.add(Arguments.of("regularised hamiltonian", OdeNet.builder().inputDimension(2).width(4).layers(4)
                .field(VectorFieldSpec.of("hamiltonian")).tikhonov(0.3).smoothness(0.7).initialization(Initialization.XAVIER)));
        list.add(Arguments.of("Net baseline", OdeNet.builder().inputDimension(2).width(3).layers(4)
                .layerUpdate(LayerUpdate.plain()).initialization(Initialization.XAVIER)));
        list.add(Arguments.of("chunked and threaded", OdeNet.builder().inputDimension(2).width(2).layers(3)
                .chunkSize(3).threads(2).adjoint(DiscreteAdjoint.reverse().checkpointSqrt()).initialization(Initialization.XAVIER)));
        list.add(Arguments.of("Hamiltonian net, leapfrog, reversible backprop", OdeNet.builder().inputDimension(2)
                .width(4).layers(6).layerUpdate(LayerUpdate.leapfrog()).field(VectorFieldSpec.of("hamiltonian"))
                .adjoint(ReversibleAdjoint.defaults()).initialization(Initialization.XAVIER)));
        list.add(Arguments.of("leapfrog sigma-affine, softmax, checkpoints", OdeNet.builder().inputDimension(2)
                .width(4).layers(5).layerUpdate(LayerUpdate.leapfrog()).classes(3).head("softmax")
                .adjoint(DiscreteAdjoint.reverse().checkpointEvery(2)).initialization(Initialization.XAVIER)));
        list.add(Arguments.of("hb-net, softmax, learnable lift, checkpoints", OdeNet.builder().inputDimension(2)
                .width(3).layers(5).layerUpdate(LayerUpdate.heavyBall()).classes(3).head("softmax").learnableLift(true)
                .adjoint(DiscreteAdjoint.reverse().checkpointEvery(2)).initialization(Initialization.XAVIER)));
        list.add(Arguments.of("conformal-euler, regularised", OdeNet.builder().inputDimension(2).width(2).layers(4)
                .layerUpdate(LayerUpdate.conformalEuler()).field(VectorFieldSpec.of("antisymmetric")).tikhonov(0.1)
                .smoothness(0.05).initialization(Initialization.XAVIER)));
        list.add(Arguments.of("dmr-net, softmax, regularised (branch field too), threads", OdeNet.builder()
                .inputDimension(2).width(2).layers(3).layerUpdate(LayerUpdate.dmrNet(3)).classes(3).head("softmax")
                .tikhonov(0.1).smoothness(0.05).threads(2).chunkSize(3).initialization(Initialization.XAVIER)));
        list.add(Arguments.of("conformal-verlet, softmax, learnable lift, checkpoints", OdeNet.builder()
                .inputDimension(2).width(3).layers(4).layerUpdate(LayerUpdate.conformalVerlet()).classes(3)
                .head("softmax").learnableLift(true).adjoint(DiscreteAdjoint.reverse().checkpointEvery(3))
                .initialization(Initialization.XAVIER)));
        return list;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configurations")
    void lossGradientMatchesFiniteDifferencesInEveryParameterRange(String name, OdeNetBuilder builder) {
        try (OdeNet net = builder.seed(11).build()) {
            int m = 8;
            SplittableRandom random = new SplittableRandom(5);
            double[] x = new double[net.inputDimension() * m];
            for (int i = 0; i < x.length; i++) {
                x[i] = random.nextGaussian();
            }
            int[] labels = new int[m];
            for (int k = 0; k < m; k++) {
                labels[k] = k % net.classes();
            }
            double[] u = net.parameters().clone();
            double[] gradient = new double[u.length];
            double loss = net.lossAndGradient(u, x, labels, m, gradient);
            assertTrue(Double.isFinite(loss) && loss > 0, "loss " + loss);
            List<GradientCheck.Block> blocks = new ArrayList<>();
            for (Parameters.Block part : net.layout().parts()) {
                blocks.add(GradientCheck.Block.range(part.name(), part.offset(), part.end()));
            }
            GradientCheck.Report report = GradientCheck.check(point -> net.loss(point, x, labels, m), u, gradient,
                    blocks, GradientCheck.DEFAULT_STEP);
            assertTrue(report.maxRelativeError() <= 1e-6, name + "\n" + report.toTable());
            assertEquals(net.layout().parts().size(), report.blocks().size());
        }
    }
}
