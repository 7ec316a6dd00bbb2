package org.cryoet.fiji.ij1;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ij.IJ;
import ij.Menus;

/**
 * Reads our {@code plugins.config} from the classpath and registers its commands with ImageJ 1.
 * ImageJ 1 does this itself for jars in its plugins folder; this serves embedded and headless
 * ImageJ 1 (a macro run from Java, tests) where the jar is only on the classpath.
 */
public final class Ij1Menus {
    private Ij1Menus() {
    }

    private static final Pattern ENTRY = Pattern.compile("^\\s*([^,#]+),\\s*\"([^\"]+)\"\\s*,\\s*(.+?)\\s*$");

    /** The label -> plugin-call entries of our plugins.config. */
    public static Map<String, String> entries() {
        Map<String, String> out = new LinkedHashMap<>();
        try (InputStream in = Ij1Menus.class.getResourceAsStream("/plugins.config")) {
            if (in == null) throw new IllegalStateException("plugins.config is not on the classpath");
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                Matcher m = ENTRY.matcher(line);
                if (m.matches() && !line.trim().startsWith("#")) out.put(m.group(2), m.group(3));
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read plugins.config", e);
        }
        return out;
    }

    /** Adds our commands to ImageJ 1's command table (initialising it when ImageJ is not running). */
    public static void install() {
        if (Menus.getCommands() == null) {
            // Builds the command table without a menu bar, as IJ.run does for an embedded ImageJ.
            IJ.run("Close All", "");
        }
        Hashtable<String, String> table = Menus.getCommands();
        if (table == null) throw new IllegalStateException("ImageJ 1 command table unavailable");
        entries().forEach(table::put);
    }
}
