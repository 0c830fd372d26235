package io.github.pontryagin.examples;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.knowm.xchart.XYChart;

import io.github.pontryagin.odenets.OdeNet;
import io.github.pontryagin.odenets.data.Dataset;
import io.github.pontryagin.odenets.data.TrainTest;
import io.github.pontryagin.odenets.io.AtomicFiles;
import io.github.pontryagin.odenets.io.ModelFile;
import io.github.pontryagin.odenets.train.Trainer;
import io.github.pontryagin.odenets.train.TrainingCheckpoint;
import io.github.pontryagin.odenets.train.TrainingListener;
import io.github.pontryagin.odenets.train.TrainingProgress;
import io.github.pontryagin.odenets.train.TrainingResult;
import io.github.pontryagin.plots.PlotFormat;
import io.github.pontryagin.plots.Plots;

/**
 * One training run as the command line does it: train with the {@link Trainer} (recording the loss of
 * every iteration, optionally with a progress bar), then write the model, the history and the plots.
 */
final class TrainingRun {

    /** File names written by {@link #writePlots}. */
    static final String DATA_PNG = "data.png";
    static final String REGIONS_PNG = "decision-regions.png";
    static final String LAYERS_PNG = "layers.png";
    static final String LOSS_PNG = "loss.png";
    static final String ACCURACY_PNG = "accuracy.png";
    static final String STEP_SIZES_PNG = "step-sizes.png";
    static final String MODEL_JSON = "model.json";
    /** The SWAG statistics written by {@code --average swag}, read by {@code predict --swag}. */
    static final String SWAG_JSON = "swag.json";
    static final String HISTORY_CSV = "history.csv";
    /** Every file {@link #writePlots} may write. */
    static final List<String> PLOT_FILES = List.of(DATA_PNG, REGIONS_PNG, LAYERS_PNG, LOSS_PNG, ACCURACY_PNG,
            STEP_SIZES_PNG);

    /**
     * The result of a run and the loss of every iteration known: those of this run, preceded, when resumed,
     * by those the checkpoint recorded.
     *
     * @param firstIteration iterations completed before this run (non-zero when resumed from a checkpoint)
     * @param lossStart      the iteration before the first of {@code losses} (0 unless the checkpoint lacks
     *                       the losses of its first iterations)
     */
    record Outcome(TrainingResult result, double[] losses, long firstIteration, long lossStart) {
        Outcome(TrainingResult result, double[] losses) {
            this(result, losses, 0, 0);
        }
    }

    private TrainingRun() {
    }

    /** Records the loss of every iteration. */
    private static final class LossRecorder implements TrainingListener {
        private double[] losses = new double[1024];
        private int count;
        private long first;

        @Override
        public void onStart(long firstIteration, long totalIterations) {
            first = firstIteration;
        }

        @Override
        public void onIteration(TrainingProgress progress) {
            if (count == losses.length) {
                losses = Arrays.copyOf(losses, 2 * count);
            }
            losses[count++] = progress.loss();
        }

        double[] losses() {
            return Arrays.copyOf(losses, count);
        }
    }

    /**
     * Trains {@code net} in place. The test set is used for evaluation when it is not empty.
     *
     * @param progress the listener that shows progress ({@link ProgressOptions#listener}), or null for none
     */
    static Outcome train(OdeNet net, TrainTest data, Trainer.Builder trainer, TrainingListener progress)
            throws IOException {
        LossRecorder recorder = new LossRecorder();
        trainer.listener(recorder);
        if (progress != null) {
            trainer.listener(progress);
        }
        Dataset test = data.test().size() == 0 ? null : data.test();
        TrainingResult result = trainer.build().train(net, data.train(), test);
        return new Outcome(result, recorder.losses(), recorder.first, recorder.first);
    }

    /**
     * Continues a run from a checkpoint written by the same trainer settings ({@link Trainer#resume}); the
     * losses recorded in the checkpoint precede those of this run.
     */
    static Outcome resume(TrainingCheckpoint saved, String source, TrainTest data, Trainer.Builder trainer,
                          TrainingListener progress) throws IOException {
        LossRecorder recorder = new LossRecorder();
        trainer.listener(recorder);
        if (progress != null) {
            trainer.listener(progress);
        }
        Dataset test = data.test().size() == 0 ? null : data.test();
        TrainingResult result = trainer.build().resume(saved, source, data.train(), test);
        double[] now = recorder.losses();
        double[] before = saved.losses();
        double[] all = Arrays.copyOf(before, before.length + now.length);
        System.arraycopy(now, 0, all, before.length, now.length);
        return new Outcome(result, all, recorder.first, recorder.first - before.length);
    }

