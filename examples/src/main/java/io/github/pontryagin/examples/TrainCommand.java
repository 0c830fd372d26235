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
import io.github.pontryagin.odenets.io.SwagFile;
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
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false, abbreviateSynopsis = true,
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:trained and written", "1:a file or the data could not be read or written",
                "2:wrong options, or outputs that would overwrite inputs, or a run too large for the memory",
                "3:training diverged (the NaN guard stopped it; the last finite model is written)"},
        description = {"Trains a net and writes the model file (JSON), the history (CSV) and the plots.",
                "Files in --out: model.json, run.json (every option value, the data source with its SHA-256 or "
                        + "generator and seed, versions, threads, times: enough to rerun), history.csv, data.png, "
                        + "decision-regions.png, layers.png, loss.png, accuracy.png, step-sizes.png. An --out that "
                        + "holds the results of an earlier run needs --overwrite (not with --resume, which continues "
                        + "the run in its folder).",
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

    @Mixin
    ProgressOptions progress;

    @HelpSections.In(HelpSections.Section.OUTPUT)
    @Option(names = "--overwrite", description = "Replace the results of an earlier run in --out (model.json, run.json, history.csv, plots) "
                    + "or an existing --model file.")
    boolean overwrite;

    @HelpSections.In(HelpSections.Section.OUTPUT)
    @Option(names = "--model", paramLabel = "FILE",
            description = "Where to write the model file (default: <out>/model.json).")
    Path modelFile;

    @HelpSections.In(HelpSections.Section.OUTPUT)
    @Option(names = "--no-plots", description = "Write only the model file and the history.")
    boolean noPlots;

    @HelpSections.In(HelpSections.Section.TRAINING)
    @Option(names = "--contractive-steps", description = "Keep every learned step size inside the contractivity bound"
            + " of its layer, h_n <= 0.99 r/(L_sigma ||K_n||^2), by a projection after each step (gradient family,"
            + " --step-sizes free; docs/stability.md).")
    boolean contractiveSteps;

    @HelpSections.In(HelpSections.Section.TRAINING)
    @Option(names = "--resume", paramLabel = "FILE", converter = Converters.ExistingFile.class,
            description = "Continue from a checkpoint written with --checkpoint (same data, seed, batch size and "
                    + "optimizer; the net comes from the checkpoint, the model options are ignored) up to "
                    + "--iterations.")
    Path resume;

    /** When the command started, for run.json. */
    private final java.time.Instant start = java.time.Instant.now();
    private final long startNanos = System.nanoTime();

    @Override
    public Integer call() throws Exception {
        CommandLine cl = spec.commandLine();
        PrintWriter out = cl.getOut();
        model.requireConsistentData(cl);
        training.validate(cl);
        List<Path> written = checkOutputs(cl);
        requireFreshOut(cl);
        try (RunChecks.Lock lock = RunChecks.lock(cl, "--out", output.out)) {
            RunChecks.removeStale(written);
            return train(cl, out);
        }
    }

    /**
     * Refuses to replace the results of an earlier run without {@code --overwrite}: a {@code --out} that already holds
     * a file this command writes (model.json, run.json, history.csv, a plot) or an existing {@code --model FILE}.
     * Other files in {@code --out} (input data, temporary files of killed runs) do not count; {@code --resume}
     * continues a run in its own folder and needs no {@code --overwrite}.
     */
    private void requireFreshOut(CommandLine cl) {
        if (overwrite || resume != null) {
            return;
        }
        List<String> names = new ArrayList<>(List.of(TrainingRun.MODEL_JSON, RunRecord.RUN_JSON,
                TrainingRun.HISTORY_CSV));
        names.addAll(TrainingRun.PLOT_FILES);
        RunChecks.requireNoEarlierResults(cl, output.out, names);
        if (modelFile != null && java.nio.file.Files.exists(modelFile)) {
            throw new CommandLine.ParameterException(cl, "--model " + modelFile + " exists; add --overwrite to replace"
                    + " it, or choose another file");
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
        Map<String, Path> inputs = model.inputFiles();
        inputs.put("--resume", resume);
        Map<String, Path> outputs = new LinkedHashMap<>();
        outputs.put(modelFile != null ? "--model" : "--out (model.json)", modelPath);
        // a checkpoint may be resumed and rewritten in place: it is read whole before the first write
        outputs.put("--checkpoint", training.checkpoint != null && resume != null
                && RunChecks.sameFile(training.checkpoint, resume) ? null : training.checkpoint);
        List<String> names = new ArrayList<>(List.of(TrainingRun.HISTORY_CSV, RunRecord.RUN_JSON));
        if ("swag".equals(training.average)) {
            names.add(TrainingRun.SWAG_JSON);
        }
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
                output.out.resolve(RunRecord.RUN_JSON), output.out.resolve(RunChecks.PROBE),
                output.out.resolve(TrainingRun.SWAG_JSON)));
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
                    training.trainer(model.seed), progress.listener("train", cl.getErr()));
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
            TrainingRun.Outcome outcome = TrainingRun.train(net, data, trainer, progress.listener("train", cl.getErr()));
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
        files.add(writeRunRecord(net, outcome));
        files.add(TrainingRun.writeHistory(output.out, outcome));
        if (training.collected != null && training.collected.isGaussian() && training.collected.count() > 0) {
            Path swag = output.out.resolve(TrainingRun.SWAG_JSON);
            SwagFile.write(swag, training.collected);
            files.add(swag);
        }
        if (!noPlots) {
            files.addAll(TrainingRun.writePlots(output.out, net, data, outcome,
                    ModelOptions.describe(net) + " on " + model.dataName(), err, output.plotFormat()));
        }
        CommandSupport.printSummary(out, net, outcome.result());
        CommandSupport.printFiles(out, files);
        return diverged == null ? 0 : Pontryagin.EXIT_DIVERGED;
    }

    /** Writes run.json into --out: the configuration, the data source, the environment, the times, the result. */
    private Path writeRunRecord(OdeNet net, TrainingRun.Outcome outcome) throws java.io.IOException {
        Map<String, Object> data = new LinkedHashMap<>();
        if (model.dataFile != null) {
            data.put("source", "file");
            data.put("data", RunRecord.file(model.dataFile));
            data.put("labels", RunRecord.file(model.labelsFile));
            data.put("testData", RunRecord.file(model.testDataFile));
            data.put("testLabels", RunRecord.file(model.testLabelsFile));
        } else {
            data.put("source", "generator");
            data.put("generator", model.dataset.name());
            data.put("seed", model.seed);
            data.put("testSeed", model.seed + 1);
            data.put("points", model.points);
            data.put("testPoints", model.testPoints == null ? model.points : model.testPoints);
        }
        data.put("validationSplit", model.validationSplit);
        data.put("resumedFrom", RunRecord.file(resume));
        return RunRecord.write(output.out, RunRecord.RUN_JSON, spec, net, data, model.threads, start, startNanos,
                outcome.result());
    }
}
