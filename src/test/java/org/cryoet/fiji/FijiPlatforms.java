package org.cryoet.fiji;

import java.util.List;
import java.util.Locale;

/**
 * The platform folders of Fiji's launcher (config/fiji.toml of fiji/fiji): on Java 9+ the launcher
 * passes {@code --module-path jars/<platform>} for the running platform, so every jar there must
 * be a valid (automatic) module; all jars/<folder>/*.jar are on the classpath as well.
 */
final class FijiPlatforms {
    /** The folders the launcher uses as module path (one per OS and architecture). */
    static final List<String> MODULE_PATH_FOLDERS = List.of(
            "linux-arm64", "linux64", "linux32", "macos-arm64", "macos64", "win-arm64", "win64", "win32");

    private FijiPlatforms() {
    }

    /** The module-path folder for this JVM's OS and architecture. */
    static String current() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        boolean arm = arch.contains("aarch64") || arch.contains("arm");
        boolean x64 = arch.contains("64") && !arm;
        String base = os.contains("win") ? "win" : os.contains("mac") ? "macos" : "linux";
        if (arm) return base + "-arm64";
        if (x64) return base + "64";
        return base + "32";
    }
}
