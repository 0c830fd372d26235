package io.github.pontryagin.odenets.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Plain progress lines: when they are printed and what they say. */
class ProgressLogListenerTest {

    private static final long SECOND = 1_000_000_000L;

    /** Iterations 1..total, the k-th ending at k * nanosPerIteration, evaluated every {@code evaluateEvery}. */
    private static List<String> run(ProgressLogListener listener, long first, long total, long nanosPerIteration,
                                    long evaluateEvery, List<String> lines) {
        listener.onStart(first, total);
        for (long k = first + 1; k <= total; k++) {
            boolean evaluated = k % evaluateEvery == 0;
            listener.onIteration(new TrainingProgress(k, total, 1.0 / k, evaluated ? 0.5 + 0.001 * k : Double.NaN,
                    evaluated ? 0.4 : Double.NaN, (k - first) * nanosPerIteration));
        }
        return lines;
    }

    @Test
    void aLineEveryIntervalOfWallTimeAndOneForTheLastIteration() {
        List<String> lines = new ArrayList<>();
        // 0.3 s per iteration, a line every 2 s: iterations 7, 14, 21, ... and the last (100)
        run(new ProgressLogListener("t", 2.0, 0, lines::add), 0, 100, 3 * SECOND / 10, 10, lines);
        assertEquals(15, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(0).startsWith("t: iteration 7/100 (7.0 %), loss 0.142857, train accuracy -, "),
                lines.get(0));
        assertTrue(lines.get(1).startsWith("t: iteration 14/100 (14.0 %), loss 0.0714286, train accuracy 51.00 %, "
                + "test accuracy 40.00 %, 3.3 it/s, elapsed 4 s, ETA 26 s"), lines.get(1));
        assertTrue(lines.get(14).startsWith("t: iteration 100/100 (100.0 %)"), lines.get(14));
        assertTrue(lines.get(14).endsWith("ETA 0 s"), lines.get(14));
        lines.forEach(l -> assertFalse(l.contains("\r") || l.contains("\n")));
    }

    @Test
    void aLineEveryKIterationsWhenAskedAndRatesCountFromTheResumedIteration() {
        List<String> lines = new ArrayList<>();
        run(new ProgressLogListener("resumed", 3600, 25, lines::add), 50, 150, SECOND / 10, 1000, lines);
        assertEquals(List.of(75L, 100L, 125L, 150L), lines.stream()
                .map(l -> Long.parseLong(l.replaceAll("^resumed: iteration (\\d+)/150.*", "$1"))).toList());
        assertTrue(lines.get(0).contains(", 10.0 it/s, elapsed 3 s, ETA 8 s"), lines.get(0));
    }

    @Test
    void theHeldOutSetIsCalledWhatTheCallerCallsIt() {
        List<String> lines = new ArrayList<>();
        // a line every 10 iterations, the first after the evaluation of iteration 10
        run(new ProgressLogListener("mnist", "validation", 3600, 10, lines::add), 0, 20, SECOND, 10, lines);
        assertEquals(2, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(0).contains("train accuracy 51.00 %, validation accuracy 40.00 %"), lines.get(0));
        assertFalse(lines.get(0).contains("test"), lines.get(0));
    }

    @Test
    void durationsReadAsSecondsMinutesOrHours() {
        assertEquals("59 s", ProgressLogListener.duration(59.4));
        assertEquals("1 min 05 s", ProgressLogListener.duration(65));
        assertEquals("2 h 07 min", ProgressLogListener.duration(2 * 3600 + 7 * 60 + 30));
    }

    @Test
    void badSettingsAreRefusedByName() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ProgressLogListener("t", -1, 0, l -> { }))
                .getMessage().contains("intervalSeconds"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ProgressLogListener("t", 1, -2, l -> { }))
                .getMessage().contains("everyIterations"));
    }
}
