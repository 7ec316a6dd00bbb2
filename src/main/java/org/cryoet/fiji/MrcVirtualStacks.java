package org.cryoet.fiji;

import java.nio.file.Path;

import ij.ImagePlus;
import ij.VirtualStack;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;

import org.cryoet.io.MappedMrc;
import org.cryoet.io.MrcReader;
import org.cryoet.io.TiltAngles;

/**
 * Opens MRC files as ImageJ virtual stacks over the memory-mapped file: sections are decoded to
 * float when ImageJ shows them, so a tomogram larger than the heap opens at once. The stack is
 * read-only (edits of a shown slice are lost when another slice is shown).
 */
public final class MrcVirtualStacks {
    private MrcVirtualStacks() {
    }

    /** The file as a calibrated virtual stack (angles from a sibling .tlt as slice labels, if any). */
    public static ImagePlus open(Path path) {
        MappedMrc mrc = MrcReader.open(path);
        String[] labels = null;
        Path tlt = Inputs.siblingAngles(path);
        if (tlt != null) {
            double[] a = TiltAngles.read(tlt);
            if (a.length == mrc.nz()) {
                labels = new String[a.length];
                for (int i = 0; i < a.length; i++) labels[i] = ImageConversion.angleLabel(a[i]);
            }
        }
        ImagePlus imp = new ImagePlus(path.getFileName().toString(), new MappedStack(mrc, labels));
        ImageConversion.applyCalibration(imp, mrc.calibration());
        return imp;
    }

    /** A read-only virtual stack whose slice n is section n-1 of the mapped file. */
    public static final class MappedStack extends VirtualStack {
        private final MappedMrc mrc;
        private final String[] labels;

        MappedStack(MappedMrc mrc, String[] labels) {
            super(mrc.nx(), mrc.ny(), null, null);
            this.mrc = mrc;
            this.labels = labels;
        }

        public MappedMrc mapped() {
            return mrc;
        }

        @Override
        public ImageProcessor getProcessor(int n) {
            float[] s = new float[mrc.nx() * mrc.ny()];
            mrc.readSection(n - 1, s);
            FloatProcessor fp = new FloatProcessor(mrc.nx(), mrc.ny(), s);
            fp.resetMinAndMax();
            return fp;
        }

        @Override
        public int getSize() {
            return mrc.nz();
        }

        @Override
        public String getSliceLabel(int n) {
            return labels != null ? labels[n - 1] : null;
        }

        @Override
        public int getBitDepth() {
            return 32;
        }

        @Override
        public void addSlice(String name) {
            throw new UnsupportedOperationException("memory-mapped MRC stacks are read-only");
        }

        @Override
        public void deleteSlice(int n) {
            throw new UnsupportedOperationException("memory-mapped MRC stacks are read-only");
        }
    }
}
