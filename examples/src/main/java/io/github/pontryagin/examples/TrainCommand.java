package io.github.pontryagin.examples;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.github.pontryagin.odenets.OdeNet;
import io.github.pontryagin.odenets.data.TrainTest;
import io.github.pontryagin.odenets.io.ModelFile;
import io.github.pontryagin.odenets.stability.ContractiveStepSizes;
import io.github.pontryagin.odenets.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pontryagin train}: every builder and trainer option; model file, history and plots. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Trains a net and writes the model file (JSON), the history (CSV) and the plots.",
                "Files in --out: model.json, history.csv, data.png, decision-regions.png, layers.png, loss.png, "
                        + "accuracy.png, step-sizes.png.",
                "With --checkpoint FILE a checkpoint is written every --checkpoint-every iterations; --resume FILE "
                        + "continues it."})
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Mixin
    TrainingOptions training;

    @Mixin
    OutputOptions output;

    @Option(names = "--model", paramLabel = "FILE",
            description = "Where to write the model file (default: <out>/model.json).")
    Path modelFile;

    @Option(names = "--no-plots", description = "Write only the model file and the history.")
    boolean noPlots;

    @Option(names = "--contractive-steps", description = "Keep every learned step size inside the contractivity bound"
            + " of its layer, h_n <= 0.99 r/(L_sigma ||K_n||^2), by a projection after each step (gradient family,"
            + " --steps free; docs/stability.md).")
    boolean contractiveSteps;

    @Option(names = "--resume", paramLabel = "FILE", converter = Converters.ExistingFile.class,
            description = "Continue from a checkpoint written with --checkpoint (same data, seed, batch size and "
                    + "optimizer; the net comes from the checkpoint, the model options are ignored) up to "
                    + "--iterations.")
    Path resume;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        TrainTest data = model.data();
        if (resume != null && contractiveSteps) {
            throw new IllegalArgumentException("--contractive-steps cannot be combined with --resume (the checkpoint"
                    + " holds the optimizer)");
        }
        if (resume != null) {
            if (training.average != null) {
                throw new IllegalArgumentException("--average cannot be combined with --resume: the iterates collected "
                        + "before the checkpoint are not in it");
            }
            TrainingRun.Outcome outcome = TrainingRun.resume(resume, data, training.trainer(model.seed),
                    output.progress(), "train");
            try (OdeNet net = outcome.result().net()) {
                out.printf(Locale.ROOT, "Resumed %s from %s at iteration %d%n", ModelOptions.describe(net), resume,
                        outcome.firstIteration());
                return finish(out, net, data, outcome);
            }
        }
        try (OdeNet net = model.build(data)) {
            out.printf(Locale.ROOT, "Training %s on %s (%d training, %d test points), %s, %s%n",
                    ModelOptions.describe(net), model.dataName(), data.train().size(), data.test().size(),
                    training.optimizer, training.epochs != null ? training.epochs + " epochs"
                            : training.iterations + " iterations");
            out.flush();
            Trainer.Builder trainer = training.trainer(model.seed, net.parameters().length);
            if (contractiveSteps) {
                trainer.optimizer(training.optimizer().withProjection(ContractiveStepSizes.of(net, 0.99)));
            }
            TrainingRun.Outcome outcome = TrainingRun.train(net, data, trainer, output.progress(), "train");
            return finish(out, net, data, outcome);
        }
    }

    private int finish(PrintWriter out, OdeNet net, TrainTest data, TrainingRun.Outcome outcome) throws Exception {
        List<Path> files = new ArrayList<>();
        if (modelFile != null) {
            ModelFile.write(net, modelFile);
            files.add(modelFile);
        } else {
            files.add(TrainingRun.writeModel(output.out, net));
        }
        files.add(TrainingRun.writeHistory(output.out, outcome));
        if (!noPlots) {
            files.addAll(TrainingRun.writePlots(output.out, net, data, outcome,
                    ModelOptions.describe(net) + " on " + model.dataName()));
        }
        CommandSupport.printSummary(out, net, outcome.result());
        CommandSupport.printFiles(out, files);
        return 0;
    }
}
