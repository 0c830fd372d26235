package io.github.pontryagin.odenets.train;

/**
 * The state of a run after an iteration.
 *
 * @param iteration       number of completed iterations (1-based)
 * @param totalIterations iterations the run will make
 * @param loss            loss of the mini-batch at the point where the optimizer evaluated it
 * @param trainAccuracy   training accuracy if evaluated at this iteration, else NaN
 * @param testAccuracy    test accuracy if evaluated at this iteration (and a test set is given), else NaN
 * @param elapsedNanos    wall time since the start of this run
 * @param evaluationNanos the part of {@code elapsedNanos} spent in evaluations (accuracy passes, keep-best
 *                        losses) rather than optimizer steps
 */
public record TrainingProgress(long iteration, long totalIterations, double loss, double trainAccuracy,
                               double testAccuracy, long elapsedNanos, long evaluationNanos) {

    /** A progress without a record of the evaluation time (zero). */
    public TrainingProgress(long iteration, long totalIterations, double loss, double trainAccuracy,
                            double testAccuracy, long elapsedNanos) {
        this(iteration, totalIterations, loss, trainAccuracy, testAccuracy, elapsedNanos, 0);
    }

    /** @return the wall time of the optimizer steps since the start of this run, in seconds */
    public double trainingSeconds() {
        return (elapsedNanos - evaluationNanos) * 1e-9;
    }

    public boolean evaluated() {
        return !Double.isNaN(trainAccuracy);
    }
}
