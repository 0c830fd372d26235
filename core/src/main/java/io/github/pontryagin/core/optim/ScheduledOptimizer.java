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
        state.attach(this, new double[dimension]);
        return state;
    }

    @Override
    public double step(Objective objective, double[] u, OptimizerState state) {
        if (!(state.attachment(this) instanceof double[] start)) {
            throw new IllegalArgumentException("the optimizer state was not created by this scheduled optimizer's newState");
        }
        double factor = schedule.factor(state.iteration);
        System.arraycopy(u, 0, start, 0, u.length);
        double value = inner.step(objective, u, state);
        if (factor != 1.0) {
            for (int i = 0; i < u.length; i++) {
                u[i] = start[i] + factor * (u[i] - start[i]);
            }
        }
        return value;
    }

    @Override
    public String toString() {
        return inner + " with a learning-rate schedule";
    }
}
