package org.cryoet.learn;

import org.cryoet.volume.VolumeSource;
import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.cryoet.util.Progress;
import org.cryoet.volume.Calibration;
import org.cryoet.volume.Volume;
import org.jtransforms.fft.DoubleFFT_3D;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** DeepDeWedge: rotations, wedge masks, loss, missing-wedge update, training, resume, prediction. */
class DdwMethodTest {

    /** f(x) = 0.7 x + 0.1 x^2: a fixed nonlinear "network" whose output the host can compute too. */
    static final class Quadratic implements Network {
        @Override
        public NetworkSpec spec() {
            return new UNetConfig(2, 4);
        }

        @Override
        public Device device() {
            return Device.cpu();
        }

        @Override
        public NDArray forward(NDArray x) {
            return x.mul(0.7f).add(x.square().mul(0.1f));
        }

        static double host(double x) {
            return 0.7 * x + 0.1 * x * x;
        }

        @Override
        public NDArray[] parameters() {
            return new NDArray[0];
        }

        @Override
        public float[][] weightsToHost() {
            return new float[0][];
        }

        @Override
        public void setRequiresGradient(boolean requires) {
        }

        @Override
        public void setHalfPrecision(boolean half) {
        }

        @Override
        public void close() {
        }
    }

    // ------------------------------------------------------------------ rotations

    @Test
    void randomRotationsAreProperAndRepeatable() {
        for (int s = 0; s < 50; s++) {
            Rotation3d r = DdwMethod.rotationAt(7, 1 + s / 5, s % 5);
            assertTrue(r.orthonormalityError() < 1e-12, "orthonormal");
            assertEquals(1.0, r.determinant(), 1e-12, "det 1");
            assertArrayEquals(r.matrix(), DdwMethod.rotationAt(7, 1 + s / 5, s % 5).matrix(), "pure function");
        }
        assertFalse(java.util.Arrays.equals(DdwMethod.rotationAt(7, 3, 0).matrix(),
                DdwMethod.rotationAt(7, 3, 1).matrix()));
        assertFalse(java.util.Arrays.equals(DdwMethod.rotationAt(7, 3, 0).matrix(),
                DdwMethod.rotationAt(8, 3, 0).matrix()));
        // uniform on SO(3): the trace's mean is 0 (E[1 + 2 cos w] with the Haar density of the angle)
        double trace = 0;
        int n = 20000;
        for (int i = 0; i < n; i++) {
            double[] m = DdwMethod.rotationAt(1, i + 1, 0).matrix();
            trace += m[0] + m[4] + m[8];
        }
        assertEquals(0, trace / n, 0.03);
    }

    @Test
    void resamplingRotatesAboutTheCentreInTheDocumentedSense() {
        int n = 9;
        float[] v = new float[n * n * n];
        int c = 4;
        v[(c + 2) + n * (c + n * c)] = 1; // a point at centre + (2, 0, 0)
        // 90 degrees about z: (1, 0, 0) -> (0, 1, 0)
        Rotation3d rz = Rotation3d.of(new double[]{0, -1, 0, 1, 0, 0, 0, 0, 1});
        float[] out = new float[n * n * n];
        rz.resample(v, 0, n, out, 0, n);
        assertEquals(1f, out[c + n * ((c + 2) + n * c)], 1e-6f);
        assertEquals(1.0, sum(out), 1e-6);
    }

