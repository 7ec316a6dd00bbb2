package org.cryoet.fiji;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import ij.macro.Interpreter;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.cryoet.fiji.ij1.CommandPlugIn;
import org.cryoet.fiji.ij1.Ij1Menus;
import org.cryoet.fourier.Fsc;
import org.cryoet.learn.IcecreamModel;
import org.cryoet.learn.TileFunction;
import org.cryoet.learn.TiledPredictor;
import org.cryoet.volume.VolumeSource;
import org.cryoet.fourier.FscCurve;
import org.cryoet.tomo.AcquisitionSimulator;
import org.cryoet.tomo.AcquisitionSpec;
import org.cryoet.tomo.FbpOptions;
import org.cryoet.tomo.FilteredBackProjection;
import org.cryoet.tomo.HalfSplitter;
import org.cryoet.tomo.PhantomSpec;
import org.cryoet.tomo.SampleMask;
import org.cryoet.tomo.SampleMaskOptions;
import org.cryoet.tomo.SimulatedAcquisition;
import org.cryoet.util.Progress;
import org.cryoet.io.MrcReader;
import org.cryoet.io.MrcWriter;
import org.cryoet.volume.Calibration;
import org.cryoet.volume.Volume;

/**
 * Runs ImageJ macros in the real ImageJ 1 macro interpreter (batch mode), reaching our commands
 * through the plugins.config entries, and checks the files they write.
 */
class MacroTest {
    @TempDir
    Path dir;

    /**
     * Loads DJL's engine on the test runner's thread: DJL switches PyTorch's (thread-local) grad
     * mode off only on the loading thread, and other test classes train on this thread.
     */
    @org.junit.jupiter.api.BeforeAll
    static void loadEngineOnTheRunnerThread() {
        ai.djl.engine.Engine.getInstance();
    }

    @BeforeAll
    static void registerCommands() {
        Ij1Menus.install();
    }

    static String run(String macro) {
        return run(macro, "");
    }

    /** Runs a macro with an argument string; returns null, or the error of the macro or of a command. */
    static String run(String macro, String argument) {
        Interpreter interp = new Interpreter();
        interp.setIgnoreErrors(true);
        interp.run(macro, argument);
        if (CommandPlugIn.lastError() != null) return CommandPlugIn.lastError();
        return interp.wasError() ? "macro error: " + interp.getErrorMessage() : null;
    }

