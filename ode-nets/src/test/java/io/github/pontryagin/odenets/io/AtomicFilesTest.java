package io.github.pontryagin.odenets.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path directory;

    private static void write(Path target, String text) throws IOException {
        AtomicFiles.write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    private List<Path> entries() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.toList();
        }
    }

    @Test
    void newFileIsReadableByEveryoneAndNoTemporaryFileRemains() throws IOException {
        assumeTrue(Files.getFileAttributeView(directory, PosixFileAttributeView.class) != null, "POSIX only");
        Path target = directory.resolve("model.json");
        write(target, "{}");
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        assertEquals(List.of(target), entries());
    }

    @Test
    void replacedFileKeepsItsPermissionsAndGetsTheNewContent() throws IOException {
        assumeTrue(Files.getFileAttributeView(directory, PosixFileAttributeView.class) != null, "POSIX only");
        Path target = directory.resolve("history.csv");
        write(target, "old");
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-rw----"));
        write(target, "new");
        assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        assertEquals("new", Files.readString(target));
    }

    @Test
    void failedWriteKeepsTheOldFileAndLeavesNoTemporaryFile() throws IOException {
        Path target = directory.resolve("plot.png");
        write(target, "complete");
        assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write(1);
            throw new IOException("disk full");
        }));
        assertEquals("complete", Files.readString(target));
        assertEquals(List.of(target), entries());
    }
}
