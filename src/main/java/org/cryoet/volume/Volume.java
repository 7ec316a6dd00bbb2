package org.cryoet.volume;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

import org.cryoet.util.CryoEtException;

/**
 * A 3D float image held in memory: an ImgLib2 {@link ArrayImg} with its {@link Calibration}.
 * Layout is MRC order: x fastest, then y, then z (section), so voxel (x, y, z) is at
 * {@code data()[x + nx * (y + ny * z)]}. A tilt series is a Volume whose z is the tilt index.
 * Algorithms work on {@link #data()} directly for speed; ImgLib2 views work on {@link #img()}.
 */
public final class Volume {
    private final ArrayImg<FloatType, FloatArray> img;
    private final float[] data;
    private final int nx;
    private final int ny;
    private final int nz;
    private Calibration calibration;

    private Volume(ArrayImg<FloatType, FloatArray> img, Calibration calibration) {
        this.img = img;
        this.data = img.update(null).getCurrentStorageArray();
        this.nx = (int) img.dimension(0);
        this.ny = (int) img.dimension(1);
        this.nz = (int) img.dimension(2);
        this.calibration = calibration;
    }

    /** A zero-filled volume. */
    public static Volume create(int nx, int ny, int nz, Calibration calibration) {
        checkSize(nx, ny, nz);
        return new Volume(ArrayImgs.floats(nx, ny, nz), calibration);
    }

    /** Wraps an existing array (no copy); its length must be nx*ny*nz. */
    public static Volume wrap(float[] data, int nx, int ny, int nz, Calibration calibration) {
        checkSize(nx, ny, nz);
        if (data.length != (long) nx * ny * nz) {
            throw new IllegalArgumentException("array length " + data.length + " != " + nx + "x" + ny + "x" + nz);
        }
        return new Volume(ArrayImgs.floats(data, nx, ny, nz), calibration);
    }

    private static void checkSize(int nx, int ny, int nz) {
        if (nx <= 0 || ny <= 0 || nz <= 0) {
            throw new CryoEtException("Invalid volume size " + nx + "x" + ny + "x" + nz);
        }
        if ((long) nx * ny * nz > Integer.MAX_VALUE - 16) {
            throw new CryoEtException("Volume " + nx + "x" + ny + "x" + nz
                    + " is too large to hold in one array; process it in slabs");
        }
    }

    public ArrayImg<FloatType, FloatArray> img() {
        return img;
    }

    /** The backing array, x fastest. Writes go straight into the volume. */
    public float[] data() {
        return data;
    }

    public int nx() {
        return nx;
    }

    public int ny() {
        return ny;
    }

    public int nz() {
        return nz;
    }

    public long size() {
        return data.length;
    }

    public int index(int x, int y, int z) {
        return x + nx * (y + ny * z);
    }

    public float get(int x, int y, int z) {
        return data[index(x, y, z)];
    }

    public void set(int x, int y, int z, float v) {
        data[index(x, y, z)] = v;
    }

    public Calibration calibration() {
        return calibration;
    }

    public void setCalibration(Calibration calibration) {
        this.calibration = calibration;
    }

    /** A deep copy. */
    public Volume copy() {
        return wrap(data.clone(), nx, ny, nz, calibration);
    }

    /** A zero-filled volume of the same size and calibration. */
    public Volume like() {
        return create(nx, ny, nz, calibration);
    }

    public boolean sameShape(Volume o) {
        return nx == o.nx && ny == o.ny && nz == o.nz;
    }

    /** A copy of section z (an nx*ny image, x fastest). */
    public float[] section(int z) {
        float[] s = new float[nx * ny];
        System.arraycopy(data, z * nx * ny, s, 0, nx * ny);
        return s;
    }

    @Override
    public String toString() {
        return nx + "x" + ny + "x" + nz;
    }
}
