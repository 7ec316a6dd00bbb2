package org.cryoet.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.cryoet.io.MrcReader;
import org.cryoet.io.MrcWriter;
import org.cryoet.io.TiltAngles;
import org.cryoet.tomo.HalfSplitter;
import org.cryoet.tomo.HalfSplitter.Halves;
import org.cryoet.util.AtomicOutput;
import org.cryoet.util.CryoEtException;
import org.cryoet.volume.Volume;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cryoet split}: two independent half tilt series by dose (frames) or by angle (tilts). */
@Command(name = "split", mixinStandardHelpOptions = true,
        description = {"Split a recording into two halves with independent noise; writes even.mrc, odd.mrc, "
                + "even.tlt and odd.tlt into the output folder.",
                "  --mode dose  --frames FRAMES.mrc --frames-per-tilt N --tilts T.tlt: the frames of every tilt "
                        + "(F consecutive sections per tilt, in stack order) are split into even and odd frames "
                        + "and summed; both halves keep all angles.",
                "  --mode angle --tilt-series TS.mrc --tilts T.tlt [--order ORDER.txt]: the 1st, 3rd, 5th... "
                        + "recorded tilt go to the even half, the others to the odd half. ORDER.txt lists the "
                        + "angles in acquisition order, one per line (as written by 'cryoet simulate'); without "
                        + "it, the file order is used."})
public final class SplitCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--mode", required = true, paramLabel = "dose|angle", description = "Split by dose (frames) or by angle (tilts).")
    String mode;

    @Option(names = "--frames", paramLabel = "FRAMES.mrc", description = "Frame stack (dose mode).")
    Path frames;

    @Option(names = "--frames-per-tilt", paramLabel = "N", description = "Frames per tilt in the frame stack (dose mode).")
    Integer framesPerTilt;

    @Option(names = "--tilt-series", paramLabel = "TS.mrc", description = "Tilt series stack (angle mode).")
    Path tiltSeries;

    @Option(names = "--tilts", required = true, paramLabel = "T.tlt", description = "Tilt angles, one per tilt in stack order.")
    Path tilts;

    @Option(names = "--order", paramLabel = "ORDER.txt",
            description = "Angles in acquisition order, one per line (angle mode; default: file order).")
    Path order;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (created if needed).")
    Path out;

    @Option(names = "--overwrite", description = "Replace existing output files.")
    boolean overwrite;

    @Override
    public Integer call() {
        String m = mode.trim().toLowerCase(Locale.ROOT);
        if (!m.equals("dose") && !m.equals("angle")) {
            throw new CryoEtException("Unknown split mode '" + mode + "' (use dose or angle)");
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new CryoEtException("Output " + out + " exists and is not a folder");
        }
        Path[] inputs = {frames, tiltSeries, tilts, order};
        Path evenMrc = out.resolve("even.mrc"), oddMrc = out.resolve("odd.mrc");
        Path evenTlt = out.resolve("even.tlt"), oddTlt = out.resolve("odd.tlt");
        for (Path p : new Path[] {evenMrc, oddMrc, evenTlt, oddTlt}) AtomicOutput.checkTarget(p, overwrite, inputs);

        Halves h;
        double[] angles;
        String input;
        if (m.equals("dose")) {
            if (frames == null || framesPerTilt == null) {
                throw new CryoEtException("--mode dose needs --frames FRAMES.mrc and --frames-per-tilt N");
            }
            if (tiltSeries != null || order != null) {
                throw new CryoEtException("--tilt-series and --order belong to --mode angle, not --mode dose");
            }
            requireFile(frames);
            requireFile(tilts);
            angles = TiltAngles.read(tilts);
            Volume f = MrcReader.read(frames);
            if (framesPerTilt >= 1 && f.nz() % framesPerTilt == 0 && angles.length * framesPerTilt != f.nz()) {
                throw new CryoEtException("Angle file " + tilts + " has " + angles.length + " angles but " + frames
                        + " holds " + (f.nz() / framesPerTilt) + " tilts of " + framesPerTilt + " frames");
            }
            h = HalfSplitter.doseSplit(f, framesPerTilt, angles, frames.toString());
            input = frames + " (" + f.nz() + " frames, " + framesPerTilt + " per tilt)";
        } else {
            if (tiltSeries == null) throw new CryoEtException("--mode angle needs --tilt-series TS.mrc");
            if (frames != null || framesPerTilt != null) {
                throw new CryoEtException("--frames and --frames-per-tilt belong to --mode dose, not --mode angle");
            }
            requireFile(tiltSeries);
            requireFile(tilts);
            Volume ts = MrcReader.read(tiltSeries);
            angles = TiltAngles.read(tilts, ts.nz(), tiltSeries);
            int[] acq = null;
            if (order != null) {
                requireFile(order);
                acq = HalfSplitter.orderFromAngles(angles, TiltAngles.read(order), order.toString());
            }
            h = HalfSplitter.angleSplit(ts, angles, acq, tiltSeries.toString());
            input = tiltSeries + " (" + ts.nz() + " tilts, " + (order == null ? "file order" : "order " + order) + ")";
        }

        MrcWriter.write(evenMrc, h.even(), true, overwrite, inputs);
        MrcWriter.write(oddMrc, h.odd(), true, overwrite, inputs);
        TiltAngles.write(evenTlt, h.evenAngles(), overwrite);
        TiltAngles.write(oddTlt, h.oddAngles(), overwrite);

        String f = "%-12s %s%n";
        System.out.printf(Locale.ROOT, f, "mode", m);
        System.out.printf(Locale.ROOT, f, "input", input);
        System.out.printf(Locale.ROOT, f, "even half", describe(h.evenAngles(), evenMrc));
        System.out.printf(Locale.ROOT, f, "odd half", describe(h.oddAngles(), oddMrc));
        String warning = HalfSplitter.rangeWarning(h, angles);
        if (warning != null) {
            spec.commandLine().getErr().println("warning: " + warning);
            spec.commandLine().getErr().flush();
        }
        return 0;
    }

    private static String describe(double[] a, Path file) {
        return String.format(Locale.ROOT, "%d tilts, %.2f .. %.2f degrees -> %s", a.length, a[0], a[a.length - 1], file);
    }

    private static void requireFile(Path p) {
        if (!Files.isRegularFile(p)) throw new CryoEtException("Input " + p + " does not exist or is not a file");
    }
}
