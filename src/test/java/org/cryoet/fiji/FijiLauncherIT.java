package org.cryoet.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Starts the plugins the way Fiji's launcher (Jaunch, config/fiji.toml of fiji/fiji) starts Fiji:
 * a Fiji.app assembled from target/fiji plus the jars Fiji ships (target/fiji-shipped, the
 * provided-scope dependencies at pom-scijava's versions), a separate JVM whose classpath is
 * {@code jars/*.jar, jars/*}{@code /*.jar, plugins/*.jar, plugins/*}{@code /*.jar} and whose module
 * path is {@code jars/<platform>} (linux64 on Linux x86-64), an empty DJL cache and no network.
 * In it, {@link FijiLauncherProbe} runs simulate, split, FBP, FSC, training and prediction through
 * CommandService. Another layout can be checked with {@code -Dcryoet.fiji.layout=DIR}.
 */
class FijiLauncherIT {
    static final Path BUILD = Path.of(System.getProperty("cryoet.build.dir", "target")).toAbsolutePath();
    static final Path LAYOUT = Path.of(System.getProperty("cryoet.fiji.layout", BUILD.resolve("fiji").toString())).toAbsolutePath();
    static final Path SHIPPED = BUILD.resolve("fiji-shipped");

    @Test
    void commandsRunInAFijiAppStartedWithTheLauncherRules() throws Exception {
        assertTrue(Files.isDirectory(LAYOUT.resolve("jars")), LAYOUT + "/jars missing: run mvn package first");
        List<Path> shipped = jarsIn(SHIPPED);
        assertTrue(shipped.stream().anyMatch(p -> p.getFileName().toString().startsWith("scijava-common-")),
                SHIPPED + " lacks scijava-common: the pre-integration-test copy of Fiji's jars did not run");

        Path it = BUILD.resolve("it");
        deleteTree(it);
        Path app = it.resolve("Fiji.app");
        mirror(LAYOUT, app);
        Path jars = app.resolve("jars");
        for (Path jar : shipped) {
            Path to = jars.resolve(jar.getFileName());
            if (!Files.exists(to)) link(jar, to);
        }
        String platform = FijiPlatforms.current();
        Path modulePath = jars.resolve(platform);
        Files.createDirectories(modulePath);
        Files.createDirectories(app.resolve("plugins"));
        writeProbeJar(app.resolve("plugins/cryoet-launcher-probe.jar"));

        List<String> classpath = new ArrayList<>();
        for (Path jar : jarsIn(jars)) classpath.add(jar.toString());
        for (Path sub : subfolders(jars)) for (Path jar : jarsIn(sub)) classpath.add(jar.toString());
        for (Path jar : jarsIn(app.resolve("plugins"))) classpath.add(jar.toString());
        for (Path sub : subfolders(app.resolve("plugins"))) for (Path jar : jarsIn(sub)) classpath.add(jar.toString());

        Path cache = it.resolve("djl-cache");
        Path javaExe = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = List.of(javaExe.toString(), "-Xmx2g", "--module-path=" + modulePath,
                // no -Dai.djl.offline / -DOPT_OUT_TRACKING: the plugins' context service sets them, as in Fiji
                "-Djava.awt.headless=true",
                "-Dimagej.dir=" + app, "-Dplugins.dir=" + app, "-Dscijava.app.directory=" + app,
                "-cp", String.join(java.io.File.pathSeparator, classpath),
                FijiLauncherProbe.class.getName(), it.resolve("work").toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(app.toFile()).redirectErrorStream(true)
                .redirectOutput(it.resolve("launcher-output.txt").toFile());
        Map<String, String> env = pb.environment();
        for (String k : List.of("ENGINE_CACHE_DIR", "PYTORCH_LIBRARY_PATH", "PYTORCH_VERSION", "PYTORCH_FLAVOR",
                "JAVA_TOOL_OPTIONS", "CLASSPATH")) env.remove(k);
        env.put("DJL_CACHE_DIR", cache.toString());
        env.put("DJL_OFFLINE", "true");

        System.out.println("Fiji.app: " + app + " (layout " + LAYOUT + "), module path jars/" + platform
                + ", " + classpath.size() + " jars on the classpath");
        Process p = pb.start();
        boolean finished = p.waitFor(240, TimeUnit.SECONDS);
        if (!finished) p.destroyForcibly().waitFor();
        String out = Files.readString(it.resolve("launcher-output.txt"));
        System.out.println(out);
        if (!finished) fail("the Fiji JVM did not finish within 240 s; output:\n" + out);
        assertEquals(0, p.exitValue(), "the Fiji JVM failed (exit " + p.exitValue() + "), output:\n" + out);
        assertTrue(out.contains("PROBE OK"), out);
        try (Stream<Path> s = Files.walk(cache)) {
            assertTrue(s.anyMatch(f -> f.getFileName().toString().matches("(lib)?torch(_cpu)?\\.(so|dylib|dll)")),
                    "libtorch was not extracted from the bundled native jar into the empty DJL cache " + cache);
        }
    }

    static List<Path> jarsIn(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> Files.isRegularFile(f) && f.getFileName().toString().endsWith(".jar")).sorted().toList();
        }
    }

    static List<Path> subfolders(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).sorted().toList();
        }
    }

    /** Copies a tree with hard links where the file system allows (the native jars are large). */
    static void mirror(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path f : s.toList()) {
                Path t = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) Files.createDirectories(t);
                else link(f, t);
            }
        }
    }

    static void link(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        try {
            Files.createLink(to, from);
        } catch (IOException | UnsupportedOperationException e) {
            Files.copy(from, to);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(f);
        }
    }

    /** The probe's classes only, as a plugin jar: the test classes are not part of the installation. */
    static void writeProbeJar(Path jar) throws IOException {
        Path classes = BUILD.resolve("test-classes");
        String prefix = FijiLauncherProbe.class.getName().replace('.', '/');
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(os);
             Stream<Path> s = Files.walk(classes)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                String name = classes.relativize(f).toString().replace('\\', '/');
                if (!name.equals(prefix + ".class") && !name.startsWith(prefix + "$")) continue;
                out.putNextEntry(new JarEntry(name));
                out.write(Files.readAllBytes(f));
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry("META-INF/cryoet-probe.txt"));
            out.write("launcher probe of FijiLauncherIT\n".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
    }
}
