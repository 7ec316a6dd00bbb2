package org.cryoet.learn.icetide;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import org.cryoet.tomo.ForwardProjector;
import org.cryoet.tomo.Misalignment;
import org.cryoet.tomo.ProjectionDeformation;
import org.cryoet.util.Progress;
import org.cryoet.volume.Volume;
import org.junit.jupiter.api.Test;

class ShiftRecoveryTest {

    /** RMS (over views and both axes) of estimated minus true shifts after removing the mean difference per axis. */
    static double shiftRmsAfterCommonOffset(Misalignment estimate, Misalignment truth) {
        int n = truth.size();
        double mx = 0, my = 0;
        for (int t = 0; t < n; t++) {
            mx += estimate.view(t).shiftX() - truth.view(t).shiftX();
            my += estimate.view(t).shiftY() - truth.view(t).shiftY();
        }
        mx /= n;
        my /= n;
        double s = 0;
        for (int t = 0; t < n; t++) {
            double dx = estimate.view(t).shiftX() - truth.view(t).shiftX() - mx;
            double dy = estimate.view(t).shiftY() - truth.view(t).shiftY() - my;
            s += dx * dx + dy * dy;
        }
        return Math.sqrt(s / (2 * n));
    }

    /** Known shifts of a small blob phantom are recovered while the volume is learned jointly. */
    @Test
    void recoversKnownShifts() {
        int nx = 32, ny = 32, nz = 16;
        Volume vol = IcetideTestData.blobs(nx, ny, nz, 14, 4, 21);
        double[] angles = new double[15];
        for (int t = 0; t < angles.length; t++) angles[t] = -56 + 8 * t;
        Volume ideal = ForwardProjector.project(vol, angles);
        ProjectionDeformation[] views = new ProjectionDeformation[angles.length];
        java.util.SplittableRandom rng = new java.util.SplittableRandom(4);
        for (int t = 0; t < views.length; t++) {
            views[t] = ProjectionDeformation.rigid(rng.nextDouble(-2.5, 2.5), rng.nextDouble(-2.5, 2.5), 0);
        }
        Misalignment truth = new Misalignment(views);
        Volume recorded = truth.apply(ideal);

        IcetideOptions opts = new IcetideOptions(nz, 260, 48, 16, 1e-2, 0.05, 0, 0, 100, 0.5, 30, 0, 0,
                1e-4, 0, 0, 0, 0, 0, new HashGridSpec(6, 2, 14, 4, 1.6, true, 32, 2), 3);
        double before = shiftRmsAfterCommonOffset(Misalignment.none(angles.length), truth);
        try (IcetideReconstruction rec = new IcetideReconstruction(recorded, angles, opts, Device.cpu())) {
            rec.run(Progress.NONE, null);
            double after = shiftRmsAfterCommonOffset(rec.alignment(), truth);
            assertTrue(before > 1.2, "the test shifts are substantial: " + before);
            assertTrue(after < 0.3, "shift error " + after + " px RMS (before " + before + ")");
        }
    }
}
