package io.github.pontryagin.spark;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.pontryagin.core.optim.Objective;
import io.github.pontryagin.odenets.OdeNet;
import io.github.pontryagin.odenets.data.Dataset;
import io.github.pontryagin.odenets.io.ModelFile;

/**
 * The full-batch loss of an {@link OdeNet} on a data set partitioned across Spark executors (docs/theory.md §1:
 * {@code J = (1/M) Σ_k ℓ(y_N^k, c^k) + R(u)}, a sum over points). The data are cut into slices of the net's chunk
 * size C, cached on the executors; for each evaluation every executor computes, with the same kernels, the loss
 * sum and gradient of each of its slices ({@link OdeNet#lossSum}); the driver sorts the slice results by index,
 * sums them from zero in that order and adds the regulariser ({@link OdeNet#regularization}).
 *
 * <p><b>Bit-identical to the single JVM.</b> The slices are exactly the chunks of {@link OdeNet#lossAndGradient}
 * (cut at multiples of C, each evaluated as one chunk) and are summed in chunk order, the order of the
 * single-JVM evaluator; loss and gradient therefore equal {@code net.lossAndGradient} bit for bit, for any number
 * of partitions and executors.
 *
 * <p>Any full-batch optimizer (gradient descent with Armijo or the Lipschitz rule, L-BFGS, …) runs on it, since
 * optimizers see only {@link Objective}. The net's architecture travels once as its model file (JSON, broadcast);
 * the parameters go with every evaluation. A net with a user-supplied vector field, which has no model file,
 * cannot be distributed.
 */
public final class DistributedObjective implements Objective, AutoCloseable {

    /** Idle executor-side nets, by the id of the objective that broadcast them. */
    private static final Map<String, Queue<OdeNet>> EXECUTOR_NETS = new ConcurrentHashMap<>();

    private final JavaSparkContext spark;
    private final OdeNet net;
    private final int size;
    private final int slices;
    private final JavaRDD<DataSlice> data;
    private final Broadcast<String> model;
    private final String id = UUID.randomUUID().toString();

    /**
     * Partitions the data and caches it on the executors.
     *
     * @param spark      the Spark context
     * @param net        the net (its parameters are not used: {@link #valueAndGradient} takes u)
     * @param dataset    the training points, dimension {@code net.inputDimension()}
     * @param partitions the number of partitions (at most the number of slices is used)
     */
    public DistributedObjective(JavaSparkContext spark, OdeNet net, Dataset dataset, int partitions) {
        if (dataset.dimension() != net.inputDimension()) {
            throw new IllegalArgumentException("data have dimension " + dataset.dimension()
                    + " but the net expects inputDimension " + net.inputDimension());
        }
        if (dataset.size() == 0) {
            throw new IllegalArgumentException("data must contain at least one point");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1 but is " + partitions);
        }
        this.spark = spark;
        this.net = net;
        this.size = dataset.size();
        int chunk = net.executionOptions().chunkSize();
        List<DataSlice> list = new ArrayList<>();
        double[] features = dataset.features();
        int[] labels = dataset.labels();
        int d0 = dataset.dimension();
        for (int start = 0, index = 0; start < size; start += chunk, index++) {
            int m = Math.min(chunk, size - start);
            double[] x = new double[d0 * m];
            for (int i = 0; i < d0; i++) {
                System.arraycopy(features, i * size + start, x, i * m, m);
            }
            int[] c = new int[m];
            System.arraycopy(labels, start, c, 0, m);
            list.add(new DataSlice(index, m, x, c));
        }
        this.slices = list.size();
        this.data = spark.parallelize(list, Math.min(partitions, slices)).cache();
        this.data.count();
        String json;
        try {
            json = new ObjectMapper().writeValueAsString(ModelFile.toJson(net));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("the net's model file could not be written as JSON", e);
        }
        this.model = spark.broadcast(json);
    }

    /** @return the number of slices (chunks of the net's chunk size) */
    public int slices() {
        return slices;
    }

    /** @return the number of partitions of the cached data */
    public int partitions() {
        return data.getNumPartitions();
    }

    @Override
    public double valueAndGradient(double[] u, double[] gradOut) {
        return evaluate(u, gradOut);
    }

    @Override
    public double value(double[] u) {
        return evaluate(u, null);
    }

    private double evaluate(double[] u, double[] gradOut) {
        if (u.length != net.parameters().length) {
            throw new IllegalArgumentException("u has length " + u.length + " but the net has "
                    + net.parameters().length + " parameters");
        }
        double[] point = u.clone();
        boolean withGradient = gradOut != null;
        int total = size;
        int chunk = net.executionOptions().chunkSize();
        String key = id;
        Broadcast<String> json = model;
        List<SliceResult> results = new ArrayList<>(data.mapPartitions((Iterator<DataSlice> it) -> {
            OdeNet local = borrow(key, json.value(), chunk);
            List<SliceResult> out = new ArrayList<>();
            try {
                while (it.hasNext()) {
                    DataSlice s = it.next();
                    double[] g = withGradient ? new double[point.length] : null;
                    double loss = local.lossSum(point, s.features(), s.labels(), s.size(), total, g);
                    out.add(new SliceResult(s.index(), loss, g));
                }
            } finally {
                giveBack(key, local);
            }
            return out.iterator();
        }).collect());
        results.sort(Comparator.comparingInt(SliceResult::index));
        if (results.size() != slices) {
            throw new IllegalStateException("expected " + slices + " slice results but received " + results.size());
        }
        double loss = 0;
        if (gradOut != null) {
            java.util.Arrays.fill(gradOut, 0.0);
        }
        for (SliceResult r : results) {
            loss += r.loss();
            if (gradOut != null) {
                double[] g = r.gradient();
                for (int i = 0; i < gradOut.length; i++) {
                    gradOut[i] += g[i];
                }
            }
        }
        return loss / size + net.regularization(u, gradOut);
    }

    /**
     * Borrows an executor-side copy of the net (rebuilt from the model file with one thread and chunk size C);
     * a net is not safe for concurrent calls, so each running task holds its own until {@link #giveBack}.
     */
    private static OdeNet borrow(String key, String json, int chunk) throws java.io.IOException {
        OdeNet idle = EXECUTOR_NETS.computeIfAbsent(key, k -> new ConcurrentLinkedQueue<>()).poll();
        if (idle != null) {
            return idle;
        }
        try (OdeNet read = ModelFile.fromJson(new ObjectMapper().readTree(json), "broadcast model")) {
            return read.toBuilder().threads(1).chunkSize(chunk).build();
        }
    }

    private static void giveBack(String key, OdeNet local) {
        EXECUTOR_NETS.computeIfAbsent(key, k -> new ConcurrentLinkedQueue<>()).add(local);
    }

    /** Unpersists the data and the model (executor nets of this objective stay cached until their JVM ends). */
    @Override
    public void close() {
        data.unpersist(false);
        model.unpersist(false);
        Queue<OdeNet> local = EXECUTOR_NETS.remove(id);
        if (local != null) {
            local.forEach(OdeNet::close);
        }
    }
}
