package org.cryoet.learn.cryolithe;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import org.cryoet.util.CryoEtException;
import org.cryoet.util.Progress;
import org.cryoet.volume.Calibration;
import org.cryoet.volume.Volume;

/**
 * CryoLithe reconstruction of an aligned tilt series (tilt axis y): normalise, filter every line
 * with the model's learned filter, then evaluate the network at every output point (voxels, or
 * wavelet coefficients at half resolution followed by the inverse bior3.1 transform), slab by slab
 * along z so that memory does not grow with the output.
 *
 * <p>Output: detector width x detector height x thickness, in relative density units (the model
 * predicts density relative to the ice, divided by the tilt series' standard deviation, which is
 * multiplied back), with the tilt series' pixel size and origin.
 */
public final class CryolitheReconstruction {
    /** Fewest tilts accepted (a set of 2 views cannot separate depth from lateral position at all). */
    public static final int MIN_TILTS = 5;

    /** Receives finished output sections in order. */
    public interface SlabSink {
        /** {@code data} holds {@code count} sections of nx * ny values starting at section {@code firstZ}. */
        void accept(float[] data, int firstZ, int count);
    }

    /** Normalised, filtered images and the scale to undo the normalisation. */
    record Prepared(float[] images, double scale) {
    }

    private CryolitheReconstruction() {
    }

    /** Checks the inputs; {@code what} names the tilt series in messages. */
    public static void check(Volume tiltSeries, double[] anglesDeg, int thickness, String what) {
        if (anglesDeg.length != tiltSeries.nz()) {
            throw new CryoEtException("Tilt series " + what + " has " + tiltSeries.nz() + " images but "
                    + anglesDeg.length + " tilt angles were given");
        }
        if (tiltSeries.nz() < MIN_TILTS) {
            throw new CryoEtException("Tilt series " + what + " has " + tiltSeries.nz()
                    + " images; CryoLithe needs at least " + MIN_TILTS);
        }
        for (double a : anglesDeg) {
            if (!Double.isFinite(a) || Math.abs(a) > 90) {
                throw new CryoEtException("Tilt angle " + a + " for " + what + " is not within -90..90 degrees");
            }
        }
        if (thickness < 1) throw new CryoEtException("Output thickness must be at least 1, got " + thickness);
        if (tiltSeries.nx() < 2 || tiltSeries.ny() < 2) {
            throw new CryoEtException("Tilt series " + what + " images are too small (" + tiltSeries.nx() + "x"
                    + tiltSeries.ny() + ")");
        }
    }

    /**
     * Removes each image's mean, divides by the standard deviation of the whole series and filters
     * the lines. Per-image means carry the ice thickness (growing as 1 / cos theta), not structure.
     */
    static Prepared prepare(Volume tiltSeries, float[] filterControl, String what) {
        Prepared p = normalise(tiltSeries, what);
        ProjectionFilter1d.apply(p.images(), tiltSeries.nx(), tiltSeries.ny() * tiltSeries.nz(), filterControl);
        return p;
    }

    /** The normalisation of {@link #prepare} without the filtering (training filters differentiably). */
    static Prepared normalise(Volume tiltSeries, String what) {
        int w = tiltSeries.nx(), h = tiltSeries.ny(), n = tiltSeries.nz();
        float[] src = tiltSeries.data();
        float[] img = new float[src.length];
        int area = w * h;
        double sum2 = 0;
        for (int t = 0; t < n; t++) {
            double mean = 0;
            for (int i = 0; i < area; i++) mean += src[t * area + i];
            mean /= area;
            for (int i = 0; i < area; i++) {
                double v = src[t * area + i] - mean;
                img[t * area + i] = (float) v;
                sum2 += v * v;
            }
        }
        double std = Math.sqrt(sum2 / src.length);
        if (!(std > 0) || !Double.isFinite(std)) {
            throw new CryoEtException("Tilt series " + what + " has no contrast (every image is constant) or "
                    + "holds non-finite values");
        }
        float inv = (float) (1 / std);
        for (int i = 0; i < img.length; i++) img[i] *= inv;
        return new Prepared(img, std);
    }

    /** Reconstructs into a new volume (for outputs that fit in memory). */
    public static Volume reconstruct(Volume tiltSeries, double[] anglesDeg, int thickness, CryolitheModel model,
                                     Device device, int batch, Progress progress) {
        Volume out = Volume.create(tiltSeries.nx(), tiltSeries.ny(), thickness, outputCalibration(tiltSeries));
        int section = tiltSeries.nx() * tiltSeries.ny();
        reconstruct(tiltSeries, anglesDeg, thickness, model, device, batch, progress, "(in memory)",
                (data, z0, count) -> System.arraycopy(data, 0, out.data(), z0 * section, count * section));
        return out;
    }

