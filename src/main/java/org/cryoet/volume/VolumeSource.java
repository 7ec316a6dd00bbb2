package org.cryoet.volume;

/**
 * Random access to a 3D float volume by boxes, so that large tomograms can be read lazily
 * (memory-mapped files) or taken from memory. Layout x fastest, as {@link Volume}.
 * Implementations must allow concurrent {@link #readBox} calls.
 */
public interface VolumeSource {

    int nx();

    int ny();

    int nz();

    /**
     * Copies the box [x0, x0+sx) x [y0, y0+sy) x [z0, z0+sz), which lies inside the volume, into
     * {@code dst} (x fastest, at least sx*sy*sz values).
     */
    void readBox(int x0, int y0, int z0, int sx, int sy, int sz, float[] dst);

    /** A name for messages (normally the file). */
    default String name() {
        return "volume " + nx() + "x" + ny() + "x" + nz();
    }

    /** Voxel size and origin, kept on outputs. */
    default Calibration calibration() {
        return Calibration.UNIT;
    }

    default long size() {
        return (long) nx() * ny() * nz();
    }

    default boolean sameShape(VolumeSource o) {
        return nx() == o.nx() && ny() == o.ny() && nz() == o.nz();
    }

    /** Reads sections z0 .. z0+count-1 (nx*ny*count values). */
    default void readSlab(int z0, int count, float[] dst) {
        readBox(0, 0, z0, nx(), ny(), count, dst);
    }

    /** An in-memory volume as a source (no copy). */
    static VolumeSource of(Volume v) {
        return of(v, "volume " + v);
    }

    /** An in-memory volume as a source (no copy), named for messages. */
    static VolumeSource of(Volume v, String name) {
        return new VolumeSource() {
            @Override
            public int nx() {
                return v.nx();
            }

            @Override
            public int ny() {
                return v.ny();
            }

            @Override
            public int nz() {
                return v.nz();
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public Calibration calibration() {
                return v.calibration();
            }

            @Override
            public void readBox(int x0, int y0, int z0, int sx, int sy, int sz, float[] dst) {
                checkBox(this, x0, y0, z0, sx, sy, sz, dst);
                float[] d = v.data();
                int nx = v.nx();
                int ny = v.ny();
                int o = 0;
                for (int z = z0; z < z0 + sz; z++) {
                    for (int y = y0; y < y0 + sy; y++) {
                        System.arraycopy(d, x0 + nx * (y + ny * z), dst, o, sx);
                        o += sx;
                    }
                }
            }
        };
    }

    /** Throws IllegalArgumentException unless the box lies inside {@code s} and fits {@code dst}. */
    public static void checkBox(VolumeSource s, int x0, int y0, int z0, int sx, int sy, int sz, float[] dst) {
        if (x0 < 0 || y0 < 0 || z0 < 0 || sx < 0 || sy < 0 || sz < 0
                || x0 + sx > s.nx() || y0 + sy > s.ny() || z0 + sz > s.nz()) {
            throw new IllegalArgumentException("box " + x0 + "," + y0 + "," + z0 + " size " + sx + "x" + sy + "x" + sz
                    + " outside " + s.name());
        }
        if ((long) sx * sy * sz > dst.length) throw new IllegalArgumentException("destination too small");
    }
}
