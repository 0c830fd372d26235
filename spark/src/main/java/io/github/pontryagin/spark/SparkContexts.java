package io.github.pontryagin.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** Spark contexts as this project uses them: embedded {@code local[*]} unless a master is given. */
public final class SparkContexts {

    /** The default master: Spark inside this JVM on every core; nothing to install. */
    public static final String LOCAL = "local[*]";

    private SparkContexts() {
    }

    /**
     * @param master  a Spark master URL ({@code local[2]}, {@code local[2,3]} for 3 attempts per task,
     *                {@code spark://host:7077}, {@code yarn}), or null for {@link #LOCAL} (or the master of
     *                {@code spark-submit}, which sets {@code spark.master})
     * @param appName the application's name in the Spark UI
     * @return a new context; close it when done
     */
    public static JavaSparkContext create(String master, String appName) {
        SparkConf conf = new SparkConf().setAppName(appName).setIfMissing("spark.ui.enabled", "false");
        if (master != null) {
            conf.setMaster(master);
        } else {
            conf.setIfMissing("spark.master", LOCAL);
        }
        if (conf.get("spark.master").startsWith("local")) {
            // embedded: bind to the loopback interface, whatever the machine's host name resolves to
            conf.setIfMissing("spark.driver.host", "127.0.0.1").setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        JavaSparkContext context = new JavaSparkContext(conf);
        context.setLogLevel("WARN");
        return context;
    }
}
