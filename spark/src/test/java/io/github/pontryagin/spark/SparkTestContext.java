package io.github.pontryagin.spark;

import org.apache.spark.api.java.JavaSparkContext;

/** One embedded Spark context for all tests of the module: local[2] with up to 3 attempts per task. */
final class SparkTestContext {

    private static JavaSparkContext context;

    private SparkTestContext() {
    }

    static synchronized JavaSparkContext get() {
        if (context == null) {
            context = SparkContexts.create("local[2,3]", "pontryagin-tests");
            context.setLogLevel("WARN");
            Runtime.getRuntime().addShutdownHook(new Thread(context::close));
        }
        return context;
    }
}
