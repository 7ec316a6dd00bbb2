package org.cryoet.fiji;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What About / Check Setup tells a user with an NVIDIA GPU whose Fiji runs the bundled CPU
 * libtorch: the decision is {@link #advise} (a pure function, tested without a GPU); the facts
 * come from {@link #nvidiaGpuPresent} and {@link #cudaLibtorchCached}.
 */
public final class CudaAdvice {
    /** The CUDA build of libtorch 2.5.1 that DJL 0.32 downloads (PYTORCH_FLAVOR=cu124). */
    public static final String CUDA_FLAVOR = "cu124";

    public enum Plan {
        /** No NVIDIA GPU: the CPU build is right. */
        NO_GPU,
        /** A CUDA libtorch is loaded: nothing to do. */
        CUDA_IN_USE,
        /** DJL's cache already holds the CUDA build: restart Fiji with PYTORCH_FLAVOR=cu124. */
        CUDA_CACHED,
        /** DJL may download the CUDA build (online): say what and how big, ask first. */
        OFFER_DOWNLOAD,
        /** Offline: explain the CUDA build of the plugins ({@code mvn -Pcuda package}). */
        OFFLINE_BUILD_WITH_CUDA,
        /** No CUDA libtorch exists for this platform (macOS, Linux arm64): stay on the CPU. */
        NO_CUDA_FOR_PLATFORM
    }

    /** A plan and the sentence for the user. */
    public record Advice(Plan plan, String message) {
        /** True when going online is part of the plan (then the user must be asked first). */
        public boolean needsDownload() {
            return plan == Plan.OFFER_DOWNLOAD;
        }
    }

    private CudaAdvice() {
    }

    /**
     * @param nvidiaGpu       an NVIDIA driver is installed ({@link #nvidiaGpuPresent})
     * @param loadedFlavor    the flavour of the libtorch in use ("cpu", "cu124", ...)
     * @param platform        DJL's platform classifier, e.g. linux-x86_64, win-x86_64, osx-aarch64
     * @param cudaCached      DJL's cache holds a CUDA libtorch of this version
     * @param offline         DJL runs offline (ai.djl.offline=true)
     */
    public static Advice advise(boolean nvidiaGpu, String loadedFlavor, String platform, boolean cudaCached,
                                boolean offline) {
        if (!nvidiaGpu) return new Advice(Plan.NO_GPU, "No NVIDIA GPU found: libtorch runs on the CPU.");
        String flavor = loadedFlavor == null ? "" : loadedFlavor.toLowerCase(Locale.ROOT);
        if (flavor.startsWith("cu")) {
            return new Advice(Plan.CUDA_IN_USE, "An NVIDIA GPU and the CUDA libtorch (" + flavor + ") are in use.");
        }
        if (!"linux-x86_64".equals(platform) && !"win-x86_64".equals(platform)) {
            return new Advice(Plan.NO_CUDA_FOR_PLATFORM, "An NVIDIA GPU is present, but there is no CUDA libtorch "
                    + "for " + platform + ": training and prediction run on the CPU.");
        }
        String restart = "start Fiji with the environment variable PYTORCH_FLAVOR=" + CUDA_FLAVOR
                + " and remove jars/cryoet-libtorch/pytorch-native-cpu-*-" + platform + ".jar (DJL prefers a bundled jar)";
        if (cudaCached) {
            return new Advice(Plan.CUDA_CACHED, "An NVIDIA GPU is present and DJL's cache holds the CUDA libtorch, "
                    + "but the CPU build is loaded: to use the GPU, " + restart + ".");
        }
        String what = "the CUDA 12.4 build of libtorch 2.5.1 for " + platform + " (about "
                + ("win-x86_64".equals(platform) ? "2.4" : "2.5") + " GB) from DJL's server into " + djlCache();
        if (offline) {
            return new Advice(Plan.OFFLINE_BUILD_WITH_CUDA, "An NVIDIA GPU is present, but the CPU libtorch is "
                    + "installed and DJL runs offline, so it does not download " + what + ". Either install the CUDA "
                    + "build of the plugins (mvn -Pcuda package; copy target/fiji over Fiji.app, replacing "
                    + "jars/cryoet-libtorch/) or allow the download: " + restart + " and -Dai.djl.offline=false.");
        }
        return new Advice(Plan.OFFER_DOWNLOAD, "An NVIDIA GPU is present but the CPU libtorch is loaded. DJL can "
                + "download " + what + " the next time Fiji starts: " + restart + ".");
    }

    /** An NVIDIA driver: /proc/driver/nvidia (Linux) or nvidia-smi on the PATH. */
    public static boolean nvidiaGpuPresent(Path procDriverNvidia, String pathVariable) {
        if (procDriverNvidia != null && Files.isDirectory(procDriverNvidia)) return true;
        if (pathVariable == null) return false;
        for (String dir : pathVariable.split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            if (Files.isExecutable(Path.of(dir, "nvidia-smi")) || Files.isExecutable(Path.of(dir, "nvidia-smi.exe"))) {
                return true;
            }
        }
        return false;
    }

    /** This machine: {@code /proc/driver/nvidia} and {@code PATH}. */
    public static boolean nvidiaGpuPresent() {
        return nvidiaGpuPresent(Path.of("/proc/driver/nvidia"), System.getenv("PATH"));
    }

    /** DJL's cache folder for PyTorch (DJL_CACHE_DIR or ~/.djl.ai). */
    static Path djlCache() {
        String c = System.getenv("DJL_CACHE_DIR");
        if (c == null || c.isBlank()) c = System.getProperty("DJL_CACHE_DIR");
        Path base = c == null || c.isBlank() ? Path.of(System.getProperty("user.home"), ".djl.ai") : Path.of(c);
        return base.resolve("pytorch");
    }

    /** DJL's cache holds a CUDA libtorch of this version (a folder like 2.5.1-cu124-linux-x86_64). */
    public static boolean cudaLibtorchCached(Path pytorchCache, String version) {
        if (pytorchCache == null || !Files.isDirectory(pytorchCache)) return false;
        try (var s = Files.list(pytorchCache)) {
            return s.map(p -> p.getFileName().toString()).anyMatch(n -> n.startsWith(version + "-cu"));
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
