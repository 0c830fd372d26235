package io.github.pontryagin.adjoint;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Keeps the worst error seen per check and prints it when the JVM exits (for the issue notes). */
final class WorstErrors {

    private static final Map<String, String> WORST_CASE = new ConcurrentHashMap<>();
    private static final Map<String, Double> WORST = new ConcurrentHashMap<>();

    private WorstErrors() {
    }

    /** Prints the worst error recorded for {@code check} (called from {@code @AfterAll}). */
    static synchronized void print(String check) {
        Double error = WORST.get(check);
        if (error != null) {
            System.out.printf(Locale.ROOT, "worst %s error: %.3e (%s)%n", check, error, WORST_CASE.get(check));
        }
    }

    static synchronized void record(String check, String label, double error) {
        Double previous = WORST.get(check);
        if (previous == null || error > previous || Double.isNaN(error)) {
            WORST.put(check, error);
            WORST_CASE.put(check, label);
        }
    }
}
