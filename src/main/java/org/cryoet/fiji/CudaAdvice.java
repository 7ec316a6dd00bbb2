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
        /** DJL's cache already holds the CUDA build: the next start of Fiji uses it. */
        CUDA_CACHED,
        /** The CUDA build can be downloaded: say what and how big, ask first. */
        OFFER_DOWNLOAD,
        /** The download is impossible (offline, server unreachable): explain the CUDA build of the plugins. */
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
     * @param cudaCached      DJL's cache holds the CUDA libtorch of this version
     */
    public static Advice advise(boolean nvidiaGpu, String loadedFlavor, String platform, boolean cudaCached) {
        if (!nvidiaGpu) return new Advice(Plan.NO_GPU, "No NVIDIA GPU found: libtorch runs on the CPU.");
        String flavor = loadedFlavor == null ? "" : loadedFlavor.toLowerCase(Locale.ROOT);
        if (flavor.startsWith("cu")) {
            return new Advice(Plan.CUDA_IN_USE, "An NVIDIA GPU and the CUDA libtorch (" + flavor + ") are in use.");
        }
        if (!"linux-x86_64".equals(platform) && !"win-x86_64".equals(platform)) {
            return new Advice(Plan.NO_CUDA_FOR_PLATFORM, "An NVIDIA GPU is present, but there is no CUDA libtorch "
                    + "for " + platform + ": training and prediction run on the CPU.");
        }
        if (cudaCached) {
            return new Advice(Plan.CUDA_CACHED, "An NVIDIA GPU is present and the CUDA libtorch is installed in "
                    + DjlSystemProperties.libtorchCache() + ", but the CPU build is loaded: restart Fiji to use the GPU.");
        }
        return new Advice(Plan.OFFER_DOWNLOAD, "An NVIDIA GPU is present but the CPU libtorch is loaded. "
                + "Plugins > Cryo-ET > Set Up GPU (CUDA libtorch) can download " + what(platform)
                + "; Fiji uses it after a restart.");
    }

    /** What the download fetches, for the question and the messages. */
    public static String what(String platform) {
        return "the CUDA 12.4 build of libtorch 2.5.1 for " + platform + " (about "
                + ("win-x86_64".equals(platform) ? "2.4" : "2.5") + " GB) from " + org.cryoet.learn.LibtorchDownload.DJL_SERVER
                + " into " + DjlSystemProperties.libtorchCache();
    }

    /** The advice when the download cannot happen (no network, server unreachable). */
    public static Advice offline(String platform, String reason) {
        return new Advice(Plan.OFFLINE_BUILD_WITH_CUDA, "Cannot download " + what(platform) + ": " + reason
                + ". Without internet access, install the CUDA build of the plugins instead: run mvn -Pcuda package "
                + "on a machine with Maven Central access and copy target/fiji over Fiji.app, replacing "
                + "jars/cryoet-libtorch/.");
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
}
