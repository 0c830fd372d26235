package io.github.pontryagin.core.optim;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import io.github.pontryagin.core.kernel.DenseKernels;
import io.github.pontryagin.core.kernel.SecondMomentStepCoefficients;

/**
 * Mutable state of one optimizer run: momentum (or first moment), second moment, accumulated
 * updates, work arrays, the iteration count and line-search bookkeeping.
 *
 * <p>Created once by {@link Optimizer#newState(int)} with every array it will need, so that a
 * training loop of thousands of steps allocates no arrays per step (a step may create a few small, short-lived
 * objects: the passes it hands to {@link Objective#sliceRunner()}, the per-step rule of a {@link DiagonalMass}).
 * Arrays that an optimizer does not use have length 0. The accessors return the live arrays (not copies) so that
 * callers can inspect or checkpoint them; modifying them changes the run.
 */
public final class OptimizerState {

    private final int dimension;
    final double[] gradient;
    final double[] momentum;
    final double[] secondMoment;
    final double[] accumulatedUpdate;
    final double[] point;
    final double[] work;
    long iteration;
    double lastValue = Double.NaN;
    double lastStepSize = Double.NaN;
    double lipschitz = Double.NaN;
    int lastBacktracks;
    String stopReason;
    /**
     * When not null, {@link #point} and {@link #work} hold stale values: the mass and velocity of the last
     * second-moment step, which it did not write (they are outputs only), follow from {@link #momentum} and
     * {@link #secondMoment} with these coefficients ({@link #materialize()}).
     */
    SecondMomentStepCoefficients pendingMass;
    private final Map<Object, Object> attachments = new IdentityHashMap<>();
    private final List<ResumableState> resumables = new ArrayList<>();

    /**
     * @param dimension number of parameters n
     * @param arrays    which arrays to allocate with length n: gradient is always allocated;
     *                  the flags are momentum, second moment, accumulated update, point, work
     */
    OptimizerState(int dimension, boolean momentum, boolean secondMoment, boolean accumulatedUpdate,
            boolean point, boolean work) {
        if (dimension < 1) {
            throw new IllegalArgumentException("number of parameters must be >= 1, got " + dimension);
        }
        this.dimension = dimension;
        this.gradient = new double[dimension];
        this.momentum = new double[momentum ? dimension : 0];
        this.secondMoment = new double[secondMoment ? dimension : 0];
        this.accumulatedUpdate = new double[accumulatedUpdate ? dimension : 0];
        this.point = new double[point ? dimension : 0];
        this.work = new double[work ? dimension : 0];
    }

    /** @return the number of parameters n this state was created for */
    public int dimension() {
        return dimension;
    }

    /** @return number of completed steps */
    public long iteration() {
        return iteration;
    }

    /** @return gradient at the last point where the objective was evaluated by the step (live array) */
    public double[] gradient() {
        return gradient;
    }

    /**
     * @return the momentum {@code p} of the damped Hamiltonian flow (heavy ball, Nesterov,
     *         relativistic, conformal schemes), Adam's first moment {@code m}, or SSA's velocity
     *         {@code v}; length 0 for methods without momentum (live array)
     */
    public double[] momentum() {
        return momentum;
    }

    /** @return the second-moment accumulator (Adam, RMSprop, Adagrad, Adadelta), else length 0 (live array) */
    public double[] secondMoment() {
        return secondMoment;
    }

    /** @return Adadelta's running average of squared updates, else length 0 (live array) */
    public double[] accumulatedUpdate() {
        return accumulatedUpdate;
    }

    /** @return objective value returned by the last step, NaN before the first step */
    public double lastValue() {
        return lastValue;
    }

    /** @return step size accepted by the last line-search step (0 if none was accepted), NaN otherwise */
    public double lastStepSize() {
        return lastStepSize;
    }

    /** @return current Lipschitz estimate L of the τ = 1/L rule, NaN for other optimizers */
    public double lipschitzEstimate() {
        return lipschitz;
    }

    /** @return number of rejected trial steps in the last line-search step */
    public int lastBacktracks() {
        return lastBacktracks;
    }

