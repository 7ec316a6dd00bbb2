package org.cryoet.fiji;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import ij.IJ;
import ij.ImagePlus;

import org.cryoet.io.MrcReader;
import org.cryoet.io.MrcWriter;
import org.cryoet.io.TiltAngles;
import org.cryoet.util.CryoEtException;
import org.cryoet.volume.Volume;

/**
 * Inputs and outputs shared by the commands. MRC goes through the project's reader and writer;
 * every other format through Fiji's own opener ({@code IJ.openImage}), which Fiji routes to
 * Bio-Formats for DM4, frame TIFFs and the like, with no compile-time dependency on it.
 */
public final class Inputs {
    private Inputs() {
    }

    private static final String[] MRC_EXTENSIONS = {".mrc", ".mrcs", ".st", ".ali", ".rec", ".map", ".preali"};

    public static boolean isMrc(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        for (String e : MRC_EXTENSIONS) if (n.endsWith(e)) return true;
        return false;
    }

    /** Reads any image file as a Volume (MRC natively, the rest through Fiji's opener). */
    public static Volume readVolume(File file) {
        Path p = file.toPath();
        if (!Files.isRegularFile(p)) throw new CryoEtException("File " + p + " does not exist");
        if (isMrc(p)) return MrcReader.read(p);
        ImagePlus imp = IJ.openImage(p.toString());
        if (imp == null) throw new CryoEtException("Fiji cannot open " + p + " as an image");
        return ImageConversion.toVolume(imp);
    }

    /**
     * The volume given either as an open image or as a file; the image wins when both are given.
     *
     * @param name parameter name for the error message
     */
    public static Volume volume(ImagePlus image, File file, String name) {
        if (image != null) return ImageConversion.toVolume(image);
        if (file != null && !file.getPath().isEmpty()) return readVolume(file);
        throw new CryoEtException("No input for '" + name + "': give an open image or a file ('" + name + "_file')");
    }

    /** The opened file as an ImagePlus (MRC through our reader, angles from a sibling .tlt file as labels). */
    public static ImagePlus openImage(File file) {
        Path p = file.toPath();
        if (!isMrc(p)) {
            ImagePlus imp = IJ.openImage(p.toString());
            if (imp == null) throw new CryoEtException("Fiji cannot open " + p + " as an image");
            return imp;
        }
        Volume v = MrcReader.read(p);
        Path tlt = siblingAngles(p);
        double[] angles = null;
        if (tlt != null) {
            double[] a = TiltAngles.read(tlt);
            if (a.length == v.nz()) angles = a;
        }
        return ImageConversion.toImagePlus(v, p.getFileName().toString(), angles);
    }

    /**
     * Tilt angles for a tilt series: from the angle file when given, else from the image's slice
     * labels, else from a .tlt/.rawtlt file beside the stack file.
     */
    public static double[] angles(File anglesFile, ImagePlus image, File stackFile, int depth) {
        Path stack = stackFile != null ? stackFile.toPath() : Path.of(image != null ? image.getTitle() : "tilt series");
        if (anglesFile != null && !anglesFile.getPath().isEmpty()) {
            return TiltAngles.read(anglesFile.toPath(), depth, stack);
        }
        if (image != null) return ImageConversion.anglesFromLabels(image);
        Path tlt = stackFile != null ? siblingAngles(stackFile.toPath()) : null;
        if (tlt == null) {
            throw new CryoEtException("No tilt angles for " + stack + ": give an angle file (.tlt) or label the slices with angles");
        }
        return TiltAngles.read(tlt, depth, stack);
    }

    /** {@code name.tlt} or {@code name.rawtlt} beside {@code stack}, if one exists. */
    public static Path siblingAngles(Path stack) {
        String n = stack.getFileName().toString();
        int dot = n.lastIndexOf('.');
        String base = dot > 0 ? n.substring(0, dot) : n;
        for (String ext : new String[] {".tlt", ".rawtlt"}) {
            Path c = stack.resolveSibling(base + ext);
            if (Files.isRegularFile(c)) return c;
        }
        return null;
    }

    /** Writes a volume (or image stack) when a file is given; MRC natively, TIFF through ImageJ. */
    public static void writeIfGiven(File file, Volume v, boolean stack, boolean overwrite, String title) {
        if (file == null || file.getPath().isEmpty()) return;
        Path p = file.toPath();
        if (isMrc(p)) {
            MrcWriter.write(p, v, stack, overwrite);
            return;
        }
        if (Files.exists(p) && !overwrite) throw new CryoEtException("Output " + p + " exists; set overwrite to replace it");
        if (!IJ.saveAsTiff(ImageConversion.toImagePlus(v, title), p.toString())) {
            throw new CryoEtException("Cannot write " + p);
        }
    }
}
