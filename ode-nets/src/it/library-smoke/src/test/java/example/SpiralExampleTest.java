package example;

import org.junit.jupiter.api.Test;

/** Runs the README's example; it throws below 90 % test accuracy. */
class SpiralExampleTest {

    @Test
    void readmeExampleTrainsTheSpiral() throws Exception {
        SpiralExample.main(new String[0]);
    }
}
