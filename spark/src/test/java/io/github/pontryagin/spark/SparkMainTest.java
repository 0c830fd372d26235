package io.github.pontryagin.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

class SparkMainTest {

    @Test
    void seedsAreRangesOrLists() {
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), SparkMain.seeds("1..5"));
        assertEquals(List.of(1L, 2L, 7L, 9L, 10L), SparkMain.seeds("1, 2,7,9..10"));
        assertThrows(IllegalArgumentException.class, () -> SparkMain.seeds("5..1"));
        assertThrows(NumberFormatException.class, () -> SparkMain.seeds("a..b"));
    }

    @Test
    void aSweepRunThroughSparkEqualsTheSameRunHere() throws Exception {
        SweepRun run = new SweepRun("donut1d", 40, "heun", "free", 3, 2, 1.0, "adam", 0.05, 15, 4);
        List<SweepRun.Outcome> outcomes = SparkSweep.run(SparkTestContext.get(), List.of(run), SweepRun::run);
        SweepRun.Outcome here = run.run();
        assertEquals(here.finalLoss(), outcomes.get(0).finalLoss(), 0.0);
        assertEquals(here.testAccuracy(), outcomes.get(0).testAccuracy(), 0.0);
        assertEquals("donut1d heun free h", run.cell());
    }
}
