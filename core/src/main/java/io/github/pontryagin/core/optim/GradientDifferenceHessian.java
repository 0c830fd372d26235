package io.github.pontryagin.core.optim;

/** {@link SecondOrderObjective#byGradientDifferences}: central differences of the gradient along v. */
final class GradientDifferenceHessian implements SecondOrderObjective {

    private final Objective objective;
    private final double relativeStep;
    private double[] shifted = new double[0];
    private double[] plus = new double[0];

    GradientDifferenceHessian(Objective objective, double relativeStep) {
        this.objective = objective;
        this.relativeStep = relativeStep;
    }

    @Override
    public double valueAndGradient(double[] u, double[] gradOut) {
        return objective.valueAndGradient(u, gradOut);
    }

    @Override
    public double value(double[] u) {
        return objective.value(u);
    }

    @Override
    public void hessianTimes(double[] u, double[] v, double[] out) {
        int n = u.length;
        if (shifted.length != n) {
            shifted = new double[n];
            plus = new double[n];
        }
        double vNorm = Math.sqrt(StrongWolfeLineSearch.dot(v, v));
        if (vNorm == 0.0) {
            java.util.Arrays.fill(out, 0.0);
            return;
        }
        double epsilon = relativeStep * (1.0 + Math.sqrt(StrongWolfeLineSearch.dot(u, u))) / vNorm;
        for (int i = 0; i < n; i++) {
            shifted[i] = u[i] + epsilon * v[i];
        }
        objective.valueAndGradient(shifted, plus);
        for (int i = 0; i < n; i++) {
            shifted[i] = u[i] - epsilon * v[i];
        }
        objective.valueAndGradient(shifted, out);
        for (int i = 0; i < n; i++) {
            out[i] = (plus[i] - out[i]) / (2.0 * epsilon);
        }
    }
}
