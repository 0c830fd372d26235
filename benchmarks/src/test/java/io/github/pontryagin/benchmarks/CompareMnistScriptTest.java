package io.github.pontryagin.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code compare-mnist.sh} refuses a bad {@code ROUNDS} in one line with exit code 2, before it fetches data or
 * runs anything (the comparison itself is a slow experiment, not part of the tests).
 */
class CompareMnistScriptTest {

    @ParameterizedTest
    @ValueSource(strings = {"0", "x", "-1", "2.5"})
    void badRoundsIsAOneLineUsageError(String rounds) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", "compare-mnist.sh", "100", "1").directory(new File("."));
        builder.environment().put("ROUNDS", rounds);
        builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process process = builder.start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the script must stop at once");
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, process.exitValue(), stderr);
        assertEquals("compare-mnist.sh: ROUNDS must be a whole number >= 1, got '" + rounds + "'\n", stderr);
    }
}