    @Test
    void rotatingASmoothVolumeAndBackReturnsIt() {
        int n = 24;
        float[] v = new float[n * n * n];
        double ctr = (n - 1) / 2.0;
        for (int z = 0; z < n; z++)
            for (int y = 0; y < n; y++)
                for (int x = 0; x < n; x++) {
                    double dx = x - ctr - 1.5;
                    double dy = y - ctr + 0.5;
                    double dz = z - ctr;
                    v[x + n * (y + n * z)] = (float) Math.exp(-(dx * dx / 60 + dy * dy / 30 + dz * dz / 45));
                }
        for (int s = 0; s < 5; s++) {
            Rotation3d r = DdwMethod.rotationAt(3, 1, s);
            float[] once = new float[v.length];
            float[] back = new float[v.length];
            r.resample(v, 0, n, once, 0, n);
            r.inverse().resample(once, 0, n, back, 0, n);
            // inside the inscribed ball (corners leave the cube and come back as zeros)
            double maxErr = 0;
            double sq = 0;
            int count = 0;
            for (int z = 0; z < n; z++)
                for (int y = 0; y < n; y++)
                    for (int x = 0; x < n; x++) {
                        double r2 = (x - ctr) * (x - ctr) + (y - ctr) * (y - ctr) + (z - ctr) * (z - ctr);
                        int i = x + n * (y + n * z);
                        if (r2 < 10 * 10) {
                            maxErr = Math.max(maxErr, Math.abs(back[i] - v[i]));
                            sq += (back[i] - v[i]) * (back[i] - v[i]);
                            count++;
                        }
                    }
            // two trilinear interpolations smooth a blob of unit height by a few per cent at most
            assertTrue(maxErr < 0.04, "max error " + maxErr);
            assertTrue(Math.sqrt(sq / count) < 0.01, "rms error " + Math.sqrt(sq / count));
            // the rotation moved the anisotropic blob: it is not the identity
            double moved = 0;
            for (int i = 0; i < v.length; i++) moved = Math.max(moved, Math.abs(once[i] - v[i]));
            assertTrue(moved > 0.2, "moved " + moved);
        }
    }

    // ------------------------------------------------------------------ masks

    @Test
    void wedgeMaskFollowsTheTiltRangeAndIsHermitian() {
        int c = 16;
        float[] m = DdwMethod.wedgeMask(c, -60, 60, Rotation3d.identity());
        double t60 = Math.tan(Math.toRadians(60));
        int measured = 0;
        for (int z = 0; z < c; z++)
            for (int y = 0; y < c; y++)
                for (int x = 0; x < c; x++) {
                    int kx = x < c / 2 ? x : x - c;
                    int kz = z < c / 2 ? z : z - c;
                    boolean expected = (kx == 0 && kz == 0) || Math.abs(kz) <= t60 * Math.abs(kx);
                    float got = m[x + c * (y + c * z)];
                    boolean nyquist = x == c / 2 || y == c / 2 || z == c / 2;
                    assertEquals(expected && !nyquist ? 1f : 0f, got, "k=" + kx + "," + kz);
                    int px = (c - x) % c;
                    int py = (c - y) % c;
                    int pz = (c - z) % c;
                    assertEquals(got, m[px + c * (py + c * pz)], "Hermitian symmetric");
                    if (got > 0) measured++;
                }
        // about 2/3 of the (kx, kz) plane is measured for a +-60 range (Nyquist planes left out)
        assertEquals(2.0 / 3, measured / Math.pow(c - 1, 3), 0.06);
        // asymmetric range: (kx, kz) = (1, -1) has atan(-kz/kx) = 45 (measured in [-30, 50]), (1, 1) -45 is not
        float[] a = DdwMethod.wedgeMask(c, -30, 50, Rotation3d.identity());
        assertEquals(1f, a[1 + c * (0 + c * (c - 1))]);
        assertEquals(0f, a[1 + c * (0 + c * 1)]);
    }

    @Test
    void rotatedMaskIsTheSupportOfTheRotatedVolume() {
        // an exact 90-degree rotation about x (voxels move to voxels) of a wedge-filtered volume has
        // its spectrum inside RM = M(R^T k)
        int c = 12;
        Random rnd = new Random(5);
        float[] v = new float[c * c * c];
        for (int i = 0; i < v.length; i++) v[i] = (float) rnd.nextGaussian();
        float[] m = DdwMethod.wedgeMask(c, -50, 40, Rotation3d.identity());
        float[] vm = hostMasked(v, m, c);
        Rotation3d rx = Rotation3d.of(new double[]{1, 0, 0, 0, 0, -1, 0, 1, 0});
        float[] rotated = new float[v.length];
        rx.resample(vm, 0, c, rotated, 0, c);
        float[] rm = DdwMethod.wedgeMask(c, -50, 40, rx);
        double[] f = fft(rotated, c);
        double inside = 0;
        double outside = 0;
        int outsideCount = 0;
        for (int i = 0; i < rm.length; i++) {
            double p = f[2 * i] * f[2 * i] + f[2 * i + 1] * f[2 * i + 1];
            if (rm[i] > 0) inside += p;
            else {
                outside += p;
                outsideCount++;
            }
        }
        assertTrue(outsideCount > c * c * c / 5, "the rotated wedge is not empty");
        assertTrue(outside < 1e-8 * inside, "energy outside RM: " + outside + " vs " + inside);
    }

