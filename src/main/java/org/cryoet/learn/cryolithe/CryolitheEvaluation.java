package org.cryoet.learn.cryolithe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import ai.djl.Device;
import org.cryoet.fourier.Fsc;
import org.cryoet.fourier.GaussianFilter;
import org.cryoet.fourier.Metrics;
import org.cryoet.fourier.MissingWedge;
import org.cryoet.learn.PairRestoration;
import org.cryoet.learn.TrainingConfig;
import org.cryoet.learn.TrainingMethods;
import org.cryoet.learn.TrainingPair;
import org.cryoet.learn.TrainingPresets;
import org.cryoet.tomo.AcquisitionSimulator;
import org.cryoet.tomo.AcquisitionSpec;
import org.cryoet.tomo.FbpOptions;
import org.cryoet.tomo.FilteredBackProjection;
import org.cryoet.tomo.HalfSplitter;
import org.cryoet.tomo.Phantom;
import org.cryoet.tomo.PhantomSpec;
import org.cryoet.tomo.SimulatedAcquisition;
import org.cryoet.util.CryoEtException;
import org.cryoet.util.Progress;
import org.cryoet.volume.Volume;
import org.cryoet.volume.VolumeSource;

/**
 * CryoLithe against the classical baselines on a simulated case of the held-out family (default
 * simulator phantom, which contains vesicles; -60..60 step 3): Pearson CC with the reference
 * ({@link CryolitheTrainingData#reference}: phantom minus ice layer, band-limited), the
 * correlation restricted to the measured Fourier region and to the missing wedge (Parseval CC of
 * the region-filtered volumes), and wall time. Baselines: FBP (radial filter, IMOD defaults) and
 * FBP + the oracle Gaussian (the blur that maximises CC with the reference, a bound no blind
 * Gaussian can beat).
 *
 * <p>Optionally ({@link MethodRow}) a self-supervised training method of the registry
 * ({@link TrainingMethods}) on the same case: the tilt series is split into its odd and even tilts,
 * each half reconstructed with the same FBP, the method trained on that pair with the demo preset
 * and both halves predicted and averaged. Its row follows the CryoLithe row.
 */
public final class CryolitheEvaluation {
    /** The fixed case whose figures a model records and tests check. */
    public static final int CASE_NX = 64, CASE_NY = 64, CASE_NZ = 32;
    public static final long CASE_SEED = 9001;
    public static final double CASE_SNR_DB = -5;

    /** One method's scores; {@code ccNoGold}: CC outside the gold beads (reference above 2, dilated by 3 voxels). */
    public record Row(String method, double cc, double ccNoGold, double visible, double missing, double seconds) {
    }

    /**
     * @param rows       FBP, FBP + oracle Gaussian, CryoLithe, then the training method's row if one was asked for
     * @param prediction the training method's prediction (mean of both halves' predictions); null without one
     */
    public record Report(String description, List<Row> rows, Volume prediction) {
        public Report(String description, List<Row> rows) {
            this(description, rows, null);
        }

        public Row row(String method) {
            for (Row r : rows) if (r.method().equals(method)) return r;
            throw new IllegalArgumentException("no row " + method);
        }

