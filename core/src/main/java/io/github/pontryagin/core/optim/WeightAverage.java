package io.github.pontryagin.core.optim;

import java.util.SplittableRandom;

/**
 * Stochastic weight averaging, SWA (Izmailov, Podoprikhin, Garipov, Vetrov and Wilson 2018, Algorithm 1; docs/theory.md §3.12), and its
 * Gaussian extension SWAG (Maddox, Garipov, Izmailov, Vetrov and Wilson 2019, §3): the iterates
 * {@code u_1 … u_T} collected along a run (usually the ends of the cycles of a cyclic or constant learning rate)
 * give the mean {@code ū = (1/T) Σ u_i}; SWAG also keeps the diagonal second moment and the last K deviations
 * {@code D = [u_i − ū_i]} and samples
 * <pre>
 *   u = ū + (1/√2) Σ_diag^{1/2} z₁ + (1/√(2(K−1))) D z₂,   Σ_diag = diag(mean(u²) − ū²),  z₁ ~ N(0, I_n), z₂ ~ N(0, I_K)
 * </pre>
 * (Maddox et al. 2019, §3; with K = 1 the factor is 1/√2). Mutable; allocation-free in {@link #add} and
 * {@link #sample}.
 */
public final class WeightAverage {

    private final int dimension;
    private final int rank;
    private final double[] mean;
    private final double[] squareMean;
    private final double[][] deviations;
    private final double[] noise;
    private long count;

    private WeightAverage(int dimension, int rank) {
        if (dimension < 1) {
            throw new IllegalArgumentException("number of parameters must be >= 1, got " + dimension);
        }
        this.dimension = dimension;
        this.rank = rank;
        this.mean = new double[dimension];
        this.squareMean = new double[rank > 0 ? dimension : 0];
        this.deviations = new double[rank][dimension];
        this.noise = new double[rank];
    }

    /** @param dimension n ≥ 1 @return SWA: the running mean only */
    public static WeightAverage swa(int dimension) {
        return new WeightAverage(dimension, 0);
    }

    /**
     * @param dimension n ≥ 1
     * @param rank      K ≥ 1, the number of deviation columns of the low-rank covariance
     * @return SWAG
     */
    public static WeightAverage swag(int dimension, int rank) {
        if (rank < 1) {
            throw new IllegalArgumentException("SWAG rank must be >= 1 (number of deviation columns), got " + rank);
        }
        return new WeightAverage(dimension, rank);
    }

    /**
     * SWAG statistics read back (e.g. from a file written after training), so that predictions can be sampled later.
     *
     * @param rank       K ≥ 1
     * @param count      number T ≥ 1 of collected iterates
     * @param mean       ū, length n ≥ 1
     * @param squareMean mean(u²), length n
     * @param deviations the K deviation columns, each of length n (columns not yet filled when T &lt; K are ignored)
     * @return SWAG with these statistics (the arrays are copied)
     * @throws IllegalArgumentException naming the first statistic whose size or value does not fit
     */
    public static WeightAverage swag(int rank, long count, double[] mean, double[] squareMean, double[][] deviations) {
        if (mean == null || squareMean == null || deviations == null) {
            throw new IllegalArgumentException("SWAG statistics: mean, squareMean and deviations are all needed");
        }
        WeightAverage w = swag(mean.length, rank);
        if (count < 1) {
            throw new IllegalArgumentException("SWAG statistics: count must be >= 1 (collected iterates), got " + count);
        }
        if (squareMean.length != mean.length) {
            throw new IllegalArgumentException("SWAG statistics: squareMean has length " + squareMean.length
                    + " but mean has " + mean.length);
        }
        if (deviations.length != rank) {
            throw new IllegalArgumentException("SWAG statistics: " + deviations.length + " deviation columns but rank "
                    + rank);
        }
        for (int c = 0; c < rank; c++) {
            if (deviations[c] == null || deviations[c].length != mean.length) {
                throw new IllegalArgumentException("SWAG statistics: deviation column " + c + " has length "
                        + (deviations[c] == null ? "null" : deviations[c].length) + " but mean has " + mean.length);
            }
            System.arraycopy(deviations[c], 0, w.deviations[c], 0, mean.length);
        }
        System.arraycopy(mean, 0, w.mean, 0, mean.length);
        System.arraycopy(squareMean, 0, w.squareMean, 0, mean.length);
        w.count = count;
        return w;
    }