    /** The output's calibration: the tilt series' pixel size on all three axes, its origin. */
    public static Calibration outputCalibration(Volume tiltSeries) {
        return tiltSeries.calibration().withVoxelZ(tiltSeries.calibration().voxelX());
    }

    /**
     * Reconstructs and hands the output to {@code sink} slab by slab (z order).
     *
     * @param batch query points per network call (memory about 0.6 KB per point and tilt)
     */
    public static void reconstruct(Volume tiltSeries, double[] anglesDeg, int thickness, CryolitheModel model,
                                   Device device, int batch, Progress progress, String what, SlabSink sink) {
        check(tiltSeries, anglesDeg, thickness, what);
        org.cryoet.learn.GradMode.offOnThisThread();
        if (batch < 1) throw new CryoEtException("Batch size must be at least 1, got " + batch);
        CryolitheConfig cfg = model.config();
        Prepared prep = prepare(tiltSeries, model.weights()[0], what);
        int w = tiltSeries.nx(), h = tiltSeries.ny();
        int tilts = anglesDeg.length;
        int[] all = new int[tilts];
        for (int t = 0; t < tilts; t++) all[t] = t;
        TracePatches patches = new TracePatches(w, h, anglesDeg, cfg.patch(), cfg.patchScale());
        float[] encoding = CryolitheNetwork.angleEncoding(anglesDeg, all, cfg.embed());
        float outScale = (float) (prep.scale() / cfg.targetScale());
        try (NDManager root = NDManager.newBaseManager(device);
             CryolitheNetwork net = CryolitheNetwork.fromWeights(cfg, model.weights(), root)) {
            Evaluator eval = new Evaluator(net, patches, prep.images(), all, encoding, batch);
            if (cfg.wavelet()) {
                waveletSlabs(eval, w, h, thickness, outScale, progress, sink);
            } else {
                pixelSlabs(eval, w, h, thickness, outScale, progress, sink);
            }
        }
    }

    /** Evaluates the network at arbitrary centred points, in batches. */
    static final class Evaluator {
        private final CryolitheNetwork net;
        private final TracePatches patches;
        private final float[] images;
        private final int[] tilts;
        private final float[] encoding;
        private final int batch;
        private final float[] buffer;

        Evaluator(CryolitheNetwork net, TracePatches patches, float[] images, int[] tilts, float[] encoding, int batch) {
            this.net = net;
            this.patches = patches;
            this.images = images;
            this.tilts = tilts;
            this.encoding = encoding;
            this.batch = batch;
            this.buffer = new float[(int) patches.size(batch, tilts.length)];
        }

        /** Outputs (points x outputs) at centred points; {@code done} counts points for progress. */
        float[] evaluate(double[] px, double[] py, double[] pz, Progress progress, long[] done, long total) {
            int n = px.length;
            int outs = net.config().outputs();
            float[] out = new float[n * outs];
            for (int b0 = 0; b0 < n; b0 += batch) {
                progress.checkCancelled("CryoLithe reconstruction");
                int m = Math.min(batch, n - b0);
                double[] bx = java.util.Arrays.copyOfRange(px, b0, b0 + m);
                double[] by = java.util.Arrays.copyOfRange(py, b0, b0 + m);
                double[] bz = java.util.Arrays.copyOfRange(pz, b0, b0 + m);
                float[] buf = m == batch ? buffer : new float[(int) patches.size(m, tilts.length)];
                patches.sample(images, bx, by, bz, tilts, buf);
                float[] pred = net.predict(buf, encoding, m, tilts.length);
                System.arraycopy(pred, 0, out, b0 * outs, m * outs);
                done[0] += m;
                progress.update("CryoLithe", done[0], total);
            }
            return out;
        }
    }

    /** Sections per slab: about 8 batches' worth of points, at least one section. */
    private static int slabDepth(int sectionPoints, int batch) {
        return Math.max(1, (int) Math.min(64, (8L * batch) / Math.max(1, sectionPoints)));
    }

