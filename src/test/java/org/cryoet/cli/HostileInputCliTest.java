package org.cryoet.cli;

import org.cryoet.io.MrcWriter;
import org.cryoet.io.TiltAngles;
import org.cryoet.volume.Calibration;
import org.cryoet.volume.Volume;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Hostile inputs end to end through the command line: truncated MRC files, NaN/Inf voxels,
 * all-zero volumes, halves of different shapes, bad angle files and tilt ranges that leave no
 * measured or no missing wedge. Each must end with exit status 2 and one "error:" line naming the
 * file or the problem, without a stack trace and without any output file (or temporary part).
 * (MRC parsing itself is covered in depth by MrcHostileInputTest and MrcFuzzTest.)
 */
class HostileInputCliTest {

    @TempDir
    static Path in;

    private static final double[] ANGLES = {-50, -40, -30, -20, -10, 0, 10, 20, 30, 40, 50};

    static Path good, good2, small, truncated, nan, inf, zero, ts, tlt, tsTruncated, tltShort, tltText, model;

    @BeforeAll
    static void corpus() throws IOException {
        good = volume("good.mrc", 24, 24, 16, 1, Float.NaN);
        good2 = volume("good2.mrc", 24, 24, 16, 2, Float.NaN);
        small = volume("small.mrc", 24, 20, 16, 3, Float.NaN);
        truncated = volume("truncated.mrc", 24, 24, 16, 4, Float.NaN);
        try (RandomAccessFile f = new RandomAccessFile(truncated.toFile(), "rw")) {
            f.setLength(f.length() - 1000);
        }
        nan = volume("nan.mrc", 24, 24, 16, 5, Float.NaN);
        inf = volume("inf.mrc", 24, 24, 16, 6, Float.POSITIVE_INFINITY);
        zero = in.resolve("zero.mrc");
        MrcWriter.write(zero, Volume.create(24, 24, 16, Calibration.isotropic(10)));
        Volume s = Volume.create(24, 24, ANGLES.length, Calibration.isotropic(10));
        Random r = new Random(9);
        for (int i = 0; i < s.data().length; i++) s.data()[i] = (float) r.nextGaussian();
        ts = in.resolve("ts.mrc");
        MrcWriter.writeStack(ts, s);
        tsTruncated = in.resolve("ts_truncated.mrc");
        Files.copy(ts, tsTruncated);
        try (RandomAccessFile f = new RandomAccessFile(tsTruncated.toFile(), "rw")) {
            f.setLength(f.length() / 2);
        }
        tlt = in.resolve("ts.tlt");
        TiltAngles.write(tlt, ANGLES, false);
        tltShort = in.resolve("short.tlt");
        TiltAngles.write(tltShort, java.util.Arrays.copyOf(ANGLES, 7), false);
        tltText = in.resolve("text.tlt");
        Files.writeString(tltText, "-50\n-40\nminus thirty\n-20\n-10\n0\n10\n20\n30\n40\n50\n");
        model = CliProcess.saveTinyModel(in.resolve("model"), 1, 2, 8, -50, 50);
    }

    /** A random volume; the voxel in the middle set to {@code special} unless it is NaN and the name has no "nan". */
    private static Path volume(String name, int nx, int ny, int nz, long seed, float special) {
        Volume v = Volume.create(nx, ny, nz, Calibration.isotropic(10));
        Random r = new Random(seed);
        for (int i = 0; i < v.data().length; i++) v.data()[i] = (float) r.nextGaussian();
        if (name.contains("nan") || !Float.isNaN(special)) v.data()[v.data().length / 2 + 7] = special;
        Path p = in.resolve(name);
        MrcWriter.write(p, v);
        return p;
    }

    /** One hostile run: the arguments (OUT is replaced by the output path) and what the error line must mention. */
    record Case(String name, String[] args, String... mention) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case c(String name, String args, String... mention) {
        return new Case(name, args.split(" "), mention);
    }

