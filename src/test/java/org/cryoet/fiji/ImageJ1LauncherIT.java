package org.cryoet.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.cryoet.io.MrcReader;
import org.cryoet.volume.Volume;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A plain ImageJ 1 (no Fiji, no SciJava on its class path) with the plugins laid out as the
 * ImageJ 1 zip lays them out ({@code src/assembly/imagej1-zip.xml}): {@code plugins/Cryo_ET.jar}
 * (menus) and {@code plugins/jars/} (our jar, its dependencies and the Fiji set except ij).
 * {@code ij.jar -batch} runs a macro that simulates and reconstructs through the menu commands,
 * so ImageJ's own plugin class loader must find the commands and SciJava's plugin index.
 */
@Tag("slow")
class ImageJ1LauncherIT {

    private static Path it;
    private static Path app;

    /** Lays out the plain ImageJ 1 installation once for all tests. */
    @BeforeAll
    static void layOut() throws Exception {
        Path build = FijiLauncherIT.BUILD;
        List<Path> menus;
        try (var s = Files.list(build)) {
            menus = s.filter(p -> p.getFileName().toString().endsWith("-imagej1-menus.jar")).toList();
        }
        assertEquals(1, menus.size(), "expected one *-imagej1-menus.jar in " + build + ": run mvn package first");
        Path ijJar = FijiLauncherIT.jarsIn(FijiLauncherIT.SHIPPED).stream()
                .filter(p -> p.getFileName().toString().matches("ij-\\d.*\\.jar")).findFirst()
                .orElseThrow(() -> new AssertionError("no ij jar in " + FijiLauncherIT.SHIPPED));

        it = build.resolve("it-imagej1");
        FijiLauncherIT.deleteTree(it);
        app = it.resolve("ImageJ");
        Path pluginJars = app.resolve("plugins/jars");
        FijiLauncherIT.link(ijJar, app.resolve("ij.jar"));
        FijiLauncherIT.link(menus.get(0), app.resolve("plugins/Cryo_ET.jar"));
        Path layout = FijiLauncherIT.LAYOUT.resolve("jars");
        for (Path jar : FijiLauncherIT.jarsIn(layout)) FijiLauncherIT.link(jar, pluginJars.resolve(jar.getFileName()));
        for (Path jar : FijiLauncherIT.jarsIn(layout.resolve("cryoet-libtorch"))) {
            FijiLauncherIT.link(jar, pluginJars.resolve(jar.getFileName()));
        }
        for (Path jar : FijiLauncherIT.jarsIn(FijiLauncherIT.SHIPPED)) {
            if (!jar.equals(ijJar)) FijiLauncherIT.link(jar, pluginJars.resolve(jar.getFileName()));
        }
    }

