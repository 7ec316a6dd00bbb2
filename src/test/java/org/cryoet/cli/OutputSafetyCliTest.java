package org.cryoet.cli;

import org.cryoet.io.MrcWriter;
import org.cryoet.io.TiltAngles;
import org.cryoet.learn.IcecreamModel;
import org.cryoet.learn.TileFunction;
import org.cryoet.volume.Calibration;
import org.cryoet.volume.Volume;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Every writing subcommand: (1) an existing output is refused without --overwrite (exit 2, one
 * line, the file untouched) and replaced with it; (2) an input is never written over, even with
 * --overwrite; (3) no temporary ".part" file is left behind after a failure.
 */
class OutputSafetyCliTest {

    @TempDir
    static Path in;

    private static Path vol;
    private static Path vol2;
    private static Path ts;
    private static Path tlt;
    private static Path model;

    private static final byte[] SENTINEL = "do not touch\n".getBytes(StandardCharsets.US_ASCII);

    @BeforeAll
    static void inputs() {
        Random r = new Random(3);
        Volume a = Volume.create(24, 24, 16, Calibration.isotropic(10));
        Volume b = Volume.create(24, 24, 16, Calibration.isotropic(10));
        for (int i = 0; i < a.data().length; i++) {
            a.data()[i] = (float) (Math.sin(i * 0.1) + r.nextGaussian());
            b.data()[i] = (float) (Math.sin(i * 0.1) + r.nextGaussian());
        }
        vol = in.resolve("vol.mrc");
        vol2 = in.resolve("vol2.mrc");
        MrcWriter.write(vol, a);
        MrcWriter.write(vol2, b);
        double[] angles = {-50, -40, -30, -20, -10, 0, 10, 20, 30, 40, 50};
        Volume s = Volume.create(24, 24, angles.length, Calibration.isotropic(10));
        for (int i = 0; i < s.data().length; i++) s.data()[i] = (float) r.nextGaussian();
        ts = in.resolve("ts.mrc");
        MrcWriter.writeStack(ts, s);
        tlt = in.resolve("ts.tlt");
        TiltAngles.write(tlt, angles, false);
        model = CliProcess.saveTinyModel(in.resolve("model"), 1, 2, 8, -50, 50);
    }

