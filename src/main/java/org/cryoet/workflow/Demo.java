package org.cryoet.workflow;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import org.cryoet.fourier.Fsc;
import org.cryoet.fourier.FscCurve;
import org.cryoet.fourier.FscReport;
import org.cryoet.fourier.GaussianFilter;
import org.cryoet.fourier.Metrics;
import org.cryoet.fourier.MissingWedge;
import org.cryoet.fourier.SliceViews;
import org.cryoet.io.MrcWriter;
import org.cryoet.io.TiltAngles;
import org.cryoet.learn.IcecreamModel;
import org.cryoet.learn.TileFunction;
import org.cryoet.learn.TiledPredictor;
import org.cryoet.learn.Trainer;
import org.cryoet.learn.TrainingConfig;
import org.cryoet.learn.TrainingListener;
import org.cryoet.learn.TrainingPair;
import org.cryoet.learn.TrainingPresets;
import org.cryoet.render.PngImages;
import org.cryoet.tomo.AcquisitionSimulator;
import org.cryoet.tomo.AcquisitionSpec;
import org.cryoet.tomo.FbpOptions;
import org.cryoet.tomo.FilteredBackProjection;
import org.cryoet.tomo.HalfSplitter;
import org.cryoet.tomo.PhantomSpec;
import org.cryoet.tomo.SampleMask;
import org.cryoet.tomo.SampleMaskOptions;
import org.cryoet.tomo.SimulatedAcquisition;
import org.cryoet.util.AtomicOutput;
import org.cryoet.util.Progress;
import org.cryoet.volume.Volume;
import org.cryoet.volume.VolumeSource;

/**
 * The end-to-end demo on built-in data: phantom -> dose-fractionated tilt series -> even/odd
 * dose split -> FBP of both halves and of the full series -> sample mask -> ICECREAM training ->
 * two-pass prediction -> report comparing FBP, the best Gaussian-filtered FBP and ICECREAM
 * against the ground truth. Each step is the same library call the CLI and Fiji commands use.
 */
public final class Demo {

    /** Quality figures of one reconstruction against the ground truth. */
    public record Score(String method, double cc, double visibleCorrelation, double wedgeCorrelation,
                        FscCurve.Resolution resolution, Fsc.WedgeSplit fsc) {
    }

    /** What the demo produced. */
    public record Result(Path report, List<Score> scores, double gaussianSigma, Trainer.Result training,
                         double seconds) {

        public Score score(String method) {
            return scores.stream().filter(s -> s.method().equals(method)).findFirst().orElseThrow();
        }
    }

    public static final String FBP = "FBP";
    public static final String GAUSSIAN = "FBP + best Gaussian";
    public static final String ICECREAM = "ICECREAM";
    public static final String ONE_PASS = "ICECREAM network, one pass";

    private Demo() {
    }