    /** @return mean(u²) of the collected iterates, SWAG only (live array) */
    public double[] squareMean() {
        requireGaussian();
        return squareMean;
    }

    /** @param column 0 ≤ c &lt; K @return deviation column c, {@code u_i − ū_i} at the time it was stored (live array) */
    public double[] deviation(int column) {
        requireGaussian();
        return deviations[column];
    }

    /** @return whether this is SWAG (covariance kept) rather than SWA */
    public boolean isGaussian() {
        return rank > 0;
    }

    /** @return n */
    public int dimension() {
        return dimension;
    }

    /** @return K, 0 for SWA */
    public int rank() {
        return rank;
    }

    /** @return number of collected iterates T */
    public long count() {
        return count;
    }

    /** Adds an iterate. @param u parameters, length n */
    public void add(double[] u) {
        if (u.length != dimension) {
            throw new IllegalArgumentException("iterate has length " + u.length + " but the average has dimension "
                    + dimension);
        }
        count++;
        double weight = 1.0 / count;
        for (int i = 0; i < dimension; i++) {
            mean[i] += weight * (u[i] - mean[i]);
        }
        if (rank > 0) {
            for (int i = 0; i < dimension; i++) {
                squareMean[i] += weight * (u[i] * u[i] - squareMean[i]);
            }
            double[] column = deviations[(int) ((count - 1) % rank)];
            for (int i = 0; i < dimension; i++) {
                column[i] = u[i] - mean[i];
            }
        }
    }

    /** @return the mean ū (live array) */
    public double[] mean() {
        return mean;
    }

    /** @param out receives the diagonal variance {@code max(mean(u²) − ū², 0)} (SWAG only) */
    public void diagonalVariance(double[] out) {
        requireGaussian();
        for (int i = 0; i < dimension; i++) {
            out[i] = Math.max(squareMean[i] - mean[i] * mean[i], 0.0);
        }
    }

    /**
     * Draws one sample from the SWAG Gaussian (see the class comment).
     *
     * @param random source of the normal variates (seeded by the caller)
     * @param out    receives the sample, length n
     */
    public void sample(SplittableRandom random, double[] out) {
        requireGaussian();
        if (count == 0) {
            throw new IllegalStateException("SWAG has no iterates yet; add at least one before sampling");
        }
        int columns = (int) Math.min(count, rank);
        for (int c = 0; c < columns; c++) {
            noise[c] = gaussian(random);
        }
        double lowRank = 1.0 / Math.sqrt(2.0 * Math.max(columns - 1, 1));
        for (int i = 0; i < dimension; i++) {
            double variance = Math.max(squareMean[i] - mean[i] * mean[i], 0.0);
            double s = mean[i] + Math.sqrt(0.5 * variance) * gaussian(random);
            for (int c = 0; c < columns; c++) {
                s += lowRank * deviations[c][i] * noise[c];
            }
            out[i] = s;
        }
    }

    private void requireGaussian() {
        if (rank == 0) {
            throw new IllegalStateException("SWA keeps the mean only; use WeightAverage.swag(n, rank) for a covariance");
        }
    }

    /** Standard normal variate by the polar Box–Muller method (Marsaglia 1964). */
    private static double gaussian(SplittableRandom random) {
        double x;
        double y;
        double r;
        do {
            x = 2.0 * random.nextDouble() - 1.0;
            y = 2.0 * random.nextDouble() - 1.0;
            r = x * x + y * y;
        } while (r >= 1.0 || r == 0.0);
        return x * Math.sqrt(-2.0 * Math.log(r) / r);
    }
}
