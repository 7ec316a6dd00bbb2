package org.cryoet.learn.cryolithe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import ai.djl.Device;
import org.cryoet.util.Progress;
import org.junit.jupiter.api.Test;

/** The built-in model reproduces the figures recorded in its model.json on the fixed held-out case. */
class CryolitheShippedModelTest {

    @Test
    void builtInWaveletModelReproducesItsRecordedFigures() {
        check(false);
    }

    @Test
    void builtInPixelModelReproducesItsRecordedFigures() {
        check(true);
    }

    private static void check(boolean pixel) {
        CryolitheModel model = CryolitheModel.builtIn(pixel);
        assertEquals(!pixel, model.config().wavelet());
        Map<String, Double> recorded = model.info().figures();
        assertTrue(recorded.containsKey("case64_cryolithe_cc"), "model.json records no figures: " + recorded);
        CryolitheEvaluation.Report r = CryolitheEvaluation.evaluate(model, CryolitheEvaluation.CASE_NX,
                CryolitheEvaluation.CASE_NY, CryolitheEvaluation.CASE_NZ, CryolitheEvaluation.CASE_SEED,
                CryolitheEvaluation.CASE_SNR_DB, Device.cpu(), 2048, Progress.NONE);
        Map<String, Double> now = CryolitheEvaluation.figures(r);
        for (String k : recorded.keySet()) assertEquals(recorded.get(k), now.get(k), 0.005, k);
        // and what the figures say: better than FBP, and better than the best Gaussian blur of FBP
        assertTrue(now.get("case64_cryolithe_cc") > now.get("case64_fbp_cc") + 0.1, now.toString());
        assertTrue(now.get("case64_cryolithe_cc") > now.get("case64_fbp_gauss_cc"), now.toString());
        assertTrue(now.get("case64_cryolithe_cc_no_gold") > now.get("case64_fbp_gauss_cc_no_gold"), now.toString());
        assertTrue(now.get("case64_cryolithe_missing") > now.get("case64_fbp_gauss_missing"), now.toString());
        long bytes = 0;
        for (float[] w : model.weights()) bytes += 4L * w.length;
        assertTrue(bytes < 4 << 20, "the shipped model must stay small: " + bytes + " bytes");
    }
}
