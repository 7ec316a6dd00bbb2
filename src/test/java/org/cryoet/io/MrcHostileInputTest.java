package org.cryoet.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import org.cryoet.cli.CryoEtCli;
import org.cryoet.util.CryoEtException;
import org.cryoet.volume.Calibration;
import org.cryoet.volume.Volume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/**
 * Broken and hostile inputs: each gives one CryoEtException naming the file and the problem, in
 * the library and through the CLI (exit 2, message, no stack trace, no output file).
 */
class MrcHostileInputTest {
    @TempDir
    Path dir;

    /** A valid little-endian float32 8x6x4 file, patched by {@code edit}. */
    private Path broken(String name, Consumer<ByteBuffer> edit) throws Exception {
        Path good = dir.resolve("good-" + name);
        Volume v = Volume.create(8, 6, 4, Calibration.UNIT);
        for (int i = 0; i < v.data().length; i++) v.data()[i] = i;
        MrcWriter.write(good, v, false, true);
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(good)).order(ByteOrder.LITTLE_ENDIAN);
        Files.delete(good);
        edit.accept(b);
        Path p = dir.resolve(name);
        Files.write(p, java.util.Arrays.copyOf(b.array(), b.limit()));
        return p;
    }

    private static String failRead(Path p) {
        CryoEtException e = assertThrows(CryoEtException.class, () -> MrcReader.read(p));
        assertTrue(e.getMessage().contains(p.toString()), "message names the file: " + e.getMessage());
        // the same problem is found by the header reader and by the mapping
        CryoEtException h = assertThrows(CryoEtException.class, () -> MrcReader.readHeader(p));
        assertEquals(e.getMessage(), h.getMessage());
        CryoEtException m = assertThrows(CryoEtException.class, () -> MrcReader.open(p).close());
        assertEquals(e.getMessage(), m.getMessage());
        return e.getMessage();
    }

    @Test
    void truncatedData() throws Exception {
        Path p = broken("truncated.mrc", b -> b.limit(b.capacity() - 10));
        String m = failRead(p);
        assertTrue(m.contains("truncated"), m);
        assertTrue(m.contains("8 x 6 x 4"), m);
    }

    @Test
    void shorterThanAHeader() throws Exception {
        Path p = broken("tiny.mrc", b -> b.limit(100));
        assertTrue(failRead(p).contains("too short to be an MRC file (100 bytes"));
        Path empty = dir.resolve("empty.mrc");
        Files.write(empty, new byte[0]);
        assertTrue(failRead(empty).contains("too short"));
    }

    @Test
    void hugeDimensionsFailBeforeAllocating() throws Exception {
        // 2^30 x 2^30 x 2^30 floats: the check against the file length must come first
        Path p = broken("huge.mrc", b -> b.putInt(0, 1 << 30).putInt(4, 1 << 30).putInt(8, 1 << 30));
        assertTrue(failRead(p).contains("truncated or its header is wrong"));
        Path q = broken("huge2.mrc", b -> b.putInt(0, 100000).putInt(4, 100000).putInt(8, 3));
        assertTrue(failRead(q).contains("100000 x 100000 x 3"));
    }

    @Test
    void negativeOrZeroDimensions() throws Exception {
        Path p = broken("negative.mrc", b -> b.putInt(4, -6));
        assertTrue(failRead(p).contains("invalid dimensions 8 x -6 x 4"));
        Path z = broken("zero.mrc", b -> b.putInt(8, 0));
        assertTrue(failRead(z).contains("invalid dimensions"));
    }

    @Test
    void unknownMode() throws Exception {
        Path p = broken("mode7.mrc", b -> b.putInt(12, 7));
        assertTrue(failRead(p).contains("data mode 7"));
        Path q = broken("mode101.mrc", b -> b.putInt(12, 101));
        assertTrue(failRead(q).contains("4-bit"));
    }

    @Test
    void wrongExtendedHeaderSize() throws Exception {
        Path big = broken("nsymbt-big.mrc", b -> b.putInt(92, 1 << 30));
        assertTrue(failRead(big).contains("extended header of 1073741824 bytes but the file has only"));
        Path neg = broken("nsymbt-neg.mrc", b -> b.putInt(92, -64));
        assertTrue(failRead(neg).contains("negative extended header size (NSYMBT = -64)"));
        // an extended header that leaves too few data bytes is a truncated data block
        Path some = broken("nsymbt-some.mrc", b -> b.putInt(92, 16));
        assertTrue(failRead(some).contains("truncated"));
    }

    @Test
    void notAnMrcFile() throws Exception {
        Path p = dir.resolve("text.mrc");
        Files.writeString(p, "hello ".repeat(300));
        assertTrue(failRead(p).contains("does not look like an MRC file"));
        CryoEtException e = assertThrows(CryoEtException.class, () -> MrcReader.read(dir.resolve("nothing.mrc")));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        e = assertThrows(CryoEtException.class, () -> MrcReader.read(dir));
        assertTrue(e.getMessage().contains("is a directory"), e.getMessage());
    }

    @Test
    void nanAndInfVoxelsAreReadThenRejectedByTheCheck() throws Exception {
        Path p = broken("nan.mrc", b -> b.putFloat(1024 + 4 * 5, Float.NaN).putFloat(1024 + 4 * 17,
                Float.NEGATIVE_INFINITY).putFloat(1024 + 4 * 18, Float.POSITIVE_INFINITY));
        Volume v = MrcReader.read(p);
        assertTrue(Float.isNaN(v.data()[5]));
        assertEquals(3, InputChecks.countNonFinite(v));
        CryoEtException e = assertThrows(CryoEtException.class, () -> MrcReader.requireFinite(v, p));
        assertEquals("File " + p + " contains 3 NaN/Inf voxels (of 192); clean it before using it", e.getMessage());
        e = assertThrows(CryoEtException.class, () -> MrcReader.readFinite(p));
        assertTrue(e.getMessage().contains("3 NaN/Inf"));
        // statistics skip them and count them
        try (MappedMrc m = MrcReader.open(p)) {
            assertEquals(3, m.statistics(org.cryoet.util.Progress.NONE).nonFinite());
        }
    }

    @Test
    void constantAndMismatchedVolumes() {
        Path a = Path.of("half1.mrc");
        Path b = Path.of("half2.mrc");
        Volume zero = Volume.create(4, 4, 4, Calibration.UNIT);
        CryoEtException e = assertThrows(CryoEtException.class, () -> InputChecks.requireNonConstant(zero, a));
        assertEquals("File half1.mrc has zero variance (every voxel is 0.0); it cannot be used as training or "
                + "comparison input", e.getMessage());
        Volume ok = zero.copy();
        ok.data()[7] = 1;
        InputChecks.requireNonConstant(ok, a); // passes
        InputChecks.requireFinite(ok, a);
        Volume other = Volume.create(4, 4, 5, Calibration.UNIT);
        e = assertThrows(CryoEtException.class, () -> InputChecks.requireSameShape(ok, a, other, b));
        assertEquals("File half1.mrc is 4 x 4 x 4 but file half2.mrc is 4 x 4 x 5; they must have the same size",
                e.getMessage());
        InputChecks.requireSameShape(ok, a, zero, b); // passes
    }

    /** Runs the CLI with captured output; returns {exit code, stdout, stderr}. */
    static Object[] cli(String... args) {
        CommandLine cl = CryoEtCli.commandLine();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        int code = cl.execute(args);
        return new Object[] {code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void cliReportsEachProblemWithExitCode2AndNoOutputFile() throws Exception {
        Path[] bad = {
            broken("c-truncated.mrc", b -> b.limit(b.capacity() - 10)),
            broken("c-negative.mrc", b -> b.putInt(0, -1)),
            broken("c-mode.mrc", b -> b.putInt(12, 9)),
            broken("c-nsymbt.mrc", b -> b.putInt(92, Integer.MAX_VALUE)),
        };
        for (Path p : bad) {
            for (String cmd : new String[] {"info", "convert"}) {
                Path out = dir.resolve("out-" + cmd + "-" + p.getFileName());
                Object[] r = cmd.equals("info") ? cli("info", p.toString())
                        : cli("convert", p.toString(), out.toString());
                String err = (String) r[2];
                assertEquals(2, r[0], cmd + " " + p + ": " + err);
                assertTrue(err.startsWith("error: "), err);
                assertTrue(err.contains(p.toString()), err);
                assertEquals(1, err.strip().split("\n").length, "one line, no stack trace: " + err);
                assertFalse(err.contains("Exception") || err.contains("\tat "), err);
                assertFalse(Files.exists(out));
            }
        }
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".part")), "no temporary files");
        }
    }
}
