package org.cryoet.learn.cryolithe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.cryoet.tomo.FbpOptions;
import org.cryoet.tomo.FilteredBackProjection;
import org.cryoet.tomo.ForwardProjector;
import org.cryoet.util.Progress;
import org.cryoet.volume.Calibration;
import org.cryoet.volume.Volume;
import org.junit.jupiter.api.Test;

class CryolitheModelTest {

    @Test
    void waveletTransformReconstructsPerfectly() {
        int nx = 10, ny = 8, nz = 6;
        float[] v = new float[nx * ny * nz];
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < v.length; i++) v[i] = (float) r.nextGaussian();
        float[][] bands = Bior31.forward(v, nx, ny, nz);
        float[] back = Bior31.inverse(bands, nx, ny, nz);
        double maxErr = 0;
        for (int i = 0; i < v.length; i++) maxErr = Math.max(maxErr, Math.abs(back[i] - v[i]));
        assertTrue(maxErr < 1e-5, "max error " + maxErr);
        // A constant has no detail: all energy in band 0 (low in every axis), value c * sqrt(2)^3 ... * (sum LO)^3.
        float[] c = new float[nx * ny * nz];
        java.util.Arrays.fill(c, 1f);
        float[][] cb = Bior31.forward(c, nx, ny, nz);
        double lowGain = Math.pow(Bior31.LO[0] + Bior31.LO[1] + Bior31.LO[2] + Bior31.LO[3], 3);
        assertEquals(lowGain, cb[0][5], 1e-5);
        for (int b = 1; b < 8; b++) for (float x : cb[b]) assertEquals(0, x, 1e-5);
    }

    @Test
    void filterBasisEqualsFftFiltering() {
        int w = 24, lines = 3;
        float[] control = ProjectionFilter1d.cosineRamp(9);
        control[3] += 0.2f;
        float[] data = new float[w * lines];
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < data.length; i++) data[i] = (float) r.nextGaussian();
        float[] fft = data.clone();
        ProjectionFilter1d.apply(fft, w, lines, control);
        float[] basis = ProjectionFilter1d.circulantBasis(9, w);
        for (int l = 0; l < lines; l++) {
            for (int j = 0; j < w; j++) {
                double s = 0;
                for (int i = 0; i < w; i++) {
                    double k = 0;
                    for (int c = 0; c < 9; c++) k += control[c] * basis[c * w * w + i * w + j];
                    s += data[l * w + i] * k;
                }
                assertEquals(s, fft[l * w + j], 1e-4);
            }
        }
    }

    /**
     * A point source projected by the project's forward projector: the patch centre of the point's
     * own voxel sees the point at every tilt, and the FBP of the same projections peaks there too.
     */
    @Test
    void patchesFollowTheForwardProjectorsGeometry() {
        int n = 32, nz = 16;
        int vx = 21, vy = 11, vz = 4;
        Volume v = Volume.create(n, n, nz, Calibration.UNIT);
        v.set(vx, vy, vz, 1f);
        double[] angles = {-60, -45, -30, -15, 0, 15, 30, 45, 60};
        Volume proj = ForwardProjector.project(v, angles);
        TracePatches tp = new TracePatches(n, n, angles, 3, 1.0);
        double[] px = {vx - (n - 1) / 2.0}, py = {vy - (n - 1) / 2.0}, pz = {vz - (nz - 1) / 2.0};
        int[] all = new int[angles.length];
        for (int t = 0; t < all.length; t++) all[t] = t;
        float[] out = new float[(int) tp.size(1, angles.length)];
        tp.sample(proj.data(), px, py, pz, all, out);
        for (int t = 0; t < angles.length; t++) {
            // centre sample: slice 1, sample 1; neighbours along x must be smaller
            float centre = out[(1 * angles.length + t) * 3 + 1];
            float left = out[(1 * angles.length + t) * 3];
            float right = out[(1 * angles.length + t) * 3 + 2];
            assertTrue(centre > 0.4 && centre >= left && centre >= right,
                    "tilt " + angles[t] + ": " + left + " " + centre + " " + right);
            // the row above sees nothing
            assertEquals(0, out[(0 * angles.length + t) * 3 + 1], 1e-3);
        }
        // The mirrored point (z -> -z) is not on the trace: its samples at +-60 miss the point.
        double[] pzm = {-pz[0]};
        tp.sample(proj.data(), px, py, pzm, all, out);
        assertTrue(out[(1 * angles.length) * 3 + 1] < 0.05, "mirrored depth should miss at -60");
        Volume fbp = FilteredBackProjection.reconstruct(proj, angles,
                FbpOptions.builder().filter(FbpOptions.FilterType.RAMP).thickness(nz).build(), Progress.NONE);
        int best = 0;
        for (int i = 1; i < fbp.data().length; i++) if (fbp.data()[i] > fbp.data()[best]) best = i;
        assertEquals(fbp.index(vx, vy, vz), best, "FBP puts the point where the patches look");
    }

    @Test
    void outputDoesNotDependOnTiltOrderAndTrainingAgreesWithInference() {
        // unit spacing (grid gather in training) and fractional spacing (four-corner gather)
        outputDoesNotDependOnTiltOrderAndTrainingAgreesWithInference(1.0);
        outputDoesNotDependOnTiltOrderAndTrainingAgreesWithInference(1.5);
    }

    private void outputDoesNotDependOnTiltOrderAndTrainingAgreesWithInference(double spacing) {
        CryolitheConfig cfg = new CryolitheConfig(5, spacing, 8, 12, 4, 16, 2, true, 9, 4.0);
        CryolitheTrainingData.Example ex = CryolitheTrainingData.generate(11, cfg.targetScale(), true);
        int tilts = ex.angles().length;
        int[] order = new int[tilts];
        int[] reversed = new int[tilts];
        for (int t = 0; t < tilts; t++) {
            order[t] = t;
            reversed[t] = tilts - 1 - t;
        }
        double[] px = {0.5, -3.2, 7}, py = {1, 2.5, -4}, pz = {0, 2, -3.5};
        try (NDManager root = NDManager.newBaseManager(Device.cpu());
             CryolitheNetwork net = CryolitheNetwork.create(cfg, 1, root)) {
            float[] filtered = ex.images().clone();
            ProjectionFilter1d.apply(filtered, ex.width(), ex.height() * tilts, net.filterControl());
            TracePatches tp = new TracePatches(ex.width(), ex.height(), ex.angles(), cfg.patch(), cfg.patchScale());
            float[] a = predict(net, tp, filtered, ex.angles(), order, px, py, pz);
            float[] b = predict(net, tp, filtered, ex.angles(), reversed, px, py, pz);
            for (int i = 0; i < a.length; i++) assertEquals(a[i], b[i], 1e-4 * (1 + Math.abs(a[i])));
            // the differentiable path used in training gives the same numbers
            Map<Integer, NDArray> bases = new HashMap<>();
            try (NDManager scope = root.newSubManager()) {
                float[] c = CryolitheTrainer.forwardFromImages(net, ex, order, px, py, pz, bases, root, scope)
                        .toFloatArray();
                for (int i = 0; i < a.length; i++) assertEquals(a[i], c[i], 1e-3 * (1 + Math.abs(a[i])));
            }
            // dropping tilts changes the output (the pooling is a mean over the tilts actually given)
            int[] fewer = java.util.Arrays.copyOfRange(order, 0, tilts - 5);
            float[] d = predict(net, tp, filtered, ex.angles(), fewer, px, py, pz);
            double diff = 0;
            for (int i = 0; i < a.length; i++) diff += Math.abs(a[i] - d[i]);
            assertTrue(diff > 1e-4);
            bases.values().forEach(NDArray::close);
        }
    }

    private static float[] predict(CryolitheNetwork net, TracePatches tp, float[] filtered, double[] angles, int[] tilts,
                                   double[] px, double[] py, double[] pz) {
        float[] buf = new float[(int) tp.size(px.length, tilts.length)];
        tp.sample(filtered, px, py, pz, tilts, buf);
        return net.predict(buf, CryolitheNetwork.angleEncoding(angles, tilts, net.config().embed()), px.length,
                tilts.length);
    }

    @Test
    void trainingLowersTheLossAndTrainsTheFilter() {
        CryolitheConfig cfg = new CryolitheConfig(5, 1.0, 8, 12, 4, 16, 2, false, 9, 4.0);
        CryolitheTrainingData.Example ex = CryolitheTrainingData.generate(21, cfg.targetScale(), false);
        double t2 = 0;
        for (float v : ex.target()) t2 += v * v;
        System.out.printf("target rms %.4f (%s)%n", Math.sqrt(t2 / ex.target().length), ex.description());
        try (NDManager root = NDManager.newBaseManager(Device.cpu());
             CryolitheNetwork net = CryolitheNetwork.create(cfg, 2, root);
             org.cryoet.learn.AdamOptimizer adam = new org.cryoet.learn.AdamOptimizer(net.parameters(), 3e-3, 0.9, 0.999,
                     1e-8, root)) {
            net.setRequiresGradient(true);
            Map<Integer, NDArray> bases = new HashMap<>();
            float[] filter0 = net.filterControl();
            double first = 0, last = 0;
            int steps = 150;
            for (int it = 0; it < steps; it++) {
                // the same points every time: the loss on them must fall
                SplittableRandom r = new SplittableRandom(99);
                double loss = CryolitheTrainer.step(net, adam, ex, r, 256, 3e-3, bases, root);
                if (it < 10) first += loss / 10;
                if (it >= steps - 10) last += loss / 10;
            }
            System.out.printf("loss %.5f -> %.5f%n", first, last);
            // Tensor lifetimes: further steps and predictions leave no arrays behind.
            org.cryoet.learn.EngineMemory.Ledger before = org.cryoet.learn.EngineMemory.ledger(root);
            for (int it = 0; it < 5; it++) {
                CryolitheTrainer.step(net, adam, ex, new SplittableRandom(it), 64, 1e-4, bases, root);
                net.predict(new float[5 * 2 * 3 * 5], CryolitheNetwork.angleEncoding(ex.angles(), new int[]{0, 1, 2},
                        cfg.embed()), 2, 3);
            }
            org.cryoet.learn.EngineMemory.Ledger after = org.cryoet.learn.EngineMemory.ledger(root);
            assertEquals(before.arrays(), after.arrays(), "live arrays");
            assertEquals(before.bytes(), after.bytes(), "live bytes");
            assertTrue(last < 0.7 * first, "loss " + first + " -> " + last);
            float[] filter1 = net.filterControl();
            double moved = 0;
            for (int i = 0; i < filter0.length; i++) moved += Math.abs(filter1[i] - filter0[i]);
            assertTrue(moved > 1e-3, "the filter must receive gradients");
            bases.values().forEach(NDArray::close);
        }
    }
}
