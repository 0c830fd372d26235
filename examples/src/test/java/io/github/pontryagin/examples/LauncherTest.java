package io.github.pontryagin.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./pontryagin} launcher, run as a user runs it: the Vector API is on, the JDK's incubator notice is
 * gone from stderr, errors stay one line with exit code 2, and a training run gives the same model file, byte for
 * byte, with the SIMD and with the plain-Java kernels. The launcher runs against a jar whose manifest points at
 * this module's test class path (the real jar is only built in the package phase).
 */
class LauncherTest {

    @TempDir
    static Path root;

    record Run(int exitCode, String out, String err) {
    }

    @BeforeAll
    static void installLauncher() throws IOException {
        Path launcher = Path.of("").toAbsolutePath().getParent().resolve("pontryagin");
        Files.copy(launcher, root.resolve("pontryagin"), StandardCopyOption.COPY_ATTRIBUTES);
        Path jar = root.resolve("examples/target/pontryagin-examples-0.1.0-SNAPSHOT-all.jar");
        Files.createDirectories(jar.getParent());
        Manifest manifest = new Manifest();
        Attributes attributes = manifest.getMainAttributes();
        attributes.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        attributes.put(Attributes.Name.MAIN_CLASS, Pontryagin.class.getName());
        List<String> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                urls.add(Path.of(entry).toAbsolutePath().toUri().toString());
            }
        }
        attributes.put(Attributes.Name.CLASS_PATH, String.join(" ", urls));
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            out.flush();
        }
    }

    private static Run launch(String javaOpts, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", root.resolve("pontryagin").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile());
        Map<String, String> env = builder.environment();
        env.put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        env.put("JAVA_OPTS", javaOpts);
        Path out = Files.createTempFile(root, "out", ".txt");
        Path err = Files.createTempFile(root, "err", ".txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        int code = process.waitFor();
        // the stderr filter may still be flushing when the JVM has exited
        for (int i = 0; i < 50 && Files.size(err) == 0 && code != 0; i++) {
            Thread.sleep(20);
        }
        Thread.sleep(100);
        return new Run(code, Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void launcherRunsTheVectorApiKernelsWithoutTheIncubatorWarning() throws Exception {
        Run run = launch("", "--version");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("kernels: Vector API"), run.out());
        assertFalse(run.err().contains("WARNING"), run.err());
        assertEquals("", run.err());
    }

    @Test
    void wrongVectorWidthPropertyIsOneLineWithExitCodeTwo() throws Exception {
        Run run = launch("-Dpontryagin.vector.bits=128", "--version");
        assertEquals(2, run.exitCode(), run.out());
        assertEquals("pontryagin: -Dpontryagin.vector.bits=128: expected 256 or 512 "
                + "(bits of the SIMD kernels' vectors)", run.err().strip());
        Run wide = launch("-Dpontryagin.vector.bits=512", "--version");
        assertEquals(0, wide.exitCode(), wide.err());
        assertTrue(wide.out().contains("Vector API, 8 double lanes"), wide.out());
    }

    /**
     * On fewer than 8 CPUs the launcher asks for six JIT compiler threads (the JVM's own choice there is 2 or 3, one
     * C2 thread too few to compile the kernels while the data are read, docs/mnist.md, twelfth round), elsewhere it
     * leaves the JVM's choice; JAVA_OPTS comes after the launcher's options, so the user's value wins.
     */
    @Test
    void launcherGivesSmallMachinesSixCompilerThreadsUnlessJavaOptsSaysOtherwise() throws Exception {
        Run run = launch("-XX:+PrintFlagsFinal", "--version");
        assertEquals(0, run.exitCode(), run.err());
        Pattern count = Pattern.compile("CICompilerCount\\s+=\\s+(\\d+)\\s+\\{product\\} \\{([^}]*)\\}");
        Matcher matcher = count.matcher(run.out());
        assertTrue(matcher.find(), run.out().lines().filter(l -> l.contains("CICompilerCount")).toList().toString());
        if (Runtime.getRuntime().availableProcessors() < 8) {
            assertEquals("6", matcher.group(1), matcher.group());
            assertEquals("command line", matcher.group(2), matcher.group());
        } else {
            assertEquals("ergonomic", matcher.group(2), matcher.group());
        }
        Run own = launch("-XX:CICompilerCount=3 -XX:+PrintFlagsFinal", "--version");
        assertEquals(0, own.exitCode(), own.err());
        Matcher ownMatcher = count.matcher(own.out());
        assertTrue(ownMatcher.find(), own.out());
        assertEquals("3", ownMatcher.group(1), ownMatcher.group());
    }

    @Test
    void wrongOptionThroughTheLauncherIsOneLineWithExitCodeTwo() throws Exception {
        Run run = launch("", "train", "--layers", "0");
        assertEquals(2, run.exitCode(), run.out());
        String err = run.err().strip();
        assertEquals(1, err.lines().count(), run.err());
        assertTrue(err.contains("--layers") && err.contains("0"), err);
        assertFalse(err.contains("WARNING"), err);
    }

    @Test
    void trainingGivesTheSameModelFileByteForByteWithAndWithoutTheVectorApi() throws Exception {
        byte[][] models = new byte[2][];
        String[] modes = {"", "-Dpontryagin.vector=false"};
        for (int i = 0; i < 2; i++) {
            Path out = root.resolve("train-" + i);
            Run version = launch(modes[i], "--version");
            assertTrue(version.out().contains(i == 0 ? "kernels: Vector API" : "kernels: plain Java"), version.out());
            Run run = launch(modes[i], "train", "--dataset", "spiral", "--points", "300", "--layers", "10",
                    "--width", "4", "--tableau", "rk4", "--optimizer", "armijo", "--iterations", "200", "--no-plots",
                    "--out", out.toString());
            assertEquals(0, run.exitCode(), run.err());
            models[i] = Files.readAllBytes(out.resolve("model.json"));
        }
        assertArrayEquals(models[0], models[1], "model files differ between the SIMD and the plain-Java kernels");
    }

    /**
     * Class data sharing: the first successful run of a subcommand leaves its archive (and no temporary file), a
     * failed run leaves nothing, and the run that maps the archive prints what the run that wrote it printed.
     */
    @Test
    void firstSuccessfulRunOfASubcommandWritesItsClassArchiveAndFailedRunsDoNot() throws Exception {
        Path cds = root.resolve("examples/target/cds");
        Run failed = launch("", "predict", "--model", "missing.json");
        assertTrue(failed.exitCode() != 0, failed.out());
        Run first = launch("", "completion");
        assertEquals(0, first.exitCode(), first.err());
        Run second = launch("", "completion");
        assertEquals(0, second.exitCode(), second.err());
        assertEquals(first.out(), second.out());
        assertEquals("", second.err());
        assertTrue(Files.isRegularFile(cds.resolve("completion.jsa")), "no archive after a successful run");
        assertFalse(Files.exists(cds.resolve("predict.jsa")), "an archive after a failed run");
        try (var files = Files.list(cds)) {
            assertEquals(List.of(), files.filter(f -> f.toString().endsWith(".tmp")).toList(), "temporary files left");
        }
    }
}
