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
        try (InputStream in = Ij1Menus.class.getResourceAsStream("plugins.config")) {
            if (in == null) throw new IllegalStateException("org/cryoet/fiji/ij1/plugins.config is not on the classpath");
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

    /**
     * Adds our commands to ImageJ 1's command table. With a display, ImageJ builds its table (and
     * menus) itself on first use. Headless, plain ImageJ 1 cannot (building menus needs AWT), so
     * the table is filled from ImageJ's own command list (IJ_Props.txt in ij.jar) plus ours: enough
     * for batch-mode macros calling built-in and Cryo-ET commands.
     */
    @SuppressWarnings("unchecked")
    public static synchronized void install() {
        Hashtable<String, String> table = Menus.getCommands();
        if (table == null) {
            table = headlessTable();
        }
        entries().forEach(table::put);
    }

    private static Hashtable<String, String> headlessTable() {
        Hashtable<String, String> table = new Hashtable<>();
        Pattern prop = Pattern.compile("^\\w+?\\d*=\"([^\"]+)\",\\s*(.+)$");
        try (InputStream in = IJ.class.getResourceAsStream("/IJ_Props.txt")) {
            if (in == null) throw new IllegalStateException("IJ_Props.txt missing from ij.jar");
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1));
            for (String line; (line = r.readLine()) != null; ) {
                Matcher m = prop.matcher(line.trim());
                if (m.matches() && m.group(2).startsWith("ij.")) table.put(m.group(1), m.group(2));
            }
            java.lang.reflect.Field f = Menus.class.getDeclaredField("pluginsTable");
            f.setAccessible(true);
            f.set(null, table);
        } catch (IOException | ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot set up the ImageJ 1 command table headless", e);
        }
        return table;
    }
}