    @Test
    void demoPipelineMacroProducesTheLibraryResults() throws Exception {
        String macro = Files.readString(Path.of("sample-macros/ICECREAM_Demo_Pipeline.ijm"));
        Path out = dir.resolve("demo");
        CommandPlugIn.clearAbsentValueKeys();
        String error = run(macro, "out=" + out + " size=32 thickness=16 tilt_step=15 snr_db=0"
                + " train=true iterations=3 crop=16 depth=2 channels=4 device=cpu");
        assertEquals(null, error);
        // every number and checkbox of every command is named on its line (Fiji would use 0/false)
        assertEquals(java.util.List.of(), CommandPlugIn.absentValueKeys());
        // the same pipeline through the library
        AcquisitionSpec spec = AcquisitionSpec.defaults().withRange(-60, 60, 15).withFrames(4).withSnrDb(0).withSeed(1);
        SimulatedAcquisition sim = AcquisitionSimulator.simulate(PhantomSpec.of(32, 32, 16, 1), spec, Progress.NONE);
        HalfSplitter.Halves h = HalfSplitter.doseSplit(sim.frames(), 4, sim.anglesDeg());
        FbpOptions fbp = FbpOptions.builder().thickness(16).build();
        Volume even = FilteredBackProjection.reconstruct(h.even(), h.evenAngles(), fbp, Progress.NONE);
        Volume odd = FilteredBackProjection.reconstruct(h.odd(), h.oddAngles(), fbp, Progress.NONE);
        assertArrayEquals(sim.tiltSeries().data(), MrcReader.read(out.resolve("simulation/tilt_series.mrc")).data());
        assertArrayEquals(h.odd().data(), MrcReader.read(out.resolve("halves/odd.mrc")).data());
        assertArrayEquals(even.data(), MrcReader.read(out.resolve("even_rec.mrc")).data());
        assertArrayEquals(odd.data(), MrcReader.read(out.resolve("odd_rec.mrc")).data());
        assertArrayEquals(SampleMask.compute(even, odd, SampleMaskOptions.DEFAULTS).data(),
                MrcReader.read(out.resolve("mask.mrc")).data());
        FscCurve fsc = Fsc.compute(even, odd);
        java.util.List<String> csv = Files.readAllLines(out.resolve("fsc_halves.csv"));
        for (int r = 1; r < fsc.shells(); r++) {
            assertEquals(fsc.fsc()[r], Double.parseDouble(csv.get(r + 1).split(",")[3]), 1e-5, "shell " + r);
        }
        // training ran 3 iterations; the applied model gives the library's tiled prediction of both halves
        java.util.List<String> loss = Files.readAllLines(out.resolve("model/loss.csv"));
        assertEquals("3", loss.get(loss.size() - 1).split(",")[0]);
        Volume predicted;
        try (IcecreamModel model = IcecreamModel.load(out.resolve("model")); TileFunction f = model.inferenceFunction()) {
            predicted = new TiledPredictor(model.info().crop()).predictPair(VolumeSource.of(even), VolumeSource.of(odd), f, Progress.NONE);
        }
        assertArrayEquals(predicted.data(), MrcReader.read(out.resolve("icecream.mrc")).data(), 1e-5f);
        FscCurve vsTruth = Fsc.computeWithWedge(predicted, sim.groundTruth(), -60, 60).missing();
        java.util.List<String> csv2 = Files.readAllLines(out.resolve("fsc_icecream_vs_truth.csv"));
        assertTrue(csv2.get(0).contains(",fsc_missing_wedge,"), csv2.get(0));
        assertEquals(vsTruth.fsc()[2], Double.parseDouble(csv2.get(3).split(",")[9]), 1e-4);
    }