    // ------------------------------------------------------------------ loss and update

    @Test
    void lossEqualsAnIndependentHostComputation() {
        int b = 2;
        int c = 8;
        int c3 = c * c * c;
        Random rnd = new Random(11);
        float[] ra = new float[b * c3];
        float[] rb = new float[b * c3];
        for (int i = 0; i < ra.length; i++) {
            ra[i] = (float) rnd.nextGaussian();
            rb[i] = (float) rnd.nextGaussian();
        }
        float[] m = DdwMethod.wedgeMask(c, -60, 55, Rotation3d.identity());
        float[] rm = new float[b * c3];
        for (int s = 0; s < b; s++) {
            System.arraycopy(DdwMethod.wedgeMask(c, -60, 55, DdwMethod.rotationAt(4, 9, s)), 0, rm, s * c3, c3);
        }
        double w = 2.5;
        double[] got;
        try (NDManager mgr = NDManager.newBaseManager(Device.cpu())) {
            Shape shape = new Shape(b, 1, c, c, c);
            DdwMethod.Terms t = DdwMethod.computeLoss(new Quadratic(), HostArrays.create(mgr, ra, shape),
                    HostArrays.create(mgr, rb, shape), HostArrays.create(mgr, m, new Shape(c, c, c)),
                    HostArrays.create(mgr, rm, shape), w);
            got = new double[]{t.total().getFloat(), t.measured().getFloat(), t.wedge().getFloat()};
        }
        double measured = 0;
        double wedge = 0;
        for (int s = 0; s < b; s++) {
            float[] a = java.util.Arrays.copyOfRange(ra, s * c3, (s + 1) * c3);
            float[] x = hostMasked(a, m, c);
            float[] d = new float[c3];
            for (int i = 0; i < c3; i++) d[i] = (float) (rb[s * c3 + i] - Quadratic.host(x[i]));
            float[] both = new float[c3];
            float[] only = new float[c3];
            for (int i = 0; i < c3; i++) {
                both[i] = rm[s * c3 + i] * m[i];
                only[i] = rm[s * c3 + i] * (1 - m[i]);
            }
            for (float q : hostMasked(d, both, c)) measured += q * q;
            for (float q : hostMasked(d, only, c)) wedge += q * q;
        }
        measured /= b * c3;
        wedge /= b * c3;
        assertTrue(measured > 0.05 && wedge > 0.01, measured + " " + wedge);
        assertEquals(measured, got[1], 1e-5 * measured);
        assertEquals(wedge, got[2], 1e-5 * wedge);
        assertEquals(measured + w * wedge, got[0], 1e-5 * got[0]);
    }

