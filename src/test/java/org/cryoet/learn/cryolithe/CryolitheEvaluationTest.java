package org.cryoet.learn.cryolithe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ai.djl.Device;
import org.cryoet.fourier.Metrics;
import org.cryoet.learn.IcecreamModel;
import org.cryoet.learn.TrainingMethods;
import org.cryoet.learn.TrainingPresets;
import org.cryoet.tomo.AcquisitionSimulator;
import org.cryoet.tomo.AcquisitionSpec;
import org.cryoet.tomo.Phantom;
import org.cryoet.tomo.PhantomSpec;
import org.cryoet.tomo.SimulatedAcquisition;
import org.cryoet.util.CryoEtException;
import org.cryoet.util.Progress;
import org.cryoet.volume.Volume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The optional training-method row of the CryoLithe evaluation, on a tiny case with a few iterations. */
class CryolitheEvaluationTest {
    private static final int NX = 32, NY = 32, NZ = 16;
    private static final long SEED = 5;
    private static final double SNR_DB = -5;

    @TempDir
    Path dir;

    @Test
    void methodRowFollowsTheCryolitheRowAndLeavesTheOthersAlone() {
        CryolitheModel model = CryolitheModel.builtIn(false);
        CryolitheEvaluation.Report plain = CryolitheEvaluation.evaluate(model, NX, NY, NZ, SEED, SNR_DB, Device.cpu(),
                2048, Progress.NONE);
        assertEquals(3, plain.rows().size());
        assertNull(plain.prediction());

        Path modelDir = dir.resolve("icecream");
        List<String> log = new ArrayList<>();
        CryolitheEvaluation.MethodRow method = new CryolitheEvaluation.MethodRow("icecream", 3, 16, modelDir,
                log::add);
        CryolitheEvaluation.Report with = CryolitheEvaluation.evaluate(model, NX, NY, NZ, SEED, SNR_DB, Device.cpu(),
                2048, method, Progress.NONE);

        // rows 0..2 and the recorded figures do not depend on the extra row (time aside)
        assertEquals(4, with.rows().size());
        for (int i = 0; i < 3; i++) {
            CryolitheEvaluation.Row a = plain.rows().get(i), b = with.rows().get(i);
            assertEquals(a.method(), b.method());
            assertEquals(a.cc(), b.cc(), 0.0, a.method());
            assertEquals(a.ccNoGold(), b.ccNoGold(), 0.0, a.method());
            assertEquals(a.visible(), b.visible(), 0.0, a.method());
            assertEquals(a.missing(), b.missing(), 0.0, a.method());
        }
        assertTrue(with.rows().get(2).method().startsWith("CryoLithe"), with.rows().get(2).method());
        assertEquals(CryolitheEvaluation.figures(plain), CryolitheEvaluation.figures(with));
        assertEquals(plain.description(), with.description());

        // the method row: named after the registry's title, scored like the others
        CryolitheEvaluation.Row row = with.rows().get(3);
        String title = TrainingMethods.byName("icecream").title();
        assertEquals(title + " (demo preset, 3 iterations, odd/even tilt halves)", row.method());
        assertEquals(CryolitheEvaluation.methodRowName(method), row.method());
        assertTrue(Double.isFinite(row.cc()), row.toString());
        assertTrue(Double.isFinite(row.visible()) && Double.isFinite(row.missing()), row.toString());
        assertTrue(row.seconds() > 0, row.toString());
        assertTrue(with.table().contains(row.method()), with.table());

        Volume prediction = with.prediction();
        assertEquals(NX, prediction.nx());
        assertEquals(NY, prediction.ny());
        assertEquals(NZ, prediction.nz());
        // the reference, computed here from the same simulated case
        PhantomSpec spec = PhantomSpec.of(NX, NY, NZ, SEED);
        SimulatedAcquisition sim = AcquisitionSimulator.simulate(spec,
                AcquisitionSpec.defaults().withFrames(1).withSnrDb(SNR_DB).withSeed(SEED + 1), Progress.NONE);
        Volume reference = CryolitheTrainingData.reference(sim.groundTruth(), Phantom.iceProfile(spec));
        assertEquals(Metrics.pearson(prediction, reference), row.cc(), 1e-12);

        // the model was trained into the given folder with the requested settings, and kept
        assertTrue(Files.isRegularFile(modelDir.resolve(IcecreamModel.DESCRIPTION)), modelDir.toString());
        assertTrue(!log.isEmpty(), "the trainer's log reaches the caller");
    }

    @Test
    void methodRowChecksItsArguments() {
        String registryError = assertThrows(CryoEtException.class, () -> TrainingMethods.byName("no-such-method"))
                .getMessage();
        CryoEtException e = assertThrows(CryoEtException.class,
                () -> CryolitheEvaluation.MethodRow.of("no-such-method"));
        assertEquals(registryError, e.getMessage());
        assertThrows(CryoEtException.class, () -> new CryolitheEvaluation.MethodRow("icecream", 0, 0, null, null));
        CryolitheEvaluation.MethodRow d = CryolitheEvaluation.MethodRow.of("icecream");
        assertEquals(TrainingPresets.demo().iterations(), d.iterations());
        assertEquals(0, d.crop());
        assertNull(d.modelDir());
        assertEquals("cpu", CryolitheEvaluation.deviceName(Device.cpu()));
        assertEquals("gpu:1", CryolitheEvaluation.deviceName(Device.gpu(1)));
    }
}
