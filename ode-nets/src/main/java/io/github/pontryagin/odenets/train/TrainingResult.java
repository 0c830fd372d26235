package io.github.pontryagin.odenets.train;

import java.util.List;

import io.github.pontryagin.odenets.OdeNet;

/**
 * Outcome of {@link Trainer#train}: the trained net (its parameters are the final ones, or the last
 * finite ones when training stopped on a non-finite value), the history, and why training stopped.
 *
 * @param history         one entry per evaluated iteration (see {@link Trainer.Builder#evaluateEvery})
 * @param stopReason      {@code null} when all iterations ran, else a sentence saying at which
 *                        iteration and why training stopped
 * @param wallTimeSeconds wall time of the run
 */
public record TrainingResult(OdeNet net, long iterations, double finalLoss, double trainAccuracy,
                             double testAccuracy, List<TrainingProgress> history, String stopReason,
                             double wallTimeSeconds) {

    public boolean completed() {
        return stopReason == null;
    }
}
