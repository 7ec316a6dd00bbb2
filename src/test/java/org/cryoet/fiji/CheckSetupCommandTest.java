package org.cryoet.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

/** About / Check Setup, headless through CommandService: real versions, paths and a timed forward pass. */
class CheckSetupCommandTest {

    /**
     * Loads DJL's engine on the test runner's thread first: DJL switches PyTorch's thread-local
     * grad mode off only on the loading thread, and later test classes train on this thread.
     */
    @org.junit.jupiter.api.BeforeAll
    static void loadEngineOnTheRunnerThread() {
        ai.djl.engine.Engine.getInstance();
    }

    @Test
    void reportsVersionsLibtorchDeviceMemoryAndAForwardPass() throws Exception {
        try (Context ctx = new Context(CommandService.class)) {
            CommandModule m = ctx.service(CommandService.class).run(CheckSetupCommand.class, false, "device", "cpu").get();
            assertFalse(m.isCanceled(), m.getCancelReason());
            // the filtered about.properties carries the build's versions
            assertEquals(System.getProperty("cryoet.version"), m.getOutput("plugin_version"));
            assertEquals("0.32.0", m.getOutput("djl_version"));
            assertEquals("2.5.1", m.getOutput("libtorch_version"));
            Path lib = Path.of((String) m.getOutput("native_library"));
            assertTrue(Files.isDirectory(lib), "libtorch folder " + lib);
            try (var s = Files.list(lib)) {
                assertTrue(s.anyMatch(f -> f.getFileName().toString().matches("(lib)?torch(_cpu)?\\.(so|dylib|dll)")),
                        "no libtorch library in " + lib);
            }
            String jars = (String) m.getOutput("native_jars");
            assertTrue(jars.contains("pytorch-native-cpu-2.5.1-linux-x86_64.jar") || !System.getProperty("os.name").startsWith("Linux"), jars);
            assertTrue(((String) m.getOutput("device_used")).startsWith("cpu()"), (String) m.getOutput("device_used"));
            double ms = (double) m.getOutput("forward_ms");
            assertTrue(ms > 0 && ms < 60_000, "forward pass took " + ms + " ms");
            long heap = (long) m.getOutput("max_heap_mb");
            assertEquals(Runtime.getRuntime().maxMemory() >> 20, heap);
            long phys = (long) m.getOutput("physical_memory_mb");
            assertTrue(phys > heap / 4, "physical memory " + phys + " MB");
            String report = (String) m.getOutput("report");
            assertTrue(report.contains("DJL 0.32.0, PyTorch (libtorch) 2.5.1"), report);
            assertTrue(report.contains("off-heap"), report);
            assertTrue(report.contains("CryoLithe: built-in wavelet model"), report);
        }
    }

    @Test
    void memoryAdviceWarnsWhenTheHeapTakesMostOfTheMemory() {
        String tooBig = CheckSetupCommand.memoryAdvice(30_000, 32_000);
        assertTrue(tooBig.contains("2000 MB of 32000 MB stay outside the Java heap"), tooBig);
        assertTrue(tooBig.contains("lower it"), tooBig);
        String fine = CheckSetupCommand.memoryAdvice(8_000, 32_000);
        assertTrue(fine.startsWith("libtorch memory is off-heap: 24000 MB of 32000 MB"), fine);
        assertFalse(fine.contains("lower it"), fine);
        assertTrue(CheckSetupCommand.memoryAdvice(8_000, -1).contains("off-heap"));
    }
}