    /**
     * Runs the demo into {@code out} (created if needed).
     *
     * @param log      receives one line per step
     * @param listener receives training progress (may be null)
     */
    public static Result run(Path out, DemoOptions o, Progress progress, Consumer<String> log,
                             TrainingListener listener) throws java.io.IOException {
        long start = System.nanoTime();
        Path report = out.resolve("report.md");
        AtomicOutput.checkTarget(report, o.overwrite());
        Path data = out.resolve("data");
        Files.createDirectories(data);

        log.accept(String.format(Locale.ROOT, "1/7 simulating a %dx%dx%d phantom, tilts %.0f..%.0f step %.0f, "
                + "%d frames per tilt, SNR %.1f dB", o.nx(), o.ny(), o.nz(), o.tiltMin(), o.tiltMax(), o.tiltStep(),
                o.frames(), o.snrDb()));
        PhantomSpec phantom = PhantomSpec.of(o.nx(), o.ny(), o.nz(), o.seed());
        AcquisitionSpec acq = AcquisitionSpec.defaults().withRange(o.tiltMin(), o.tiltMax(), o.tiltStep())
                .withFrames(o.frames()).withSnrDb(o.snrDb()).withSeed(o.seed());
        SimulatedAcquisition sim = AcquisitionSimulator.simulate(phantom, acq, progress);
        Volume truth = sim.groundTruth();
        double[] angles = sim.anglesDeg();
        MrcWriter.write(data.resolve("ground_truth.mrc"), truth);
        MrcWriter.writeStack(data.resolve("tilt_series.mrc"), sim.tiltSeries());
        TiltAngles.write(data.resolve("tilts.tlt"), angles, true);

        log.accept("2/7 dose split into even/odd frames");
        HalfSplitter.Halves halves = HalfSplitter.doseSplit(sim.frames(), o.frames(), angles);

        log.accept("3/7 weighted back-projection of the full series and both halves");
        FbpOptions fbp = FbpOptions.builder().thickness(o.nz()).build();
        Volume full = FilteredBackProjection.reconstruct(sim.tiltSeries(), angles, fbp, progress);
        Volume even = FilteredBackProjection.reconstruct(halves.even(), halves.evenAngles(), fbp, progress);
        Volume odd = FilteredBackProjection.reconstruct(halves.odd(), halves.oddAngles(), fbp, progress);
        MrcWriter.write(data.resolve("fbp.mrc"), full);
        MrcWriter.write(data.resolve("even.mrc"), even);
        MrcWriter.write(data.resolve("odd.mrc"), odd);

        log.accept("4/7 automatic sample mask");
        Volume mask = SampleMask.compute(even, odd, SampleMaskOptions.DEFAULTS);
        MrcWriter.write(data.resolve("mask.mrc"), mask);
        log.accept(String.format(Locale.ROOT, "    mask covers %.0f %% of the volume", 100 * SampleMask.fraction(mask)));

        TrainingConfig.Builder configured = TrainingPresets.demo().toBuilder().seed(o.seed());
        if (o.iterations() > 0) configured.iterations(o.iterations());
        TrainingConfig config = configured.build();
        log.accept(String.format(Locale.ROOT, "5/7 training ICECREAM: %d iterations, crop %d, batch %d, %s",
                config.iterations(), config.crop(), config.batch(), config.network()));
        Path modelDir = out.resolve("model");
        Trainer trainer = new Trainer(config,
                List.of(new TrainingPair(even, odd, o.tiltMin(), o.tiltMax(), mask, "demo")), modelDir)
                .initFrom(o.init()).log(log);
        if (listener != null) trainer.addListener(listener);
        Trainer.Result training = trainer.run(progress);
        if (!training.completed()) {
            // Ctrl-C or Cancel: the checkpoint in model/ is kept; predicting with a half-trained model would mislead
            throw new org.cryoet.util.CancelledException("The demo (training stopped at iteration "
                    + training.iteration() + ", checkpoint kept in " + modelDir + ")");
        }

        log.accept("6/7 prediction of both halves: ICECREAM's two passes f(P_M f(x)), and one pass f(x)");
        Volume icecream;
        Volume onePass;
        TiledPredictor predictor = new TiledPredictor(config.crop()).batch(config.batch());
        try (IcecreamModel model = IcecreamModel.load(modelDir)) {
            try (TileFunction f = model.inferenceFunction()) {
                icecream = predictor.predictPair(VolumeSource.of(even, "even"), VolumeSource.of(odd, "odd"), f,
                        progress);
            }
            try (TileFunction f = model.singlePassFunction()) {
                onePass = predictor.predictPair(VolumeSource.of(even, "even"), VolumeSource.of(odd, "odd"), f,
                        progress);
            }
        }
        icecream.setCalibration(full.calibration());
        onePass.setCalibration(full.calibration());
        MrcWriter.write(data.resolve("icecream.mrc"), icecream);
        MrcWriter.write(data.resolve("icecream_one_pass.mrc"), onePass);

        log.accept("7/7 scoring against the ground truth and writing the report");
        GaussianFilter.Best best = GaussianFilter.bestSigma(full, truth, new double[] {0.5, 0.75, 1, 1.25, 1.5,
                2, 2.5, 3, 4});
        MrcWriter.write(data.resolve("fbp_gaussian.mrc"), best.blurred());
        List<Score> scores = new ArrayList<>();
        scores.add(score(FBP, full, truth, o));
        scores.add(score(GAUSSIAN, best.blurred(), truth, o));
        scores.add(score(ICECREAM, icecream, truth, o));
        scores.add(score(ONE_PASS, onePass, truth, o));

        // short labels: the panels are as small as the volumes
        Map<String, Volume> shown = new LinkedHashMap<>();
        shown.put("truth", truth);
        shown.put("FBP", full);
        shown.put("FBP+G", best.blurred());
        shown.put("ICE", icecream);
        shown.put("ICE 1p", onePass);
        writeFigures(out, shown, scores, o);

        double seconds = (System.nanoTime() - start) / 1e9;
        String text = reportText(o, sim, scores, best.sigma(), training, config, seconds);
        AtomicOutput.write(report, true, tmp -> Files.writeString(tmp, text));
        log.accept("report: " + report);
        return new Result(report, scores, best.sigma(), training, seconds);
    }

    /** CC, Fourier correlations in the measured region and in the missing wedge, FSC curves. */
    public static Score score(String method, Volume v, Volume truth, DemoOptions o) {
        boolean[] visible = MissingWedge.measuredBits(v.nx(), v.ny(), v.nz(), o.tiltMin(), o.tiltMax());
        boolean[] missing = MissingWedge.missingBits(v.nx(), v.ny(), v.nz(), o.tiltMin(), o.tiltMax());
        Fsc.WedgeSplit fsc = Fsc.computeWithWedge(v, truth, o.tiltMin(), o.tiltMax());
        return new Score(method, Metrics.pearson(v, truth), Fsc.regionCorrelation(v, truth, visible),
                Fsc.regionCorrelation(v, truth, missing), fsc.all().resolution(FscCurve.GOLD), fsc);
    }

