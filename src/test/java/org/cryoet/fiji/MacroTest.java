package org.cryoet.fiji;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import ij.macro.Interpreter;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.cryoet.fiji.ij1.Ij1Menus;
import org.cryoet.io.MrcReader;
import org.cryoet.io.MrcWriter;
import org.cryoet.volume.Calibration;
import org.cryoet.volume.Volume;

/**
 * Runs ImageJ macros in the real ImageJ 1 macro interpreter (batch mode), reaching our commands
 * through the plugins.config entries, and checks the files they write.
 */
class MacroTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void registerCommands() {
        Ij1Menus.install();
    }

    static String run(String macro) {
        Interpreter interp = new Interpreter();
        interp.runBatchMacro(macro, null);
        return interp.wasError() ? "macro error" : null;
    }

    @Test
    void pluginsConfigNamesEveryCommandByItsFijiMenuLabel() throws Exception {
        Map<String, String> e = Ij1Menus.entries();
        for (String label : e.keySet()) {
            String call = e.get(label);
            String cls = call.substring(call.indexOf("(\"") + 2, call.lastIndexOf("\")"));
            org.scijava.plugin.Plugin p = Class.forName(cls).getAnnotation(org.scijava.plugin.Plugin.class);
            String menu = p.menuPath();
            assertEquals(menu.substring(menu.lastIndexOf('>') + 1), label, cls);
        }
        // the copy in plugins-config/ is the packaged one
        assertEquals(Files.readString(Path.of("plugins-config/plugins.config")),
                Files.readString(Path.of("src/main/resources/plugins.config")));
    }

    @Test
    void importAndSaveMrcFromAMacro() {
        Volume v = MrcCommandsTest.ramp(9, 7, 4, new Calibration(3.5, 3.5, 3.5, 1, 2, 3));
        Path in = dir.resolve("in vol.mrc");
        MrcWriter.write(in, v);
        Path out = dir.resolve("out.mrc");
        String macro = "run(\"MRC (Cryo-ET)...\", \"file=[" + in + "]\");\n"
                + "if (getTitle() != \"in vol.mrc\") exit(\"wrong title \" + getTitle());\n"
                // built-in commands with dialogs do not read options in a headless ImageJ 1: use the macro language
                + "for (z = 1; z <= nSlices; z++) { setSlice(z); for (y = 0; y < getHeight(); y++)"
                + " for (x = 0; x < getWidth(); x++) setPixel(x, y, 2 * getPixel(x, y)); }\n"
                + "run(\"Save MRC (Cryo-ET)...\", \"image=[in vol.mrc] file=[" + out + "] kind=volume\");\n";
        assertEquals(null, run(macro));
        Volume back = MrcReader.read(out);
        float[] twice = v.data().clone();
        for (int i = 0; i < twice.length; i++) twice[i] *= 2;
        assertArrayEquals(twice, back.data(), 1e-6f);
        assertEquals(3.5, back.calibration().voxelY(), 1e-5);
        assertTrue(Files.exists(out));
    }
}
