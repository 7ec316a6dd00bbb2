package org.cryoet.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import net.imglib2.RandomAccess;
import net.imglib2.type.numeric.real.FloatType;

import org.cryoet.util.CryoEtException;
import org.cryoet.util.Progress;
import org.cryoet.volume.Volume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded random mutations of valid MRC files (header words set to edge values, flipped bytes,
 * truncation, appended garbage, random headers). Every outcome must be a successful read or a
 * CryoEtException: no other exception, no hang, no allocation beyond what the file can hold.
 */
class MrcFuzzTest {
    private static final int[] EDGE = {0, 1, -1, 2, 3, 4, 6, 12, 101, 255, 256, 1024, 65535, 65536, 1 << 24,
        1 << 30, Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE - 1023, 0x44440000, 0x11110000};

    @TempDir
    Path dir;

    @Test
    void mutatedHeadersNeverEscapeAsOtherExceptions() throws Exception {
        List<byte[]> seeds = seeds();
        Random rnd = new Random(20261122L);
        Path f = dir.resolve("fuzz.mrc");
        long deadline = System.nanoTime() + 12_000_000_000L;
        int iterations = 0;
        int accepted = 0;
        int rejected = 0;
        while (iterations < 3000 && System.nanoTime() < deadline) {
            byte[] file = mutate(seeds.get(rnd.nextInt(seeds.size())), rnd);
            Files.write(f, file);
            try {
                exercise(f, file.length);
                accepted++;
            } catch (CryoEtException e) {
                assertTrue(e.getMessage() != null && !e.getMessage().isEmpty());
                rejected++;
            } catch (Throwable t) {
                throw new AssertionError("iteration " + iterations + ": " + t + " for a file of " + file.length
                        + " bytes; header words " + words(file), t);
            }
            iterations++;
        }
        System.out.println("MrcFuzzTest: " + iterations + " files, " + accepted + " read, " + rejected + " rejected");
        assertTrue(iterations >= 1000, "at least 1000 mutated files in the time bound, got " + iterations);
        assertTrue(accepted > 50 && rejected > 50, "both outcomes exercised: " + accepted + " / " + rejected);
    }

    /** Everything a command may do with a file it was given. */
    private static void exercise(Path f, long length) {
        MrcHeader h = MrcReader.readHeader(f);
        // whatever was accepted must fit in the file
        assertTrue(h.dataOffset() + h.dataBytes() <= length);
        h.calibration();
        h.isStack(f);
        h.toString();
        Volume v = MrcReader.read(f);
        assertEquals(h.voxelCount(), v.size());
        try (MappedMrc m = MrcReader.open(f)) {
            float[] s = new float[m.nx() * m.ny()];
            m.readSection(m.nz() - 1, s);
            assertEquals(v.get(m.nx() - 1, m.ny() - 1, m.nz() - 1), m.get(m.nx() - 1, m.ny() - 1, m.nz() - 1),
                    0f);
            float[] box = new float[27];
            m.readBox(m.nx() - 2, -1, m.nz() - 2, 3, 3, 3, box);
            RandomAccess<FloatType> ra = m.img().randomAccess();
            ra.setPosition(new long[] {0, 0, m.nz() - 1});
            float a = ra.get().get();
            float b = v.get(0, 0, m.nz() - 1);
            if (!(Float.isNaN(a) && Float.isNaN(b))) assertEquals(b, a, 0f);
            m.statistics(Progress.NONE);
        }
    }

    private List<byte[]> seeds() throws Exception {
        List<byte[]> seeds = new ArrayList<>();
        for (String name : new String[] {"mode0_le.mrc", "mode1_be.mrc", "mode2_le_ext.mrc", "mode4_be.mrc",
            "mode6_le.mrc", "mode12_be.mrc", "fei1_mode6_be_stack.mrc", "imod_legacy_nversion0.mrc",
            "imod_unsigned_mode0.mrc", "volstack_ispg401.mrc"}) {
            seeds.add(Files.readAllBytes(MrcFixtureTest.DIR.resolve(name)));
        }
        Path ours = dir.resolve("ours.mrc");
        MrcWriter.write(ours, MrcRoundTripTest.sample(MrcMode.HALF), MrcMode.HALF, true, true);
        seeds.add(Files.readAllBytes(ours));
        return seeds;
    }

    private static byte[] mutate(byte[] seed, Random rnd) {
        byte[] b = seed.clone();
        int kind = rnd.nextInt(10);
        if (kind == 0) {
            // a random header over the seed's data
            for (int i = 0; i < 224; i++) b[i] = (byte) rnd.nextInt(256);
            return b;
        }
        ByteOrder order = rnd.nextBoolean() ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        ByteBuffer h = ByteBuffer.wrap(b).order(order);
        int mutations = 1 + rnd.nextInt(4);
        for (int k = 0; k < mutations; k++) {
            switch (rnd.nextInt(6)) {
                case 0, 1 -> {
                    // a structural word (dims, mode, M, map axes, NSYMBT, NLABL...) set to an edge value
                    int word = rnd.nextInt(3) == 0 ? rnd.nextInt(56) : new int[] {0, 1, 2, 3, 7, 8, 9, 16, 17, 18,
                        22, 23, 26, 27, 38, 39, 55}[rnd.nextInt(17)];
                    int value = rnd.nextInt(3) == 0 ? rnd.nextInt() : EDGE[rnd.nextInt(EDGE.length)];
                    h.putInt(4 * word, value);
                }
                case 2 -> b[rnd.nextInt(1024)] ^= (byte) (1 << rnd.nextInt(8));
                case 3 -> h.putFloat(4 * (10 + rnd.nextInt(46)), new float[] {Float.NaN, Float.POSITIVE_INFINITY,
                    0f, -1f, 1e38f, Float.MIN_VALUE}[rnd.nextInt(6)]);
                case 4 -> {
                    int len = rnd.nextInt(b.length + 1);
                    return java.util.Arrays.copyOf(b, len);
                }
                default -> {
                    byte[] longer = java.util.Arrays.copyOf(b, b.length + 1 + rnd.nextInt(4096));
                    for (int i = b.length; i < longer.length; i++) longer[i] = (byte) rnd.nextInt(256);
                    b = longer;
                    h = ByteBuffer.wrap(b).order(order);
                }
            }
        }
        return b;
    }

    private static String words(byte[] file) {
        if (file.length < 1024) return "(short)";
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        StringBuilder sb = new StringBuilder();
        for (int w = 0; w < 24; w++) sb.append(b.getInt(4 * w)).append(' ');
        return sb.toString();
    }

    @Test
    void fuzzIsDeterministic() throws Exception {
        // the same seed gives the same mutated file, so a failure can be reproduced from its iteration
        byte[] seed = Files.readAllBytes(MrcFixtureTest.DIR.resolve("mode2_le.mrc"));
        byte[] a = mutate(seed, new Random(7));
        byte[] b = mutate(seed, new Random(7));
        if (!java.util.Arrays.equals(a, b)) fail("mutation is not deterministic");
    }
}
