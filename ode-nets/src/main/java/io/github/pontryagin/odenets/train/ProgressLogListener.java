package io.github.pontryagin.odenets.train;

import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Progress as plain log lines, for output that is not a terminal (CI logs, cluster job files, {@code | tee}): one
 * complete line — iteration, loss, latest accuracies, rate and ETA — every {@code intervalSeconds} of wall time or
 * every {@code everyIterations} iterations, whichever comes first, and always one for the last iteration. No carriage
 * returns and no width limit, unlike {@link ProgressBarListener}, which redraws one terminal line.
 */
public final class ProgressLogListener implements TrainingListener {

    private final String task;
    /** What the held-out set is called in a line ("test", "validation"). */
    private final String heldOut;
    private final long intervalNanos;
    private final long everyIterations;
    private final Consumer<String> lines;
    private long first;
    private long lastIteration;
    private long lastNanos;
    private double trainAccuracy = Double.NaN;
    private double testAccuracy = Double.NaN;

    /**
     * @param task            label at the start of every line
     * @param intervalSeconds wall time between lines, &gt;= 0 (0: a line every iteration)
     * @param everyIterations iterations between lines, &gt;= 1, or 0 for no iteration-count rule
     * @param lines           receives each line, without a line separator (e.g. {@code System.err::println})
     */
    public ProgressLogListener(String task, double intervalSeconds, long everyIterations, Consumer<String> lines) {
        this(task, "test", intervalSeconds, everyIterations, lines);
    }

    /**
     * @param task            label at the start of every line
     * @param heldOut         what the held-out set is called in a line ("test accuracy", "validation accuracy")
     * @param intervalSeconds wall time between lines, &gt;= 0 (0: a line every iteration)
     * @param everyIterations iterations between lines, &gt;= 1, or 0 for no iteration-count rule
     * @param lines           receives each line, without a line separator (e.g. {@code System.err::println})
     */
    public ProgressLogListener(String task, String heldOut, double intervalSeconds, long everyIterations,
                               Consumer<String> lines) {
        if (!(intervalSeconds >= 0) || !Double.isFinite(intervalSeconds)) {
            throw new IllegalArgumentException("intervalSeconds must be a finite number >= 0, got " + intervalSeconds);
        }
        if (everyIterations < 0) {
            throw new IllegalArgumentException("everyIterations must be >= 0 (0: none), got " + everyIterations);
        }
        this.task = Objects.requireNonNull(task, "task");
        this.heldOut = Objects.requireNonNull(heldOut, "heldOut");
        this.intervalNanos = Math.round(intervalSeconds * 1e9);
        this.everyIterations = everyIterations;
        this.lines = Objects.requireNonNull(lines, "lines");
    }

    @Override
    public void onStart(long firstIteration, long totalIterations) {
        first = firstIteration;
        lastIteration = firstIteration;
        lastNanos = 0;
    }

    @Override
    public void onIteration(TrainingProgress progress) {
        if (progress.evaluated()) {
            trainAccuracy = progress.trainAccuracy();
            testAccuracy = progress.testAccuracy();
        }
        long k = progress.iteration();
        boolean last = k >= progress.totalIterations();
        boolean byTime = progress.elapsedNanos() - lastNanos >= intervalNanos;
        boolean byCount = everyIterations > 0 && k - lastIteration >= everyIterations;
        if (last || byTime || byCount) {
            lines.accept(line(progress));
            lastIteration = k;
            lastNanos = progress.elapsedNanos();
        }
    }

    /** The line for {@code progress}, with the accuracies of the latest evaluation. */
    String line(TrainingProgress progress) {
        long k = progress.iteration();
        long total = progress.totalIterations();
        double seconds = progress.elapsedNanos() * 1e-9;
        double rate = seconds > 0 ? (k - first) / seconds : Double.NaN;
        StringBuilder s = new StringBuilder(160);
        s.append(task).append(": iteration ").append(k).append('/').append(total)
                .append(String.format(Locale.ROOT, " (%.1f %%)", 100.0 * k / Math.max(1, total)))
                .append(String.format(Locale.ROOT, ", loss %.6g", progress.loss()))
                .append(", train accuracy ").append(percent(trainAccuracy));
        if (!Double.isNaN(testAccuracy)) {
            s.append(", ").append(heldOut).append(" accuracy ").append(percent(testAccuracy));
        }
        s.append(Double.isNaN(rate) ? ", - it/s" : String.format(Locale.ROOT, ", %.1f it/s", rate));
        s.append(", elapsed ").append(duration(seconds));
        s.append(", ETA ").append(Double.isNaN(rate) || rate <= 0 ? "-" : duration((total - k) / rate));
        return s.toString();
    }

    private static String percent(double fraction) {
        return Double.isNaN(fraction) ? "-" : String.format(Locale.ROOT, "%.2f %%", 100 * fraction);
    }

    /** {@code 42 s}, {@code 3 min 05 s} or {@code 2 h 07 min}. */
    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
    }
}
