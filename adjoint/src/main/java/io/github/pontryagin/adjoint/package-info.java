/**
 * Gradients of discrete flows. A {@link io.github.pontryagin.adjoint.DiscreteFlow} is N layers of a
 * {@link io.github.pontryagin.adjoint.LayerUpdate} (an explicit Runge–Kutta step, or the plain layer) of a vector
 * field; an {@link io.github.pontryagin.adjoint.Adjoint} value ({@code DiscreteAdjoint.reverse()},
 * {@code DiscreteAdjoint.sprk()}, with {@code checkpointEvery(k)} or {@code checkpointSqrt()}, or
 * {@code ContinuousAdjoint.tolerance(...)}) creates a {@link io.github.pontryagin.adjoint.GradientPass} that owns the
 * memory of one forward and backward pass:
 * <pre>
 *   DiscreteFlow flow = new DiscreteFlow(LayerUpdate.rungeKutta(Tableau.rk4()), field, layers);
 *   GradientPass pass = DiscreteAdjoint.reverse().checkpointSqrt().newPass(flow, m);
 *   FlowGradient gradient = flow.newGradient(m);
 *   double[] yN = pass.forward(theta, h, y0);
 *   pass.backward(theta, h, lossGradient(yN), gradient);
 * </pre>
 * The mathematics is in {@code docs/theory.md} §2. {@link io.github.pontryagin.adjoint.TangentFlow} is the
 * forward-mode counterpart and {@link io.github.pontryagin.adjoint.GradientCheck} the finite-difference check.
 */
package io.github.pontryagin.adjoint;
