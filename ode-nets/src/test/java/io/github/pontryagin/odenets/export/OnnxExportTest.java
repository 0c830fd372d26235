package io.github.pontryagin.odenets.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.github.pontryagin.adjoint.LayerUpdate;
import io.github.pontryagin.core.field.Activation;
import io.github.pontryagin.core.field.VectorFieldSpec;
import io.github.pontryagin.core.field.VectorFields;
import io.github.pontryagin.core.tableau.Tableau;
import io.github.pontryagin.odenets.OdeNet;
import io.github.pontryagin.odenets.OdeNetBuilder;
import io.github.pontryagin.odenets.Parameters;
import io.github.pontryagin.odenets.StepSizePolicy;
import io.github.pontryagin.odenets.data.Dataset;
import io.github.pontryagin.odenets.data.DatasetGenerator;

/**
 * The exported ONNX graph, run by ONNX Runtime, gives the net's own probabilities to 1e-12: every tableau of
 * the paper × every field family, spread over the four data sets, the three heads and the five activations;
 * the plain layer of Net, a learnable lift and a damped antisymmetric field; unsupported layers are refused.
 */
class OnnxExportTest {

    private static final double TOLERANCE = 1e-12;
    private static final String[] HEADS = {"logistic-ls", "bce", "softmax"};

    private static OrtEnvironment environment;

    @BeforeAll
    static void start() {
        environment = OrtEnvironment.getEnvironment();
    }

    @AfterAll
    static void stop() {
        // the environment is a process-wide singleton; closing it here would break a second test class
    }

    /** Random parameters around the initialisation (the step sizes stay at T/N), so no layer is trivial. */
    private static void perturb(OdeNet net, long seed) {
        double[] u = net.parameters().clone();
        Parameters.Block h = net.layout().stepSizes();
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < u.length; i++) {
            if (h.isEmpty() || i < h.offset() || i >= h.end()) {
                u[i] += 0.6 * (random.nextDouble() - 0.5);
            }
        }
        net.setParameters(u);
    }

    /** Max |ONNX Runtime - OdeNet.probabilities| over the data set's points and the classes. */
    private static double difference(OdeNet net, Dataset data) throws OrtException {
        int m = data.size();
        double[] expected = net.probabilities(data.features(), m);
        double[][] points = new double[m][];
        for (int k = 0; k < m; k++) {
            points[k] = data.point(k);
        }
        byte[] model = OnnxExport.toBytes(net);
        try (OrtSession session = environment.createSession(model, new OrtSession.SessionOptions());
             OnnxTensor x = OnnxTensor.createTensor(environment, points);
             OrtSession.Result result = session.run(Map.of(OnnxExport.INPUT, x))) {
            double[][] actual = (double[][]) result.get(OnnxExport.OUTPUT).orElseThrow().getValue();
            assertEquals(m, actual.length);
            double worst = 0;
            for (int k = 0; k < m; k++) {
                assertEquals(net.classes(), actual[k].length);
                for (int c = 0; c < net.classes(); c++) {
                    worst = Math.max(worst, Math.abs(actual[k][c] - expected[c * m + k]));
                }
            }
            return worst;
        }
    }

    private static OdeNetBuilder builder(Dataset data, String head) {
        int classes = Math.max(2, data.classes().length);
        return OdeNet.builder().inputDimension(data.dimension()).width(4).layers(3).head(head).classes(classes)
                .stepSizes(StepSizePolicy.FREE);
    }

    @Test
    void everyPaperTableauAndFieldFamilyMatchesOnnxRuntime() throws OrtException {
        List<DatasetGenerator> datasets = DatasetGenerator.all();
        List<String> families = VectorFields.families();
        Activation[] activations = Activation.values();
        List<String> failures = new ArrayList<>();
        int run = 0;
        for (Tableau tableau : Tableau.paperTableaux()) {
            for (String family : families) {
                DatasetGenerator generator = datasets.get(run % datasets.size());
                Dataset data = generator.generate(6, 100 + run);
                String head = HEADS[run % HEADS.length];
                Activation activation = activations[run % activations.length];
                try (OdeNet net = builder(data, head).tableau(tableau)
                        .field(VectorFieldSpec.of(family).withActivation(activation)).seed(run).build()) {
                    perturb(net, run);
                    double difference = difference(net, data);
                    if (!(difference <= TOLERANCE)) {
                        failures.add(tableau.name() + " " + family + " " + activation.id() + " " + head + " on "
                                + generator.name() + ": " + difference);
                    }
                }
                run++;
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertEquals(Tableau.paperTableaux().size() * families.size(), run);
    }

    @Test
    void everyDataSetWithEveryHeadForNetResNetAndALearnableLift() throws OrtException {
        int run = 0;
        for (DatasetGenerator generator : DatasetGenerator.all()) {
            Dataset data = generator.generate(8, 7 + run);
            for (String head : HEADS) {
                try (OdeNet plain = builder(data, head).layerUpdate(LayerUpdate.plain()).stepSizes(StepSizePolicy.FIXED).seed(run).build();
                     OdeNet resnet = builder(data, head).tableau(Tableau.euler()).stepSizes(StepSizePolicy.FIXED)
                             .learnableLift(true).seed(run).build();
                     OdeNet damped = builder(data, head).tableau(Tableau.rk4())
                             .field(VectorFieldSpec.of("antisymmetric").withGamma(0.3)).seed(run).build()) {
                    for (OdeNet net : List.of(plain, resnet, damped)) {
                        perturb(net, run++);
                        double difference = difference(net, data);
                        assertTrue(difference <= TOLERANCE, net.architecture().update().name() + " " + head + " on "
                                + generator.name() + ": " + difference);
                    }
                }
            }
        }
    }

    @Test
    void layersWithoutAnExplicitRungeKuttaStepAreRefusedInOneLine() {
        Dataset data = DatasetGenerator.SPIRAL.generate(4, 1);
        try (OdeNet net = builder(data, "logistic-ls").layerUpdate(LayerUpdate.leapfrog()).seed(1).build()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OnnxExport.toBytes(net));
            assertTrue(e.getMessage().contains("'leapfrog'") && !e.getMessage().contains("\n"), e.getMessage());
            assertTrue(OnnxExport.unsupported(net).isPresent());
        }
    }
}
