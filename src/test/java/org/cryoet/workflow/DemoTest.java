package org.cryoet.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.cryoet.fourier.Metrics;
import org.cryoet.io.MrcReader;
import org.cryoet.util.Progress;
import org.cryoet.volume.Volume;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo pipeline end to end at a tiny size and a few iterations (its quality is measured by
 * {@code ./cryoet demo} itself and by LearningTest): every step runs, files keep their
 * calibration, and the reported scores are the ones recomputed from the written volumes.
 */
@Tag("slow")
class DemoTest {

    @Test
    void runsTheWholePipelineAndReportsScoresOfTheWrittenVolumes(@TempDir Path dir) throws Exception {
        DemoOptions o = new DemoOptions(64, 64, 40, -60, 60, 4, 2, -5, 3, 3, false, null);
        List<String> log = new ArrayList<>();
        Demo.Result r = Demo.run(dir, o, Progress.NONE, log::add, null);

        assertEquals(3, r.training().iteration());
        String report = Files.readString(r.report());
        for (String m : List.of(Demo.FBP, Demo.GAUSSIAN, Demo.ICECREAM, Demo.ONE_PASS)) {
            assertTrue(report.contains("| " + m + " |"), "report lacks " + m);
        }
        for (String png : List.of("orthoslices.png", "fourier_xz.png", "fsc.png", "fsc_missing_wedge.png")) {
            assertTrue(Files.size(dir.resolve(png)) > 1000, png);
        }

        Volume truth = MrcReader.read(dir.resolve("data/ground_truth.mrc"));
        Volume fbp = MrcReader.read(dir.resolve("data/fbp.mrc"));
        Volume blurred = MrcReader.read(dir.resolve("data/fbp_gaussian.mrc"));
        Volume icecream = MrcReader.read(dir.resolve("data/icecream.mrc"));
        assertEquals(truth.calibration().voxelX(), icecream.calibration().voxelX(), 1e-6);
        assertEquals(truth.calibration().voxelX(), fbp.calibration().voxelX(), 1e-6);
        assertEquals(Metrics.pearson(fbp, truth), r.score(Demo.FBP).cc(), 1e-6);
        assertEquals(Metrics.pearson(icecream, truth), r.score(Demo.ICECREAM).cc(), 1e-6);
        // the oracle blur is at least as good as no blur on noisy data
        assertEquals(Metrics.pearson(blurred, truth), r.score(Demo.GAUSSIAN).cc(), 1e-6);
        assertTrue(r.score(Demo.GAUSSIAN).cc() > r.score(Demo.FBP).cc());
        // the missing wedge of an FBP is empty, so its wedge correlation is far below the visible one
        assertTrue(r.score(Demo.FBP).wedgeCorrelation() < r.score(Demo.FBP).visibleCorrelation() - 0.2);

        // a warm start from that model: recorded in the report and in the new model's description
        Path warm = dir.resolve("warm");
        Demo.Result w = Demo.run(warm, new DemoOptions(64, 64, 40, -60, 60, 4, 2, -5, 3, 2, false, dir.resolve("model")),
                Progress.NONE, log::add, null);
        assertEquals(2, w.training().iteration());
        assertTrue(Files.readString(w.report()).contains("warm start from " + dir.resolve("model")));
        try (org.cryoet.learn.IcecreamModel m = org.cryoet.learn.IcecreamModel.load(warm.resolve("model"))) {
            assertTrue(m.info().init().startsWith("warm-start:"), m.info().init());
        }
    }
}
