package io.github.pontryagin.odenets;

import static org.junit.jupiter.api.Assertions.fail;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import io.github.pontryagin.adjoint.DiscreteAdjoint;
import io.github.pontryagin.core.field.VectorFieldSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Hessian–vector product (tangent pass, then the second-order adjoint through every Runge–Kutta layer) and the
 * Jacobian products {@code J_r v}, {@code J_rᵀ w} of {@link NetLeastSquares} allocate nothing once the pass's
 * scratch exists, for the sigma-affine field on RK4 layers with learned step sizes and checkpoints: measured with
 * {@link com.sun.management.ThreadMXBean#getThreadAllocatedBytes} as in {@link GradientAllocationTest} (windows of
 * products after warm-up; one window of zero bytes passes, a product that allocates every time never gets one).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class HessianVectorAllocationTest {

    private static final int WINDOW = 10;
    private static final int MAX_WINDOWS = 2_000;
    private static final long MAX_SECONDS = 120;

    @Test
    void hessianAndJacobianProductsAllocateNothingAfterWarmUp() {
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        bean.setThreadAllocatedMemoryEnabled(true);
        int m = 40;
        SplittableRandom random = new SplittableRandom(8);
        double[] x = new double[2 * m];
        int[] labels = new int[m];
        for (int k = 0; k < m; k++) {
            x[k] = random.nextGaussian();
            x[m + k] = random.nextGaussian();
            labels[k] = k % 2;
        }
        try (OdeNet net = OdeNet.builder().inputDimension(2).width(3).layers(6).tableau("rk4")
                .field(VectorFieldSpec.of("sigma-affine")).head("logistic-ls").stepSizes(StepSizePolicy.FREE)
                .adjoint(DiscreteAdjoint.reverse().checkpointEvery(2)).threads(1).seed(2).build()) {
            NetLeastSquares f = net.leastSquares(x, labels, m);
            double[] u = net.parameters().clone();
            int n = u.length;
            double[] v = new double[n];
            for (int j = 0; j < n; j++) {
                v[j] = random.nextGaussian();
            }
            double[] w = new double[m];
            double[] hv = new double[n];
            double[] jv = new double[m];
            double[] jtw = new double[n];
            double[] r = new double[m];
            f.residuals(u, r);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(MAX_SECONDS);
            long lastWindow = -1;
            for (int window = 0; window < MAX_WINDOWS && System.nanoTime() < deadline; window++) {
                long before = bean.getCurrentThreadAllocatedBytes();
                for (int e = 0; e < WINDOW; e++) {
                    f.hessianTimes(u, v, hv);
                    f.jacobianTimes(v, jv);
                    System.arraycopy(jv, 0, w, 0, m);
                    f.jacobianTransposeTimes(w, jtw);
                }
                lastWindow = bean.getCurrentThreadAllocatedBytes() - before;
                if (lastWindow == 0) {
                    System.out.printf("Hessian-vector and Jacobian products: 0 bytes per %d after %d warm-up windows%n",
                            WINDOW, window);
                    return;
                }
            }
            fail("every window of " + WINDOW + " Hessian-vector and Jacobian products allocated memory (last: "
                    + lastWindow + " bytes, " + lastWindow / WINDOW + " per product triple)");
        }
    }
}
