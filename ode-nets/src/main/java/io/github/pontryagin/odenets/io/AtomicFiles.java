package io.github.pontryagin.odenets.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes files atomically: the content goes to a temporary file in the target's directory, which
 * is then moved over the target, so readers see either the old file or the complete new one and
 * a crash never leaves a truncated file behind. On POSIX file systems the file keeps the permissions
 * of the file it replaces, and a new file gets {@code rw-r--r--} (a temporary file alone would be
 * readable by its owner only).
 */
public final class AtomicFiles {

    /** Produces the content of a file. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private static final Set<PosixFilePermission> NEW_FILE = PosixFilePermissions.fromString("rw-r--r--");

    private AtomicFiles() {
    }

    /**
     * Removes the temporary files that writes of {@code target} left behind when their process was killed
     * ({@code .<name>.<digits>.tmp} beside it). Call only when no other process writes {@code target}.
     *
     * @return the number of files removed
     */
    public static int removeStale(Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path directory = absolute.getParent();
        if (directory == null || !Files.isDirectory(directory)) {
            return 0;
        }
        String prefix = "." + absolute.getFileName() + ".";
        int removed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory,
                p -> p.getFileName().toString().startsWith(prefix) && p.getFileName().toString().endsWith(".tmp")
                        && p.getFileName().toString().length() > prefix.length() + 4)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                String middle = name.substring(prefix.length(), name.length() - ".tmp".length());
                if (!middle.isEmpty() && middle.chars().allMatch(Character::isDigit) && Files.isRegularFile(p)) {
                    removed += Files.deleteIfExists(p) ? 1 : 0;
                }
            }
        }
        return removed;
    }

    /** Writes {@code content} to {@code target} atomically, creating parent directories as needed. */
    public static void write(Path target, Content content) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path directory = absolute.getParent();
        Files.createDirectories(directory);
        Path temporary = Files.createTempFile(directory, "." + absolute.getFileName() + ".", ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(temporary)) {
                content.writeTo(out);
            }
            PosixFileAttributeView view = Files.getFileAttributeView(temporary, PosixFileAttributeView.class);
            if (view != null) {
                view.setPermissions(Files.exists(absolute) ? Files.getPosixFilePermissions(absolute) : NEW_FILE);
            }
            try {
                Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
