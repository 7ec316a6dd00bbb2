package org.cryoet.fiji;

import java.io.File;

import ij.ImagePlus;

import org.cryoet.util.AtomicOutput;

/** Output helpers shared by the commands. */
public final class Outputs {
    private Outputs() {
    }

    /** Fails before any work when an output file is given and may not be written. */
    public static void checkTarget(File file, boolean overwrite) {
        if (file != null && !file.getPath().isEmpty()) AtomicOutput.checkTarget(file.toPath(), overwrite);
    }

    /** Output image title: the input's title (or file name) without extension, plus a suffix. */
    public static String title(ImagePlus image, File file, String suffix) {
        String base = image != null ? image.getTitle() : file != null ? file.getName() : "volume";
        int dot = base.lastIndexOf('.');
        if (dot > 0 && base.length() - dot <= 6) base = base.substring(0, dot);
        return base + suffix;
    }
}