    @Test
    void pluginsConfigNamesEveryCommandByItsFijiMenuLabel() throws Exception {
        Map<String, String> e = Ij1Menus.entries();
        for (String label : e.keySet()) {
            String call = e.get(label);
            String cls = call.substring(call.indexOf("(\"") + 2, call.lastIndexOf("\")"));
            org.scijava.plugin.Plugin p = Class.forName(cls).getAnnotation(org.scijava.plugin.Plugin.class);
            String menu = p.menuPath();
            assertEquals(menu.substring(menu.lastIndexOf('>') + 1), label, cls);
        }
        // every Cryo-ET command is reachable from ImageJ 1
        StringBuilder index = new StringBuilder();
        for (java.net.URL u : java.util.Collections.list(MacroTest.class.getClassLoader()
                .getResources("META-INF/json/org.scijava.plugin.Plugin"))) {
            try (java.io.InputStream in = u.openStream()) {
                index.append(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "\\{\"class\":\"(org\\.cryoet\\.fiji\\.[A-Za-z]+)\",\"values\":\\{[^}]*\"type\":\"org\\.scijava\\.command\\.Command\"").matcher(index);
        int commands = 0;
        while (m.find()) {
            commands++;
            assertTrue(e.values().toString().contains("\"" + m.group(1) + "\""), m.group(1) + " missing from plugins.config");
        }
        assertEquals(e.size(), commands);
        // the packaged copy sits under the package folder, never at the root of the plugin jar
        assertEquals(Files.readString(Path.of("plugins-config/plugins.config")),
                new String(Ij1Menus.class.getResourceAsStream("plugins.config").readAllBytes(),
                        java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(null, Ij1Menus.class.getClassLoader().getResource("plugins.config"),
                "a root-level plugins.config on the classpath duplicates every command in Fiji");
    }

    @Test
    void importAndSaveMrcFromAMacro() {
        Volume v = MrcCommandsTest.ramp(9, 7, 4, new Calibration(3.5, 3.5, 3.5, 1, 2, 3));
        Path in = dir.resolve("in vol.mrc");
        MrcWriter.write(in, v);
        Path out = dir.resolve("out.mrc");
        String macro = "run(\"MRC (Cryo-ET)...\", \"file=[" + in + "]\");\n"
                + "if (getTitle() != \"in vol.mrc\") exit(\"wrong title \" + getTitle());\n"
                // built-in commands with dialogs do not read options in a headless ImageJ 1: use the macro language
                + "for (z = 1; z <= nSlices; z++) { setSlice(z); for (y = 0; y < getHeight(); y++)"
                + " for (x = 0; x < getWidth(); x++) setPixel(x, y, 2 * getPixel(x, y)); }\n"
                + "run(\"Save MRC (Cryo-ET)...\", \"image=[in vol.mrc] file=[" + out + "] kind=volume\");\n";
        assertEquals(null, run(macro));
        Volume back = MrcReader.read(out);
        float[] twice = v.data().clone();
        for (int i = 0; i < twice.length; i++) twice[i] *= 2;
        assertArrayEquals(twice, back.data(), 1e-6f);
        assertEquals(3.5, back.calibration().voxelY(), 1e-5);
        assertTrue(Files.exists(out));
    }

    /**
     * The option string Fiji's macro recorder writes for a SciJava command (imagej-legacy's
     * MacroRecorderPostprocessor: {@code Recorder.recordOption(name, value.toString())} for every
     * input that is not null, in declaration order), with ImageJ 1's Recorder rules for values:
     * brackets around a value with a space.
     */
    static String recorded(Map<String, Object> inputs) {
        StringBuilder sb = new StringBuilder();
        inputs.forEach((k, v) -> {
            if (v == null) return;
            String value = v.toString();
            if (value.contains(" ")) value = "[" + value + "]";
            if (sb.length() > 0) sb.append(' ');
            sb.append(k.toLowerCase(java.util.Locale.ROOT)).append('=').append(value);
        });
        return sb.toString();
    }

    @Test
    void aRecordedTrainLineReproducesTheScriptedRun() throws Exception {
        Path data = dir.resolve("data with space");
        Files.createDirectories(data);
        Volume truth = TestVolumes.blobs(32, 32, 16, 5, 1.5);
        MrcWriter.write(data.resolve("even.mrc"), CompareVolumesCommandTest.noisy(truth, 1, 0.3));
        MrcWriter.write(data.resolve("odd.mrc"), CompareVolumesCommandTest.noisy(truth, 2, 0.3));
        Map<String, Object> inputs = new java.util.LinkedHashMap<>();
        inputs.put("even_file", data.resolve("even.mrc").toFile());
        inputs.put("odd_file", data.resolve("odd.mrc").toFile());
        inputs.put("tilt_min", -60.0);
        inputs.put("tilt_max", 60.0);
        inputs.put("mask_automatic", false);
        inputs.put("preset", "demo");
        inputs.put("method", "icecream");
        inputs.put("loss", "l2");
        inputs.put("network", "unet");
        inputs.put("msd_layers", 0);
        inputs.put("msd_width", 0);
        inputs.put("msd_max_dilation", 0);
        inputs.put("iterations", 2L);
        inputs.put("depth", 2);
        inputs.put("base_channels", 4);
        inputs.put("weight_init", "he");
        inputs.put("crop", 16);
        inputs.put("batch", 1);
        inputs.put("learning_rate", 5e-4);
        inputs.put("lambda", 2.0);
        inputs.put("seed", 11L);
        inputs.put("device", "cpu");
        inputs.put("checkpoint_every", 0L);
        inputs.put("checkpoint_minutes", 0.0);
        inputs.put("progress_every", 0L);
        inputs.put("model_directory", dir.resolve("recorded model").toFile());
        inputs.put("resume", false);
        inputs.put("show_monitor", false);
        inputs.put("overwrite", true);
        String options = recorded(inputs);
        assertTrue(options.contains("model_directory=[" + dir.resolve("recorded model") + "]"), options);

        CommandPlugIn.clearAbsentValueKeys();
        assertEquals(null, run("run(\"Train ICECREAM\", \"" + options.replace("\\", "\\\\") + "\");"));
        assertEquals(java.util.List.of(), CommandPlugIn.absentValueKeys());

        Map<String, Object> scripted = new java.util.LinkedHashMap<>(inputs);
        scripted.put("model_directory", dir.resolve("scripted").toFile());
        org.scijava.command.CommandModule m = CommandPlugIn.context().service(org.scijava.command.CommandService.class)
                .run(TrainIcecreamCommand.class, false, scripted).get();
        assertTrue(!m.isCanceled(), m.getCancelReason());
        assertEquals(2L, m.getOutput("iterations_done"));
        byte[] a = Files.readAllBytes(dir.resolve("recorded model").resolve("weights.bin"));
        byte[] b = Files.readAllBytes(dir.resolve("scripted").resolve("weights.bin"));
        assertTrue(a.length > 1000, "weights.bin has " + a.length + " bytes");
        assertArrayEquals(a, b, "the recorded macro line trained other weights than the script");
    }

    @Test
    void aLineThatLeavesANumberOutRunsWithZeroAsInFiji() {
        CommandPlugIn.clearAbsentValueKeys();
        String error = run("run(\"Simulate Cryo-ET Demo Data\", \"size_x=16 size_y=16 size_z=8 tilt_min=-60 "
                + "tilt_max=60 tilt_step=30 group_size=1 frames_per_tilt=1 seed=1 snr_db=0 order=sequential\");");
        assertEquals(java.util.List.of("Simulate Cryo-ET Demo Data: voxel_size", "Simulate Cryo-ET Demo Data: show_all",
                "Simulate Cryo-ET Demo Data: overwrite"), CommandPlugIn.absentValueKeys());
        assertTrue(error != null && error.contains("oxel"), "voxel size 0 must be refused, got: " + error);
    }

    /**
     * ImageJ 1 finds a macro key anywhere it is not preceded by a letter (Macro.getValue, which
     * Fiji's MacroPreprocessor uses too): "mask=" matches inside "automatic_mask=false". No input
     * name of a command may end another one's after a non-letter.
     */
    @Test
    void noMacroKeyIsFoundInsideAnotherKeyOfTheSameCommand() {
        assertEquals("false", ij.Macro.getValue("automatic_mask=false", "mask", null)); // the ImageJ 1 rule
        java.util.List<String> clashes = new java.util.ArrayList<>();
        org.scijava.command.CommandService cs = CommandPlugIn.context().service(org.scijava.command.CommandService.class);
        int commands = 0;
        for (org.scijava.command.CommandInfo info : cs.getCommands()) {
            if (!info.getClassName().startsWith("org.cryoet.fiji.")) continue;
            commands++;
            java.util.List<String> names = new java.util.ArrayList<>();
            info.inputs().forEach(i -> names.add(i.getName()));
            for (String a : names) {
                for (String b : names) {
                    if (a.equals(b) || !b.endsWith(a)) continue;
                    char before = b.charAt(b.length() - a.length() - 1);
                    if (!Character.isLetter(before)) clashes.add(info.getTitle() + ": '" + a + "=' is found in '" + b + "='");
                }
            }
        }
        assertTrue(commands >= 12, "commands found: " + commands);
        assertEquals(java.util.List.of(), clashes);
    }
}
