package org.cryoet.tomo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cryoet.volume.Calibration;
import org.cryoet.volume.Volume;
import org.junit.jupiter.api.Test;

class RealignmentTest {

    /** Undoing a known shift, rotation and local deformation restores smooth images away from the border. */
    @Test
    void undoInvertsApply() {
        int w = 64, h = 56, n = 3;
        Volume ideal = Volume.create(w, h, n, Calibration.UNIT);
        for (int t = 0; t < n; t++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    ideal.set(x, y, t, (float) (Math.sin(0.21 * x + t) * Math.cos(0.17 * y) + 0.01 * x));
                }
            }
        }
        Misalignment m = Misalignment.random(n, new Misalignment.Spec(3.0, 0.8, 0.6, 4, 9), w, h);
        Volume restored = Realignment.undo(m.apply(ideal), m);
        double worst = 0, moved = 0;
        Volume recorded = m.apply(ideal);
        for (int t = 0; t < n; t++) {
            for (int y = 10; y < h - 10; y++) {
                for (int x = 10; x < w - 10; x++) {
                    worst = Math.max(worst, Math.abs(restored.get(x, y, t) - ideal.get(x, y, t)));
                    moved = Math.max(moved, Math.abs(recorded.get(x, y, t) - ideal.get(x, y, t)));
                }
            }
        }
        assertTrue(moved > 0.5, "the misalignment changes the images: " + moved);
        assertTrue(worst < 0.05, "largest difference after undo " + worst);
    }
}
