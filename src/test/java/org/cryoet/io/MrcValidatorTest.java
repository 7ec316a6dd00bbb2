package org.cryoet.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.cryoet.volume.Volume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files our writers produce checked by an independent implementation, CCP-EM mrcfile: its
 * validator must accept every written mode as stack and as volume, and its reader must see the
 * exact values, voxel size, origin and ISPG/MZ. Fails (not skips) when mrcfile is missing.
 */
class MrcValidatorTest {
    static final MrcMode[] WRITTEN = {MrcMode.BYTE, MrcMode.SHORT, MrcMode.FLOAT, MrcMode.COMPLEX_FLOAT,
        MrcMode.USHORT, MrcMode.HALF};

    @TempDir
    Path dir;

    private List<Path> writeAll() {
        List<Path> files = new ArrayList<>();
        for (MrcMode mode : WRITTEN) {
            for (boolean stack : new boolean[] {false, true}) {
                Path p = dir.resolve("mode" + mode.code() + (stack ? "_stack" : "_volume") + ".mrc");
                MrcWriter.write(p, MrcRoundTripTest.sample(mode), mode, stack, false);
                files.add(p);
            }
            if (mode != MrcMode.BYTE) {
                Path be = dir.resolve("mode" + mode.code() + "_be.mrc");
                MrcWriter.write(be, MrcRoundTripTest.sample(mode), MrcWriter.Options.of(mode, false)
                        .withByteOrder(ByteOrder.BIG_ENDIAN), false);
                files.add(be);
            }
        }
        // float16 with sums far beyond the float16 range (the validator's own RMS overflows there)
        Volume big = Volume.create(64, 64, 8, MrcRoundTripTest.CAL);
        for (int i = 0; i < big.data().length; i++) big.data()[i] = 30000 + (i % 1000) * 8;
        Path bigHalf = dir.resolve("mode12_large_values.mrc");
        MrcWriter.write(bigHalf, big, MrcMode.HALF, false, false);
        files.add(bigHalf);
        // streamed in slabs, with an FEI1 extended header copied from an EPU-style file
        Path fei = MrcFixtureTest.DIR.resolve("fei1_mode6_be_stack.mrc");
        Volume v = MrcRoundTripTest.sample(MrcMode.FLOAT);
        Path streamed = dir.resolve("streamed_fei1.mrc");
        MrcWriter.ExtendedHeader ext = new MrcWriter.ExtendedHeader("FEI1", new byte[v.nz() * 768], 0, 0);
        try (MrcStreamWriter w = MrcStreamWriter.create(streamed, v.nx(), v.ny(), v.nz(),
                MrcWriter.Options.of(MrcMode.FLOAT, true).withExtendedHeader(ext), v.calibration(), false, fei)) {
            w.writeSlab(v.data(), 0, 2);
            w.writeSlab(v.data(), 2, 3);
            w.commit();
        }
        files.add(streamed);
        return files;
    }

    @Test
    void mrcfileValidatorAcceptsEverythingWeWrite() throws Exception {
        String validator = ExternalTools.validator();
        List<Path> files = writeAll();
        List<String> cmd = new ArrayList<>();
        cmd.add(validator);
        for (Path p : files) cmd.add(p.toString());
        ExternalTools.Result r = ExternalTools.run(cmd, dir);
        ExternalTools.assertSuccess(r, "mrcfile-validate");
        int valid = r.output().split("File appears to be valid", -1).length - 1;
        assertEquals(files.size(), valid, r.output());
        assertFalse(r.output().toLowerCase().contains("inaccurate"), r.output());
    }

    @Test
    void mrcfileReadsOurValuesExactly() throws Exception {
        List<Path> files = writeAll();
        String script = String.join("\n",
                "import sys, mrcfile, numpy as np",
                "for name in sys.argv[1:]:",
                "    with mrcfile.open(name) as m:",
                "        h = m.header",
                "        d = np.real(m.data).astype(np.float64).ravel()",
                "        vs = m.voxel_size",
                "        print('FILE', name, int(h.mode), int(h.ispg), int(h.mz), m.data.shape,",
                "              '%r %r %r' % (float(vs.x), float(vs.y), float(vs.z)),",
                "              '%r %r %r' % (float(h.origin.x), float(h.origin.y), float(h.origin.z)))",
                "        print(' '.join(float(x).hex() for x in d))");
        List<String> args = new ArrayList<>();
        for (Path p : files) args.add(p.toString());
        ExternalTools.Result r = ExternalTools.pythonScript(script, args);
        ExternalTools.assertSuccess(r, "python mrcfile read-back");
        String[] lines = r.output().strip().split("\n");
        int checked = 0;
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].startsWith("FILE ")) continue;
            String[] f = lines[i].split(" ");
            Path p = Path.of(f[1]);
            Volume ours = MrcReader.read(p);
            MrcHeader h = MrcReader.readHeader(p);
            assertEquals(h.modeCode(), Integer.parseInt(f[2]));
            assertEquals(h.ispg(), Integer.parseInt(f[3]));
            assertEquals(h.mz(), Integer.parseInt(f[4]));
            String[] tail = lines[i].substring(lines[i].indexOf(')') + 2).split(" ");
            assertEquals(ours.calibration().voxelX(), Double.parseDouble(tail[0]), 1e-6);
            assertEquals(ours.calibration().voxelY(), Double.parseDouble(tail[1]), 1e-6);
            assertEquals(ours.calibration().voxelZ(), Double.parseDouble(tail[2]), 1e-6);
            assertEquals(ours.calibration().originX(), Double.parseDouble(tail[3]), 0);
            assertEquals(ours.calibration().originY(), Double.parseDouble(tail[4]), 0);
            assertEquals(ours.calibration().originZ(), Double.parseDouble(tail[5]), 0);
            String[] values = lines[i + 1].split(" ");
            float[] expected = ours.data();
            assertEquals(expected.length, values.length, p.toString());
            for (int k = 0; k < values.length; k++) {
                assertEquals(expected[k], (float) Double.parseDouble(values[k]), 0f, p + " voxel " + k);
            }
            // and the values we meant to write (exactly representable in each mode)
            if (p.getFileName().toString().matches("mode\\d+_(stack|volume|be)\\.mrc")) {
                float[] meant = MrcRoundTripTest.sample(h.mode()).data();
                for (int k = 0; k < meant.length; k++) assertEquals(meant[k], expected[k], 0f);
            }
            checked++;
        }
        assertEquals(files.size(), checked, r.output());
        assertTrue(checked > 12);
    }
}
