package io.github.pontryagin.odenets.train;

import java.io.PrintStream;
import java.util.Locale;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A terminal progress bar (me.tongfei:progressbar): iteration count, rate and ETA from the library,
 * and the latest loss and accuracies as its extra message.
 */
public final class ProgressBarListener implements TrainingListener {

    private final String task;
    /** What the held-out set is called in the bar's message ("test", "validation"). */
    private final String heldOut;
    private final PrintStream stream;
    private ProgressBar bar;
    private double trainAccuracy = Double.NaN;
    private double testAccuracy = Double.NaN;

    /** @param task label shown in front of the bar; the bar is drawn on {@code stream} */
    public ProgressBarListener(String task, PrintStream stream) {
        this(task, "test", stream);
    }

    /**
     * @param task    label shown in front of the bar; the bar is drawn on {@code stream}
     * @param heldOut what the held-out set is called in the bar's message ("test", "validation")
     */
    public ProgressBarListener(String task, String heldOut, PrintStream stream) {
        this.task = task;
        this.heldOut = java.util.Objects.requireNonNull(heldOut, "heldOut");
        this.stream = stream;
    }

    @Override
    public void onStart(long firstIteration, long totalIterations) {
        bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(totalIterations)
                .setStyle(ProgressBarStyle.ASCII).setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(stream))
                .setUpdateIntervalMillis(250).showSpeed().startsFrom(firstIteration, java.time.Duration.ZERO)
                .build();
    }

    @Override
    public void onIteration(TrainingProgress progress) {
        if (progress.evaluated()) {
            trainAccuracy = progress.trainAccuracy();
            testAccuracy = progress.testAccuracy();
        }
        bar.stepTo(progress.iteration());
        if (progress.iteration() % 10 == 0 || progress.evaluated()) {
            bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4g  acc %s%s", progress.loss(),
                    percent(trainAccuracy), Double.isNaN(testAccuracy) ? "" : " " + heldOut + " " + percent(testAccuracy)));
        }
    }

    @Override
    public void onEnd(TrainingResult result) {
        bar.close();
    }

    private static String percent(double fraction) {
        return Double.isNaN(fraction) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * fraction);
    }
}