        /** A Markdown table. */
        public String table() {
            StringBuilder b = new StringBuilder();
            b.append("| method | CC | CC without gold | CC visible region | CC missing wedge | time (s) |\n"
                    + "|---|---|---|---|---|---|\n");
            for (Row r : rows) {
                b.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %.3f | %.3f | %.2f |%n", r.method(), r.cc(),
                        r.ccNoGold(), r.visible(), r.missing(), r.seconds()));
            }
            return b.toString();
        }
    }

    /**
     * A training method scored on the same case.
     *
     * @param method     registry name of a {@link TrainingMethods training method}
     * @param iterations training iterations (at least 1)
     * @param crop       crop edge of training and prediction; 0: the demo preset's
     * @param modelDir   folder the model is trained into (kept); null: a temporary folder, deleted afterwards
     * @param log        receives the trainer's log lines
     */
    public record MethodRow(String method, long iterations, int crop, Path modelDir, Consumer<String> log) {
        public MethodRow {
            TrainingMethods.byName(method);
            if (iterations < 1) throw new CryoEtException("The training needs at least 1 iteration, got " + iterations);
            if (crop < 0) throw new CryoEtException("The crop must be positive (0: the preset's), got " + crop);
            if (log == null) log = s -> { };
        }

        /** The demo preset's iterations and crop, a temporary model folder, no log. */
        public static MethodRow of(String method) {
            return new MethodRow(method, TrainingPresets.demo().iterations(), 0, null, null);
        }
    }

    private CryolitheEvaluation() {
    }

    /** Evaluates {@code model} on a default phantom of the given size, seed and SNR. */
    public static Report evaluate(CryolitheModel model, int nx, int ny, int nz, long seed, double snrDb, Device device,
                                  int batch, Progress progress) {
        return evaluate(model, nx, ny, nz, seed, snrDb, device, batch, null, progress);
    }

    /**
     * Evaluates {@code model} on a default phantom of the given size, seed and SNR and, unless
     * {@code method} is null, the training method on odd/even tilt halves of the same tilt series
     * (trained and run on {@code device}).
     */
    public static Report evaluate(CryolitheModel model, int nx, int ny, int nz, long seed, double snrDb, Device device,
                                  int batch, MethodRow method, Progress progress) {
        PhantomSpec spec = PhantomSpec.of(nx, ny, nz, seed);
        AcquisitionSpec acq = AcquisitionSpec.defaults().withFrames(1).withSnrDb(snrDb).withSeed(seed + 1);
        SimulatedAcquisition sim = AcquisitionSimulator.simulate(spec, acq, Progress.NONE);
        Volume reference = CryolitheTrainingData.reference(sim.groundTruth(), Phantom.iceProfile(spec));
        boolean[] visible = MissingWedge.measuredBits(nx, ny, nz, acq.tiltMin(), acq.tiltMax());
        boolean[] missing = MissingWedge.missingBits(nx, ny, nz, acq.tiltMin(), acq.tiltMax());
        Volume noGold = outsideGold(reference);
        List<Row> rows = new ArrayList<>();

        long t0 = System.nanoTime();
        Volume fbp = FilteredBackProjection.reconstruct(sim.tiltSeries(), sim.anglesDeg(),
                FbpOptions.builder().thickness(nz).build(), Progress.NONE);
        double fbpSeconds = (System.nanoTime() - t0) / 1e9;
        rows.add(row("FBP (radial)", fbp, reference, noGold, visible, missing, fbpSeconds));

        t0 = System.nanoTime();
        GaussianFilter.Best best = GaussianFilter.bestSigma(fbp, reference,
                new double[]{0.5, 0.75, 1, 1.25, 1.5, 2, 2.5, 3, 4});
        double gaussSeconds = fbpSeconds + (System.nanoTime() - t0) / 1e9 / best.sigmas().length;
        rows.add(row(String.format(Locale.ROOT, "FBP + oracle Gaussian (sigma %.2f)", best.sigma()), best.blurred(),
                reference, noGold, visible, missing, gaussSeconds));

        t0 = System.nanoTime();
        Volume lithe = CryolitheReconstruction.reconstruct(sim.tiltSeries(), sim.anglesDeg(), nz, model, device, batch,
                progress);
        double litheSeconds = (System.nanoTime() - t0) / 1e9;
        rows.add(row("CryoLithe (" + (model.config().wavelet() ? "wavelet" : "pixel") + ")", lithe, reference, noGold, visible,
                missing, litheSeconds));

        Volume prediction = null;
        if (method != null) {
            t0 = System.nanoTime();
            prediction = trainAndPredict(method, sim, nz, seed, device, progress);
            double methodSeconds = (System.nanoTime() - t0) / 1e9;
            rows.add(row(methodRowName(method), prediction, reference, noGold, visible, missing, methodSeconds));
        }
        String d = String.format(Locale.ROOT, "default phantom %dx%dx%d seed %d (held-out family: vesicles), "
                + "-60..60 step 3, %.1f dB", nx, ny, nz, seed, snrDb);
        return new Report(d, rows, prediction);
    }

    /** The name of a training method's row. */
    public static String methodRowName(MethodRow method) {
        return TrainingMethods.byName(method.method()).title() + " (demo preset, " + method.iterations()
                + " iterations, odd/even tilt halves)";
    }

    /**
     * Odd/even tilt halves of the simulated series, each reconstructed with the FBP of the FBP row;
     * the method trained on the pair with the demo preset; the mean of both halves' predictions.
     */
    private static Volume trainAndPredict(MethodRow method, SimulatedAcquisition sim, int nz, long seed, Device device,
                                          Progress progress) {
        double[] angles = sim.anglesDeg();
        HalfSplitter.Halves halves = HalfSplitter.angleSplit(sim.tiltSeries(), angles);
        FbpOptions fbpOptions = FbpOptions.builder().thickness(nz).build();
        Volume even = FilteredBackProjection.reconstruct(halves.even(), halves.evenAngles(), fbpOptions, Progress.NONE);
        Volume odd = FilteredBackProjection.reconstruct(halves.odd(), halves.oddAngles(), fbpOptions, Progress.NONE);
        double tiltMin = Double.POSITIVE_INFINITY, tiltMax = Double.NEGATIVE_INFINITY;
        for (double a : angles) {
            tiltMin = Math.min(tiltMin, a);
            tiltMax = Math.max(tiltMax, a);
        }
        TrainingConfig.Builder b = TrainingPresets.demo().toBuilder().method(method.method()).seed(seed)
                .iterations(method.iterations()).device(deviceName(device));
        if (method.crop() > 0) b.crop(method.crop());
        TrainingConfig config = b.build();
        TrainingPair pair = new TrainingPair(VolumeSource.of(even, "even"), VolumeSource.of(odd, "odd"), tiltMin,
                tiltMax, null, "phantom");
        Path modelDir = method.modelDir();
        boolean temporary = modelDir == null;
        try {
            if (temporary) modelDir = Files.createTempDirectory("cryolithe-evaluate-" + method.method() + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary model folder", e);
        }
        try {
            return PairRestoration.trainAndPredict(config, pair, even, odd, modelDir, progress, method.log());
        } finally {
            if (temporary) deleteTree(modelDir);
        }
    }

    /** The training configuration's device name of a DJL device. */
    static String deviceName(Device device) {
        return device.isGpu() ? "gpu:" + device.getDeviceId() : "cpu";
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            // a leftover temporary folder does not change the scores
        }
    }

    /** The recorded figures of the fixed case (CC, visible and missing-wedge correlation of each method). */
    public static Map<String, Double> figures(Report r) {
        Map<String, Double> f = new LinkedHashMap<>();
        Row lithe = r.rows().get(2);
        f.put("case64_cryolithe_cc", round(lithe.cc()));
        f.put("case64_cryolithe_cc_no_gold", round(lithe.ccNoGold()));
        f.put("case64_cryolithe_missing", round(lithe.missing()));
        f.put("case64_cryolithe_visible", round(lithe.visible()));
        f.put("case64_fbp_cc", round(r.rows().get(0).cc()));
        f.put("case64_fbp_gauss_cc", round(r.rows().get(1).cc()));
        f.put("case64_fbp_gauss_cc_no_gold", round(r.rows().get(1).ccNoGold()));
        f.put("case64_fbp_gauss_missing", round(r.rows().get(1).missing()));
        return f;
    }

    private static double round(double v) {
        return Math.round(v * 1e4) / 1e4;
    }

    /**
     * 1 outside gold beads, 0 within 3 voxels of a reference voxel above 2 (gold is 3..6 times ice,
     * everything else at most 0.8 above it): beads dominate the variance of a small volume.
     */
    static Volume outsideGold(Volume ref) {
        Volume m = ref.like();
        int nx = ref.nx(), ny = ref.ny(), nz = ref.nz();
        java.util.Arrays.fill(m.data(), 1f);
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    if (ref.get(x, y, z) <= 2f) continue;
                    for (int dz = -3; dz <= 3; dz++) {
                        for (int dy = -3; dy <= 3; dy++) {
                            for (int dx = -3; dx <= 3; dx++) {
                                int xx = x + dx, yy = y + dy, zz = z + dz;
                                if (xx >= 0 && yy >= 0 && zz >= 0 && xx < nx && yy < ny && zz < nz) m.set(xx, yy, zz, 0f);
                            }
                        }
                    }
                }
            }
        }
        return m;
    }

    private static Row row(String name, Volume v, Volume ref, Volume noGold, boolean[] visible, boolean[] missing,
                           double seconds) {
        return new Row(name, Metrics.pearson(v, ref), Metrics.pearson(v, ref, noGold), Fsc.regionCorrelation(v, ref, visible),
                Fsc.regionCorrelation(v, ref, missing), seconds);
    }
}
