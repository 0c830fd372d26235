package io.github.pontryagin.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.github.pontryagin.odenets.OdeNet;
import io.github.pontryagin.odenets.io.ModelFile;
import io.github.pontryagin.odenets.train.TrainingCheckpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a training run with SIGKILL at seeded random moments and resumes it each time: every file left
 * behind must load, and the model at the end must be bit-identical to the one of an uninterrupted run, with
 * the history of every iteration. The child is a separate JVM on the test class path running the command
 * line with the same kernels as this JVM; each kill comes a seeded random 0–400 ms after the child wrote a new
 * checkpoint. The moments of the kills depend on the machine's speed, what is asserted does not.
 */
class KillAndResumeTest {

    /** Kills survived per build; {@code -Dkill.count=N} (the fuzz profile) raises it. */
    static final int KILLS = Integer.getInteger("kill.count", 10);
    static final long SEED = 18L;
    static final int ITERATIONS = 600;

    @TempDir
    Path dir;

    private static String[] trainArgs(Path out, Path checkpoint) {
        List<String> args = new ArrayList<>(List.of("train", "-q", "--points", "150", "--layers", "6",
                "--iterations", Integer.toString(ITERATIONS), "--batch-size", "50", "--no-plots", "--out",
                out.toString()));
        if (checkpoint != null) {
            args.addAll(List.of("--checkpoint", checkpoint.toString(), "--checkpoint-every", "7"));
            if (Files.exists(checkpoint)) {
                args.addAll(List.of("--resume", checkpoint.toString()));
            }
        }
        return args.toArray(String[]::new);
    }

    private static Process start(String[] args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Djava.awt.headless=true", "-Xss8m"));
        // the child must use the same kernels as this JVM: the SIMD and scalar kernels do not give the same bits
        // over a whole training run (observed here), so the vector module is added only when this JVM has it
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            command.addAll(List.of("--add-modules", "jdk.incubator.vector"));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Pontryagin.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    @Test
    void everyFileLeftByKillsLoadsAndResumeIsBitIdentical() throws Exception {
        Path reference = dir.resolve("reference");
        Cli.ok(trainArgs(reference, null));
        double[] expected;
        try (OdeNet net = ModelFile.read(reference.resolve(TrainingRun.MODEL_JSON))) {
            expected = net.parameters().clone();
        }

        SplittableRandom random = new SplittableRandom(SEED);
        int kills = 0;
        int completed = 0;
        int checkpoints = 0;
        int series = 0;
        long lastIteration = -1;
        Path out = null;
        Path checkpoint = null;
        while (kills < KILLS) {
            if (out == null) {
                out = dir.resolve("run-" + series++);
                checkpoint = out.resolve("ck.json");
                lastIteration = -1;
            }
            Process child = start(trainArgs(out, checkpoint));
            // kill only after the child has written a new checkpoint (JVM start-up takes seconds on a loaded
            // machine), then after a seeded random delay, so that every kill interrupts training in progress
            Object version = version(checkpoint);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
            while (child.isAlive() && Objects.equals(version, version(checkpoint)) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            boolean finished = child.waitFor(random.nextInt(400), TimeUnit.MILLISECONDS);
            if (!finished) {
                child.toHandle().destroyForcibly();
                child.waitFor();
                kills++;
            } else {
                assertEquals(0, child.exitValue(), "a child that was not killed must succeed");
            }
            long before = lastIteration;
            lastIteration = checkFilesLoad(out, checkpoint, lastIteration);
            checkpoints += lastIteration > before ? 1 : 0;
            // a child killed after model.json but before the rest is resumed like any other; since 600 is not a
            // multiple of the checkpoint interval 7, its last checkpoint is before the end and the resume runs
            if (finished) {
                assertFinal(out, expected);
                completed++;
                out = null;
            }
        }
        if (out != null) {
            Cli.ok(trainArgs(out, checkpoint));
            assertFinal(out, expected);
            completed++;
        }
        assertTrue(kills >= KILLS && completed >= 1, kills + " kills, " + completed + " runs completed");
        assertTrue(checkpoints >= KILLS, "every kill came after a new checkpoint; seen " + checkpoints);
        System.out.printf("KillAndResumeTest: %d SIGKILLs survived, %d run(s) completed bit-identical, %d checkpoint"
                + " iterations seen, last %d of %d%n", kills, completed, checkpoints, lastIteration, ITERATIONS);
    }

    /** Identifies one version of a file: its file key (inode) and modification time; null when absent. */
    private static Object version(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return List.of(String.valueOf(a.fileKey()), a.lastModifiedTime());
        } catch (IOException e) {
            return null;
        }
    }

    /** Every file in {@code out} loads; the checkpoint never goes back. Returns its iteration. */
    private static long checkFilesLoad(Path out, Path checkpoint, long lastIteration) throws Exception {
        long iteration = lastIteration;
        if (Files.exists(checkpoint)) {
            TrainingCheckpoint saved = TrainingCheckpoint.read(checkpoint);
            saved.net().close();
            assertTrue(saved.iteration() >= lastIteration, "the checkpoint went back from " + lastIteration
                    + " to " + saved.iteration());
            assertEquals(saved.iteration(), saved.losses().length, "the checkpoint holds every loss");
            iteration = saved.iteration();
        }
        Path model = out.resolve(TrainingRun.MODEL_JSON);
        if (Files.exists(model)) {
            ModelFile.read(model).close();
        }
        Path history = out.resolve(TrainingRun.HISTORY_CSV);
        if (Files.exists(history)) {
            List<String> lines = Files.readAllLines(history);
            assertEquals(ITERATIONS + 1, lines.size(), "history.csv is whole");
        }
        return iteration;
    }

    private static void assertFinal(Path out, double[] expected) throws Exception {
        try (OdeNet net = ModelFile.read(out.resolve(TrainingRun.MODEL_JSON))) {
            assertArrayEquals(expected, net.parameters(), "resumed model differs from the uninterrupted one");
        }
        List<String> lines = Files.readAllLines(out.resolve(TrainingRun.HISTORY_CSV));
        assertEquals(ITERATIONS + 1, lines.size(), "history.csv has every iteration");
        for (int k = 1; k <= ITERATIONS; k++) {
            assertTrue(lines.get(k).startsWith(k + ","), "line " + k + " of history.csv: " + lines.get(k));
        }
        try (Stream<Path> files = Files.list(out)) {
            List<String> temporary = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp"))
                    .toList();
            assertEquals(List.of(), temporary, "temporary files left in " + out + File.separator);
        }
    }
}