    /**
     * @return why the last step could not move (e.g. no step satisfies the strong Wolfe conditions, or the
     *         gradient vanishes), null while the method can continue; the step left {@code u} at the last good
     *         parameters
     */
    public String stopReason() {
        return stopReason;
    }

    Object attachment(Object key) {
        return attachments.get(key);
    }

    void attach(Object key, Object value) {
        attachments.put(key, value);
        if (value instanceof ResumableState resumable) {
            resumables.add(resumable);
        }
    }

    /**
     * Everything a step depends on, copied: restoring it into a fresh state of the same optimizer
     * continues a run bit-identically (used for training checkpoints).
     *
     * @param extra the data of the optimizer-specific parts of the state (MEC velocities, Itoh–Abe's last steps,
     *              L-BFGS pairs, conjugate-gradient and Levenberg–Marquardt bookkeeping), one array per part in the
     *              order the optimizer created them; empty for the optimizers without such parts
     */
    public record Snapshot(long iteration, double lastValue, double lastStepSize, double lipschitz,
                           int lastBacktracks, double[] gradient, double[] momentum, double[] secondMoment,
                           double[] accumulatedUpdate, double[] point, double[] work, double[][] extra) {

        /** A snapshot without optimizer-specific parts (checkpoint files written before they were recorded). */
        public Snapshot(long iteration, double lastValue, double lastStepSize, double lipschitz, int lastBacktracks,
                        double[] gradient, double[] momentum, double[] secondMoment, double[] accumulatedUpdate,
                        double[] point, double[] work) {
            this(iteration, lastValue, lastStepSize, lipschitz, lastBacktracks, gradient, momentum, secondMoment,
                    accumulatedUpdate, point, work, new double[0][]);
        }
    }

    /** Writes the mass and velocity a second-moment step left out into {@link #point} and {@link #work}. */
    void materialize() {
        if (pendingMass != null) {
            DenseKernels.secondMomentMass(pendingMass, momentum, secondMoment, point, work, 0, dimension);
            pendingMass = null;
        }
    }

    /** A deep copy of the state, see {@link Snapshot}. */
    public Snapshot snapshot() {
        materialize();
        double[][] extra = new double[resumables.size()][];
        for (int k = 0; k < extra.length; k++) {
            extra[k] = resumables.get(k).save();
        }
        return new Snapshot(iteration, lastValue, lastStepSize, lipschitz, lastBacktracks, gradient.clone(),
                momentum.clone(), secondMoment.clone(), accumulatedUpdate.clone(), point.clone(), work.clone(), extra);
    }

    /**
     * Overwrites this state with a snapshot taken from a state of the same optimizer and dimension.
     *
     * @throws IllegalArgumentException if an array length differs from this state's
     */
    public void restore(Snapshot snapshot) {
        double[][] extra = snapshot.extra() == null ? new double[0][] : snapshot.extra();
        if (extra.length != resumables.size()) {
            throw new IllegalArgumentException("optimizer snapshot has " + extra.length + " optimizer-specific "
                    + "part(s) but this optimizer's state has " + resumables.size() + " (was the snapshot taken from "
                    + "another optimizer, or written by a version that did not record them?)");
        }
        copy("gradient", snapshot.gradient(), gradient);
        copy("momentum", snapshot.momentum(), momentum);
        copy("secondMoment", snapshot.secondMoment(), secondMoment);
        copy("accumulatedUpdate", snapshot.accumulatedUpdate(), accumulatedUpdate);
        copy("point", snapshot.point(), point);
        copy("work", snapshot.work(), work);
        pendingMass = null;
        for (int k = 0; k < extra.length; k++) {
            resumables.get(k).load(extra[k]);
        }
        iteration = snapshot.iteration();
        lastValue = snapshot.lastValue();
        lastStepSize = snapshot.lastStepSize();
        lipschitz = snapshot.lipschitz();
        lastBacktracks = snapshot.lastBacktracks();
    }

    private static void copy(String name, double[] from, double[] to) {
        if (from == null || from.length != to.length) {
            throw new IllegalArgumentException("optimizer snapshot array '" + name + "' has length "
                    + (from == null ? "null" : from.length) + " but this optimizer's state needs " + to.length
                    + " (was the snapshot taken from another optimizer or net?)");
        }
        System.arraycopy(from, 0, to, 0, to.length);
    }
}
