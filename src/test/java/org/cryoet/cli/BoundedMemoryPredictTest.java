package org.cryoet.cli;

import ai.djl.Device;
import org.cryoet.io.MappedMrc;
import org.cryoet.io.MrcMode;
import org.cryoet.io.MrcReader;
import org.cryoet.io.MrcStreamWriter;
import org.cryoet.learn.IcecreamModel;
import org.cryoet.learn.TileFunction;
import org.cryoet.learn.TiledPredictor;
import org.cryoet.util.Progress;
import org.cryoet.volume.Calibration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Prediction runs in bounded memory: a separate JVM whose heap is smaller than the two halves
 * together (and than the output) predicts the pair, streaming from memory-mapped inputs to a
 * slab-by-slab output, and its result equals an in-process prediction of the same files.
 * (The network's own tensors live in libtorch's native memory, outside the Java heap.)
 */
@Tag("slow")
class BoundedMemoryPredictTest {

    private static final int NX = 128;
    private static final int NY = 128;
    private static final int NZ = 576;
    private static final int CROP = 64;
    private static final int HEAP_MB = 48;

    @TempDir
    Path dir;

    @Test
    void predictsAPairLargerThanTheHeapAndMatchesTheInProcessResult() throws Exception {
        Path model = CliProcess.saveTinyModel(dir.resolve("model"), 1, 2, CROP, -60, 60);
        Path even = writeHalf(dir.resolve("even.mrc"), 1);
        Path odd = writeHalf(dir.resolve("odd.mrc"), 2);
        long pairBytes = Files.size(even) + Files.size(odd);
        assertTrue(pairBytes > 1.4 * HEAP_MB * (1 << 20), "the two halves together exceed the heap limit");
        assertTrue(Files.size(even) > 0.7 * HEAP_MB * (1 << 20), "each half is most of the heap limit");

        Path out = dir.resolve("pred.mrc");
        CliProcess.Result r = CliProcess.run(dir.resolve("logs"), 120,
                List.of("-Xmx" + HEAP_MB + "m", "-Dcryoet.reportMemory=true"),
                "predict", "--model-dir", model.toString(), "--even", even.toString(), "--odd", odd.toString(),
                "--out", out.toString(), "--batch", "1", "--overlap", "0", "--device", "cpu");
        assertEquals(0, r.code(), r.toString());
        Matcher m = Pattern.compile("memory: peak heap ([0-9.]+) MiB \\(max ([0-9]+) MiB\\)").matcher(r.err());
        assertTrue(m.find(), r.err());
        // the limit applied (success under it is the proof; the printed peak is a sum of pool peaks, an upper bound)
        assertTrue(Double.parseDouble(m.group(2)) <= HEAP_MB, "the heap limit applied: " + m.group());

        // in-process reference on a few sections, streamed the same way
        int[] check = {0, 1, NZ / 2, NZ - 2, NZ - 1};
        Map<Integer, float[]> expected = new HashMap<>();
        try (IcecreamModel im = IcecreamModel.load(model, Device.cpu()); TileFunction f = im.inferenceFunction();
             MappedMrc a = MrcReader.open(even); MappedMrc b = MrcReader.open(odd)) {
            new TiledPredictor(CROP).overlap(0).batch(1).predictPair(a.asSource(), b.asSource(), f,
                    (slab, z0, n) -> {
                        for (int z : check) {
                            if (z >= z0 && z < z0 + n) {
                                float[] s = new float[NX * NY];
                                System.arraycopy(slab, (z - z0) * NX * NY, s, 0, s.length);
                                expected.put(z, s);
                            }
                        }
                    }, Progress.NONE);
        }
        assertEquals(check.length, expected.size());
        try (MappedMrc p = MrcReader.open(out)) {
            assertEquals(List.of(NX, NY, NZ), List.of(p.nx(), p.ny(), p.nz()));
            assertEquals(7.5, p.calibration().voxelX(), 1e-6, "keeps the even half's voxel size");
            float[] got = new float[NX * NY];
            double maxAbs = 0;
            for (int z : check) {
                p.readSection(z, got);
                float[] e = expected.get(z);
                for (int i = 0; i < got.length; i++) {
                    assertEquals(e[i], got[i], 1e-5 * Math.max(1, Math.abs(e[i])), "z " + z + " voxel " + i);
                    maxAbs = Math.max(maxAbs, Math.abs(got[i]));
                }
            }
            assertTrue(maxAbs > 1e-3, "the network output is not trivially zero");
        }
    }

    /** A smooth pattern plus noise, written section by section. */
    private static Path writeHalf(Path file, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] section = new float[NX * NY];
        try (MrcStreamWriter w = MrcStreamWriter.create(file, NX, NY, NZ, MrcMode.FLOAT, Calibration.isotropic(7.5),
                false, false)) {
            for (int z = 0; z < NZ; z++) {
                for (int y = 0; y < NY; y++) {
                    for (int x = 0; x < NX; x++) {
                        section[x + NX * y] = (float) (Math.sin(0.2 * x) * Math.cos(0.15 * y + 0.1 * z)
                                + rnd.nextDouble() - 0.5);
                    }
                }
                w.writeSection(section);
            }
            w.commit();
        }
        return file;
    }

    /** Too small a heap is one clear line naming the remedy (exit 2), not a Java stack trace. */
    @Test
    void exhaustedHeapIsOneClearLine() throws Exception {
        Path model = CliProcess.saveTinyModel(dir.resolve("model"), 1, 2, 64, -60, 60);
        Path even = writeHalf(dir.resolve("even.mrc"), 1);
        CliProcess.Result r = CliProcess.run(dir.resolve("logs"), 60, List.of("-Xmx16m"), "predict", "--model-dir",
                model.toString(), "--even", even.toString(), "--out", dir.resolve("p.mrc").toString(), "--device", "cpu");
        assertEquals(2, r.code(), r.toString());
        List<String> lines = r.err().lines().filter(l -> !l.startsWith("SLF4J") && !l.isBlank()
                && !l.matches("^[A-Za-z ]+: +[0-9]+% .*")).toList();
        assertEquals(1, lines.size(), r.toString());
        assertTrue(lines.get(0).matches("error: out of Java heap memory \\(limit 1[0-9] MiB\\); give more with "
                + "CRYOET_JAVA_OPTS=-Xmx<size>, e\\.g\\. -Xmx8g"), r.toString());
        assertFalse(Files.exists(dir.resolve("p.mrc")));
        try (var s = Files.list(dir)) {
            assertEquals(List.of(), s.filter(p -> p.toString().endsWith(".part")).toList());
        }
    }
}
