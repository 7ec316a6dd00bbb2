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
        assertEquals(Plan.NO_GPU, CudaAdvice.advise(false, "cpu", "linux-x86_64", false, false).plan());
        assertEquals(Plan.CUDA_IN_USE, CudaAdvice.advise(true, "cu124", "linux-x86_64", false, true).plan());
        assertEquals(Plan.NO_CUDA_FOR_PLATFORM, CudaAdvice.advise(true, "cpu", "osx-aarch64", false, false).plan());
        assertEquals(Plan.CUDA_CACHED, CudaAdvice.advise(true, "cpu", "linux-x86_64", true, true).plan());
        Advice online = CudaAdvice.advise(true, "cpu", "linux-x86_64", false, false);
        assertEquals(Plan.OFFER_DOWNLOAD, online.plan());
        assertTrue(online.needsDownload());
        assertTrue(online.message().contains("about 2.5 GB") && online.message().contains("PYTORCH_FLAVOR=cu124"),
                online.message());
        Advice offline = CudaAdvice.advise(true, "cpu", "win-x86_64", false, true);
        assertEquals(Plan.OFFLINE_BUILD_WITH_CUDA, offline.plan());
        assertFalse(offline.needsDownload());
        assertTrue(offline.message().contains("mvn -Pcuda package") && offline.message().contains("2.4 GB"),
                offline.message());
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

    @Test
    void cachedCudaLibtorchIsFoundByItsFolderName() throws Exception {
        assertFalse(CudaAdvice.cudaLibtorchCached(dir, "2.5.1"));
        Files.createDirectories(dir.resolve("2.5.1-20241113-cpu-linux-x86_64"));
        assertFalse(CudaAdvice.cudaLibtorchCached(dir, "2.5.1"));
        Files.createDirectories(dir.resolve("2.5.1-cu124-linux-x86_64"));
        assertTrue(CudaAdvice.cudaLibtorchCached(dir, "2.5.1"));
    }
}