    /** Writes the plots of a trained net into {@code dir}; notes on skipped plots go to standard error. */
    static List<Path> writePlots(Path dir, OdeNet net, TrainTest data, Outcome outcome, String title,
                                 PlotFormat format) throws IOException {
        PrintWriter err = new PrintWriter(System.err, true);
        return writePlots(dir, net, data, outcome, title, err, format);
    }

    /** {@link #writePlots(Path, OdeNet, TrainTest, Outcome, String, PrintWriter, PlotFormat)} as PNG. */
    static List<Path> writePlots(Path dir, OdeNet net, TrainTest data, Outcome outcome, String title,
                                 PrintWriter notes) throws IOException {
        return writePlots(dir, net, data, outcome, title, notes, PlotFormat.PNG);
    }

    /** The plot files' names in {@code format} ({@link #PLOT_FILES} with its extension). */
    static List<String> plotFiles(PlotFormat format) {
        return PLOT_FILES.stream().map(format::fileName).toList();
    }

    /**
     * Writes the plots of a trained net into {@code dir}; returns the files written. A plot of values that
     * are not finite or too large ({@link Plots.NotPlottable}) is skipped with a one-line note to
     * {@code notes}, and a stale file of that name is removed so that no plot of an earlier run remains.
     */
    static List<Path> writePlots(Path dir, OdeNet net, TrainTest data, Outcome outcome, String title,
                                 PrintWriter notes, PlotFormat format) throws IOException {
        List<Path> written = new ArrayList<>();
        java.util.function.Function<String, Path> file = png -> dir.resolve(format.fileName(png));
        Dataset shown = data.test().size() > 0 ? data.test() : data.train();
        String which = data.test().size() > 0 ? "test" : "training";
        plot(written, notes, format, file.apply(DATA_PNG), () -> Plots.data(data.train(), title + ": training data"));
        plot(written, notes, format, file.apply(REGIONS_PNG),
                () -> Plots.decisionRegions(net, shown, title + ": decision regions (" + which + " points)"));
        plot(written, notes, format, file.apply(LAYERS_PNG),
                () -> Plots.layers(net, shown, title + ": points transformed layer by layer"));
        if (outcome != null) {
            plot(written, notes, format, file.apply(LOSS_PNG),
                    () -> Plots.loss(outcome.losses(), outcome.lossStart(), title + ": loss"));
            plot(written, notes, format, file.apply(ACCURACY_PNG),
                    () -> Plots.accuracy(outcome.result().history(), title + ": accuracy"));
        }
        if (net.architecture().update().usesStepSizes()) {
            plot(written, notes, format, file.apply(STEP_SIZES_PNG), () -> Plots.stepSizes(net, title + ": step sizes"));
        }
        return written;
    }

    /** A figure to draw; {@link Plots.NotPlottable} when its values cannot be drawn. */
    private interface Drawing {
        Object draw();
    }

    private static void plot(List<Path> written, PrintWriter notes, PlotFormat format, Path path, Drawing drawing)
            throws IOException {
        Object drawn;
        try {
            drawn = drawing.draw();
        } catch (Plots.NotPlottable e) {
            Files.deleteIfExists(path);
            notes.println("note: skipped " + path.getFileName() + ": " + e.getMessage());
            notes.flush();
            return;
        }
        Plots.write(drawn instanceof Plots.Figure figure ? figure : Plots.Figure.of((XYChart) drawn), path, format);
        written.add(path);
    }

    /** Writes the model file. */
    static Path writeModel(Path dir, OdeNet net) throws IOException {
        Path path = dir.resolve(MODEL_JSON);
        ModelFile.write(net, path);
        return path;
    }

    /**
     * Writes the history as CSV: {@code iteration,loss,train_accuracy,test_accuracy}, one line per
     * iteration with a known loss (a resumed run continues the checkpoint's); the accuracies are empty where
     * they were not evaluated.
     */
    static Path writeHistory(Path dir, Outcome outcome) throws IOException {
        Path path = dir.resolve(HISTORY_CSV);
        List<TrainingProgress> history = outcome.result().history();
        double[] losses = outcome.losses();
        AtomicFiles.write(path, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            w.write("iteration,loss,train_accuracy,test_accuracy\n");
            int h = 0;
            for (int k = 0; k < losses.length; k++) {
                long iteration = outcome.lossStart() + k + 1;
                while (h < history.size() && history.get(h).iteration() < iteration) {
                    h++;
                }
                String train = "";
                String test = "";
                if (h < history.size() && history.get(h).iteration() == iteration) {
                    train = Double.toString(history.get(h).trainAccuracy());
                    test = Double.isNaN(history.get(h).testAccuracy()) ? ""
                            : Double.toString(history.get(h).testAccuracy());
                }
                w.write(iteration + "," + losses[k] + "," + train + "," + test + "\n");
            }
            w.flush();
        });
        return path;
    }
}
