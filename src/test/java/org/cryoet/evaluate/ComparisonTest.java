package org.cryoet.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.cryoet.fourier.Fft3d;
import org.cryoet.fourier.Metrics;
import org.cryoet.fourier.MissingWedge;
import org.cryoet.io.MrcReader;
import org.cryoet.learn.Restoration;
import org.cryoet.learn.TrainingMethods;
import org.cryoet.util.Progress;
import org.cryoet.volume.Calibration;
import org.cryoet.volume.Volume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComparisonTest {

    @TempDir
    Path dir;

    @Test
    void topazSnrOfAConstructedVolumeIsAnalytic() {
        // truth: ice (1.0) with one protein cube (1.4) at [8, 16)^3
        Volume truth = Volume.create(32, 32, 32, Calibration.isotropic(10));
        java.util.Arrays.fill(truth.data(), 1f);
        for (int z = 8; z < 16; z++) for (int y = 8; y < 16; y++) for (int x = 8; x < 16; x++) truth.set(x, y, z, 1.4f);
        List<Metrics.Box> background = Comparison.backgroundBoxes(truth, 1.0, 4, 3);
        assertEquals(3, background.size());
        for (Metrics.Box b : background) {
            boolean overlaps = b.x0() < 16 && b.x0() + 4 > 8 && b.y0() < 16 && b.y0() + 4 > 8 && b.z0() < 16
                    && b.z0() + 4 > 8;
            assertFalse(overlaps, "background box " + b + " overlaps the protein");
        }
        // reconstruction: contrast m in the protein plus a +-sigma checkerboard everywhere
        double m = 0.4, sigma = 0.1;
        Volume v = truth.like();
        for (int z = 0; z < 32; z++) {
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    double base = truth.get(x, y, z) > 1.2 ? m : 0;
                    v.set(x, y, z, (float) (base + ((x + y + z) % 2 == 0 ? sigma : -sigma)));
                }
            }
        }
        List<Metrics.Box> signal = List.of(new Metrics.Box(8, 8, 8, 4, 4, 4), new Metrics.Box(12, 12, 12, 4, 4, 4),
                new Metrics.Box(8, 12, 8, 4, 4, 4));
        // (mean s - mean b)^2 / var b = m^2 / sigma^2 in every pair
        assertEquals(20 * Math.log10(m / sigma), Metrics.snr(v, signal, background), 1e-4);
    }

    @Test
    void wedgeAndVisibleCorrelationsSeparateAConstructedCase() {
        int n = 32;
        double tMin = -60, tMax = 60;
        boolean[] missing = MissingWedge.missingBits(n, n, n, tMin, tMax);
        boolean[] visible = MissingWedge.measuredBits(n, n, n, tMin, tMax);
        Volume wedgeOnly = restricted(noise(n, 1), missing);
        Volume a = sum(wedgeOnly, restricted(noise(n, 2), visible));
        Volume b = sum(wedgeOnly, restricted(noise(n, 3), visible));
        Comparison.Row r = Comparison.scoreAgainstTruth("case", a, b, tMin, tMax);
        // shared content only in the wedge: correlation 1 there, ~0 in the measured region
        assertEquals(1.0, r.wedgeCorrelation(), 1e-4);
        assertEquals(0.0, r.visibleCorrelation(), 0.05);
        for (int s = 1; s < r.fsc().missing().shells(); s++) {
            if (r.fsc().missing().count()[s] > 0) assertEquals(1.0, r.fsc().missing().fsc()[s], 1e-3, "shell " + s);
        }
        for (int s = 2; s < r.fsc().visible().shells(); s++) {
            double f = r.fsc().visible().fsc()[s];
            assertTrue(Math.abs(f) < 0.35, "visible shell " + s + " " + f);
        }
        // the wedge-only content alone is exactly a's missing-wedge part
        Comparison.Row w = Comparison.scoreAgainstTruth("wedge", wedgeOnly, a, tMin, tMax);
        assertEquals(1.0, w.wedgeCorrelation(), 1e-4);
        assertTrue(w.cc() < 0.9, "real-space CC mixes both regions: " + w.cc());
    }

    static Volume noise(int n, long seed) {
        Random r = new Random(seed);
        Volume v = Volume.create(n, n, n, Calibration.isotropic(10));
        float[] d = v.data();
        for (int i = 0; i < d.length; i++) d[i] = (float) r.nextGaussian();
        return v;
    }

    /** The volume with its Fourier coefficients outside {@code region} (and DC) set to zero. */
    static Volume restricted(Volume v, boolean[] region) {
        int n = v.nx();
        float[] f = Fft3d.forward(v);
        for (int i = 0; i < region.length; i++) {
            if (!region[i] || i == 0) {
                f[2 * i] = 0;
                f[2 * i + 1] = 0;
            }
        }
        return Fft3d.inverseReal(f, n, n, n, v.calibration());
    }

    static Volume sum(Volume a, Volume b) {
        Volume s = a.copy();
        float[] d = s.data(), e = b.data();
        for (int i = 0; i < d.length; i++) d[i] += e[i];
        return s;
    }

    @Test
    void defaultMethodsAreTheRegistry() {
        assertEquals(List.copyOf(TrainingMethods.names()), Comparison.methods(List.of()));
        assertEquals(List.of("icecream"), Comparison.methods(List.of("ICECREAM", "icecream")));
    }

    @Test
    void templateOfAParticleIsCentredAndMatchesItsOwnRender() {
        Volume t = ParticleTemplate.orientationAverage("ribosome", 20, 1);
        int n = ParticleTemplate.box("ribosome", 20);
        assertEquals(n, t.nx());
        assertEquals(2 * (int) Math.ceil(ParticleTemplate.radius("ribosome", 20)) + 1, n);
        // the average's centre of mass is the cube's centre (every copy is centred)
        double sx = 0, sy = 0, sz = 0, s = 0;
        for (int z = 0; z < n; z++) {
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < n; x++) {
                    double w = t.get(x, y, z);
                    sx += w * x;
                    sy += w * y;
                    sz += w * z;
                    s += w;
                }
            }
        }
        double c = (n - 1) / 2.0;
        assertEquals(c, sx / s, 0.6);
        assertEquals(c, sy / s, 0.6);
        assertEquals(c, sz / s, 0.6);
        // a single orientation correlates with the average, though not perfectly
        double cc = Metrics.pearson(ParticleTemplate.render("ribosome", n, 20, 99), t);
        assertTrue(cc > 0.6 && cc < 0.999, "CC of one orientation with the average: " + cc);
    }

    @Test
    void endToEndOnATinyPhantom() throws Exception {
        ComparisonOptions o = new ComparisonOptions(48, 48, 32, 20, -60, 60, 3, 4, -5, 1, List.of("icecream"),
                "demo", 3, 16, "ribosome", 3, false);
        List<String> log = new ArrayList<>();
        Comparison.Result r = Comparison.run(dir, o, Progress.NONE, log::add);
        String report = Files.readString(dir.resolve("report.md"));
        String title = TrainingMethods.byName("icecream").title();
        for (String row : List.of(Comparison.FBP, Comparison.GAUSSIAN, title)) {
            assertEquals(1, report.lines().filter(l -> l.startsWith("| " + row + " |")).count(), row + " row");
        }
        assertTrue(report.contains("## Verdicts") && report.contains("- " + title + " beats the baselines"));
        for (String png : List.of("orthoslices.png", "fsc.png", "fsc_missing_wedge.png",
                "fsc_subtomogram_average.png")) {
            assertTrue(Files.size(dir.resolve(png)) > 1000, png);
        }
        assertEquals(3, r.particles());
        assertEquals(1.0, r.truthDetection().precision(), "template matching on the ground truth itself");

        // compare.csv against an independent recomputation of CC from the written volumes
        List<String> lines = Files.readAllLines(dir.resolve("compare.csv"));
        assertEquals(Comparison.CSV_COLUMNS, List.of(lines.get(0).split(",")));
        assertEquals(4, lines.size());
        Map<String, String[]> byName = new HashMap<>();
        for (String l : lines.subList(1, lines.size())) byName.put(l.split(",")[0], l.split(",", -1));
        Volume truth = MrcReader.read(dir.resolve("data/ground_truth.mrc"));
        Map<String, String> files = Map.of(Comparison.FBP, "fbp.mrc", Comparison.GAUSSIAN, "fbp_gaussian.mrc",
                title, "icecream.mrc");
        int cc = Comparison.CSV_COLUMNS.indexOf("cc");
        int precision = Comparison.CSV_COLUMNS.indexOf("tm_precision");
        for (Map.Entry<String, String> e : files.entrySet()) {
            String[] row = byName.get(e.getKey());
            double expected = pearson(MrcReader.read(dir.resolve("data").resolve(e.getValue())), truth);
            assertEquals(expected, Double.parseDouble(row[cc]), 1e-4, e.getKey() + " CC");
            assertEquals(expected, r.row(e.getKey()).cc(), 1e-6);
            double p = Double.parseDouble(row[precision]);
            assertTrue(p >= 0 && p <= 1);
        }
        // the oracle Gaussian is chosen for CC, so it cannot lose to the FBP it blurs
        assertTrue(r.row(Comparison.GAUSSIAN).cc() >= r.row(Comparison.FBP).cc());
    }

    @Test
    void verdictSortsFiguresIntoBeatsTiesAndDoesNot() {
        Comparison.Row fbp = row("FBP", 0.1, 0.1, 0.67, 150);
        Comparison.Row gauss = row("G", 0.3, 0.3, 1.0, 100);
        String v = Comparison.verdict(row("M", 0.35, 0.2, 1.0, 90), fbp, gauss, 0.05);
        assertTrue(v.startsWith("M beats the baselines on CC (0.3500 vs 0.3000"), v);
        assertTrue(v.contains("subtomogram averaging (90.0 A vs 100.0 A"), v);
        assertTrue(v.contains("ties on template matching (precision 1.00 vs 1.00"), v);
        assertTrue(v.contains("does not beat them on missing-wedge correlation (0.2000 vs 0.3000)"), v);
        assertTrue(v.endsWith("Why not on the rest: its training loss still fell by 5.0 % over the last tenth of "
                + "the iterations, so this budget stops short of what the method reaches."), v);
        String w = Comparison.verdict(row("W", 0.2, 0.2, 0.67, 120), fbp, gauss, 0.002);
        assertTrue(w.startsWith("W beats the baselines on nothing measured here; it does not beat them on CC"), w);
        assertTrue(w.endsWith("Its training loss fell only by 0.2 % over the last tenth of the iterations: this "
                + "configuration has levelled off, and longer training alone is unlikely to change the verdict."), w);
        String rising = Comparison.verdict(row("R", 0.2, 0.2, 0.67, 120), fbp, gauss, -0.007);
        assertTrue(rising.contains("Its training loss rose by 0.7 % over the last tenth"), rising);
    }

    @Test
    void verdictSaysWhichRestorationAMethodIsNotBuiltFor() {
        Comparison.Row fbp = row("FBP", 0.1, 0.1, 0.67, 150);
        Comparison.Row gauss = row("G", 0.3, 0.3, 1.0, 100);
        Comparison.Row n2n = row("N2N", 0.35, 0.2, 1.0, 90, "n2n");
        String v = Comparison.verdict(n2n, fbp, gauss, 0.05);
        String why = TrainingMethods.byName("n2n").notBuiltFor(Restoration.MISSING_WEDGE);
        assertFalse(why.isEmpty());
        assertTrue(v.endsWith(" Why not on missing-wedge correlation: it is not built for that; " + why + "."), v);
        // a restoration it is built for and loses gets the budget explanation instead
        Comparison.Row isonet = row("IsoNet", 0.25, 0.4, 1.0, 90, "isonet");
        String u = Comparison.verdict(isonet, fbp, gauss, Double.NaN);
        assertTrue(u.contains("Why not on CC: it is not built for that; " + TrainingMethods.byName("isonet")
                .notBuiltFor(Restoration.DENOISING) + "."), u);
        assertFalse(u.contains("training loss"), u);
    }

    @Test
    void lateLossFallComparesTheLastTwoTenths() {
        List<Double> losses = new ArrayList<>();
        for (int i = 1; i <= 105; i++) losses.add(i <= 85 ? 9.0 : i <= 95 ? 2.0 : 1.5);
        assertEquals(0.25, Comparison.lateLossFall(losses), 1e-12);
        assertTrue(Double.isNaN(Comparison.lateLossFall(losses.subList(0, 19))));
    }

    /** A row whose FSC with the reference crosses 0.143 at 1 / angstrom (linear curve over 32 shells). */
    static Comparison.Row row(String name, double cc, double wedge, double precision, double angstrom) {
        return row(name, cc, wedge, precision, angstrom, null);
    }

    static Comparison.Row row(String name, double cc, double wedge, double precision, double angstrom,
                              String method) {
        int shells = 33;
        double[] f = new double[shells];
        double[] fsc = new double[shells];
        long[] count = new long[shells];
        for (int s = 0; s < shells; s++) {
            f[s] = s / (64 * 10.0);
            count[s] = 1;
        }
        double cross = 1 / angstrom;
        for (int s = 0; s < shells; s++) fsc[s] = 1 - (1 - 0.143) * f[s] / cross;
        org.cryoet.fourier.FscCurve curve = new org.cryoet.fourier.FscCurve(f, fsc, count, 10, 64);
        return new Comparison.Row(name, method, cc, 0.5, wedge, null, 0,
                new TemplateMatching.Detection(3, 3, (int) Math.round(3 * precision), precision, precision), curve,
                1, null);
    }

    static double pearson(Volume a, Volume b) {
        float[] x = a.data(), y = b.data();
        double mx = 0, my = 0;
        for (int i = 0; i < x.length; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= x.length;
        my /= y.length;
        double xy = 0, xx = 0, yy = 0;
        for (int i = 0; i < x.length; i++) {
            xy += (x[i] - mx) * (y[i] - my);
            xx += (x[i] - mx) * (x[i] - mx);
            yy += (y[i] - my) * (y[i] - my);
        }
        return xy / Math.sqrt(xx * yy);
    }
}
