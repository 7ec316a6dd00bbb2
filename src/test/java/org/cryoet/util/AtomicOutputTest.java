package org.cryoet.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicOutputTest {
    @TempDir
    Path dir;

    private long leftovers() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".part")).count();
        }
    }

    @Test
    void writesThroughTemporaryFileAndRenames() throws IOException {
        Path out = dir.resolve("sub/out.txt");
        AtomicOutput.write(out, false, tmp -> {
            assertFalse(tmp.equals(out));
            assertFalse(Files.exists(out), "target must not appear before the rename");
            Files.writeString(tmp, "hello");
        });
        assertEquals("hello", Files.readString(out));
        assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(out)));
    }

    @Test
    void failedWriterLeavesNothingBehind() throws IOException {
        Path out = dir.resolve("out.txt");
        CryoEtException e = assertThrows(CryoEtException.class, () -> AtomicOutput.write(out, false, tmp -> {
            Files.writeString(tmp, "partial");
            throw new IOException("disk full");
        }));
        assertTrue(e.getMessage().contains("out.txt") && e.getMessage().contains("disk full"), e.getMessage());
        assertFalse(Files.exists(out));
        assertEquals(0, leftovers());
    }

    @Test
    void refusesExistingTargetUnlessOverwrite() throws IOException {
        Path out = dir.resolve("out.txt");
        Files.writeString(out, "old");
        CryoEtException e = assertThrows(CryoEtException.class,
                () -> AtomicOutput.write(out, false, tmp -> Files.writeString(tmp, "new")));
        assertTrue(e.getMessage().contains("--overwrite"), e.getMessage());
        assertEquals("old", Files.readString(out));
        AtomicOutput.write(out, true, tmp -> Files.writeString(tmp, "new"));
        assertEquals("new", Files.readString(out));
    }

    @Test
    void neverOverwritesAnInputEvenWithOverwrite() throws IOException {
        Path in = dir.resolve("in.mrc");
        Files.writeString(in, "data");
        Path sameViaDots = dir.resolve("x/../in.mrc");
        CryoEtException e = assertThrows(CryoEtException.class,
                () -> AtomicOutput.write(sameViaDots, true, tmp -> Files.writeString(tmp, "junk"), in));
        assertTrue(e.getMessage().contains("input"), e.getMessage());
        assertEquals("data", Files.readString(in));
    }
}
