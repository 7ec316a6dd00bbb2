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
import org.junit.jupiter.api.Test;

/**
 * A plain ImageJ 1 (no Fiji, no SciJava on its class path) with the plugins laid out as the
 * ImageJ 1 zip lays them out ({@code src/assembly/imagej1-zip.xml}): {@code plugins/Cryo_ET.jar}
 * (menus) and {@code plugins/jars/} (our jar, its dependencies and the Fiji set except ij).
 * {@code ij.jar -batch} runs a macro that simulates and reconstructs through the menu commands,
 * so ImageJ's own plugin class loader must find the commands and SciJava's plugin index.
 */
class ImageJ1LauncherIT {

    @Test
    void aMacroRunsTheCommandsInAPlainImageJ1() throws Exception {
        Path build = FijiLauncherIT.BUILD;
        List<Path> menus;
        try (var s = Files.list(build)) {
            menus = s.filter(p -> p.getFileName().toString().endsWith("-imagej1-menus.jar")).toList();
        }
        assertEquals(1, menus.size(), "expected one *-imagej1-menus.jar in " + build + ": run mvn package first");
        Path ijJar = FijiLauncherIT.jarsIn(FijiLauncherIT.SHIPPED).stream()
                .filter(p -> p.getFileName().toString().matches("ij-\\d.*\\.jar")).findFirst()
                .orElseThrow(() -> new AssertionError("no ij jar in " + FijiLauncherIT.SHIPPED));

        Path it = build.resolve("it-imagej1");
        FijiLauncherIT.deleteTree(it);
        Path app = it.resolve("ImageJ");
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

        Path javaExe = Path.of(System.getProperty("java.home"), "bin", "java");
        // ImageJ 1 builds its AWT menus even in batch mode, so it needs an X display: a private Xvfb
        Path xvfbRun = Path.of("/usr/bin/xvfb-run");
        assertTrue(Files.isExecutable(xvfbRun), "this test needs xvfb-run (apt-get install -y xvfb)");
        ProcessBuilder pb = new ProcessBuilder(xvfbRun.toString(), "-a", javaExe.toString(), "-Xmx2g",
                "-Dplugins.dir=" + app, "-jar", app.resolve("ij.jar").toString(), "-batch", macro.toString())
                .directory(app.toFile()).redirectErrorStream(true).redirectOutput(it.resolve("output.txt").toFile());
        for (String k : List.of("JAVA_TOOL_OPTIONS", "CLASSPATH", "DISPLAY")) pb.environment().remove(k);
        pb.environment().put("DJL_CACHE_DIR", it.resolve("djl-cache").toString());
        Process p = pb.start();
        boolean finished = p.waitFor(180, TimeUnit.SECONDS);
        if (!finished) p.destroyForcibly().waitFor();
        String out = Files.readString(it.resolve("output.txt"));
        System.out.println(out);
        if (!finished) fail("ImageJ did not finish within 180 s; output:\n" + out);
        assertTrue(out.contains("RESULT 24x24x12"), "the macro did not reconstruct; output:\n" + out);
        Volume rec = MrcReader.read(work.resolve("rec.mrc"));
        assertEquals(24, rec.nx());
        assertEquals(12, rec.nz());
        assertEquals(10.0, rec.calibration().voxelX(), 1e-4, "voxel size lost on the way");
    }
}
