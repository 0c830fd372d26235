package io.github.pontryagin.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.apache.spark.api.java.JavaSparkContext;

import scala.Tuple2;

/**
 * A sweep as Spark tasks: every element of the grid (configuration × seed) is one task that runs on an executor
 * and returns its result; the results come back in grid order, each exactly once. A task that fails (an
 * exception, a lost executor) is run again by Spark up to {@code spark.task.maxFailures} times; because a
 * collected partition is the output of one successful attempt, a retried run still appears once.
 */
public final class SparkSweep {

    /** One run of the sweep: must be serializable, as it travels to the executors. */
    @FunctionalInterface
    public interface Run<T, R> extends Serializable {
        /**
         * @param task the element of the grid
         * @return the result of the run
         * @throws Exception to make Spark retry the task
         */
        R run(T task) throws Exception;
    }

    private SparkSweep() {
    }

    /**
     * Runs every task, one Spark task each.
     *
     * @param spark the Spark context
     * @param tasks the grid, in the order of the result list
     * @param run   what one task does
     * @return the results, {@code results.get(i)} of {@code tasks.get(i)}
     */
    public static <T extends Serializable, R extends Serializable> List<R> run(JavaSparkContext spark, List<T> tasks,
                                                                               Run<T, R> run) {
        if (tasks.isEmpty()) {
            return List.of();
        }
        List<Tuple2<Integer, T>> indexed = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            indexed.add(new Tuple2<>(i, tasks.get(i)));
        }
        List<Tuple2<Integer, R>> collected = new ArrayList<>(spark.parallelize(indexed, tasks.size())
                .map(t -> new Tuple2<>(t._1(), run.run(t._2())))
                .collect());
        collected.sort(Comparator.comparingInt(Tuple2::_1));
        List<R> results = new ArrayList<>(tasks.size());
        for (int i = 0; i < collected.size(); i++) {
            if (collected.get(i)._1() != i) {
                throw new IllegalStateException("sweep result " + i + " is missing or repeated (got index "
                        + collected.get(i)._1() + ")");
            }
            results.add(collected.get(i)._2());
        }
        if (results.size() != tasks.size()) {
            throw new IllegalStateException("expected " + tasks.size() + " results but received " + results.size());
        }
        return results;
    }

    /**
     * Mean and sample standard deviation (n − 1 in the denominator; 0 for a single value) of values over seeds.
     *
     * @param values at least one value
     * @return {mean, standard deviation}
     */
    public static double[] meanAndStd(double[] values) {
        return io.github.pontryagin.examples.CompareRun.meanAndStd(values);
    }
}