    private static void writeFigures(Path out, Map<String, Volume> shown, List<Score> scores, DemoOptions o) {
        List<PngImages.Panel> slices = new ArrayList<>();
        List<PngImages.Panel> fourier = new ArrayList<>();
        for (Map.Entry<String, Volume> e : shown.entrySet()) {
            for (PngImages.Panel p : SliceViews.orthoslices(e.getValue())) {
                slices.add(new PngImages.Panel(e.getKey() + " " + p.label(), p.pixels(), p.width(), p.height()));
            }
            PngImages.Panel f = SliceViews.fourierXz(e.getValue());
            fourier.add(new PngImages.Panel(e.getKey(), f.pixels(), f.width(), f.height()));
        }
        PngImages.writeMontage(out.resolve("orthoslices.png"), slices, 3, true);
        PngImages.writeMontage(out.resolve("fourier_xz.png"), fourier, fourier.size(), true);
        Map<String, FscCurve> all = new LinkedHashMap<>();
        Map<String, FscCurve> wedge = new LinkedHashMap<>();
        for (Score s : scores) {
            all.put(s.method(), s.fsc().all());
            wedge.put(s.method(), s.fsc().missing());
        }
        PngImages.writePlot(out.resolve("fsc.png"), FscReport.plot("FSC against ground truth", all), 800, 500, true);
        PngImages.writePlot(out.resolve("fsc_missing_wedge.png"),
                FscReport.plot("FSC against ground truth, missing wedge only", wedge), 800, 500, true);
    }

    private static String reportText(DemoOptions o, SimulatedAcquisition sim, List<Score> scores, double sigma,
                                     Trainer.Result training, TrainingConfig config, double seconds) {
        StringBuilder sb = new StringBuilder();
        sb.append("# ICECREAM demo report\n\n");
        sb.append(String.format(Locale.ROOT, "Phantom %dx%dx%d (seed %d), tilts %.0f..%.0f step %.0f (%d tilts), "
                        + "%d frames per tilt, measured SNR of the summed series %.2f dB. "
                        + "Halves by dose split (even/odd frames).%n%n", o.nx(), o.ny(), o.nz(), o.seed(),
                o.tiltMin(), o.tiltMax(), o.tiltStep(), sim.anglesDeg().length, o.frames(), sim.measuredSnrDb()));
        sb.append(String.format(Locale.ROOT, "Training: %s, %d iterations, crop %d, batch %d, network %s, %s; "
                        + "%.0f s of training, final loss %.4g. Whole demo: %.0f s.%n%n", config.method(),
                training.iteration(), config.crop(), config.batch(), config.network(),
                o.init() == null ? "fresh weights" : "warm start from " + o.init(), training.seconds(),
                training.lastLoss(), seconds));
        sb.append("## Scores against the ground truth\n\n");
        sb.append("CC: Pearson correlation in real space. Visible / missing wedge: correlation of the Fourier "
                + "coefficients inside the measured region / inside the missing wedge (DC excluded). "
                + "Resolution: FSC = 0.143 crossing against the ground truth.\n\n");
        sb.append("| method | CC | visible-region correlation | missing-wedge correlation | FSC 0.143 (A) |\n");
        sb.append("|---|---|---|---|---|\n");
        for (Score s : scores) {
            sb.append(String.format(Locale.ROOT, "| %s | %.4f | %.4f | %.4f | %s |%n", s.method(), s.cc(),
                    s.visibleCorrelation(), s.wedgeCorrelation(), FscReport.format(s.resolution())));
        }
        sb.append(String.format(Locale.ROOT, "%n\"ICECREAM\" is the method's output (two passes, f(P_M f(x)), "
                + "on each half, averaged); \"one pass\" applies the trained network once, f(x).%n"));
        sb.append(String.format(Locale.ROOT, "%nThe Gaussian baseline blurs the full FBP with the sigma (%.2f voxels) "
                + "that maximises CC against the ground truth: an oracle choice no real data set allows.%n%n", sigma));
        sb.append("## Figures\n\n");
        sb.append("Panels: truth = ground truth, FBP, FBP+G = best Gaussian, ICE = ICECREAM, ICE 1p = one pass; "
                + "orthoslices XY, XZ, YZ through the centre, and the central XZ slice of log |F| (the missing "
                + "wedge is the dark double cone around kz).\n\n");
        sb.append("![orthoslices](orthoslices.png)\n\n![Fourier XZ slices](fourier_xz.png)\n\n");
        sb.append("![FSC](fsc.png)\n\n![FSC in the missing wedge](fsc_missing_wedge.png)\n\n");
        sb.append("![training loss](model/loss.png)\n\n");
        sb.append("Files: `data/` holds the ground truth, tilt series, FBP volumes, halves, mask and the ICECREAM "
                + "result (MRC); `model/` the trained model with its `model.json`.\n");
        return sb.toString();
    }
}
