package org.cryoet.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.scijava.Context;

import org.cryoet.fiji.ij1.CommandPlugIn;

/** The ImageJ 1 bridge finds the application's context; DJL's settings are made before DJL loads. */
class FijiContextsTest {

    @Test
    void theBridgeRunsCommandsInTheApplicationsContextWhileItLives() {
        CommandPlugIn.useContext(null);
        Context app = new Context();
        try {
            assertSame(app, FijiContexts.existing());
            assertSame(app, CommandPlugIn.context());
        } finally {
            app.dispose();
        }
        assertNotSame(app, FijiContexts.existing());
        Context privateOne = CommandPlugIn.context();
        assertNotSame(app, privateOne);
        CommandPlugIn.useContext(null);
    }

    /** Stands in for imagej-legacy's LegacyHooks, which answer the context for this class name. */
    public static final class FakeHooks {
        final Context context;

        FakeHooks(Context context) {
            this.context = context;
        }

        public Object interceptRunPlugIn(String className, String arg) {
            return Context.class.getName().equals(className) ? context : null;
        }
    }

    @Test
    void legacyHooksAreAskedForTheContextAndPlainImageJ1HasNone() {
        try (Context c = new Context(org.scijava.command.CommandService.class)) {
            assertSame(c, FijiContexts.fromHooks(new FakeHooks(c)));
        }
        assertNull(FijiContexts.fromHooks(new Object()));
        assertNull(FijiContexts.fromHooks(null));
        // ij.jar of Maven Central is not patched by imagej-legacy: no ij.IJ._hooks
        assertNull(FijiContexts.fromLegacyHooks());
    }

    @Test
    void djlDefaultsKeepTheUsersValues() {
        Properties p = new Properties();
        p.setProperty(DjlSystemProperties.OFFLINE, "false");
        assertEquals(List.of(DjlSystemProperties.OPT_OUT_TRACKING), DjlSystemProperties.applyTo(p));
        assertEquals("false", p.getProperty(DjlSystemProperties.OFFLINE));
        assertEquals("true", p.getProperty(DjlSystemProperties.OPT_OUT_TRACKING));
        assertEquals(List.of(), DjlSystemProperties.applyTo(p));
    }

    @Test
    void anInstalledCudaLibtorchIsChosenOnlyWithAGpuAndNoChoiceOfTheUsers(@org.junit.jupiter.api.io.TempDir
                                                                          java.nio.file.Path cache) throws Exception {
        org.cryoet.learn.LibtorchDownload.Build cuda = new org.cryoet.learn.LibtorchDownload.Build("2.5.1", "cu124",
                "linux-x86_64");
        Properties none = new Properties();
        assertEquals(java.util.Map.of(), DjlSystemProperties.cudaLibrary(none, java.util.Map.of(), true, cache, cuda),
                "not installed");
        java.nio.file.Path folder = java.nio.file.Files.createDirectories(cache.resolve("2.5.1-cu124-linux-x86_64"));
        java.nio.file.Files.createFile(folder.resolve(System.mapLibraryName("torch")));
        assertEquals(java.util.Map.of(DjlSystemProperties.LIBRARY_PATH, folder.toString(), DjlSystemProperties.FLAVOR,
                "cu124"), DjlSystemProperties.cudaLibrary(none, java.util.Map.of(), true, cache, cuda));
        assertEquals(java.util.Map.of(), DjlSystemProperties.cudaLibrary(none, java.util.Map.of(), false, cache, cuda),
                "no GPU");
        assertEquals(java.util.Map.of(), DjlSystemProperties.cudaLibrary(none, java.util.Map.of(), true, cache, null),
                "no CUDA build for the platform");
        Properties userFlavor = new Properties();
        userFlavor.setProperty(DjlSystemProperties.FLAVOR, "cpu");
        assertEquals(java.util.Map.of(), DjlSystemProperties.cudaLibrary(userFlavor, java.util.Map.of(), true, cache, cuda));
        assertEquals(java.util.Map.of(), DjlSystemProperties.cudaLibrary(none,
                java.util.Map.of(DjlSystemProperties.LIBRARY_PATH, "/opt/libtorch"), true, cache, cuda));
    }

    /** Main of the child JVM below: start a context as Fiji does, then report the properties. */
    public static final class StartContext {
        public static void main(String[] args) {
            System.out.println("before " + System.getProperty("ai.djl.offline") + " " + System.getProperty("OPT_OUT_TRACKING"));
            try (Context c = new Context()) {
                System.out.println("after " + System.getProperty("ai.djl.offline") + " " + System.getProperty("OPT_OUT_TRACKING"));
            }
            System.exit(0);
        }
    }

    @Test
    void aStartingContextSetsDjlOfflineAndNoTracking() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"),
                StartContext.class.getName()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        Process proc = pb.start();
        String out = new String(proc.getInputStream().readAllBytes());
        assertTrue(proc.waitFor(60, TimeUnit.SECONDS), out);
        assertTrue(out.contains("before null null"), out);
        assertTrue(out.contains("after true true"), out);
    }
}