    /** Runs {@code ij.jar -batch macro argument} under a private X server; returns its output. */
    private static String batch(Path macro, String argument, String name) throws Exception {
        Path javaExe = Path.of(System.getProperty("java.home"), "bin", "java");
        // ImageJ 1 builds its AWT menus even in batch mode, so it needs an X display: a private Xvfb
        Path xvfbRun = Path.of("/usr/bin/xvfb-run");
        assertTrue(Files.isExecutable(xvfbRun), "this test needs xvfb-run (apt-get install -y xvfb)");
        List<String> cmd = new java.util.ArrayList<>(List.of(xvfbRun.toString(), "-a", javaExe.toString(), "-Xmx2g",
                "-XX:MaxNewSize=64m", "-Dplugins.dir=" + app, "-jar", app.resolve("ij.jar").toString(), "-batch",
                macro.toString()));
        if (argument != null) cmd.add(argument);
        Path log = it.resolve(name + "-output.txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(app.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        for (String k : List.of("JAVA_TOOL_OPTIONS", "CLASSPATH", "DISPLAY")) pb.environment().remove(k);
        pb.environment().put("DJL_CACHE_DIR", it.resolve("djl-cache").toString());
        pb.environment().put("OMP_NUM_THREADS", "1");
        Process p = pb.start();
        boolean finished = p.waitFor(300, TimeUnit.SECONDS);
        if (!finished) p.destroyForcibly().waitFor();
        String out = Files.readString(log);
        System.out.println(out);
        if (!finished) fail("ImageJ did not finish within 300 s; output:\n" + out);
        return out;
    }

    @Test
    void aMacroRunsTheCommandsInAPlainImageJ1() throws Exception {
        Path work = it.resolve("work dir");
        Files.createDirectories(work);
        Path macro = it.resolve("pipeline.ijm");
        Files.writeString(macro, "setBatchMode(true);\n"
                + "run(\"Simulate Cryo-ET Demo Data\", \"size_x=24 size_y=24 size_z=12 voxel_size=10 seed=2 tilt_min=-60"
                + " tilt_max=60 tilt_step=10 order=dose-symmetric group_size=1 frames_per_tilt=2 snr_db=0 show_all=false"
                + " output_directory=[" + work.resolve("sim") + "] overwrite=true\");\n"
                + "run(\"Reconstruct Tomogram (FBP)\", \"tilt_series_file=[" + work.resolve("sim/tilt_series.mrc") + "]"
                + " angles_file=[" + work.resolve("sim/tilts.tlt") + "] thickness=12 binning=1 width=0 filter=RADIAL"
                + " radial_cutoff=0.35 radial_falloff=0.035 sirt_iterations=10 output_file=["
                + work.resolve("rec.mrc") + "] overwrite=true\");\n"
                + "print(\"RESULT \" + getWidth() + \"x\" + getHeight() + \"x\" + nSlices);\n");
        String out = batch(macro, null, "pipeline");
        assertTrue(out.contains("RESULT 24x24x12"), "the macro did not reconstruct; output:\n" + out);
        Volume rec = MrcReader.read(work.resolve("rec.mrc"));
        assertEquals(24, rec.nx());
        assertEquals(12, rec.nz());
        assertEquals(10.0, rec.calibration().voxelX(), 1e-4, "voxel size lost on the way");
    }

    /**
     * The sample macros exactly as shipped ({@code target/fiji/scripts/Plugins/Cryo-ET}), started
     * the way their header says (a macro file with an argument string): the demo pipeline end to
     * end, then the real-halves macro on the demo's two half tomograms.
     */
    @Test
    void theShippedSampleMacrosRunEndToEnd() throws Exception {
        Path scripts = FijiLauncherIT.LAYOUT.resolve("scripts/Plugins/Cryo-ET");
        Path demoOut = it.resolve("demo");
        String demo = batch(scripts.resolve("ICECREAM_Demo_Pipeline.ijm"), "out=" + demoOut
                + " size=32 thickness=16 tilt_step=15 snr_db=0 train=true iterations=3 crop=16 depth=2 channels=4"
                + " device=cpu", "demo-macro");
        assertTrue(demo.contains("ICECREAM demo written to " + demoOut), "the demo macro did not finish:\n" + demo);
        Volume truth = MrcReader.read(demoOut.resolve("simulation/ground_truth.mrc"));
        Volume denoised = MrcReader.read(demoOut.resolve("icecream.mrc"));
        assertEquals(List.of(32, 32, 16), List.of(denoised.nx(), denoised.ny(), denoised.nz()));
        assertEquals(10.0, denoised.calibration().voxelX(), 1e-4, "voxel size lost on the way");
        assertEquals(truth.nx(), denoised.nx());
        assertTrue(Files.readAllLines(demoOut.resolve("fsc_icecream_vs_truth.csv")).size() > 5);
        assertTrue(Files.isRegularFile(demoOut.resolve("model/model.json")));

        Path realOut = it.resolve("real");
        String real = batch(scripts.resolve("ICECREAM_Real_Halves.ijm"), "even=" + demoOut.resolve("even_rec.mrc")
                + " odd=" + demoOut.resolve("odd_rec.mrc") + " out=" + realOut + " tilt_min=-60 tilt_max=60"
                + " iterations=3 crop=16 depth=2 channels=4 batch=2 device=cpu", "real-halves-macro");
        assertTrue(real.contains("ICECREAM result: " + realOut + "/icecream.mrc"), "the real-halves macro did not "
                + "finish:\n" + real);
        Volume fromHalves = MrcReader.read(realOut.resolve("icecream.mrc"));
        assertEquals(List.of(32, 32, 16), List.of(fromHalves.nx(), fromHalves.ny(), fromHalves.nz()));
        assertTrue(Files.isRegularFile(realOut.resolve("model/model.json")), real);
    }
}
