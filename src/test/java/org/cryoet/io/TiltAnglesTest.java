package org.cryoet.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.cryoet.util.CryoEtException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TiltAnglesTest {
    @TempDir
    Path dir;

    private Path file(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void imodStyleOnePerLine() throws Exception {
        Path p = file("a.tlt", "  -60.00\n  -57.00\r\n\n   0.00\n  57.01\n  60.00\n\n");
        assertArrayEquals(new double[] {-60, -57, 0, 57.01, 60}, TiltAngles.read(p), 0);
    }

    @Test
    void commentsBlankLinesAndSeveralPerLine() throws Exception {
        Path p = file("b.rawtlt", "# raw angles from SerialEM\n-3.5, -1.5  # first two\n\n\t0 1.5\n3.5\n");
        assertArrayEquals(new double[] {-3.5, -1.5, 0, 1.5, 3.5}, TiltAngles.read(p), 0);
    }

    @Test
    void countMismatchNamesBothFiles() throws Exception {
        Path p = file("c.tlt", "-3\n0\n3\n");
        assertArrayEquals(new double[] {-3, 0, 3}, TiltAngles.read(p, 3, Path.of("ts.mrc")), 0);
        CryoEtException e = assertThrows(CryoEtException.class, () -> TiltAngles.read(p, 41, Path.of("ts.mrc")));
        assertEquals("Angle file " + p + " has 3 angles but tilt series ts.mrc has 41 images", e.getMessage());
    }

    @Test
    void nonNumbersOutOfRangeAndEmptyFilesFailWithLine() throws Exception {
        Path bad = file("d.tlt", "-3\n0\nzero\n");
        CryoEtException e = assertThrows(CryoEtException.class, () -> TiltAngles.read(bad));
        assertEquals("Angle file " + bad + " line 3: 'zero' is not a number", e.getMessage());

        Path nan = file("n.tlt", "NaN\n");
        e = assertThrows(CryoEtException.class, () -> TiltAngles.read(nan));
        assertTrue(e.getMessage().contains("outside -90..90"), e.getMessage());

        Path far = file("e.tlt", "-3\n95\n");
        e = assertThrows(CryoEtException.class, () -> TiltAngles.read(far));
        assertEquals("Angle file " + far + " line 2: angle 95 is outside -90..90 degrees", e.getMessage());

        Path empty = file("f.tlt", "\n  \n# nothing\n");
        e = assertThrows(CryoEtException.class, () -> TiltAngles.read(empty));
        assertEquals("Angle file " + empty + " holds no angles", e.getMessage());

        Path missing = dir.resolve("missing.tlt");
        e = assertThrows(CryoEtException.class, () -> TiltAngles.read(missing));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());

        Path binary = dir.resolve("g.tlt");
        Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2});
        e = assertThrows(CryoEtException.class, () -> TiltAngles.read(binary));
        assertTrue(e.getMessage().startsWith("Angle file " + binary), e.getMessage());
    }

    @Test
    void writeReadsBackExactlyAndRefusesExisting() throws Exception {
        double[] a = {-60, -57, 0.25, 1.0 / 3, 60};
        Path p = dir.resolve("w.tlt");
        TiltAngles.write(p, a, false);
        assertArrayEquals(a, TiltAngles.read(p), 0);
        assertEquals("  -60.00", Files.readAllLines(p).get(0));
        assertThrows(CryoEtException.class, () -> TiltAngles.write(p, a, false));
        TiltAngles.write(p, new double[] {1}, true);
        assertArrayEquals(new double[] {1}, TiltAngles.read(p), 0);
    }
}
