package org.cryoet.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.cryoet.io.MrcHeader;
import org.cryoet.io.MrcMode;
import org.cryoet.io.MrcReader;
import org.cryoet.volume.Calibration;
import org.cryoet.volume.Volume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/** {@code cryoet info} and {@code cryoet convert} on mrcfile-written fixtures, through the CLI. */
class InfoConvertCliTest {
    static final Path FIX = Path.of("src/test/resources/mrc-fixtures");

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    static Run cli(String... args) {
        CommandLine cl = CryoEtCli.commandLine();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        int code = cl.execute(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void assertStandardCalibration(Calibration c) {
        assertEquals(1.5, c.voxelX(), 1e-6);
        assertEquals(2.5, c.voxelY(), 1e-6);
        assertEquals(3.5, c.voxelZ(), 1e-6);
        assertEquals(10, c.originX(), 0);
        assertEquals(20, c.originY(), 0);
        assertEquals(30, c.originZ(), 0);
    }

    @Test
    void infoPrintsHeaderAndDataStatistics() {
        Run r = cli("info", FIX.resolve("mode1_be.mrc").toString(), FIX.resolve("fei1_mode6_be_stack.mrc").toString());
        assertEquals(0, r.code(), r.err());
        String o = r.out();
        assertTrue(o.contains("Dimensions:      5 x 4 x 3 (x, y, z)"), o);
        assertTrue(o.contains("Mode:            1 (int16)"), o);
        assertTrue(o.contains("Byte order:      big-endian (stamp 0x1111)"), o);
        assertTrue(o.contains("Kind:            volume (ISPG 1, MZ 3)"), o);
        assertTrue(o.contains("Voxel size:      1.5000 x 2.5000 x 3.5000 A"), o);
        assertTrue(o.contains("Origin:          10.000, 20.000, 30.000 A"), o);
        assertTrue(o.contains("Extended header: none"), o);
        // voxels 100*i - 3000, i = 0..59: mean -50, population std 100*sqrt((60^2-1)/12)
        assertTrue(o.contains("Data stats:      min -3000.00  max 2900.00  mean -50.0000  std 1731.81"), o);
        assertTrue(o.contains("Kind:            image stack (ISPG 0, MZ 1)"), o);
        assertTrue(o.contains("Extended header: 2304 bytes, type FEI1"), o);
        assertTrue(o.contains("Labels:          Created by mrcfile.py"), o);

        Run legacy = cli("info", "--header-only", FIX.resolve("imod_legacy_nversion0.mrc").toString());
        assertEquals(0, legacy.code());
        assertTrue(legacy.out().contains("Origin:          10.000, 20.000, 30.000 A (stored with IMOD's sign"),
                legacy.out());
        assertTrue(legacy.out().contains("Extended header: 6 bytes, type (unset)"), legacy.out());
        assertTrue(!legacy.out().contains("Data stats"), legacy.out());
    }

    @Test
    void convertKeepsCalibrationStackByteOrderLabelsAndExtendedHeader() throws Exception {
        Path in = FIX.resolve("fei1_mode6_be_stack.mrc");
        Path out = dir.resolve("half.mrc");
        Run r = cli("convert", in.toString(), out.toString(), "--mode", "12");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("mode 12 (float16), image stack"), r.out());
        MrcHeader h = MrcReader.readHeader(out);
        assertEquals(MrcMode.HALF, h.mode());
        assertEquals(ByteOrder.BIG_ENDIAN, h.byteOrder());
        assertEquals(0, h.ispg());
        assertTrue(h.isStack(out));
        assertEquals("FEI1", h.exttyp());
        assertArrayEquals(MrcReader.readExtendedHeader(in), MrcReader.readExtendedHeader(out));
        assertEquals(2, h.labels().size());
        assertTrue(h.labels().get(0).startsWith("Created by mrcfile.py"));
        assertTrue(h.labels().get(1).startsWith("Written by cryoet"));
        Volume v = MrcReader.read(out);
        assertStandardCalibration(v.calibration());
        // 1000*i in float16: spacing 32 above 32768, so e.g. 59000 -> 59008 (nearest, ties to even)
        assertEquals(1000f, v.get(1, 0, 0), 0f);
        assertEquals(59008f, v.get(4, 3, 2), 0f);
        assertEquals(32992f, v.get(3, 2, 1), 0f); // i = 33: 33000 = 32768 + 7.25 * 32 -> 32768 + 7 * 32
    }

    @Test
    void convertLegacyImodFileToStrictMrc2014() {
        Path in = FIX.resolve("imod_legacy_nversion0.mrc");
        Path out = dir.resolve("strict.mrc");
        Run r = cli("convert", in.toString(), out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("extended header of " + in + " has no known type"), r.err());
        MrcHeader h = MrcReader.readHeader(out);
        assertEquals(20141, h.nversion());
        assertEquals(MrcMode.SHORT, h.mode());
        assertEquals(0, h.nsymbt());
        assertEquals(1, h.ispg());
        assertEquals(10f, h.originX(), 0f); // now stored with the MRC2014 sign
        Volume v = MrcReader.read(out);
        assertStandardCalibration(v.calibration());
        for (int i = 0; i < 60; i++) assertEquals(100 * i - 3000, v.data()[i], 0f);
    }

    @Test
    void convertUnsignedBytesDefaultsToUint16AndReportsClamping() {
        Path out = dir.resolve("u.mrc");
        Run r = cli("convert", FIX.resolve("imod_unsigned_mode0.mrc").toString(), out.toString());
        assertEquals(0, r.code(), r.err());
        Volume v = MrcReader.read(out);
        assertEquals(MrcMode.USHORT, MrcReader.readHeader(out).mode());
        for (int i = 0; i < 60; i++) assertEquals(4 * i, v.data()[i], 0f);

        Path bytes = dir.resolve("b.mrc");
        r = cli("convert", FIX.resolve("mode6_le.mrc").toString(), bytes.toString(), "--mode", "0");
        assertEquals(0, r.code(), r.err());
        // 1000*i above 127 for i >= 1: 59 voxels clamped
        assertTrue(r.err().contains("warning: 59 voxels were outside the range of mode 0 (int8)"), r.err());
        assertEquals(127f, MrcReader.read(bytes).get(4, 3, 2), 0f);
    }

    @Test
    void convertRefusesExistingOutputsInputsAndBadModes() throws Exception {
        Path in = FIX.resolve("stack_mode2.mrcs");
        Path out = dir.resolve("s.mrcs");
        Files.writeString(out, "keep me");
        Run r = cli("convert", in.toString(), out.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: Output " + out + " already exists"), r.err());
        assertEquals("keep me", Files.readString(out));
        r = cli("convert", in.toString(), out.toString(), "--overwrite");
        assertEquals(0, r.code(), r.err());
        assertTrue(MrcReader.readHeader(out).isStack(out));
        assertStandardCalibration(MrcReader.read(out).calibration());

        Path copy = dir.resolve("in.mrc");
        Files.copy(in, copy);
        r = cli("convert", copy.toString(), copy.toString(), "--overwrite");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("is also an input"), r.err());

        r = cli("convert", in.toString(), dir.resolve("m.mrc").toString(), "--mode", "5");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("MRC mode '5'"), r.err());
        assertTrue(!Files.exists(dir.resolve("m.mrc")));
    }
}
