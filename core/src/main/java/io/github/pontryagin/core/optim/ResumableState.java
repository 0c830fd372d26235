package io.github.pontryagin.core.optim;

/**
 * Per-run data an optimizer keeps beside the standard arrays of {@link OptimizerState} (MEC velocities, Itoh–Abe's
 * last steps, L-BFGS pairs, conjugate-gradient and Levenberg–Marquardt bookkeeping) that later steps depend on; an
 * attachment implementing it is carried by {@link OptimizerState#snapshot()} and {@link OptimizerState#restore},
 * so a resumed run continues bit-identically. Integers and flags are stored exactly as doubles.
 */
interface ResumableState {

    /** @return a copy of the data */
    double[] save();

    /**
     * Overwrites the data with a copy returned by {@link #save()} of the same optimizer and dimension.
     *
     * @throws IllegalArgumentException naming the optimizer if the length is not the one {@link #save()} gives
     */
    void load(double[] saved);

    /** @throws IllegalArgumentException naming the data, the lengths and what was expected */
    static void requireLength(String what, double[] saved, int expected) {
        if (saved == null || saved.length != expected) {
            throw new IllegalArgumentException("optimizer snapshot data of " + what + " has "
                    + (saved == null ? "no" : String.valueOf(saved.length)) + " values but this optimizer's state needs "
                    + expected + " (was the snapshot taken from another optimizer or net?)");
        }
    }
}
