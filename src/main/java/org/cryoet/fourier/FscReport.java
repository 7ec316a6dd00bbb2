package org.cryoet.fourier;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.cryoet.render.PngImages;
import org.cryoet.util.AtomicOutput;

/** Text table, CSV and plot of one or more FSC curves (shared by the CLI and Fiji). */
public final class FscReport {
    private FscReport() {
    }

    /** Named curves in display order, e.g. "all", "visible", "missing wedge". */
    public static Map<String, FscCurve> curves(Fsc.WedgeSplit s) {
        Map<String, FscCurve> m = new LinkedHashMap<>();
        m.put("all", s.all());
        m.put("visible", s.visible());
        m.put("missing wedge", s.missing());
        return m;
    }

    /** Plain aligned table of resolutions at 0.143, 0.5 and half-bit per curve. */
    public static String table(Map<String, FscCurve> curves) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-14s %14s %14s %14s%n", "region", "FSC=0.143", "FSC=0.5", "half-bit"));
        for (Map.Entry<String, FscCurve> e : curves.entrySet()) {
            FscCurve c = e.getValue();
            sb.append(String.format(Locale.ROOT, "%-14s %14s %14s %14s%n", e.getKey(), format(c.resolution(FscCurve.GOLD)),
                    format(c.resolution(FscCurve.HALF)), format(c.resolutionHalfBit())));
        }
        return sb.toString();
    }

    /** "12.3 A", or "<= 4.0 A" when the curve never drops below the threshold (Nyquist bound). */
    public static String format(FscCurve.Resolution r) {
        return String.format(Locale.ROOT, r.crossed() ? "%.2f A" : "<= %.2f A", r.angstrom());
    }

    /**
     * CSV: shell, frequency (1/A), resolution (A), then per curve its FSC, voxel count and half-bit
     * threshold. All curves must come from the same box (same shells).
     */
    public static void writeCsv(Path file, Map<String, FscCurve> curves, boolean overwrite, Path... inputs) {
        List<FscCurve> list = new ArrayList<>(curves.values());
        FscCurve first = list.get(0);
        AtomicOutput.write(file, overwrite, tmp -> {
            try (BufferedWriter w = Files.newBufferedWriter(tmp)) {
                StringBuilder h = new StringBuilder("shell,frequency_per_A,resolution_A");
                for (String name : curves.keySet()) {
                    String k = name.replace(' ', '_');
                    h.append(',').append("fsc_").append(k).append(",n_").append(k).append(",halfbit_").append(k);
                }
                w.write(h.toString());
                w.newLine();
                for (int r = 0; r < first.shells(); r++) {
                    StringBuilder line = new StringBuilder();
                    line.append(r).append(',').append(num(first.frequency()[r])).append(',')
                            .append(r == 0 ? "inf" : num(1 / first.frequency()[r]));
                    for (FscCurve c : list) {
                        line.append(',').append(num(c.fsc()[r])).append(',').append(c.count()[r]).append(',')
                                .append(c.count()[r] > 0 ? num(FscCurve.halfBit(c.count()[r])) : "nan");
                    }
                    w.write(line.toString());
                    w.newLine();
                }
            }
        }, inputs);
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "nan" : String.format(Locale.ROOT, "%.6g", v);
    }

    /** A plot of the curves against frequency with the 0.143 and 0.5 thresholds and the first curve's half-bit. */
    public static PngImages.Plot plot(String title, Map<String, FscCurve> curves) {
        List<PngImages.Series> s = new ArrayList<>();
        FscCurve first = null;
        for (Map.Entry<String, FscCurve> e : curves.entrySet()) {
            FscCurve c = e.getValue();
            if (first == null) first = c;
            s.add(new PngImages.Series("FSC " + e.getKey(), c.frequency(), c.fsc()));
        }
        double fMax = first.frequency()[first.shells() - 1];
        s.add(new PngImages.Series("0.143", new double[] {0, fMax}, new double[] {FscCurve.GOLD, FscCurve.GOLD}, true));
        s.add(new PngImages.Series("0.5", new double[] {0, fMax}, new double[] {FscCurve.HALF, FscCurve.HALF}, true));
        double[] hb = first.halfBitCurve();
        hb[0] = Double.NaN; // the single DC voxel gives 1.0, off the useful range
        s.add(new PngImages.Series("half-bit", first.frequency(), hb, true));
        return new PngImages.Plot(title, "spatial frequency (1/A)", "FSC", s, -0.2, 1.05);
    }
}
