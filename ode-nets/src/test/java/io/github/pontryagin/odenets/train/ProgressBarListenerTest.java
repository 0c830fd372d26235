package io.github.pontryagin.odenets.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import io.github.pontryagin.core.optim.Optimizers;
import io.github.pontryagin.odenets.OdeNet;
import io.github.pontryagin.odenets.data.Datasets;
import org.junit.jupiter.api.Test;

class ProgressBarListenerTest {

    @Test
    void barShowsTaskIterationsLossAndAccuracy() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Trainer.builder().optimizer(Optimizers.adam(0.01)).iterations(40).evaluateEvery(20)
                .listener(new ProgressBarListener("spiral", stream)).build()
                .train(OdeNet.builder().layers(3).build(), Datasets.spiral(60, 1), null);
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("spiral"), text);
        assertTrue(text.contains("40/40"), text);
        assertTrue(text.contains("loss"), text);
        assertTrue(text.contains("acc"), text);
    }
}
