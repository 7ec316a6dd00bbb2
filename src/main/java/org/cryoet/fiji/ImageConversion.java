package org.cryoet.fiji;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;

import org.cryoet.util.CryoEtException;
import org.cryoet.volume.Volume;

/**
 * Conversion between ImageJ 1 {@link ImagePlus} stacks and library {@link Volume}s, keeping the
 * voxel size (Angstrom) and MRC origin in the ImageJ calibration, and tilt angles in slice labels.
 *
 * <p>ImageJ places the physical origin at pixel coordinate {@code xOrigin}, so physical x =
 * (i - xOrigin) * pixelWidth; the MRC ORIGIN is the physical coordinate of voxel 0, hence
 * {@code xOrigin = -origin / voxel}.
 */
public final class ImageConversion {
    private ImageConversion() {
    }

    /** A label's trailing number, as a separate token: "-60.00", "tilt=-60", "a.tif -60.0 deg". */
    private static final Pattern TRAILING_ANGLE =
            Pattern.compile("(?:^|[\\s=:,;(\\[])([-+]?(?:\\d+\\.?\\d*|\\.\\d+))\\s*(?:\u00b0|deg|degrees)?[)\\]]?\\s*$");

    /** Copies the image (any bit depth, one channel, one frame or a hyperstack's z) into a Volume. */
    public static Volume toVolume(ImagePlus imp) {
        if (imp == null) throw new CryoEtException("No image given");
        int nx = imp.getWidth();
        int ny = imp.getHeight();
        int nz = imp.getStackSize();
        if (imp.getNChannels() > 1) {
            throw new CryoEtException("Image '" + imp.getTitle() + "' has " + imp.getNChannels()
                    + " channels; split the channels first");
        }
        if (imp.getBitDepth() == 24) {
            throw new CryoEtException("Image '" + imp.getTitle() + "' is RGB; convert it to 32-bit first");
        }
        Volume v = Volume.create(nx, ny, nz, calibrationOf(imp));
        float[] data = v.data();
        ImageStack stack = imp.getStack();
        int plane = nx * ny;
        for (int z = 0; z < nz; z++) {
            ImageProcessor ip = stack.getProcessor(z + 1);
            if (ip instanceof FloatProcessor fp) {
                System.arraycopy((float[]) fp.getPixels(), 0, data, z * plane, plane);
            } else {
                for (int i = 0; i < plane; i++) data[z * plane + i] = ip.getf(i);
            }
        }
        return v;
    }

    /** A 32-bit ImagePlus holding a copy of the volume, calibrated in Angstrom. */
    public static ImagePlus toImagePlus(Volume v, String title) {
        return toImagePlus(v, title, null);
    }

    /** As {@link #toImagePlus(Volume, String)}, labelling slice i with {@code angles[i]} (degrees) when given. */
    public static ImagePlus toImagePlus(Volume v, String title, double[] angles) {
        if (angles != null && angles.length != v.nz()) {
            throw new IllegalArgumentException(angles.length + " angles for " + v.nz() + " sections");
        }
        ImageStack stack = new ImageStack(v.nx(), v.ny());
        int plane = v.nx() * v.ny();
        for (int z = 0; z < v.nz(); z++) {
            float[] s = new float[plane];
            System.arraycopy(v.data(), z * plane, s, 0, plane);
            stack.addSlice(angles != null ? angleLabel(angles[z]) : null, new FloatProcessor(v.nx(), v.ny(), s));
        }
        ImagePlus imp = new ImagePlus(title, stack);
        applyCalibration(imp, v.calibration());
        imp.resetDisplayRange();
        return imp;
    }

    /** Writes a library calibration into the image's ImageJ calibration (unit Angstrom). */
    public static void applyCalibration(ImagePlus imp, org.cryoet.volume.Calibration c) {
        Calibration cal = new Calibration(imp);
        cal.setUnit(String.valueOf(IJ.angstromSymbol));
        cal.pixelWidth = c.voxelX();
        cal.pixelHeight = c.voxelY();
        cal.pixelDepth = c.voxelZ();
        cal.xOrigin = c.voxelX() != 0 ? -c.originX() / c.voxelX() : 0;
        cal.yOrigin = c.voxelY() != 0 ? -c.originY() / c.voxelY() : 0;
        cal.zOrigin = c.voxelZ() != 0 ? -c.originZ() / c.voxelZ() : 0;
        imp.setCalibration(cal);
    }

    /** Voxel size in Angstrom and MRC origin from the ImageJ calibration (nm and micron converted). */
    public static org.cryoet.volume.Calibration calibrationOf(ImagePlus imp) {
        Calibration cal = imp.getCalibration();
        double f = angstromPerUnit(cal.getUnit());
        double vx = cal.pixelWidth * f;
        double vy = cal.pixelHeight * f;
        double vz = cal.pixelDepth * f;
        return new org.cryoet.volume.Calibration(vx, vy, vz, -cal.xOrigin * vx, -cal.yOrigin * vy, -cal.zOrigin * vz);
    }

    /** Angstrom per calibration unit; an uncalibrated image ("pixel") counts 1 Angstrom per pixel. */
    public static double angstromPerUnit(String unit) {
        if (unit == null) return 1;
        String u = unit.trim().toLowerCase(Locale.ROOT);
        switch (u) {
            case "nm", "nanometer", "nanometers", "nanometre", "nanometres":
                return 10;
            case "um", "\u00b5m", "\u03bcm", "micron", "microns", "micrometer", "micrometers":
                return 1e4;
            case "mm":
                return 1e7;
            default:
                return 1;
        }
    }

    /** The slice label written for a tilt angle, e.g. "-60.00". */
    public static String angleLabel(double degrees) {
        return String.format(Locale.ROOT, "%.2f", degrees);
    }

    /**
     * Tilt angles from the slice labels: a number ending each label, as its own token (labels such
     * as "-60.00", "tilt=-60.0" or "ts_001.tif -60.0"; "ts_001.tif" has none). Throws naming the
     * image and slice when a label has no angle.
     */
    public static double[] anglesFromLabels(ImagePlus imp) {
        int n = imp.getStackSize();
        double[] a = new double[n];
        ImageStack stack = imp.getStack();
        for (int z = 0; z < n; z++) {
            String label = stack.getSliceLabel(z + 1);
            Double value = label == null ? null : lastNumber(label.contains("\n") ? label.substring(0, label.indexOf('\n')) : label);
            if (value == null || Math.abs(value) > 90) {
                throw new CryoEtException("Image '" + imp.getTitle() + "' slice " + (z + 1) + " has no tilt angle in its label ("
                        + (label == null ? "no label" : "'" + label + "'") + "); give a tilt-angle file instead");
            }
            a[z] = value;
        }
        return a;
    }

    private static Double lastNumber(String s) {
        Matcher m = TRAILING_ANGLE.matcher(s.trim());
        return m.find() ? Double.valueOf(m.group(1)) : null;
    }
}
