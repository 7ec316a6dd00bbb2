package org.cryoet.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.cryoet.fiji.CudaAdvice.Advice;
import org.cryoet.fiji.CudaAdvice.Plan;

class CudaAdviceTest {
    @TempDir
    Path dir;

    @Test
    void theDecisionForEveryCase() {
        assertEquals(Plan.NO_GPU, CudaAdvice.advise(false, "cpu", "linux-x86_64", false).plan());
        assertEquals(Plan.CUDA_IN_USE, CudaAdvice.advise(true, "cu124", "linux-x86_64", false).plan());
        assertEquals(Plan.NO_CUDA_FOR_PLATFORM, CudaAdvice.advise(true, "cpu", "osx-aarch64", false).plan());
        Advice cached = CudaAdvice.advise(true, "cpu", "linux-x86_64", true);
        assertEquals(Plan.CUDA_CACHED, cached.plan());
        assertFalse(cached.needsDownload());
        assertTrue(cached.message().contains("restart Fiji"), cached.message());
        Advice online = CudaAdvice.advise(true, "cpu", "linux-x86_64", false);
        assertEquals(Plan.OFFER_DOWNLOAD, online.plan());
        assertTrue(online.needsDownload());
        assertTrue(online.message().contains("about 2.5 GB") && online.message().contains("Set Up GPU")
                && online.message().contains("https://publish.djl.ai/pytorch/"), online.message());
        Advice offline = CudaAdvice.offline("win-x86_64", "publish.djl.ai: unknown host");
        assertEquals(Plan.OFFLINE_BUILD_WITH_CUDA, offline.plan());
        assertFalse(offline.needsDownload());
        assertTrue(offline.message().contains("mvn -Pcuda package") && offline.message().contains("2.4 GB")
                && offline.message().contains("unknown host"), offline.message());
    }

    @Test
    void gpuDetectionFromTheDriverFolderOrNvidiaSmiOnThePath() throws Exception {
        assertFalse(CudaAdvice.nvidiaGpuPresent(dir.resolve("none"), dir.toString()));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path smi = Files.createFile(bin.resolve("nvidia-smi"));
        assertFalse(CudaAdvice.nvidiaGpuPresent(null, bin.toString()), "not executable yet");
        Files.setPosixFilePermissions(smi, Set.of(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                java.nio.file.attribute.PosixFilePermission.OWNER_EXECUTE));
        assertTrue(CudaAdvice.nvidiaGpuPresent(null, "/nonexistent" + java.io.File.pathSeparator + bin));
        assertTrue(CudaAdvice.nvidiaGpuPresent(Files.createDirectories(dir.resolve("proc/driver/nvidia")), null));
    }
}