    @Test
    void missingWedgeUpdateKeepsMeasuredFrequenciesAndReplacesTheWedge() {
        int c = 12;
        int c3 = c * c * c;
        Random rnd = new Random(2);
        float[] x = new float[c3];
        for (int i = 0; i < c3; i++) x[i] = (float) rnd.nextGaussian();
        float[] m = DdwMethod.wedgeMask(c, -45, 60, Rotation3d.identity());
        float[] filled;
        try (NDManager mgr = NDManager.newBaseManager(Device.cpu())) {
            filled = DdwMethod.fill(new Quadratic(), HostArrays.create(mgr, x, new Shape(1, 1, c, c, c)),
                    HostArrays.create(mgr, m, new Shape(c, c, c))).toFloatArray();
        }
        float[] mx = hostMasked(x, m, c);
        float[] y = new float[c3];
        for (int i = 0; i < c3; i++) y[i] = (float) Quadratic.host(mx[i]);
        double[] fFilled = fft(filled, c);
        double[] fx = fft(x, c);
        double[] fy = fft(y, c);
        double scale = 0;
        for (double q : fx) scale = Math.max(scale, Math.abs(q));
        int wedgeCount = 0;
        for (int i = 0; i < c3; i++) {
            double[] expected = m[i] > 0 ? fx : fy;
            if (m[i] == 0) wedgeCount++;
            assertEquals(expected[2 * i], fFilled[2 * i], 1e-4 * scale, "re at " + i);
            assertEquals(expected[2 * i + 1], fFilled[2 * i + 1], 1e-4 * scale, "im at " + i);
        }
        assertTrue(wedgeCount > c3 / 5);
        // and it is not the identity: the wedge changed
        double change = 0;
        for (int i = 0; i < c3; i++) change = Math.max(change, Math.abs(filled[i] - x[i]));
        assertTrue(change > 0.1);
    }

    // ------------------------------------------------------------------ training

    static TrainingConfig ddw(long iterations) {
        return TrainerTest.tiny(iterations).toBuilder().method("ddw").methodParameter("update_every", 2).build();
    }

    @Test
    void stopAndResumeIsBitExactIncludingTheUpdatedData(@TempDir Path dir) throws Exception {
        Path straight = dir.resolve("straight");
        new Trainer(ddw(5), TrainerTest.pairs(), straight).run(Progress.NONE);

        Path interrupted = dir.resolve("interrupted");
        new Trainer(ddw(5).toBuilder().checkpointEvery(3).build(), TrainerTest.pairs(), interrupted)
                .addListener(TrainerTest.stopAfter(3)).run(Progress.NONE);
        Checkpoint ckpt = Checkpoint.read(interrupted);
        assertEquals(3, ckpt.iteration());
        // the update at iteration 2 filled half A of both pairs (16^3 each)
        assertNotNull(ckpt.methodState());
        assertEquals(2, ckpt.methodState().length);
        assertEquals(16 * 16 * 16, ckpt.methodState()[0].length);
        assertTrue(Files.isRegularFile(Checkpoint.dir(interrupted).resolve("method.bin")));

        new Trainer(ddw(5), TrainerTest.pairs(), interrupted).resume(true).run(Progress.NONE);
        TrainerTest.assertBitIdentical(TrainerTest.weights(straight), TrainerTest.weights(interrupted));
        LossHistory a = LossHistory.read(straight.resolve("loss.csv"));
        LossHistory b = LossHistory.read(interrupted.resolve("loss.csv"));
        for (int i = 0; i < 5; i++) {
            assertEquals(a.entries().get(i).loss(), b.entries().get(i).loss());
            assertEquals(a.entries().get(i).term("wedge"), b.entries().get(i).term("wedge"));
        }
        assertEquals(List.of("measured", "wedge"), a.termNames());
        // the resumed run really used the restored data: a run resumed without it diverges
        Path noState = dir.resolve("nostate");
        new Trainer(ddw(5).toBuilder().checkpointEvery(3).build(), TrainerTest.pairs(), noState)
                .addListener(TrainerTest.stopAfter(3)).run(Progress.NONE);
        Files.delete(Checkpoint.dir(noState).resolve("method.bin"));
        Path stateJson = Checkpoint.dir(noState).resolve("state.json");
        Files.writeString(stateJson, Files.readString(stateJson).replaceAll(",\\s*\"methodCrc32\": -?\\d+", ""));
        new Trainer(ddw(5), TrainerTest.pairs(), noState).resume(true).run(Progress.NONE);
        assertNotEquals(a.entries().get(3).loss(), LossHistory.read(noState.resolve("loss.csv")).entries().get(3).loss());
    }