    private static void pixelSlabs(Evaluator eval, int w, int h, int nz, float outScale, Progress progress,
                                   SlabSink sink) {
        int depth = slabDepth(w * h, eval.batch);
        long total = (long) w * h * nz;
        long[] done = {0};
        for (int z0 = 0; z0 < nz; z0 += depth) {
            int count = Math.min(depth, nz - z0);
            int n = w * h * count;
            double[] px = new double[n], py = new double[n], pz = new double[n];
            int i = 0;
            for (int z = z0; z < z0 + count; z++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++, i++) {
                        px[i] = x - (w - 1) / 2.0;
                        py[i] = y - (h - 1) / 2.0;
                        pz[i] = z - (nz - 1) / 2.0;
                    }
                }
            }
            float[] v = eval.evaluate(px, py, pz, progress, done, total);
            for (int j = 0; j < n; j++) v[j] *= outScale;
            sink.accept(v, z0, count);
        }
    }

    /**
     * Wavelet model: coefficient c (per axis) sits between padded voxels 2c and 2c+1, padded voxel q
     * being output voxel q - 2; the grid extends 2 voxels beyond the output on each side so that the
     * periodic wrap of the inverse transform only touches discarded voxels. Output slabs of m
     * coefficient layers are inverted as blocks with one extra coefficient layer on each side (each
     * voxel needs the two nearest coefficient layers), keeping the middle 2m voxel layers; every
     * coefficient layer is evaluated once (the two layers shared with the previous slab are kept).
     */
    private static void waveletSlabs(Evaluator eval, int w, int h, int nz, float outScale, Progress progress,
                                     SlabSink sink) {
        int cx = (w + 1) / 2 + 2, cy = (h + 1) / 2 + 2;
        int layerPoints = cx * cy;
        int m = Math.max(2, slabDepth(layerPoints, eval.batch));
        int cLast = (nz + 3) / 2;                // exclusive: coefficient layers 1 .. cLast-1 cover z = 0 .. nz-1
        long total = (long) layerPoints * (cLast + 1);
        long[] done = {0};
        int bx = 2 * cx, by = 2 * cy;
        java.util.Map<Integer, float[][]> layers = new java.util.HashMap<>();
        int computed = -1;                       // highest coefficient layer evaluated so far
        for (int c0 = 1; c0 < cLast; c0 += m) {
            int mm = Math.min(m, cLast - c0);
            int c1 = c0 + mm;                    // the block needs layers c0 - 1 .. c1
            int first = computed + 1;
            int fresh = c1 - first + 1;
            if (fresh > 0) {
                int n = layerPoints * fresh;
                double[] px = new double[n], py = new double[n], pz = new double[n];
                int i = 0;
                for (int c = first; c <= c1; c++) {
                    for (int y = 0; y < cy; y++) {
                        for (int x = 0; x < cx; x++, i++) {
                            px[i] = (2 * x - 1.5) - (w - 1) / 2.0;
                            py[i] = (2 * y - 1.5) - (h - 1) / 2.0;
                            pz[i] = (2 * c - 1.5) - (nz - 1) / 2.0;
                        }
                    }
                }
                float[] coef = eval.evaluate(px, py, pz, progress, done, total);
                for (int c = first; c <= c1; c++) {
                    float[][] bands = new float[Bior31.BANDS][layerPoints];
                    int off = (c - first) * layerPoints;
                    for (int j = 0; j < layerPoints; j++) {
                        for (int b = 0; b < Bior31.BANDS; b++) bands[b][j] = coef[(off + j) * Bior31.BANDS + b];
                    }
                    layers.put(c, bands);
                }
                computed = c1;
            }
            int oldest = c0 - 1;
            layers.keySet().removeIf(c -> c < oldest);
            int blockLayers = mm + 2;
            float[][] block = new float[Bior31.BANDS][layerPoints * blockLayers];
            for (int l = 0; l < blockLayers; l++) {
                float[][] src = layers.get(c0 - 1 + l);
                for (int b = 0; b < Bior31.BANDS; b++) System.arraycopy(src[b], 0, block[b], l * layerPoints, layerPoints);
            }
            float[] vox = Bior31.inverse(block, bx, by, 2 * blockLayers);
            // Block voxel layer r is padded voxel 2(c0 - 1) + r, i.e. output z = 2 c0 - 4 + r.
            int zFirst = 2 * c0 - 2;
            int zEnd = Math.min(nz, 2 * c1 - 2);
            int count = zEnd - zFirst;
            if (count <= 0) continue;
            float[] slab = new float[w * h * count];
            for (int z = 0; z < count; z++) {
                int r = z + 2;
                for (int y = 0; y < h; y++) {
                    int src = (r * by + (y + 2)) * bx + 2;
                    int dst = (z * h + y) * w;
                    for (int x = 0; x < w; x++) slab[dst + x] = vox[src + x] * outScale;
                }
            }
            sink.accept(slab, zFirst, count);
        }
    }
}
