package org.cryoet.util;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes an output file so that it either appears complete or not at all: the content goes to a
 * temporary file in the same folder, which is renamed over the target at the end. An existing
 * target is refused unless overwriting is allowed, and a target that is one of the inputs is
 * always refused (inputs are never overwritten).
 */
public final class AtomicOutput {

    /** Writes the content into the given (temporary) path. */
    @FunctionalInterface
    public interface Writer {
        void write(Path temporary) throws IOException;
    }

    private AtomicOutput() {
    }

    /**
     * Writes {@code target} through {@code writer}.
     *
     * @param overwrite whether an existing target may be replaced
     * @param inputs    files read by the job; the target may not be one of them
     */
    public static void write(Path target, boolean overwrite, Writer writer, Path... inputs) {
        Path abs = target.toAbsolutePath().normalize();
        checkTarget(abs, overwrite, inputs);
        Path dir = abs.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".part");
            writer.write(tmp);
            publish(tmp, abs);
            tmp = null;
        } catch (IOException e) {
            throw new CryoEtException("Cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the temporary file is hidden and named .part; nothing more to do
                }
            }
        }
    }

    /**
     * Makes a finished temporary file the target: world-readable, then renamed over it
     * (atomically where the file system can). For writers that manage their own temporary file.
     */
    public static void publish(Path temporary, Path target) throws IOException {
        makeReadable(temporary);
        try {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Temporary files are created owner-only (0600); the finished output gets the usual
     * rw-r--r-- so that colleagues and cluster jobs can read it.
     */
    private static void makeReadable(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    /** Fails early (before any work) if {@code target} may not be written. */
    public static void checkTarget(Path target, boolean overwrite, Path... inputs) {
        Path abs = target.toAbsolutePath().normalize();
        for (Path in : inputs) {
            if (in == null) continue;
            Path a = in.toAbsolutePath().normalize();
            try {
                if (a.equals(abs) || (Files.exists(a) && Files.exists(abs) && Files.isSameFile(a, abs))) {
                    throw new CryoEtException("Output " + target + " is also an input; inputs are never overwritten");
                }
            } catch (IOException e) {
                throw new CryoEtException("Cannot check output " + target + ": " + e.getMessage(), e);
            }
        }
        if (Files.isDirectory(abs)) {
            throw new CryoEtException("Output " + target + " is a directory");
        }
        if (!overwrite && Files.exists(abs)) {
            throw new CryoEtException("Output " + target + " already exists (use --overwrite to replace it)");
        }
    }
}