    @Test
    void tomogramsSmallerThanTheEnlargedCropAreRefusedWithTheSizes(@TempDir Path dir) {
        org.cryoet.util.CryoEtException e = assertThrows(org.cryoet.util.CryoEtException.class,
                () -> new Trainer(ddw(1).toBuilder().crop(16).build(), TrainerTest.pairs(), dir).run(Progress.NONE));
        assertTrue(e.getMessage().contains("DeepDeWedge draws crops of 24^3 for the crop 16")
                && e.getMessage().contains("16x16x16"), e.getMessage());
    }

    @Test
    void trainingLowersTheLossAndPredictsWholeVolumes(@TempDir Path dir) throws Exception {
        SyntheticPairs data = new SyntheticPairs(32, 14, 0.5, -60, 60, 3);
        TrainingConfig cfg = TrainingConfig.defaults().toBuilder().method("ddw").methodParameter("update_every", 30)
                .network(new UNetConfig(2, 8)).init(UNet3d.Init.HE_NORMAL).crop(16).batch(2).iterations(60)
                .learningRate(1e-3).seed(5).checkpointEvery(0).checkpointMinutes(0).progressEvery(0).device("cpu")
                .build();
        List<Double> losses = new ArrayList<>();
        new Trainer(cfg, List.of(data.pair()), dir).addListener(new TrainingListener() {
            @Override
            public void iteration(TrainingStatus s) {
                losses.add(s.loss());
            }
        }).run(Progress.NONE);
        double first = losses.subList(0, 10).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double last = losses.subList(50, 60).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        assertTrue(last < 0.8 * first, "loss " + first + " -> " + last);

        try (IcecreamModel model = IcecreamModel.load(dir)) {
            assertEquals("ddw", model.info().method().name());
            // one pass f(M x): the tile function equals the plain network on the host-masked tile
            int c = 16;
            float[] tile = java.util.Arrays.copyOf(SyntheticPairs.zscore(data.even), c * c * c);
            float[] m = DdwMethod.wedgeMask(c, -60, 60, Rotation3d.identity());
            try (TileFunction f = model.inferenceFunction(); TileFunction once = model.singlePassFunction()) {
                float[] a = f.apply(tile, 1, c);
                float[] b = once.apply(hostMasked(tile, m, c), 1, c);
                for (int i = 0; i < a.length; i++) assertEquals(b[i], a[i], 1e-4 + 1e-4 * Math.abs(b[i]));
                Volume half = Volume.wrap(java.util.Arrays.copyOf(data.even, 30 * 28 * 24), 30, 28, 24,
                        Calibration.UNIT);
                Volume halfB = Volume.wrap(java.util.Arrays.copyOf(data.odd, 30 * 28 * 24), 30, 28, 24,
                        Calibration.UNIT);
                Volume out = new TiledPredictor(c).predictPair(VolumeSource.of(half), VolumeSource.of(halfB), f,
                        Progress.NONE);
                assertEquals(30, out.nx());
                assertEquals(28, out.ny());
                assertEquals(24, out.nz());
                for (float q : out.data()) assertTrue(Float.isFinite(q));
            }
        }
    }

    // ------------------------------------------------------------------ host helpers

    /** Re F^-1[mask F(v)] on the c^3 grid (unshifted mask), in double precision. */
    static float[] hostMasked(float[] v, float[] mask, int c) {
        double[] f = fft(v, c);
        for (int i = 0; i < mask.length; i++) {
            f[2 * i] *= mask[i];
            f[2 * i + 1] *= mask[i];
        }
        new DoubleFFT_3D(c, c, c).complexInverse(f, true);
        float[] out = new float[v.length];
        for (int i = 0; i < out.length; i++) out[i] = (float) f[2 * i];
        return out;
    }

    static double[] fft(float[] v, int c) {
        double[] f = new double[2 * v.length];
        for (int i = 0; i < v.length; i++) f[2 * i] = v[i];
        new DoubleFFT_3D(c, c, c).complexForward(f);
        return f;
    }

    private static double sum(float[] a) {
        double s = 0;
        for (float x : a) s += x;
        return s;
    }
}