    static Stream<Case> cases() {
        String predict = "predict --model-dir " + model + " --device cpu --out OUT ";
        String train = "train --model-dir OUT --crop 8 --depth 1 --channels 2 --batch 1 --iterations 1 "
                + "--progress-every 0 --device cpu ";
        String rec = "reconstruct --thickness 8 --out OUT ";
        String split = "split --mode angle --out OUT ";
        return Stream.of(
                c("reconstruct truncated", rec + "--tilt-series " + tsTruncated + " --tilts " + tlt, tsTruncated.toString()),
                c("reconstruct NaN", rec + "--tilt-series " + nan + " --tilts " + tlt, nan.toString()),
                c("reconstruct angle count", rec + "--tilt-series " + ts + " --tilts " + tltShort, tltShort.toString()),
                c("reconstruct angle text", rec + "--tilt-series " + ts + " --tilts " + tltText, tltText.toString()),
                c("split truncated", split + "--tilt-series " + tsTruncated + " --tilts " + tlt, tsTruncated.toString()),
                c("split angle count", split + "--tilt-series " + ts + " --tilts " + tltShort, tltShort.toString()),
                c("split angle text", split + "--tilt-series " + ts + " --tilts " + tltText, tltText.toString()),
                c("mask truncated", "mask --out OUT --tomogram " + truncated, truncated.toString()),
                c("mask NaN", "mask --out OUT --tomogram " + nan, nan.toString()),
                c("mask Inf", "mask --out OUT --tomogram " + inf, inf.toString()),
                c("mask zero", "mask --out OUT --tomogram " + zero, zero.toString()),
                c("mask mismatched", "mask --out OUT --tomogram " + good + " --tomogram " + small, small.toString()),
                c("predict truncated", predict + "--even " + good + " --odd " + truncated, truncated.toString()),
                c("predict NaN", predict + "--even " + nan + " --odd " + good2, nan.toString()),
                c("predict Inf", predict + "--even " + good + " --odd " + inf, inf.toString()),
                c("predict zero", predict + "--even " + zero + " --odd " + good2, zero.toString()),
                c("predict mismatched", predict + "--even " + good + " --odd " + small, small.toString()),
                c("train truncated", train + "--tilt-range -50,50 --even " + truncated + " --odd " + good2,
                        truncated.toString()),
                c("train NaN", train + "--tilt-range -50,50 --even " + good + " --odd " + nan, nan.toString()),
                c("train Inf", train + "--tilt-range -50,50 --even " + inf + " --odd " + good2, inf.toString()),
                c("train zero", train + "--tilt-range -50,50 --even " + good + " --odd " + zero, zero.toString()),
                c("train mismatched", train + "--tilt-range -50,50 --even " + good + " --odd " + small, small.toString()),
                c("train no missing wedge", train + "--tilt-range -90,90 --even " + good + " --odd " + good2,
                        "no missing wedge"),
                c("train empty range", train + "--tilt-range 30,30 --even " + good + " --odd " + good2, "tilt-range"),
                c("train reversed range", train + "--tilt-range 40,-40 --even " + good + " --odd " + good2, "tilt-range"),
                c("train angle text", train + "--tilts " + tltText + " --even " + good + " --odd " + good2,
                        tltText.toString()),
                c("fsc truncated", "fsc --out-csv OUT --a " + good + " --b " + truncated, truncated.toString()),
                c("fsc NaN", "fsc --out-csv OUT --a " + nan + " --b " + good2, nan.toString()),
                c("fsc mismatched", "fsc --out-csv OUT --a " + good + " --b " + small, small.toString()),
                c("fsc reversed range", "fsc --out-csv OUT --a " + good + " --b " + good2 + " --tilt-range 40,-40",
                        "tilt"));
    }

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        java.io.PrintStream old = System.out;
        java.io.ByteArrayOutputStream sys = new java.io.ByteArrayOutputStream();
        try {
            System.setOut(new java.io.PrintStream(sys, true));
            int code = CryoEtCli.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                    .execute(args);
            return new Run(code, out + sys.toString(), err.toString());
        } finally {
            System.setOut(old);
        }
    }

    private static List<Path> files(Path root) throws IOException {
        List<Path> all = new ArrayList<>();
        if (!Files.exists(root)) return all;
        try (Stream<Path> s = Files.walk(root)) {
            s.filter(Files::isRegularFile).forEach(all::add);
        }
        return all;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void hostileInputGivesOneClearLineAndNoOutput(Case c, @TempDir Path dir) throws IOException {
        Path out = dir.resolve(c.args()[0].equals("fsc") ? "out.csv" : "out.mrc");
        if (c.args()[0].equals("train") || c.args()[0].equals("split")) out = dir.resolve("out");
        String[] args = c.args().clone();
        for (int i = 0; i < args.length; i++) if (args[i].equals("OUT")) args[i] = out.toString();
        Run r = run(args);
        assertEquals(2, r.code(), "exit status\n" + r.err() + r.out());
        String[] lines = r.err().strip().split("\\R");
        String last = lines[lines.length - 1];
        assertTrue(last.startsWith("error: "), r.err());
        boolean named = false;
        for (String m : c.mention()) named |= last.contains(m) || last.contains(Path.of(m).getFileName().toString());
        assertTrue(named, "the error names " + String.join(" or ", c.mention()) + ": " + last);
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), "no stack trace: " + r.err());
        assertEquals(List.of(), files(out), "no output written");
        assertEquals(List.of(), files(dir), "nothing left in the output folder");
    }

    /**
     * As a user sees it, in a real process: exit 2 and a single "error:" line on stderr (nothing
     * printed afterwards by shutdown hooks), apart from the logging library's notice.
     */
    @org.junit.jupiter.api.Test
    void aRealProcessPrintsOneErrorLine(@TempDir Path dir) throws Exception {
        CliProcess.Result r = CliProcess.run(dir.resolve("logs"), 60, List.of("-Xmx256m"), "train", "--model-dir",
                dir.resolve("model").toString(), "--tilt-range", "-50,50", "--even", good.toString(), "--odd",
                zero.toString(), "--crop", "8", "--depth", "1", "--channels", "2", "--device", "cpu");
        assertEquals(2, r.code(), r.toString());
        List<String> lines = r.err().lines().filter(l -> !l.startsWith("SLF4J") && !l.isBlank()
                && !l.matches("^[A-Za-z ]+: +[0-9]+% .*")).toList();
        assertEquals(1, lines.size(), r.toString());
        assertTrue(lines.get(0).startsWith("error: ") && lines.get(0).contains("zero.mrc"), r.toString());
        assertFalse(Files.exists(dir.resolve("model").resolve("model.json")));
    }

    /**
     * batch: a hostile item fails alone (exit 1 by design, see doc/batch.md) with its file named and
     * no output, the good item still runs; an unreadable list is a usage error (exit 2).
     */
    @org.junit.jupiter.api.Test
    void batchReportsEachHostileItemAndRunsTheOthers(@TempDir Path dir) throws IOException {
        Path list = dir.resolve("items.tsv");
        Files.writeString(list, good + "\t" + truncated + "\t" + dir.resolve("a.mrc") + "\n"
                + nan + "\t" + good2 + "\t" + dir.resolve("b.mrc") + "\n"
                + good + "\t" + small + "\t" + dir.resolve("c.mrc") + "\n"
                + good + "\t" + good2 + "\t" + dir.resolve("ok.mrc") + "\n");
        Run r = run("batch", "--model-dir", model.toString(), "--list", list.toString(), "--device", "cpu");
        assertEquals(1, r.code(), r.err() + r.out());
        String all = r.out() + r.err();
        for (Path p : List.of(truncated, nan, small)) {
            assertTrue(all.contains("FAILED") && all.contains(p.getFileName().toString()), all);
        }
        assertFalse(all.contains("\tat "), all);
        assertTrue(Files.exists(dir.resolve("ok.mrc")));
        for (String n : List.of("a.mrc", "b.mrc", "c.mrc")) assertFalse(Files.exists(dir.resolve(n)), n);
        assertEquals(List.of(), files(dir).stream().filter(p -> p.toString().endsWith(".part")).toList());

        Run bad = run("batch", "--model-dir", model.toString(), "--list", dir.resolve("missing.tsv").toString());
        assertEquals(2, bad.code(), bad.err());
        assertTrue(bad.err().strip().startsWith("error: ") && bad.err().contains("missing.tsv"), bad.err());
    }
}
