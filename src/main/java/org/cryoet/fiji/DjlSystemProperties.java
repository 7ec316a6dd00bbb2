package org.cryoet.fiji;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.cryoet.learn.LibtorchDownload;

/**
 * The DJL settings the plugins need inside Fiji, applied before DJL's engine loads: offline mode
 * (DJL would otherwise try to download libtorch when it finds no native jar it likes, and it
 * reads this once, when the engine loads) and no usage tracking. A value the user gave (e.g.
 * {@code -Dai.djl.offline=false} on Fiji's command line, to allow DJL's CUDA download) is kept.
 * Applied by {@link CryoEtCommand}'s static initialiser (every command), by
 * {@link CryoEtContextService} when a SciJava context starts, and by the ImageJ 1 bridge.
 *
 * <p>On a machine with an NVIDIA GPU where the CUDA libtorch was fetched into DJL's cache
 * ({@link DownloadCudaLibtorchCommand}), it also points DJL there ({@code PYTORCH_LIBRARY_PATH},
 * {@code PYTORCH_FLAVOR}): DJL checks that path before the bundled CPU jar, so the GPU is used
 * without removing the CPU jar and without DJL going online. A path or flavour the user set wins.
 */
public final class DjlSystemProperties {
    /** DJL's offline switch: no download of libtorch or models. */
    public static final String OFFLINE = "ai.djl.offline";
    /** DJL's opt-out of usage tracking. */
    public static final String OPT_OUT_TRACKING = "OPT_OUT_TRACKING";
    /** DJL loads libtorch from this folder before looking at native jars. */
    public static final String LIBRARY_PATH = "PYTORCH_LIBRARY_PATH";
    /** Which libtorch build DJL takes the JNI library for (cpu, cu124, ...). */
    public static final String FLAVOR = "PYTORCH_FLAVOR";
    private static final java.util.concurrent.atomic.AtomicBoolean CUDA_CHECKED = new java.util.concurrent.atomic.AtomicBoolean();
    private static final Pattern LIBTORCH_VERSION = Pattern.compile("(\\d+\\.\\d+\\.\\d+).*");

    private DjlSystemProperties() {
    }

    /** The properties and the values set when the user gave none. */
    public static Map<String, String> defaults() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(OFFLINE, "true");
        m.put(OPT_OUT_TRACKING, "true");
        return m;
    }

    /** Sets each default that is absent from {@code target}; returns the keys that were set. */
    static java.util.List<String> applyTo(Properties target) {
        java.util.List<String> set = new java.util.ArrayList<>();
        synchronized (target) {
            defaults().forEach((k, v) -> {
                if (target.getProperty(k) == null) {
                    target.setProperty(k, v);
                    set.add(k);
                }
            });
        }
        return set;
    }

    /**
     * The properties that make DJL load an installed CUDA libtorch: none unless an NVIDIA GPU is
     * present, the build is installed in {@code cache}, and neither the environment nor the
     * properties already choose a library path or flavour.
     */
    static Map<String, String> cudaLibrary(Properties props, Map<String, String> env, boolean nvidiaGpu, Path cache,
                                           LibtorchDownload.Build build) {
        for (String k : new String[]{LIBRARY_PATH, FLAVOR}) {
            if (props.getProperty(k) != null || env.get(k) != null) return Map.of();
        }
        if (!nvidiaGpu || build == null || !LibtorchDownload.installed(cache, build)) return Map.of();
        Map<String, String> m = new LinkedHashMap<>();
        m.put(LIBRARY_PATH, LibtorchDownload.folder(cache, build).toString());
        m.put(FLAVOR, build.flavor());
        return m;
    }

    /**
     * The CUDA build matching the bundled libtorch on this platform, or null where none exists
     * (macOS, Linux arm64) or no libtorch jar is on the classpath.
     */
    public static LibtorchDownload.Build cudaBuild() {
        // DJL reads its properties through the context class loader, which ImageJ 1 does not set
        // to its plugin class loader: look where this class was loaded from.
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        t.setContextClassLoader(DjlSystemProperties.class.getClassLoader());
        try {
            ai.djl.util.Platform p = ai.djl.util.Platform.detectPlatform("pytorch");
            String platform = p.getClassifier();
            if (!"linux-x86_64".equals(platform) && !"win-x86_64".equals(platform)) return null;
            Matcher v = LIBTORCH_VERSION.matcher(p.getVersion());
            return v.matches() ? new LibtorchDownload.Build(v.group(1), CudaAdvice.CUDA_FLAVOR, platform) : null;
        } catch (RuntimeException | AssertionError | LinkageError e) {
            // no libtorch jar on the class path (DJL asserts): no CUDA build to offer
            return null;
        } finally {
            t.setContextClassLoader(before);
        }
    }

    /** DJL's cache folder for PyTorch builds. */
    public static Path libtorchCache() {
        return ai.djl.util.Utils.getEngineCacheDir("pytorch");
    }

    /** Applies the defaults, and the CUDA libtorch when one is installed, to the system properties (idempotent). */
    public static void apply() {
        applyTo(System.getProperties());
        if (CUDA_CHECKED.getAndSet(true)) return;
        Properties sys = System.getProperties();
        synchronized (sys) {
            cudaLibrary(sys, System.getenv(), CudaAdvice.nvidiaGpuPresent(), libtorchCache(), cudaBuild())
                    .forEach(sys::setProperty);
        }
    }
}
