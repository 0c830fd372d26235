package io.github.pontryagin.odenets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import io.github.pontryagin.odenets.train.TrainingResult;
import org.junit.jupiter.api.Test;

/**
 * The README's Java examples: the complete library example is the smoke project of src/it (built by the invoker
 * against the installed artifacts), the builder example is {@link ReadmeExample}'s code, and the same spiral training
 * reaches the recorded accuracy.
 */
class ReadmeExampleTest {

    private static List<String> exampleLines(String marker) throws Exception {
        Path source = Path.of("src/test/java/io/github/pontryagin/odenets/ReadmeExample.java");
        List<String> lines = Files.readAllLines(source);
        int begin = lines.indexOf("        // " + marker + "-BEGIN");
        int end = lines.indexOf("        // " + marker + "-END");
        return lines.subList(begin + 1, end).stream().map(line -> line.substring(Math.min(8, line.length())))
                .collect(Collectors.toList());
    }

    /** The library user's project that the invoker builds against the installed artifacts (src/it). */
    private static final Path SMOKE = Path.of("src/it/library-smoke");

    @Test
    void readmeShowsTheLibrarySmokeProjectVerbatim() throws Exception {
        String readme = Files.readString(Path.of("../README.md"));
        String example = Files.readString(SMOKE.resolve("src/main/java/example/SpiralExample.java")).stripTrailing();
        assertTrue(readme.contains("```java\n" + example + "\n```"),
                "README.md must show src/it/library-smoke's SpiralExample.java verbatim");
        List<String> pom = Files.readAllLines(SMOKE.resolve("pom.xml"));
        int begin = pom.indexOf("    <!-- README-DEPENDENCY-BEGIN -->");
        int end = pom.indexOf("    <!-- README-DEPENDENCY-END -->");
        assertTrue(begin >= 0 && end > begin + 1, "markers in the smoke project's pom");
        String version = Files.readAllLines(Path.of("pom.xml")).stream().filter(l -> l.contains("<version>"))
                .findFirst().orElseThrow().strip().replaceAll("</?version>", "");
        String dependency = String.join("\n", pom.subList(begin + 1, end)).replace("@project.version@", version);
        assertTrue(readme.contains(dependency), "README.md must show the smoke project's dependency:\n" + dependency);
        assertTrue(readme.contains("`" + version + "`"), "README.md names the version " + version);
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
