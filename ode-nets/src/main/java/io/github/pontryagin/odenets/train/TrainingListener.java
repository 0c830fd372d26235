package io.github.pontryagin.odenets.train;

/** Receives training events; every method has an empty default. */
public interface TrainingListener {

    /** Before the first iteration of a run (or of a resumed run). */
    default void onStart(long firstIteration, long totalIterations) {
    }

    /** After every iteration. */
    default void onIteration(TrainingProgress progress) {
    }

    /** After the last iteration, or when training stopped early. */
    default void onEnd(TrainingResult result) {
    }
}
