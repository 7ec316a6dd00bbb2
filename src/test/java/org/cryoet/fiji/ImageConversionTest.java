package org.cryoet.fiji;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ShortProcessor;

import org.junit.jupiter.api.Test;

import org.cryoet.util.CryoEtException;
import org.cryoet.volume.Calibration;
import org.cryoet.volume.Volume;

class ImageConversionTest {

    @Test
    void volumeRoundTripKeepsVoxelsVoxelSizeAndOrigin() {
        Volume v = Volume.create(5, 4, 3, new Calibration(2.5, 3.0, 4.0, -10, 20, 30.5));
        for (int i = 0; i < v.data().length; i++) v.data()[i] = i * 0.5f - 7;
        ImagePlus imp = ImageConversion.toImagePlus(v, "t");
        assertEquals(5, imp.getWidth());
        assertEquals(4, imp.getHeight());
        assertEquals(3, imp.getStackSize());
        assertEquals(v.get(3, 2, 1), imp.getStack().getProcessor(2).getf(3, 2));
        assertEquals(String.valueOf(IJ.angstromSymbol), imp.getCalibration().getUnit());
        // physical coordinate of voxel 0 is the MRC origin
        assertEquals(-10, imp.getCalibration().getX(0), 1e-9);
        assertEquals(20, imp.getCalibration().getY(0), 1e-9);
        assertEquals(30.5, imp.getCalibration().getZ(0), 1e-9);
        Volume back = ImageConversion.toVolume(imp);
        assertArrayEquals(v.data(), back.data());
        Calibration c = back.calibration();
        assertEquals(2.5, c.voxelX(), 1e-12);
        assertEquals(3.0, c.voxelY(), 1e-12);
        assertEquals(4.0, c.voxelZ(), 1e-12);
        assertEquals(-10, c.originX(), 1e-9);
        assertEquals(20, c.originY(), 1e-9);
        assertEquals(30.5, c.originZ(), 1e-9);
    }

    @Test
    void integerImagesInNanometresBecomeFloatAngstrom() {
        ImageStack s = new ImageStack(3, 2);
        ShortProcessor sp = new ShortProcessor(3, 2);
        sp.set(2, 1, 40000);
        s.addSlice(sp);
        ImagePlus imp = new ImagePlus("u16", s);
        imp.getCalibration().setUnit("nm");
        imp.getCalibration().pixelWidth = 0.5;
        imp.getCalibration().pixelHeight = 0.5;
        imp.getCalibration().pixelDepth = 0.5;
        Volume v = ImageConversion.toVolume(imp);
        assertEquals(40000f, v.get(2, 1, 0));
        assertEquals(5.0, v.calibration().voxelX(), 1e-12);
        assertEquals(1e4, ImageConversion.angstromPerUnit("micron"));
        assertEquals(1e4, ImageConversion.angstromPerUnit("\u00b5m"));
    }

    @Test
    void anglesComeFromSliceLabelsWrittenOrForeign() {
        double[] angles = {-60, -1.5, 0, 3, 58.25};
        Volume v = Volume.create(2, 2, angles.length, Calibration.UNIT);
        ImagePlus imp = ImageConversion.toImagePlus(v, "ts", angles);
        assertArrayEquals(angles, ImageConversion.anglesFromLabels(imp), 1e-9);
        assertEquals("-1.50", imp.getStack().getSliceLabel(2));

        ImagePlus foreign = ImageConversion.toImagePlus(Volume.create(2, 2, 3, Calibration.UNIT), "f");
        foreign.getStack().setSliceLabel("tilt=-42.5", 1);
        foreign.getStack().setSliceLabel("frame_007.tif 12 deg", 2);
        foreign.getStack().setSliceLabel("angle: +7.25\nmore metadata", 3);
        assertArrayEquals(new double[] {-42.5, 12, 7.25}, ImageConversion.anglesFromLabels(foreign), 1e-9);

        foreign.getStack().setSliceLabel("frame_007.tif", 2);
        CryoEtException e = assertThrows(CryoEtException.class, () -> ImageConversion.anglesFromLabels(foreign));
        assertTrue(e.getMessage().contains("slice 2"), e.getMessage());
    }
}
