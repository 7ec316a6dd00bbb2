package org.cryoet.evaluate;

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
import org.cryoet.learn.LossHistory;
import org.cryoet.learn.PairRestoration;
import org.cryoet.learn.Restoration;
import org.cryoet.learn.TrainingConfig;
import org.cryoet.learn.TrainingMethod;
import org.cryoet.learn.TrainingMethods;
import org.cryoet.learn.TrainingPair;
import org.cryoet.learn.TrainingPresets;
import org.cryoet.render.PngImages;
import org.cryoet.tomo.AcquisitionSimulator;
import org.cryoet.tomo.AcquisitionSpec;
import org.cryoet.tomo.FbpOptions;
import org.cryoet.tomo.FilteredBackProjection;
import org.cryoet.tomo.HalfSplitter;
import org.cryoet.tomo.Phantom;
import org.cryoet.tomo.PhantomSpec;
import org.cryoet.tomo.SampleMask;
import org.cryoet.tomo.SampleMaskOptions;
import org.cryoet.tomo.SimulatedAcquisition;
import org.cryoet.util.AtomicOutput;
import org.cryoet.util.CancelledException;
import org.cryoet.util.Progress;
import org.cryoet.volume.Volume;

/**
 * One benchmark for every training method on the built-in phantom: the data are simulated once
 * (ground truth, full FBP, FBP of the even and odd dose halves), every method is trained with the
 * same preset, iterations and seed on the same halves and predicts the tomogram; the baselines
 * (FBP, FBP blurred with the oracle Gaussian) and every prediction are scored against the ground
 * truth (CC, FSC, Fourier correlation in the measured region and in the missing wedge, Topaz SNR)
 * and on two downstream tasks (template matching of one particle kind, subtomogram averaging at the
 * picks). Writes report.md, compare.csv, fsc_curves.csv and PNG figures. See doc/compare.md.
 */
public final class Comparison {

    public static final String FBP = "FBP";
    public static final String GAUSSIAN = "FBP + oracle Gaussian";

    /** Sigmas (voxels) searched for the oracle Gaussian. */
    static final double[] SIGMAS = {0.5, 0.75, 1, 1.25, 1.5, 2, 2.5, 3, 4};

    /**
     * Scores of one reconstruction.
     *
     * @param name        row name (baseline or method title)
     * @param method      registry name of the training method, null for baselines
     * @param seconds     wall time to produce it (see doc/compare.md)
     * @param error       why the method produced nothing (then every figure is NaN), else null
     */
    public record Row(String name, String method, double cc, double visibleCorrelation, double wedgeCorrelation,
                      Fsc.WedgeSplit fsc, double snrDb, TemplateMatching.Detection detection,
                      FscCurve staFsc, double seconds, String error) {

        public FscCurve.Resolution resolution(double threshold) {
            return fsc == null ? null : fsc.all().resolution(threshold);
        }

        public FscCurve.Resolution staResolution(double threshold) {
            return staFsc == null ? null : staFsc.resolution(threshold);
        }
    }

