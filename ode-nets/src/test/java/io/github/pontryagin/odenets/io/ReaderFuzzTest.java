package io.github.pontryagin.odenets.io;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.pontryagin.core.optim.Optimizers;
import io.github.pontryagin.odenets.OdeNet;
import io.github.pontryagin.odenets.data.DataFormatException;
import io.github.pontryagin.odenets.data.Dataset;
import io.github.pontryagin.odenets.data.DatasetCsv;
import io.github.pontryagin.odenets.data.IdxFile;
import io.github.pontryagin.odenets.data.NpyFile;
import io.github.pontryagin.odenets.data.Datasets;
import io.github.pontryagin.odenets.train.Trainer;
import io.github.pontryagin.odenets.train.TrainingCheckpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seeded mutation fuzzer of every file reader: valid files (a model, a checkpoint, CSV data) are mutated
 * (IDX and NPY arrays too; bit flips, structural bytes, deleted, repeated or cut ranges, numbers replaced by extreme ones, very long
 * lines) and read. The only exception that may escape is the reader's documented one ({@link
 * ModelFormatException} for model files and checkpoints, {@link DataFormatException} for CSV), and no input
 * may take longer than {@link #TIMEOUT_SECONDS}. The inputs are a function of the seed, so a failure
 * reproduces; {@code -Dfuzz.inputs=N} (the {@code fuzz} Maven profile) runs more of them.
 */
class ReaderFuzzTest {

    /** Inputs per reader in a normal build; the fuzz profile raises it. */
    static final int INPUTS = Integer.getInteger("fuzz.inputs", 500);
    static final long SEED = Long.getLong("fuzz.seed", 20261202L);
    static final int TIMEOUT_SECONDS = 10;

    private static final String[] NUMBERS = {"0", "-1", "-0", "1", "2", "3", "1000000000", "2000000000",
            "2147483647", "2147483648", "-2147483648", "9223372036854775807", "99999999999999999999", "1e308",
            "-1e308", "1e400", "4.9e-324", "1e-320", "NaN", "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "null",
            "true", "\"\"", "[]", "{}", "0.5", "1e6", "100000"};
    private static final String STRUCTURE = "{}[]\",:-.e0123456789 \n\r\t#aA\u00e9";

    @TempDir
    static Path dir;
    private static ExecutorService worker;
    private static byte[] model;
    private static byte[] checkpoint;
    private static byte[] csv;

    /** A reader under test: reads the file, may throw only the documented exception. */
    @FunctionalInterface
    interface Reader {
        void read(Path path) throws Exception;
    }

    @BeforeAll
    static void seeds() throws Exception {
        worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-reader");
            t.setDaemon(true);
            return t;
        });
        Dataset data = Datasets.spiral(40, 1);
        OdeNet net = OdeNet.builder().inputDimension(2).width(2).layers(3).seed(1).build();
        Path modelFile = dir.resolve("model.json");
        ModelFile.write(net, modelFile);
        model = Files.readAllBytes(modelFile);
        Path ck = dir.resolve("ck.json");
        Trainer.builder().optimizer(Optimizers.adam(0.05)).iterations(4).evaluateEvery(2).checkpoint(ck, 2)
                .setting("optimizer", "adam").build().train(net, data, null);
        checkpoint = Files.readAllBytes(ck);
        Path csvFile = dir.resolve("data.csv");
        DatasetCsv.write(data.subset(new int[]{0, 1, 2, 3, 4, 5, 6, 7}), csvFile);
        csv = Files.readAllBytes(csvFile);
    }

    @AfterAll
    static void stop() {
        worker.shutdownNow();
    }

    @Test
    void modelFileReaderThrowsOnlyModelFormatException() throws Exception {
        fuzz("model", model, 1, p -> ModelFile.read(p).close(), ModelFormatException.class);
    }

    @Test
    void checkpointReaderThrowsOnlyModelFormatException() throws Exception {
        fuzz("checkpoint", checkpoint, 2, p -> TrainingCheckpoint.read(p).net().close(),
                ModelFormatException.class);
    }

    @Test
    void csvReaderThrowsOnlyDataFormatException() throws Exception {
        fuzz("csv", csv, 3, DatasetCsv::read, DataFormatException.class);
    }

    @Test
    void idxReadersThrowOnlyDataFormatException() throws Exception {
        int count = 6;
        java.nio.ByteBuffer labels = java.nio.ByteBuffer.allocate(8 + count).putInt(0x00000801).putInt(count);
        java.nio.ByteBuffer images = java.nio.ByteBuffer.allocate(16 + count * 9).putInt(0x00000803).putInt(count)
                .putInt(3).putInt(3);
        for (int k = 0; k < count; k++) {
            labels.put((byte) (k % 3));
            for (int p = 0; p < 9; p++) {
                images.put((byte) (17 * k + 29 * p));
            }
        }
        Path validLabels = dir.resolve("valid-labels-idx1-ubyte");
        Files.write(validLabels, labels.array());
                fuzz("idx-labels", labels.array(), 4, IdxFile::readLabels, DataFormatException.class);
        fuzz("idx-images", images.array(), 5, path -> IdxFile.read(path, validLabels), DataFormatException.class);
    }

    @Test
    void npyReaderThrowsOnlyDataFormatException() throws Exception {
        Path features = dir.resolve("seed-x.npy");
        NpyFile.writeDataset(Datasets.spiral(6, 1), features, dir.resolve("seed-y.npy"));
        fuzz("npy", Files.readAllBytes(features), 6, NpyFile::read, DataFormatException.class);
    }

    private static void fuzz(String name, byte[] seed, long stream, Reader reader,
                             Class<? extends Exception> documented) throws Exception {
        SplittableRandom random = new SplittableRandom(SEED * 31 + stream);
        Path file = dir.resolve("fuzz-" + name);
        int rejected = 0;
        for (int n = 0; n < INPUTS; n++) {
            int i = n;
            byte[] input = mutate(seed, random);
            Files.write(file, input);
            Future<?> result = worker.submit(() -> {
                reader.read(file);
                return null;
            });
            try {
                result.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                result.cancel(true);
                keep(name, i, input);
                fail(name + " input " + i + " took more than " + TIMEOUT_SECONDS + " s (saved as "
                        + dir.resolve("failing-" + name + "-" + i) + ")");
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (!documented.isInstance(cause)) {
                    keep(name, i, input);
                    throw new AssertionError(name + " input " + i + " threw " + cause + " instead of "
                            + documented.getSimpleName() + "; input: " + preview(input), cause);
                }
                String message = cause.getMessage();
                assertTrue(message != null && message.contains(file.toString()),
                        () -> name + " input " + i + ": the message must name the file: " + message);
                assertTrue(message.length() < 1000, () -> name + " input " + i + ": message of " + message.length()
                        + " characters");
                rejected++;
            }
        }
        System.out.printf("ReaderFuzzTest %s: %d mutated inputs, %d rejected with %s, %d read%n", name, INPUTS,
                rejected, documented.getSimpleName(), INPUTS - rejected);
        assertTrue(rejected > INPUTS / 10, name + ": only " + rejected + " of " + INPUTS
                + " mutated inputs were rejected; the mutations are too weak to test the reader");
    }

    private static void keep(String name, int i, byte[] input) throws IOException {
        Files.write(dir.resolve("failing-" + name + "-" + i), input);
    }

    private static String preview(byte[] input) {
        String s = new String(input, StandardCharsets.UTF_8);
        return s.length() > 400 ? s.substring(0, 400) + "..." : s;
    }

    /** One to four stacked mutations of {@code seed}. */
    static byte[] mutate(byte[] seed, SplittableRandom random) {
        byte[] b = seed;
        int count = 1 + random.nextInt(4);
        for (int k = 0; k < count; k++) {
            b = mutateOnce(b, random);
        }
        return b;
    }

    private static byte[] mutateOnce(byte[] b, SplittableRandom random) {
        if (b.length == 0) {
            return new byte[]{(byte) STRUCTURE.charAt(random.nextInt(STRUCTURE.length()))};
        }
        int at = random.nextInt(b.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + 64);
        switch (random.nextInt(8)) {
            case 0 -> { // flip one bit
                byte[] c = b.clone();
                c[at] ^= (byte) (1 << random.nextInt(8));
                return c;
            }
            case 1 -> { // a structural character
                byte[] c = b.clone();
                c[at] = (byte) STRUCTURE.charAt(random.nextInt(STRUCTURE.length()));
                return c;
            }
            case 2 -> { // delete a range
                int len = 1 + random.nextInt(Math.min(64, b.length - at));
                out.write(b, 0, at);
                out.write(b, at + len, b.length - at - len);
            }
            case 3 -> { // repeat a range
                int len = 1 + random.nextInt(Math.min(64, b.length - at));
                out.write(b, 0, at + len);
                out.write(b, at, b.length - at);
            }
            case 4 -> out.write(b, 0, at); // truncate
            case 5, 6 -> { // replace a number by an extreme value
                int start = at;
                while (start < b.length && !isNumberByte(b[start])) {
                    start++;
                }
                if (start == b.length) {
                    return b;
                }
                int end = start;
                while (end < b.length && isNumberByte(b[end])) {
                    end++;
                }
                out.write(b, 0, start);
                out.writeBytes(NUMBERS[random.nextInt(NUMBERS.length)].getBytes(StandardCharsets.UTF_8));
                out.write(b, end, b.length - end);
            }
            default -> { // a long run of one byte (long lines, many columns, deep nesting)
                byte fill = (byte) ",[0 \u00ff".charAt(random.nextInt(5));
                int len = 1000 + random.nextInt(20000);
                out.write(b, 0, at);
                for (int k = 0; k < len; k++) {
                    out.write(fill);
                }
                out.write(b, at, b.length - at);
            }
        }
        return out.toByteArray();
    }

    private static boolean isNumberByte(byte c) {
        return (c >= '0' && c <= '9') || c == '-' || c == '.' || c == 'e' || c == 'E';
    }
}
