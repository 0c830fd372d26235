package io.github.pontryagin.odenets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import io.github.pontryagin.odenets.train.TrainingResult;
import org.junit.jupiter.api.Test;

/** The README's Java example is this test's code, and it works. */
class ReadmeExampleTest {

    private static List<String> exampleLines() throws Exception {
        return exampleLines("README");
    }

    private static List<String> exampleLines(String marker) throws Exception {
        Path source = Path.of("src/test/java/io/github/pontryagin/odenets/ReadmeExample.java");
        List<String> lines = Files.readAllLines(source);
        int begin = lines.indexOf("        // " + marker + "-BEGIN");
        int end = lines.indexOf("        // " + marker + "-END");
        return lines.subList(begin + 1, end).stream().map(line -> line.substring(Math.min(8, line.length())))
                .collect(Collectors.toList());
    }

    @Test
    void readmeContainsTheExampleVerbatim() throws Exception {
        String readme = Files.readString(Path.of("../README.md"));
        String block = String.join("\n", exampleLines());
        assertTrue(readme.contains(block), "README.md must contain the example of ReadmeExample.java:\n" + block);
    }

    @Test
    void readmeBuilderExampleIsVerbatimAndBuilds() throws Exception {
        String readme = Files.readString(Path.of("../README.md"));
        String block = String.join("\n", exampleLines("README-BUILDER"));
        assertTrue(readme.contains(block), "README.md must contain the builder example of ReadmeExample.java:\n" + block);
        Parameters.Block a1 = ReadmeExample.builderExample();
        assertEquals(8, a1.rows(), "two-layer A1 is hidden width × d");
        assertEquals(4, a1.cols());
    }

    @Test
    void readmeExampleTrainsToHighAccuracy() throws Exception {
        TrainingResult result = ReadmeExample.run();
        assertTrue(result.completed());
        AccuracyBaselines.assertReached("readme", result.testAccuracy());
    }
}
