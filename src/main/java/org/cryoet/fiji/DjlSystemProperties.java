package org.cryoet.fiji;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The DJL settings the plugins need inside Fiji, applied before DJL's engine loads: offline mode
 * (DJL would otherwise try to download libtorch when it finds no native jar it likes, and it
 * reads this once, when the engine loads) and no usage tracking. A value the user gave (e.g.
 * {@code -Dai.djl.offline=false} on Fiji's command line, to allow DJL's CUDA download) is kept.
 * Applied by {@link CryoEtCommand}'s static initialiser (every command), by
 * {@link CryoEtContextService} when a SciJava context starts, and by the ImageJ 1 bridge.
 */
public final class DjlSystemProperties {
    /** DJL's offline switch: no download of libtorch or models. */
    public static final String OFFLINE = "ai.djl.offline";
    /** DJL's opt-out of usage tracking. */
    public static final String OPT_OUT_TRACKING = "OPT_OUT_TRACKING";

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

    /** Applies the defaults to the system properties (idempotent). */
    public static void apply() {
        applyTo(System.getProperties());
    }
}
