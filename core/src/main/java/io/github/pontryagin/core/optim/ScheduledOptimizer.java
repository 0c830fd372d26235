package io.github.pontryagin.core.optim;

/**
 * An optimizer whose step k is scaled by a {@link LearningRateSchedule}:
 * {@code u_{k+1} = u_k + s_k (Φ(u_k) − u_k)}, Φ the inner optimizer's step. For optimizers whose state does not
 * depend on the learning rate (gradient descent, Adam, AdamW, RMSprop, Adagrad, Adadelta) this is exactly the
 * inner optimizer with learning rate {@code s_k α}; for momentum methods the momentum keeps the unscaled step.
 */
final class ScheduledOptimizer implements Optimizer {

    private final Optimizer inner;
    private final LearningRateSchedule schedule;

    ScheduledOptimizer(Optimizer inner, LearningRateSchedule schedule) {
        this.inner = Checks.notNull("optimizer", inner);
        this.schedule = Checks.notNull("schedule", schedule);
    }

    @Override
    public OptimizerState newState(int dimension) {
        OptimizerState state = inner.newState(dimension);
        // the copy of u at the start of a step; the preconditioned flows blend in their own pass and need none
        state.attach(this, new double[inner instanceof PreconditionedConformalEuler ? 0 : dimension]);
        return state;
    }

    @Override
    public double step(Objective objective, double[] u, OptimizerState state) {
        if (!(state.attachment(this) instanceof double[] start)) {
            throw new IllegalArgumentException("the optimizer state was not created by this scheduled optimizer's newState");
        }
        double factor = schedule.factor(state.iteration);
        if (factor == 1.0) {
            return inner.step(objective, u, state);
        }
        if (inner instanceof PreconditionedConformalEuler euler) {
            // Adam and its relatives scale their drift in the pass that takes it (the same bits as the passes below)
            return euler.step(objective, u, state, factor, true);
        }
        // two element-wise passes over u, on the objective's threads (the same bits on any number of them)
        SliceRunner slices = objective.sliceRunner();
        slices.run(u.length, SliceRunner.VECTOR_GRAIN, (from, to) -> System.arraycopy(u, from, start, from, to - from));
        double value = inner.step(objective, u, state);
        slices.run(u.length, SliceRunner.VECTOR_GRAIN, (from, to) -> {
            for (int i = from; i < to; i++) {
                u[i] = start[i] + factor * (u[i] - start[i]);
            }
        });
        return value;
    }

    @Override
    public String toString() {
        return inner + " with a learning-rate schedule";
    }
}