    /**
     * A writing command: its arguments for an output (file or folder) {@code out}, the file inside
     * {@code out} that stands for "an existing output", and arguments that name an input as output.
     */
    record Case(String name, BiFunction<Path, Boolean, String[]> args, String existingInOut,
                java.util.function.Function<Path, String[]> overInput, Path victim) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("convert", (o, ow) -> withOverwrite(ow, "convert", vol.toString(), o.toString(), "--mode", "2"),
                        null, d -> new String[] {"convert", vol.toString(), vol.toString(), "--overwrite"}, null),
                new Case("simulate", (o, ow) -> withOverwrite(ow, "simulate", "--out", o.toString(), "--size", "24,24,12",
                        "--tilt-step", "20", "--frames", "2"), SimulateCommand.TILT_SERIES, null, null),
                new Case("split", (o, ow) -> withOverwrite(ow, "split", "--mode", "angle", "--tilt-series", ts.toString(),
                        "--tilts", tlt.toString(), "--out", o.toString()), "even.mrc",
                        d -> {
                            copy(ts, d.resolve("even.mrc"));
                            return new String[] {"split", "--mode", "angle", "--tilt-series", d.resolve("even.mrc").toString(),
                                    "--tilts", tlt.toString(), "--out", d.toString(), "--overwrite"};
                        }, Path.of("even.mrc")),
                new Case("reconstruct", (o, ow) -> withOverwrite(ow, "reconstruct", "--tilt-series", ts.toString(),
                        "--tilts", tlt.toString(), "--thickness", "8", "--out", o.toString()), null,
                        d -> new String[] {"reconstruct", "--tilt-series", ts.toString(), "--tilts", tlt.toString(),
                                "--thickness", "8", "--out", ts.toString(), "--overwrite"}, null),
                new Case("mask", (o, ow) -> withOverwrite(ow, "mask", "--tomogram", vol.toString(), "--out", o.toString()),
                        null, d -> new String[] {"mask", "--tomogram", vol.toString(), "--out", vol.toString(),
                        "--overwrite"}, null),
                new Case("fsc --out-csv", (o, ow) -> withOverwrite(ow, "fsc", "--a", vol.toString(), "--b",
                        vol2.toString(), "--out-csv", o.toString()), null,
                        d -> new String[] {"fsc", "--a", vol.toString(), "--b", vol2.toString(), "--out-csv",
                                vol2.toString(), "--overwrite"}, null),
                new Case("predict", (o, ow) -> withOverwrite(ow, "predict", "--model-dir", model.toString(), "--even",
                        vol.toString(), "--odd", vol2.toString(), "--out", o.toString(), "--device", "cpu"), null,
                        d -> new String[] {"predict", "--model-dir", model.toString(), "--even", vol.toString(),
                                "--odd", vol2.toString(), "--out", vol2.toString(), "--device", "cpu", "--overwrite"},
                        null),
                new Case("train --model-dir", (o, ow) -> withOverwrite(ow, "train", "--even", vol.toString(), "--odd",
                        vol2.toString(), "--tilt-range", "-50,50", "--model-dir", o.toString(), "--crop", "8",
                        "--depth", "1", "--channels", "2", "--batch", "1", "--iterations", "1", "--progress-every", "0",
                        "--device", "cpu"), IcecreamModel.DESCRIPTION,
                        d -> new String[] {"train", "--even", vol.toString(), "--odd", vol2.toString(), "--tilt-range",
                                "-50,50", "--model-dir", vol.toString(), "--crop", "8", "--depth", "1", "--channels",
                                "2", "--batch", "1", "--iterations", "1", "--progress-every", "0", "--device", "cpu",
                                "--overwrite"}, null));
    }

    private static String[] withOverwrite(boolean overwrite, String... args) {
        if (!overwrite) return args;
        String[] a = Arrays.copyOf(args, args.length + 1);
        a[args.length] = "--overwrite";
        return a;
    }

    private static void copy(Path from, Path to) {
        try {
            Files.copy(from, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private record Run(int code, String err) {
    }

    private static Run run(String... args) {
        StringWriter err = new StringWriter();
        java.io.PrintStream old = System.out;
        try {
            System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
            int code = CryoEtCli.commandLine().setOut(new PrintWriter(new StringWriter()))
                    .setErr(new PrintWriter(err, true)).execute(args);
            return new Run(code, err.toString());
        } finally {
            System.setOut(old);
        }
    }

    private static List<Path> partFiles(Path root) throws IOException {
        List<Path> parts = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root)) {
            s.filter(p -> p.getFileName().toString().endsWith(".part")).forEach(parts::add);
        }
        return parts;
    }

    private static void assertOneLineError(Run r, String... expectedAny) {
        assertEquals(2, r.code(), r.err());
        String[] lines = r.err().strip().split("\n");
        String last = lines[lines.length - 1];
        assertTrue(last.startsWith("error: ") && Arrays.stream(expectedAny).anyMatch(last::contains), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void existingOutputIsRefusedWithoutOverwriteAndUntouched(Case c, @TempDir Path dir) throws IOException {
        Path out = dir.resolve(c.existingInOut() == null ? "out.dat" : "out");
        Path existing = c.existingInOut() == null ? out : out.resolve(c.existingInOut());
        Files.createDirectories(existing.getParent());
        Files.write(existing, SENTINEL);
        Run r = run(c.args().apply(out, false));
        // the message names the existing file (or, for a model folder, the folder)
        assertOneLineError(r, existing.toString(), out.toString());
        assertArrayEquals(SENTINEL, Files.readAllBytes(existing), "existing output untouched");
        assertEquals(List.of(), partFiles(dir));

        Run again = run(c.args().apply(out, true));
        assertEquals(0, again.code(), again.err());
        assertFalse(Arrays.equals(SENTINEL, Files.readAllBytes(existing)), "replaced with --overwrite");
        assertEquals(List.of(), partFiles(dir));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void inputsAreNeverOverwritten(Case c, @TempDir Path dir) throws IOException {
        if (c.overInput() == null) {
            return; // simulate reads no input file
        }
        String[] args = c.overInput().apply(dir);
        Path victim = c.victim() == null ? null : dir.resolve(c.victim());
        List<Path> inputs = victim != null ? List.of(victim) : List.of(vol, vol2, ts);
        List<byte[]> before = new ArrayList<>();
        for (Path p : inputs) before.add(Files.readAllBytes(p));
        Run r = run(args);
        assertEquals(2, r.code(), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        for (int i = 0; i < inputs.size(); i++) {
            assertArrayEquals(before.get(i), Files.readAllBytes(inputs.get(i)), inputs.get(i) + " untouched");
        }
        assertEquals(List.of(), partFiles(dir));
        assertEquals(List.of(), partFiles(in));
    }

    @Test
    void predictionFailingMidwayLeavesNoOutputAndNoPartFile(@TempDir Path dir) throws IOException {
        BiFunction<Path, String, PredictionModels.Loaded> saved = PredictionModels.loader;
        int[] calls = {0};
        TileFunction failing = (tiles, batch, crop) -> {
            if (++calls[0] > 3) throw new org.cryoet.util.CryoEtException("simulated failure in the network");
            return tiles.clone();
        };
        PredictionModels.loader = (d, dev) -> new PredictionModels.Loaded() {
            public int crop() { return 8; }
            public TileFunction function() { return failing; }
            public String summary() { return "failing test model"; }
            public void close() { }
        };
        try {
            Path out = dir.resolve("pred.mrc");
            Run r = run("predict", "--model-dir", model.toString(), "--even", vol.toString(), "--odd", vol2.toString(),
                    "--out", out.toString(), "--batch", "1");
            assertOneLineError(r, "simulated failure");
            assertTrue(calls[0] > 3, "failed after some tiles were written");
            assertFalse(Files.exists(out));
            assertEquals(List.of(), partFiles(dir));
        } finally {
            PredictionModels.loader = saved;
        }
    }
}
