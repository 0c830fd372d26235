package io.github.pontryagin.examples;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import io.github.pontryagin.odenets.OdeNet;
import io.github.pontryagin.odenets.data.TrainTest;
import io.github.pontryagin.odenets.io.ModelFile;
import io.github.pontryagin.odenets.stability.ContractiveStepSizes;
import io.github.pontryagin.odenets.train.Trainer;
import io.github.pontryagin.odenets.train.TrainingCheckpoint;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pontryagin train}: every builder and trainer option; model file, history and plots. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:trained and written", "1:a file or the data could not be read or written",
                "2:wrong options, or outputs that would overwrite inputs, or a run too large for the memory",
                "3:training diverged (the NaN guard stopped it; the last finite model is written)"},
        description = {"Trains a net and writes the model file (JSON), the history (CSV) and the plots.",
                "Files in --out: model.json, history.csv, data.png, decision-regions.png, layers.png, loss.png, "
                        + "accuracy.png, step-sizes.png.",
                "With --checkpoint FILE a checkpoint is written every --checkpoint-every iterations; --resume FILE "
                        + "continues it (the same data, seed, batch size and optimizer settings are required; the "
                        + "history and loss plot continue the checkpoint's).",
                "A run locks --out (a second run there is refused) and removes temporary files that killed runs "
                        + "left."})
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
        CommandLine cl = spec.commandLine();
        PrintWriter out = cl.getOut();
        model.requireConsistentData(cl);
        List<Path> written = checkOutputs(cl);
        try (RunChecks.Lock lock = RunChecks.lock(cl, "--out", output.out)) {
            RunChecks.removeStale(written);
            return train(cl, out);
        }
    }

    /**
     * The checkpoint with its net running on this command's --threads and --chunk-size (a model file does
     * not record them); a chunk size other than the checkpoint's is then refused by the resume.
     */
    private TrainingCheckpoint withExecution(TrainingCheckpoint saved) {
        OdeNet net = saved.net().toBuilder().threads(model.threads).chunkSize(model.chunkSize).build();
        net.setParameters(saved.net().parameters());
        saved.net().close();
        return new TrainingCheckpoint(net, saved.iteration(), saved.seed(), saved.batchSize(),
                saved.optimizerState(), saved.history(), saved.losses(), saved.settings());
    }

    /**
     * Refuses, before anything is read, outputs that are inputs or cannot be written (RunChecks); returns
     * every file this run may write, whose stale temporary files are to be removed.
     */
    private List<Path> checkOutputs(CommandLine cl) {
        Path modelPath = modelFile != null ? modelFile : output.out.resolve(TrainingRun.MODEL_JSON);
        Map<String, Path> inputs = new LinkedHashMap<>();
        inputs.put("--data", model.dataFile);
        inputs.put("--test-data", model.testDataFile);
        inputs.put("--resume", resume);
        Map<String, Path> outputs = new LinkedHashMap<>();
        outputs.put(modelFile != null ? "--model" : "--out (model.json)", modelPath);
        // a checkpoint may be resumed and rewritten in place: it is read whole before the first write
        outputs.put("--checkpoint", training.checkpoint != null && resume != null
                && RunChecks.sameFile(training.checkpoint, resume) ? null : training.checkpoint);
        List<String> names = new ArrayList<>(List.of(TrainingRun.HISTORY_CSV));
        if (!noPlots) {
            names.addAll(TrainingRun.plotFiles(output.plotFormat()));
        }
        for (String name : names) {
            outputs.put("--out (" + name + ")", output.out.resolve(name));
        }
        RunChecks.requireDistinct(cl, inputs, outputs);
        RunChecks.requireWritableDirectory(cl, "--out", output.out);
        RunChecks.requireWritableParent(cl, "--model", modelFile);
        RunChecks.requireWritableParent(cl, "--checkpoint", training.checkpoint);
        List<Path> written = new ArrayList<>(List.of(modelPath, output.out.resolve(TrainingRun.HISTORY_CSV),
                output.out.resolve(RunChecks.PROBE)));
        for (String plot : TrainingRun.plotFiles(output.plotFormat())) {
            written.add(output.out.resolve(plot));
        }
        if (training.checkpoint != null) {
            written.add(training.checkpoint);
        }
        return written;
    }

    private int train(CommandLine cl, PrintWriter out) throws Exception {
        if (resume != null && contractiveSteps) {
            throw new IllegalArgumentException("--contractive-steps cannot be combined with --resume (the checkpoint"
                    + " holds the optimizer)");
        }
        if (resume != null && training.average != null) {
            throw new IllegalArgumentException("--average cannot be combined with --resume: the iterates collected "
                    + "before the checkpoint are not in it");
        }
        if (resume != null) {
            TrainingCheckpoint saved = withExecution(TrainingCheckpoint.read(resume));
            TrainTest data = model.checkedData(cl, saved.net().toBuilder(), saved.net().inputDimension());
            TrainingRun.Outcome outcome = TrainingRun.resume(saved, resume.toString(), data,
                    training.trainer(model.seed), output.progress(), "train");
            try (OdeNet net = outcome.result().net()) {
                out.printf(Locale.ROOT, "Resumed %s from %s at iteration %d%n", ModelOptions.describe(net), resume,
                        outcome.firstIteration());
                return finish(out, net, data, outcome);
            }
        }
        TrainTest data = model.checkedData(cl, null, 0);
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

    /**
     * Writes the results. A diverged run (stopped by the NaN guard) keeps its last finite parameters, which are
     * written, and ends with {@link Pontryagin#EXIT_DIVERGED}; its message is printed before any file is.
     */
    private int finish(PrintWriter out, OdeNet net, TrainTest data, TrainingRun.Outcome outcome) throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        String diverged = CommandSupport.reportDivergence(err, spec.commandLine(), outcome.result());
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
                    ModelOptions.describe(net) + " on " + model.dataName(), err, output.plotFormat()));
        }
        CommandSupport.printSummary(out, net, outcome.result());
        CommandSupport.printFiles(out, files);
        return diverged == null ? 0 : Pontryagin.EXIT_DIVERGED;
    }
}
