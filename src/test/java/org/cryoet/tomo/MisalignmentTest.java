package org.cryoet.tomo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.cryoet.io.XfFile;
import org.cryoet.util.CryoEtException;
import org.cryoet.util.Progress;
import org.cryoet.volume.Volume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MisalignmentTest {

    @TempDir
    Path dir;

    private static float[] randomImage(int w, int h, long seed) {
        Random r = new Random(seed);
        float[] u = new float[w * h];
        for (int k = 0; k < u.length; k++) u[k] = (float) r.nextGaussian();
        return u;
    }

    /** A smooth image (a few low-frequency waves), so interpolation errors are small. */
    private static float[] smoothImage(int w, int h) {
        float[] u = new float[w * h];
        for (int j = 0; j < h; j++) {
            for (int i = 0; i < w; i++) {
                u[j * w + i] = (float) (Math.sin(0.21 * i + 0.4) * Math.cos(0.17 * j - 0.3) + 0.5 * Math.sin(0.09 * (i + j)));
            }
        }
        return u;
    }

    @Test
    void anIntegerShiftMovesTheImageByExactlyThatShift() {
        int w = 20, h = 16;
        float[] u = randomImage(w, h, 1);
        float[] y = ProjectionDeformation.rigid(3, -2, 0).apply(u, w, h);
        // y(x) = u(x - tau): recorded pixel (i, j) shows ideal pixel (i - 3, j + 2)
        for (int j = 0; j < h - 2; j++) {
            for (int i = 3; i < w; i++) assertEquals(u[(j + 2) * w + i - 3], y[j * w + i], 1e-6, i + "," + j);
        }
    }

    @Test
    void aQuarterTurnReadsTheRotatedPixel() {
        int n = 15;
        float[] u = randomImage(n, n, 2);
        float[] y = ProjectionDeformation.rigid(0, 0, 90).apply(u, n, n);
        int c = (n - 1) / 2;
        // y(x) = u(R x), R(90 deg) (x, y) = (-y, x)
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                int sx = -(j - c) + c, sy = (i - c) + c;
                assertEquals(u[sy * n + sx], y[j * n + i], 1e-5, i + "," + j);
            }
        }
    }

    @Test
    void theXfRowAlignsTheRecordedImageAsNewstackWould() {
        int w = 64, h = 56;
        float[] u = smoothImage(w, h);
        ProjectionDeformation d = ProjectionDeformation.rigid(2.5, -1.25, 0.7);
        float[] recorded = d.apply(u, w, h);
        double[] xf = d.xfRow();
        // newstack: aligned(X') = raw(A^-1 (X' - d)), centred coordinates
        double det = xf[0] * xf[3] - xf[1] * xf[2];
        double cx = (w - 1) / 2.0, cy = (h - 1) / 2.0, worst = 0;
        for (int j = 10; j < h - 10; j++) {
            for (int i = 10; i < w - 10; i++) {
                double px = i - cx - xf[4], py = j - cy - xf[5];
                double rx = (xf[3] * px - xf[1] * py) / det, ry = (-xf[2] * px + xf[0] * py) / det;
                double aligned = ProjectionDeformation.catmullRom(recorded, w, h, rx + cx, ry + cy);
                worst = Math.max(worst, Math.abs(aligned - u[j * w + i]));
            }
        }
        assertTrue(worst < 0.01, "aligned image differs from the ideal one by " + worst);
        ProjectionDeformation back = ProjectionDeformation.fromXfRow(xf);
        assertEquals(2.5, back.shiftX(), 1e-12);
        assertEquals(-1.25, back.shiftY(), 1e-12);
        assertEquals(0.7, back.rotationDeg(), 1e-12);
    }

    @Test
    void theLocalFieldInterpolatesTheControlPoints() {
        int w = 41, h = 33, g = 5;
        double[] lx = new double[g * g], ly = new double[g * g];
        Random r = new Random(3);
        for (int k = 0; k < lx.length; k++) {
            lx[k] = r.nextGaussian();
            ly[k] = r.nextGaussian();
        }
        ProjectionDeformation d = new ProjectionDeformation(0, 0, 0, g, g, lx, ly);
        double[] phi = new double[2];
        for (int j = 0; j < g; j++) {
            for (int i = 0; i < g; i++) {
                double x = -(w - 1) / 2.0 + i * (w - 1) / (g - 1.0), y = -(h - 1) / 2.0 + j * (h - 1) / (g - 1.0);
                d.displacement(x, y, w, h, phi);
                assertEquals(lx[j * g + i], phi[0], 1e-9);
                assertEquals(ly[j * g + i], phi[1], 1e-9);
            }
        }
        // a constant field is a pure shift the other way round: y(x) = u(x + c)
        double[] cx = new double[g * g], cy = new double[g * g];
        java.util.Arrays.fill(cx, 2);
        java.util.Arrays.fill(cy, -1);
        float[] u = randomImage(w, h, 4);
        float[] y = new ProjectionDeformation(0, 0, 0, g, g, cx, cy).apply(u, w, h);
        for (int j = 1; j < h; j++) {
            for (int i = 0; i < w - 2; i++) assertEquals(u[(j - 1) * w + i + 2], y[j * w + i], 1e-5);
        }
    }

    /**
     * A drawn local field has no rigid part over the detector (mean displacement and best-fit rotation
     * of the interpolated field both zero), while the field before the removal had one.
     */
    @Test
    void aRandomLocalFieldHasNoMeanShiftAndNoRotation() {
        int w = 50, h = 40;
        Misalignment m = Misalignment.random(6, new Misalignment.Spec(3, 0.4, 0.8, 5, 11), w, h);
        double before = 0;
        for (int t = 0; t < m.size(); t++) {
            double[] rigid = rigidPart(m.view(t), w, h);
            assertEquals(0, rigid[0], 1e-9);
            assertEquals(0, rigid[1], 1e-9);
            assertEquals(0, rigid[2], 1e-9);
            assertTrue(m.view(t).maxLocalDisplacement() > 0.3, "the local field is still there");
            ProjectionDeformation v = m.view(t);
            double[] lx = new double[25], ly = new double[25];
            for (int k = 0; k < 25; k++) {
                lx[k] = v.localX(k % 5, k / 5) + 0.3 + 0.01 * (k / 5 - 2);
                ly[k] = v.localY(k % 5, k / 5) - 0.01 * (k % 5 - 2);
            }
            double[] added = rigidPart(new ProjectionDeformation(0, 0, 0, 5, 5, lx, ly), w, h);
            before = Math.max(before, Math.abs(added[0]));
            double[] again = rigidPart(new ProjectionDeformation(0, 0, 0, 5, 5, lx, ly).withRigidFreeLocal(w, h), w, h);
            assertEquals(0, again[0], 1e-9);
            assertEquals(0, again[2], 1e-9);
        }
        assertTrue(before > 0.25, "a mean shift added to the control points shows: " + before);
    }

    /** Mean displacement (x, y) and best-fit rotation (radians) of the local field over all pixels. */
    private static double[] rigidPart(ProjectionDeformation v, int w, int h) {
        double[] d = new double[2];
        double mx = 0, my = 0, num = 0, den = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double cx = x - (w - 1) / 2.0, cy = y - (h - 1) / 2.0;
                v.displacement(cx, cy, w, h, d);
                mx += d[0];
                my += d[1];
                num += cx * d[1] - cy * d[0];
                den += cx * cx + cy * cy;
            }
        }
        return new double[] {mx / (w * h), my / (w * h), num / den};
    }

    @Test
    void aMisalignmentRoundTripsThroughItsFiles() {
        Misalignment m = Misalignment.random(7, new Misalignment.Spec(3, 0.4, 0.8, 4, 11), 50, 40);
        m.writeXf(dir.resolve("a.xf"), false);
        m.writeLocal(dir.resolve("local.txt"), 50, 40, false);
        Misalignment back = Misalignment.read(dir.resolve("a.xf"), dir.resolve("local.txt"));
        assertEquals(7, back.size());
        for (int t = 0; t < 7; t++) {
            assertEquals(m.view(t).shiftX(), back.view(t).shiftX(), 1e-3);
            assertEquals(m.view(t).shiftY(), back.view(t).shiftY(), 1e-3);
            assertEquals(m.view(t).rotationDeg(), back.view(t).rotationDeg(), 1e-4);
            for (int j = 0; j < 4; j++) {
                for (int i = 0; i < 4; i++) assertEquals(m.view(t).localX(i, j), back.view(t).localX(i, j), 1e-6);
            }
            assertTrue(Math.abs(m.view(t).shiftX()) <= 2.5 * 3 && m.view(t).maxLocalDisplacement() <= 2.5 * 0.8 * Math.sqrt(2));
        }
    }

    @Test
    void badTransformFilesAreNamedWithTheirLine() throws Exception {
        Path xf = dir.resolve("bad.xf");
        Files.writeString(xf, "1 0 0 1 0 0\n1 0 0 1 0\n");
        CryoEtException e = assertThrows(CryoEtException.class, () -> XfFile.read(xf));
        assertTrue(e.getMessage().contains("bad.xf") && e.getMessage().contains("line 2"), e.getMessage());
        Files.writeString(xf, "0 0 0 0 1 1\n");
        assertTrue(assertThrows(CryoEtException.class, () -> XfFile.read(xf)).getMessage().contains("singular"));
    }

    @Test
    void aMisalignedSimulationKeepsTheNoiseOfItsAlignedTwin() {
        PhantomSpec phantom = PhantomSpec.of(32, 24, 16, 5, 10);
        AcquisitionSpec acq = AcquisitionSpec.defaults().withRange(-30, 30, 15).withFrames(2);
        Misalignment m = Misalignment.random(5, new Misalignment.Spec(2, 0.5, 0.5, 3, 5), 32, 24);
        SimulatedAcquisition moved = AcquisitionSimulator.simulate(phantom, acq, m, Progress.NONE);
        SimulatedAcquisition still = AcquisitionSimulator.simulate(phantom, acq, null, Progress.NONE);
        Volume expectedClean = m.apply(still.clean());
        float[] a = moved.clean().data(), e = expectedClean.data();
        for (int k = 0; k < a.length; k++) assertEquals(e[k], a[k], 1e-6);
        float[] ms = moved.tiltSeries().data(), ss = still.tiltSeries().data(), sc = still.clean().data();
        double differenceOfImages = 0;
        for (int k = 0; k < ms.length; k++) {
            // the same noise on a different clean image
            assertEquals(ss[k] - sc[k], ms[k] - a[k], 1e-4);
            differenceOfImages = Math.max(differenceOfImages, Math.abs(ms[k] - ss[k]));
        }
        assertTrue(differenceOfImages > 0.01, "the misalignment changed nothing");
        assertEquals(moved.misalignment().view(3).shiftX(), m.view(3).shiftX());
    }
}
