package org.cryoet.cli;

import org.cryoet.io.MrcWriter;
import org.cryoet.learn.LossHistory;
import org.cryoet.util.MemoryTrend;
import org.cryoet.util.ProcessMemory;
import org.cryoet.volume.Calibration;
import org.cryoet.volume.Volume;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A real training process runs in constant resident memory. 300 iterations of a 3-level, 16-channel
 * U-Net (245,608 parameters) on 16^3 crops in a separate JVM with a fixed, pre-touched 160 MB heap; the resident
 * size per iteration comes from the run's own {@code loss.csv}. A leak of one weight-sized tensor
 * per parameter and step (what the optimiser once did: 2 MiB per iteration here) would add about
 * 450 MiB over the fitted range; the test allows growth of 0.25 MiB per iteration and 96 MiB in all.
 */
@Tag("slow")
class TrainingMemorySoakTest {

    private static final int ITERATIONS = 300;

    private static Path volume(Path p, long seed) {
        Random r = new Random(seed);
        int n = 32;
        float[] d = new float[n * n * n];
        for (int i = 0; i < d.length; i++) d[i] = (float) (Math.sin(i * 0.05) + r.nextGaussian());
        MrcWriter.write(p, Volume.wrap(d, n, n, n, Calibration.isotropic(10)));
        return p;
    }

    @Test
    void residentMemoryStopsGrowingAfterWarmUp(@TempDir Path dir) throws Exception {
        assertTrue(ProcessMemory.residentBytes() > 0, "this test needs /proc (Linux)");
        Path even = volume(dir.resolve("even.mrc"), 1);
        Path odd = volume(dir.resolve("odd.mrc"), 2);
        Path model = dir.resolve("model");
        CliProcess.Result r = CliProcess.run(dir.resolve("logs"), 900,
                // the whole heap touched at start: its pages cannot pose as growth later
                List.of("-Xms160m", "-Xmx160m", "-XX:+AlwaysPreTouch"), "train",
                "--even", even.toString(), "--odd", odd.toString(), "--tilt-range", "-60,60",
                "--model-dir", model.toString(), "--preset", "demo", "--crop", "16", "--batch", "2",
                "--iterations", String.valueOf(ITERATIONS), "--checkpoint-every", "0", "--checkpoint-minutes", "0",
                "--progress-every", "0", "--device", "cpu");
        assertEquals(0, r.code(), r.toString());
        List<LossHistory.Entry> h = LossHistory.read(model.resolve("loss.csv")).entries();
        assertEquals(ITERATIONS, h.size());
        MemoryTrend trend = new MemoryTrend();
        for (LossHistory.Entry e : h) trend.add(e.iteration(), e.residentMib());
        assertEquals(ITERATIONS, trend.count(), "a resident size for every iteration");
        double growth = trend.growthPerUnit();
        double after = trend.finalMib();
        double atWarmUp = h.get((int) trend.fitStart() - 1).residentMib();
        String curve = String.format(java.util.Locale.ROOT, "resident MiB at iterations 1, 75, 150, 300: %.0f %.0f %.0f %.0f;"
                + " growth %.3f MiB/iteration", h.get(0).residentMib(), h.get(74).residentMib(),
                h.get(149).residentMib(), after, growth);
        System.out.println(curve);
        assertTrue(growth < 0.25, curve);
        assertTrue(trend.maxSampleMib() - atWarmUp < 96, curve);
    }
}