    /** What the comparison produced. */
    public record Result(Path report, Path csv, List<Row> rows, double gaussianSigma, int particles,
                         TemplateMatching.Detection truthDetection, double seconds) {

        public Row row(String name) {
            return rows.stream().filter(r -> r.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no row " + name));
        }
    }

    /** The downstream-task setup shared by every row: template, true positions, boxes. */
    record Particles(String kind, Volume template, List<double[]> truths, double radius, Volume reference,
                     List<Metrics.Box> signal, List<Metrics.Box> background) {

        int box() {
            return template.nx();
        }
    }

    private Comparison() {
    }

    /** The methods a comparison trains: the requested ones (checked against the registry) or all registered. */
    public static List<String> methods(List<String> requested) {
        if (requested == null || requested.isEmpty()) return List.copyOf(TrainingMethods.names());
        List<String> out = new ArrayList<>();
        for (String m : requested) {
            String name = TrainingMethods.byName(m.trim()).name();
            if (!out.contains(name)) out.add(name);
        }
        return out;
    }

    /** The phantom a comparison simulates. */
    public static PhantomSpec phantom(ComparisonOptions o) {
        PhantomSpec p = PhantomSpec.of(o.nx(), o.ny(), o.nz(), o.seed(), o.voxelSize());
        if (o.particles() >= 0) {
            int ribosomes = o.particle().equals("ribosome") ? o.particles() : p.ribosomes();
            int proteasomes = o.particle().equals("proteasome") ? o.particles() : p.proteasomes();
            p = p.withCounts(p.vesicles(), p.actinFilaments(), p.microtubules(), ribosomes, proteasomes,
                    p.smallProteins(), p.goldBeads());
        }
        return p;
    }

    /**
     * Runs the comparison into {@code out} (created if needed).
     *
     * @param log receives one line per step
     */
    public static Result run(Path out, ComparisonOptions o, Progress progress, Consumer<String> log)
            throws java.io.IOException {
        long start = System.nanoTime();
        Path report = out.resolve("report.md");
        Path csv = out.resolve("compare.csv");
        AtomicOutput.checkTarget(report, o.overwrite());
        AtomicOutput.checkTarget(csv, o.overwrite());
        List<String> methods = methods(o.methods());
        TrainingConfig base = TrainingPresets.byName(o.preset());
        if (o.crop() > 0) base = base.toBuilder().crop(o.crop()).build();
        Path data = out.resolve("data");
        Files.createDirectories(data);

        log.accept(String.format(Locale.ROOT, "simulating a %dx%dx%d phantom (%.1f A voxels), tilts %.0f..%.0f step "
                        + "%.0f, %d frames per tilt, SNR %.1f dB", o.nx(), o.ny(), o.nz(), o.voxelSize(), o.tiltMin(),
                o.tiltMax(), o.tiltStep(), o.frames(), o.snrDb()));
        PhantomSpec spec = phantom(o);
        AcquisitionSpec acq = AcquisitionSpec.defaults().withRange(o.tiltMin(), o.tiltMax(), o.tiltStep())
                .withFrames(o.frames()).withSnrDb(o.snrDb()).withSeed(o.seed());
        SimulatedAcquisition sim = AcquisitionSimulator.simulate(spec, acq, progress);
        Volume truth = sim.groundTruth();
        double[] angles = sim.anglesDeg();
        HalfSplitter.Halves halves = HalfSplitter.doseSplit(sim.frames(), o.frames(), angles);

        log.accept("weighted back-projection of the full series and both halves");
        FbpOptions fbpOptions = FbpOptions.builder().thickness(o.nz()).build();
        long t0 = System.nanoTime();
        Volume full = FilteredBackProjection.reconstruct(sim.tiltSeries(), angles, fbpOptions, progress);
        double fbpSeconds = seconds(t0);
        Volume even = FilteredBackProjection.reconstruct(halves.even(), halves.evenAngles(), fbpOptions, progress);
        Volume odd = FilteredBackProjection.reconstruct(halves.odd(), halves.oddAngles(), fbpOptions, progress);
        Volume mask = SampleMask.compute(even, odd, SampleMaskOptions.DEFAULTS);
        MrcWriter.write(data.resolve("ground_truth.mrc"), truth);
        MrcWriter.write(data.resolve("fbp.mrc"), full);

        log.accept("oracle Gaussian: the sigma that maximises CC with the ground truth");
        t0 = System.nanoTime();
        GaussianFilter.Best best = GaussianFilter.bestSigma(full, truth, SIGMAS, progress);
        double gaussianSeconds = fbpSeconds + seconds(t0);
        MrcWriter.write(data.resolve("fbp_gaussian.mrc"), best.blurred());

        Particles particles = particles(spec, o.particle(), truth, o.seed());
        log.accept(String.format(Locale.ROOT, "downstream tasks on %d %s particles (template %d^3, radius %.1f voxels)",
                particles.truths().size(), particles.kind(), particles.box(), particles.radius()));

        List<Row> rows = new ArrayList<>();
        Map<String, Volume> shown = new LinkedHashMap<>();
        shown.put("truth", truth);
        shown.put("FBP", full);
        shown.put("FBP+G", best.blurred());
        rows.add(score(FBP, null, full, truth, o, particles, fbpSeconds, progress));
        rows.add(score(GAUSSIAN, null, best.blurred(), truth, o, particles, gaussianSeconds, progress));

        TrainingPair pair = new TrainingPair(even, odd, o.tiltMin(), o.tiltMax(), mask, "phantom");
        for (int k = 0; k < methods.size(); k++) {
            String name = methods.get(k);
            String title = TrainingMethods.byName(name).title();
            TrainingConfig.Builder b = base.toBuilder().method(name).seed(o.seed());
            if (o.iterations() > 0) b.iterations(o.iterations());
            TrainingConfig config = b.build();
            log.accept(String.format(Locale.ROOT, "method %d/%d %s: %d iterations, crop %d, batch %d, %s", k + 1,
                    methods.size(), title, config.iterations(), config.crop(), config.batch(), config.network()));
            Path modelDir = out.resolve("models").resolve(name);
            long tm = System.nanoTime();
            Volume predicted;
            try {
                predicted = PairRestoration.trainAndPredict(config, pair, even, odd, modelDir, progress,
                        s -> log.accept("    " + s));
            } catch (CancelledException e) {
                throw e;
            } catch (RuntimeException e) {
                // one broken method must not hide the others' results; the report names the failure
                String why = e.getMessage() != null ? e.getMessage() : e.toString();
                log.accept("    " + title + " failed: " + why);
                rows.add(new Row(title, name, Double.NaN, Double.NaN, Double.NaN, null, Double.NaN, null, null,
                        seconds(tm), why));
                continue;
            }
            double wall = seconds(tm);
            predicted.setCalibration(full.calibration());
            MrcWriter.write(data.resolve(name + ".mrc"), predicted);
            shown.put(title, predicted);
            rows.add(score(title, name, predicted, truth, o, particles, wall, progress));
        }

        TemplateMatching.Detection truthDetection = particles.truths().isEmpty() ? null
                : pick(truth, particles).detection();
        log.accept("writing the report");
        writeFigures(out, shown, rows, o.overwrite());
        writeCsv(csv, rows, o.overwrite());
        Map<String, FscCurve> curves = new LinkedHashMap<>();
        for (Row r : rows) {
            if (r.fsc() == null) continue;
            curves.put(r.name() + " all", r.fsc().all());
            curves.put(r.name() + " visible", r.fsc().visible());
            curves.put(r.name() + " missing wedge", r.fsc().missing());
        }
        FscReport.writeCsv(out.resolve("fsc_curves.csv"), curves, true);
        double total = seconds(start);
        Map<String, Double> lateLossFall = new LinkedHashMap<>();
        for (String name : methods) {
            Path loss = out.resolve("models").resolve(name).resolve("loss.csv");
            if (Files.isRegularFile(loss)) {
                lateLossFall.put(name, lateLossFall(LossHistory.read(loss).entries().stream()
                        .map(LossHistory.Entry::loss).toList()));
            }
        }
        String text = reportText(o, spec, sim, base, methods, rows, best.sigma(), particles, truthDetection, total,
                lateLossFall);
        AtomicOutput.write(report, true, tmp -> Files.writeString(tmp, text));
        log.accept("report: " + report);
        return new Result(report, csv, rows, best.sigma(), particles.truths().size(), truthDetection, total);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    // ------------------------------------------------------------------------------------------
    // Scores

    /**
     * CC, Fourier correlations in the measured region and the missing wedge (tilts in
     * [tiltMin, tiltMax]) and the FSC curves (all, measured, missing wedge) against the truth.
     */
    public static Row scoreAgainstTruth(String name, Volume v, Volume truth, double tiltMin, double tiltMax) {
        boolean[] visible = MissingWedge.measuredBits(v.nx(), v.ny(), v.nz(), tiltMin, tiltMax);
        boolean[] missing = MissingWedge.missingBits(v.nx(), v.ny(), v.nz(), tiltMin, tiltMax);
        Fsc.WedgeSplit fsc = Fsc.computeWithWedge(v, truth, tiltMin, tiltMax);
        return new Row(name, null, Metrics.pearson(v, truth), Fsc.regionCorrelation(v, truth, visible),
                Fsc.regionCorrelation(v, truth, missing), fsc, Double.NaN, null, null, Double.NaN, null);
    }

    static Row score(String name, String method, Volume v, Volume truth, ComparisonOptions o, Particles p,
                     double seconds, Progress progress) {
        progress.checkCancelled("Scoring " + name);
        Row base = scoreAgainstTruth(name, v, truth, o.tiltMin(), o.tiltMax());
        double snr = p.signal().isEmpty() || p.background().isEmpty() ? Double.NaN
                : Metrics.snr(v, p.signal(), p.background());
        TemplateMatching.Detection detection = null;
        FscCurve sta = null;
        if (!p.truths().isEmpty()) {
            Picked picked = pick(v, p);
            detection = picked.detection();
            List<double[]> at = new ArrayList<>();
            for (TemplateMatching.Pick k : picked.picks()) at.add(new double[] {k.x(), k.y(), k.z()});
            if (!at.isEmpty()) {
                Volume avg = SubtomogramAverage.average(v, at, p.box());
                avg.setCalibration(truth.calibration());
                sta = Fsc.compute(avg, p.reference());
            }
        }
        return new Row(name, method, base.cc(), base.visibleCorrelation(), base.wedgeCorrelation(), base.fsc(), snr,
                detection, sta, seconds, null);
    }

    record Picked(List<TemplateMatching.Pick> picks, TemplateMatching.Detection detection) {
    }

    /** Template matching: top-K NCC peaks, K = number of true particles, NMS radius = particle radius. */
    static Picked pick(Volume v, Particles p) {
        Volume ncc = TemplateMatching.ncc(v, p.template());
        List<TemplateMatching.Pick> picks = TemplateMatching.peaks(ncc, p.truths().size(), p.radius());
        return new Picked(picks, TemplateMatching.score(picks, p.truths(), tolerance(p.radius())));
    }

    /** Distance (voxels) within which a pick counts as finding a true particle: half its radius, at least 2. */
    public static double tolerance(double radius) {
        return Math.max(2, 0.5 * radius);
    }

    static Particles particles(PhantomSpec spec, String kind, Volume truth, long seed) {
        Volume template = ParticleTemplate.orientationAverage(kind, spec.voxelSize(), seed);
        template.setCalibration(truth.calibration());
        double radius = ParticleTemplate.radius(kind, spec.voxelSize());
        List<double[]> truths = new ArrayList<>();
        for (Phantom.PhantomObject ob : Phantom.objects(spec)) {
            if (ob.kind().equals(kind)) truths.add(new double[] {ob.x(), ob.y(), ob.z()});
        }
        Volume reference = truths.isEmpty() ? null : SubtomogramAverage.average(truth, truths, template.nx());
        int s = signalBox(radius);
        List<Metrics.Box> signal = new ArrayList<>();
        for (double[] t : truths) {
            Metrics.Box b = Metrics.Box.centred((int) Math.round(t[0]), (int) Math.round(t[1]),
                    (int) Math.round(t[2]), s);
            if (inside(b, truth)) signal.add(b);
        }
        List<Metrics.Box> background = backgroundBoxes(truth, spec.densities().ice(), s, signal.size());
        if (background.size() < signal.size()) signal = signal.subList(0, background.size());
        return new Particles(kind, template, truths, radius, reference, signal, background);
    }

    /** Edge of the SNR signal boxes: odd, about half the particle radius, so the box lies inside the particle core. */
    static int signalBox(double radius) {
        return Math.max(3, 2 * (int) Math.floor(radius / 4) + 1);
    }

    private static boolean inside(Metrics.Box b, Volume v) {
        return b.x0() >= 0 && b.y0() >= 0 && b.z0() >= 0 && b.x0() + b.sx() <= v.nx() && b.y0() + b.sy() <= v.ny()
                && b.z0() + b.sz() <= v.nz();
    }

    /**
     * Up to {@code count} cubes of edge {@code s} where the ground truth is plain ice (every voxel
     * within 1e-4 of the ice density): the candidates on a grid of step s, taken evenly spread
     * over the candidate list so that they sample the whole volume.
     */
    static List<Metrics.Box> backgroundBoxes(Volume truth, double ice, int s, int count) {
        List<Metrics.Box> candidates = new ArrayList<>();
        for (int z = 0; z + s <= truth.nz(); z += s) {
            for (int y = 0; y + s <= truth.ny(); y += s) {
                for (int x = 0; x + s <= truth.nx(); x += s) {
                    if (isPlain(truth, x, y, z, s, ice)) candidates.add(new Metrics.Box(x, y, z, s, s, s));
                }
            }
        }
        List<Metrics.Box> out = new ArrayList<>();
        if (candidates.isEmpty() || count <= 0) return out;
        int n = Math.min(count, candidates.size());
        for (int i = 0; i < n; i++) out.add(candidates.get((int) ((long) i * candidates.size() / n)));
        return out;
    }

    private static boolean isPlain(Volume v, int x0, int y0, int z0, int s, double value) {
        for (int z = z0; z < z0 + s; z++) {
            for (int y = y0; y < y0 + s; y++) {
                for (int x = x0; x < x0 + s; x++) {
                    if (Math.abs(v.get(x, y, z) - value) > 1e-4) return false;
                }
            }
        }
        return true;
    }

    // ------------------------------------------------------------------------------------------
    // Output

    private static void writeFigures(Path out, Map<String, Volume> shown, List<Row> rows, boolean overwrite) {
        List<PngImages.Panel> slices = new ArrayList<>();
        for (Map.Entry<String, Volume> e : shown.entrySet()) {
            for (PngImages.Panel p : SliceViews.orthoslices(e.getValue())) {
                slices.add(new PngImages.Panel(e.getKey() + " " + p.label(), p.pixels(), p.width(), p.height()));
            }
        }
        PngImages.writeMontage(out.resolve("orthoslices.png"), slices, 3, true);
        Map<String, FscCurve> all = new LinkedHashMap<>();
        Map<String, FscCurve> wedge = new LinkedHashMap<>();
        Map<String, FscCurve> sta = new LinkedHashMap<>();
        for (Row r : rows) {
            if (r.fsc() != null) {
                all.put(r.name(), r.fsc().all());
                wedge.put(r.name(), r.fsc().missing());
            }
            if (r.staFsc() != null) sta.put(r.name(), withoutDc(r.staFsc()));
        }
        PngImages.writePlot(out.resolve("fsc.png"), FscReport.plot("FSC against ground truth", all), 800, 500, true);
        PngImages.writePlot(out.resolve("fsc_missing_wedge.png"),
                FscReport.plot("FSC against ground truth, missing wedge only", wedge), 800, 500, true);
        if (!sta.isEmpty()) {
            PngImages.writePlot(out.resolve("fsc_subtomogram_average.png"),
                    FscReport.plot("FSC of the subtomogram average against the true average", sta), 800, 500, true);
        }
    }

    /** The curve with its DC shell left out: the averaged boxes are zero-mean, so that shell is rounding noise. */
    private static FscCurve withoutDc(FscCurve c) {
        double[] f = c.fsc().clone();
        f[0] = Double.NaN;
        return new FscCurve(c.frequency(), f, c.count(), c.voxelSize(), c.boxSize());
    }

    /** The columns of compare.csv, in order. */
    public static final List<String> CSV_COLUMNS = List.of("name", "method", "cc", "visible_correlation",
            "wedge_correlation", "fsc_0.5_A", "fsc_0.143_A", "visible_fsc_0.143_A", "wedge_fsc_0.143_A", "snr_db",
            "tm_picks", "tm_true", "tm_matched", "tm_precision", "tm_recall", "sta_fsc_0.5_A", "sta_fsc_0.143_A",
            "seconds", "error");

    private static void writeCsv(Path csv, List<Row> rows, boolean overwrite) {
        StringBuilder sb = new StringBuilder(String.join(",", CSV_COLUMNS)).append('\n');
        for (Row r : rows) {
            TemplateMatching.Detection d = r.detection();
            List<String> f = new ArrayList<>();
            f.add(quote(r.name()));
            f.add(r.method() == null ? "" : r.method());
            f.add(num(r.cc()));
            f.add(num(r.visibleCorrelation()));
            f.add(num(r.wedgeCorrelation()));
            f.add(res(r.resolution(FscCurve.HALF)));
            f.add(res(r.resolution(FscCurve.GOLD)));
            f.add(res(r.fsc() == null ? null : r.fsc().visible().resolution(FscCurve.GOLD)));
            f.add(res(r.fsc() == null ? null : r.fsc().missing().resolution(FscCurve.GOLD)));
            f.add(num(r.snrDb()));
            f.add(d == null ? "" : Integer.toString(d.picks()));
            f.add(d == null ? "" : Integer.toString(d.truths()));
            f.add(d == null ? "" : Integer.toString(d.matched()));
            f.add(d == null ? "" : num(d.precision()));
            f.add(d == null ? "" : num(d.recall()));
            f.add(res(r.staResolution(FscCurve.HALF)));
            f.add(res(r.staResolution(FscCurve.GOLD)));
            f.add(String.format(Locale.ROOT, "%.3f", r.seconds()));
            f.add(r.error() == null ? "" : quote(r.error()));
            sb.append(String.join(",", f)).append('\n');
        }
        String text = sb.toString();
        AtomicOutput.write(csv, overwrite, tmp -> Files.writeString(tmp, text));
    }

    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n")
                ? "\"" + s.replace("\"", "\"\"").replace('\n', ' ') + "\"" : s;
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
    }

    /** Resolution in Angstrom; a curve that never crosses is written as the Nyquist limit with a leading '<'. */
    private static String res(FscCurve.Resolution r) {
        if (r == null) return "";
        return (r.crossed() ? "" : "<") + String.format(Locale.ROOT, "%.2f", r.angstrom());
    }

    private static String reportText(ComparisonOptions o, PhantomSpec spec, SimulatedAcquisition sim,
                                     TrainingConfig base, List<String> methods, List<Row> rows, double sigma,
                                     Particles p, TemplateMatching.Detection truthDetection, double seconds,
                                     Map<String, Double> lateLossFall) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Comparison of training methods\n\n");
        sb.append(String.format(Locale.ROOT, "Phantom %dx%dx%d at %.1f A per voxel (seed %d), tilts %.0f..%.0f step "
                        + "%.0f (%d tilts), %d frames per tilt, measured SNR of the summed series %.2f dB; "
                        + "halves by dose split (even/odd frames).%n%n", o.nx(), o.ny(), o.nz(), o.voxelSize(),
                o.seed(), o.tiltMin(), o.tiltMax(), o.tiltStep(), sim.anglesDeg().length, o.frames(),
                sim.measuredSnrDb()));
        long iterations = o.iterations() > 0 ? o.iterations() : base.iterations();
        sb.append(String.format(Locale.ROOT, "Every method is trained with the same budget: preset `%s` (%d "
                        + "iterations, crop %d, batch %d, network %s, learning rate %.3g), seed %d, on the same "
                        + "pair of half tomograms and sample mask. Methods: %s. Whole comparison: %.0f s.%n%n",
                o.preset(), iterations, base.crop(), base.batch(), base.network(), base.learningRate(), o.seed(),
                methods.isEmpty() ? "none registered" : String.join(", ", methods), seconds));
        sb.append("## Scores\n\n");
        sb.append("Definitions are in doc/compare.md. CC: Pearson correlation with the ground truth. Visible / "
                + "wedge: correlation of the Fourier coefficients inside the measured region / inside the missing "
                + "wedge. FSC: resolution (A) where the FSC with the ground truth first drops below 0.5 / 0.143 "
                + "('<' means it never does, the value is Nyquist). SNR: Topaz SNR (dB) from " + p.signal().size()
                + " signal boxes in " + p.kind() + "s paired with plain-ice boxes. TM: template matching precision / "
                + "recall of the top " + p.truths().size() + " picks. STA: resolution of the unaligned average at "
                + "the picks against the average of the ground truth at the true positions. Time: wall seconds.\n\n");
        sb.append("| reconstruction | CC | visible | wedge | FSC 0.5 (A) | FSC 0.143 (A) | SNR (dB) | TM precision "
                + "| TM recall | STA 0.5 (A) | STA 0.143 (A) | time (s) |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            if (r.error() != null) {
                sb.append("| ").append(r.name()).append(" | failed: ").append(r.error().replace('|', '/'))
                        .append(" |  |  |  |  |  |  |  |  |  |  |\n");
                continue;
            }
            TemplateMatching.Detection d = r.detection();
            sb.append(String.format(Locale.ROOT,
                    "| %s | %.4f | %.4f | %.4f | %s | %s | %s | %s | %s | %s | %s | %.1f |%n",
                    r.name(), r.cc(), r.visibleCorrelation(), r.wedgeCorrelation(), res(r.resolution(FscCurve.HALF)),
                    res(r.resolution(FscCurve.GOLD)), fixed(r.snrDb(), 2), d == null ? "n/a" : fixed(d.precision(), 2),
                    d == null ? "n/a" : fixed(d.recall(), 2), orNa(res(r.staResolution(FscCurve.HALF))),
                    orNa(res(r.staResolution(FscCurve.GOLD))), r.seconds()));
        }
        sb.append(String.format(Locale.ROOT, "%nThe Gaussian baseline blurs the full FBP with the sigma (%.2f voxels) "
                + "that maximises CC against the ground truth: an oracle choice no real data set allows.%n", sigma));
        if (truthDetection != null) {
            sb.append(String.format(Locale.ROOT, "Template matching on the ground truth itself finds %d of %d "
                    + "(precision %.2f): the ceiling the template allows.%n", truthDetection.matched(),
                    truthDetection.truths(), truthDetection.precision()));
        } else {
            sb.append("The phantom holds no ").append(p.kind()).append(": template matching and averaging were "
                    + "not run.\n");
        }
        sb.append("\n## Verdicts\n\n");
        Row fbp = rows.get(0);
        Row gauss = rows.get(1);
        boolean any = false;
        for (Row r : rows) {
            if (r.method() == null) continue;
            any = true;
            sb.append("- ").append(verdict(r, fbp, gauss, lateLossFall.getOrDefault(r.method(), Double.NaN)))
                    .append('\n');
        }
        if (!any) sb.append("No training method was compared.\n");
        sb.append("\n## Figures\n\n");
        sb.append("Orthoslices XY, XZ, YZ through the centre of the ground truth, FBP, FBP+G (oracle Gaussian) and "
                + "each method's prediction:\n\n![orthoslices](orthoslices.png)\n\n");
        sb.append("![FSC](fsc.png)\n\n![FSC in the missing wedge](fsc_missing_wedge.png)\n\n");
        if (truthDetection != null) sb.append("![FSC of the averages](fsc_subtomogram_average.png)\n\n");
        sb.append("Files: `compare.csv` (this table, machine-readable), `fsc_curves.csv` (all FSC curves), "
                + "`data/` (ground truth, FBP, Gaussian and predictions as MRC), `models/` (each trained model).\n");
        return sb.toString();
    }

    /**
     * What a method helps with, relative to the baselines (higher-is-better figures), and why it
     * does not beat the oracle Gaussian where it does not: a restoration the method is not built for
     * ({@link TrainingMethod#notBuiltFor}), or else the state of its training at the end of the
     * budget ({@code lateLossFall}, see {@link #lateLossFall}; NaN when unknown).
     */
    static String verdict(Row r, Row fbp, Row gauss, double lateLossFall) {
        if (r.error() != null) return r.name() + " failed and has no scores: " + r.error();
        List<String> helps = new ArrayList<>();
        List<String> ties = new ArrayList<>();
        List<String> not = new ArrayList<>();
        sort(r.cc(), gauss.cc(), String.format(Locale.ROOT, "CC (%.4f vs %.4f for the oracle Gaussian)", r.cc(),
                gauss.cc()), helps, ties, not);
        sort(r.wedgeCorrelation(), gauss.wedgeCorrelation(), String.format(Locale.ROOT,
                "missing-wedge correlation (%.4f vs %.4f)", r.wedgeCorrelation(), gauss.wedgeCorrelation()),
                helps, ties, not);
        if (r.detection() != null && gauss.detection() != null && fbp.detection() != null) {
            double bestBaseline = Math.max(gauss.detection().precision(), fbp.detection().precision());
            sort(r.detection().precision(), bestBaseline, String.format(Locale.ROOT,
                    "template matching (precision %.2f vs %.2f for the better baseline)", r.detection().precision(),
                    bestBaseline), helps, ties, not);
        }
        FscCurve.Resolution sr = r.staResolution(FscCurve.GOLD);
        FscCurve.Resolution gr = gauss.staResolution(FscCurve.GOLD);
        FscCurve.Resolution fr = fbp.staResolution(FscCurve.GOLD);
        if (sr != null && gr != null && fr != null) {
            double bestBaseline = Math.min(gr.angstrom(), fr.angstrom());
            // resolution: smaller is better, so compare the negated values
            sort(-sr.angstrom(), -bestBaseline, String.format(Locale.ROOT,
                    "subtomogram averaging (%.1f A vs %.1f A for the better baseline at FSC 0.143)", sr.angstrom(),
                    bestBaseline), helps, ties, not);
        }
        List<String> parts = new ArrayList<>();
        parts.add(helps.isEmpty() ? "beats the baselines on nothing measured here"
                : "beats the baselines on " + String.join(", ", helps));
        if (!ties.isEmpty()) parts.add("ties on " + String.join(", ", ties));
        if (!not.isEmpty()) parts.add("does not beat them on " + String.join(", ", not));
        StringBuilder sb = new StringBuilder(r.name()).append(' ').append(String.join("; it ", parts)).append('.');
        List<Restoration> lost = new ArrayList<>();
        if (!(r.cc() > gauss.cc())) lost.add(Restoration.DENOISING);
        if (!(r.wedgeCorrelation() > gauss.wedgeCorrelation())) lost.add(Restoration.MISSING_WEDGE);
        TrainingMethod method = r.method() == null ? null : TrainingMethods.byName(r.method());
        boolean budget = false;
        for (Restoration x : lost) {
            String why = method == null ? "" : method.notBuiltFor(x);
            if (!why.isEmpty()) {
                sb.append(" Why not on ").append(x.figure()).append(": it is not built for that; ").append(why)
                        .append('.');
            } else {
                budget = true;
            }
        }
        if (budget && !Double.isNaN(lateLossFall)) {
            if (lateLossFall > STILL_FALLING) {
                sb.append(String.format(Locale.ROOT, " Why not on the rest: its training loss still fell by %.1f %% "
                        + "over the last tenth of the iterations, so this budget stops short of what the method "
                        + "reaches.", 100 * lateLossFall));
            } else {
                sb.append(String.format(Locale.ROOT, " Its training loss %s by %.1f %% over the last tenth of the "
                        + "iterations: this configuration has levelled off, and longer training alone is unlikely to "
                        + "change the verdict.", lateLossFall < 0 ? "rose" : "fell only", 100 * Math.abs(lateLossFall)));
            }
        }
        return sb.toString();
    }

    /** Relative fall of the loss over the last tenth of training above which training is still making progress. */
    static final double STILL_FALLING = 0.01;

    /**
     * Relative fall of the mean loss from the second-to-last tenth of the iterations to the last
     * tenth (positive: still falling), NaN with fewer than 20 iterations recorded.
     *
     * @param losses the loss of every iteration, in order
     */
    static double lateLossFall(List<Double> losses) {
        int n = losses.size();
        int tenth = n / 10;
        if (tenth < 2) return Double.NaN;
        double before = 0;
        double last = 0;
        for (int i = 0; i < tenth; i++) {
            before += losses.get(n - 2 * tenth + i);
            last += losses.get(n - tenth + i);
        }
        return (before - last) / before;
    }

    private static void sort(double value, double baseline, String text, List<String> helps, List<String> ties,
                             List<String> not) {
        if (value > baseline) helps.add(text);
        else if (value == baseline) ties.add(text);
        else not.add(text);
    }

    private static String fixed(double v, int digits) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%." + digits + "f", v);
    }

    private static String orNa(String s) {
        return s.isEmpty() ? "n/a" : s;
    }
}
