package org.cryoet.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import net.imglib2.AbstractInterval;
import net.imglib2.Interval;
import net.imglib2.Point;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.basictypeaccess.FloatAccess;
import net.imglib2.type.numeric.real.FloatType;

import org.cryoet.util.CryoEtException;
import org.cryoet.util.Parallel;
import org.cryoet.util.Progress;
import org.cryoet.volume.Statistics;
import org.cryoet.volume.Calibration;
import org.cryoet.volume.VolumeSource;
import org.cryoet.volume.Volume;

/**
 * A memory-mapped MRC file: random access to voxels of any supported mode (converted to float
 * on the fly) without holding the data on the Java heap, for tomograms larger than memory or
 * too large to copy. Data beyond 2 GB is mapped as several buffers, each holding whole sections.
 * Read-only; thread-safe for concurrent reads. The mapping is released by the garbage collector
 * after {@link #close()} (Java cannot unmap explicitly); closing makes further use fail.
 */
public final class MappedMrc implements AutoCloseable {
    private final Path path;
    private final MrcHeader header;
    private final MrcMode mode;
    private final boolean unsigned;
    private final int nx;
    private final int ny;
    private final int nz;
    private final int bpv;
    private final int sectionBytes;
    private final int sectionsPerBuffer;
    private volatile ByteBuffer[] buffers;

    private MappedMrc(Path path, MrcHeader header, ByteBuffer[] buffers, int sectionsPerBuffer) {
        this.path = path;
        this.header = header;
        this.mode = header.mode();
        this.unsigned = header.unsignedBytes();
        this.nx = header.nx();
        this.ny = header.ny();
        this.nz = header.nz();
        this.bpv = mode.bytesPerVoxel();
        this.sectionBytes = (int) header.sectionBytes();
        this.sectionsPerBuffer = sectionsPerBuffer;
        this.buffers = buffers;
    }

    static MappedMrc open(Path path) {
        return open(path, Integer.MAX_VALUE);
    }

    /** Opens with at most {@code maxBufferBytes} per mapped buffer (small values test the multi-buffer path). */
    static MappedMrc open(Path path, long maxBufferBytes) {
        try (FileChannel ch = MrcReader.openChannel(path)) {
            MrcHeader h = MrcReader.readHeader(ch, path);
            long section = h.sectionBytes();
            if ((long) h.nx() * h.ny() > Integer.MAX_VALUE - 16 || section > maxBufferBytes) {
                throw new CryoEtException("MRC file " + path + " has sections of " + h.nx() + " x " + h.ny()
                        + " voxels, too large to map");
            }
            int perBuffer = (int) Math.min(h.nz(), maxBufferBytes / section);
            int count = (h.nz() + perBuffer - 1) / perBuffer;
            ByteBuffer[] buffers = new ByteBuffer[count];
            for (int i = 0; i < count; i++) {
                int z0 = i * perBuffer;
                int n = Math.min(perBuffer, h.nz() - z0);
                MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_ONLY, h.dataOffset() + z0 * section, n * section);
                buffers[i] = m.order(h.byteOrder());
            }
            return new MappedMrc(path, h, buffers, perBuffer);
        } catch (IOException e) {
            throw new CryoEtException("Cannot map MRC file " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * This file as a {@link VolumeSource} (read lazily, thread-safe), named by its path; boxes must
     * lie inside the volume.
     */
    public VolumeSource asSource() {
        MappedMrc m = this;
        return new VolumeSource() {
            @Override
            public int nx() {
                return m.nx();
            }

            @Override
            public int ny() {
                return m.ny();
            }

            @Override
            public int nz() {
                return m.nz();
            }

            @Override
            public String name() {
                return m.path().toString();
            }

            @Override
            public Calibration calibration() {
                return m.calibration();
            }

            @Override
            public void readBox(int x0, int y0, int z0, int sx, int sy, int sz, float[] dst) {
                VolumeSource.checkBox(this, x0, y0, z0, sx, sy, sz, dst);
                m.readBox(x0, y0, z0, sx, sy, sz, dst);
            }
        };
    }

    public Path path() {
        return path;
    }

    public MrcHeader header() {
        return header;
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

    public Calibration calibration() {
        return header.calibration();
    }

    /** Number of mapped buffers (1 unless the data exceeds 2 GB). */
    public int bufferCount() {
        return buffers().length;
    }

    private ByteBuffer[] buffers() {
        ByteBuffer[] b = buffers;
        if (b == null) throw new IllegalStateException("MRC file " + path + " was closed");
        return b;
    }

    /** The voxel at (x, y, z); indices must be inside the volume. */
    public float get(int x, int y, int z) {
        if (x < 0 || y < 0 || z < 0 || x >= nx || y >= ny || z >= nz) {
            throw new IndexOutOfBoundsException("voxel (" + x + ", " + y + ", " + z + ") outside " + nx + " x " + ny
                    + " x " + nz);
        }
        return at(x, y, z);
    }

    private float at(int x, int y, int z) {
        ByteBuffer b = buffers()[z / sectionsPerBuffer];
        int pos = (z % sectionsPerBuffer) * sectionBytes + (x + nx * y) * bpv;
        return MrcCodec.decodeOne(b, pos, mode, unsigned);
    }

    /** Copies section {@code z} (nx*ny values, x fastest) into {@code dst}, converted to float. */
    public void readSection(int z, float[] dst) {
        readSection(z, dst, 0);
    }

    private void readSection(int z, float[] dst, int off) {
        if (z < 0 || z >= nz) throw new IndexOutOfBoundsException("section " + z + " outside 0.." + (nz - 1));
        if (dst.length - off < nx * ny) throw new IllegalArgumentException("destination holds fewer than nx*ny values");
        ByteBuffer b = buffers()[z / sectionsPerBuffer];
        MrcCodec.decode(b, (z % sectionsPerBuffer) * sectionBytes, mode, unsigned, dst, off, nx * ny);
    }

    /**
     * A copy of sections z0 .. z0+count-1 as a volume (converted in parallel). Its calibration is
     * the file's, with the origin moved by z0 sections (MRC2014: the origin locates a sub-volume).
     */
    public Volume readSlab(int z0, int count) {
        if (z0 < 0 || count <= 0 || z0 + (long) count > nz) {
            throw new IndexOutOfBoundsException("slab " + z0 + ".." + (z0 + count - 1) + " outside 0.." + (nz - 1));
        }
        Calibration c = calibration();
        Volume v = Volume.create(nx, ny, count, new Calibration(c.voxelX(), c.voxelY(), c.voxelZ(), c.originX(),
                c.originY(), c.originZ() + z0 * c.voxelZ()));
        float[] d = v.data();
        Parallel.forEach(count, k -> readSection(z0 + k, d, k * nx * ny));
        return v;
    }

    /** The whole file as an in-memory volume (same calibration as the file). */
    public Volume readAll() {
        Volume v = readSlab(0, nz);
        v.setCalibration(calibration());
        return v;
    }

    /**
     * Copies the box [x0, x0+sx) x [y0, y0+sy) x [z0, z0+sz) into {@code dst} (x fastest, length
     * at least sx*sy*sz). The box may extend beyond the volume (e.g. subtomograms at the edges):
     * voxels outside are set to {@code 0}; see {@link #readBox(int, int, int, int, int, int, float[], float)}
     * to choose the fill value.
     */
    public void readBox(int x0, int y0, int z0, int sx, int sy, int sz, float[] dst) {
        readBox(x0, y0, z0, sx, sy, sz, dst, 0f);
    }

    /** As {@link #readBox(int, int, int, int, int, int, float[])} with voxels outside set to {@code outside}. */
    public void readBox(int x0, int y0, int z0, int sx, int sy, int sz, float[] dst, float outside) {
        if (sx < 0 || sy < 0 || sz < 0 || (long) sx * sy * sz > dst.length) {
            throw new IllegalArgumentException("box " + sx + " x " + sy + " x " + sz + " does not fit the destination");
        }
        ByteBuffer[] bufs = buffers();
        int xa = Math.max(0, x0), xb = (int) Math.min(nx, (long) x0 + sx);
        for (int k = 0; k < sz; k++) {
            int z = z0 + k;
            for (int j = 0; j < sy; j++) {
                int y = y0 + j;
                int row = (k * sy + j) * sx;
                if (z < 0 || z >= nz || y < 0 || y >= ny || xa >= xb) {
                    java.util.Arrays.fill(dst, row, row + sx, outside);
                    continue;
                }
                if (xa > x0) java.util.Arrays.fill(dst, row, row + (xa - x0), outside);
                ByteBuffer b = bufs[z / sectionsPerBuffer];
                int pos = (z % sectionsPerBuffer) * sectionBytes + (xa + nx * y) * bpv;
                MrcCodec.decode(b, pos, mode, unsigned, dst, row + (xa - x0), xb - xa);
                if (xb < x0 + sx) java.util.Arrays.fill(dst, row + (xb - x0), row + sx, outside);
            }
        }
    }

    /**
     * Min, max, mean and standard deviation of the finite voxels (and the count of NaN/Inf ones),
     * computed section by section over the mapping in parallel, without loading the file.
     * Reports progress per section and honours cancellation.
     */
    public Statistics statistics(Progress progress) {
        MrcCodec.Stats[] parts = new MrcCodec.Stats[nz];
        AtomicInteger done = new AtomicInteger();
        Parallel.forEach(nz, z -> {
            progress.checkCancelled("Statistics of " + path.getFileName());
            float[] s = new float[nx * ny];
            readSection(z, s);
            MrcCodec.Stats st = new MrcCodec.Stats();
            st.addAll(s, 0, s.length);
            parts[z] = st;
            progress.update("Statistics", done.incrementAndGet(), nz);
        });
        MrcCodec.Stats all = new MrcCodec.Stats();
        for (MrcCodec.Stats st : parts) all.merge(st);
        return all.toStatistics();
    }

    /**
     * An ImgLib2 view of the file backed directly by the mapping (nothing is copied: each access
     * decodes the stored voxel). Read-only: setting a value throws UnsupportedOperationException.
     * Valid until {@link #close()}.
     */
    public RandomAccessibleInterval<FloatType> img() {
        buffers();
        return new View();
    }

    /** Releases the mapping (for the garbage collector); later calls fail. */
    @Override
    public void close() {
        buffers = null;
    }

    private final class View extends AbstractInterval implements RandomAccessibleInterval<FloatType> {
        View() {
            super(new long[] {nx, ny, nz});
        }

        @Override
        public RandomAccess<FloatType> randomAccess() {
            return new Access(new long[3]);
        }

        @Override
        public RandomAccess<FloatType> randomAccess(Interval interval) {
            return randomAccess();
        }

        @Override
        public FloatType getType() {
            return new FloatType();
        }
    }

    /** A position in the file whose {@link #get()} reads the voxel there (no copy, no allocation). */
    private final class Access extends Point implements RandomAccess<FloatType>, FloatAccess {
        private final FloatType type;
        private final ByteBuffer[] bufs = buffers();

        Access(long[] position) {
            super(position.clone(), false);
            this.type = new FloatType(this);
        }

        @Override
        public float getValue(int index) {
            int x = (int) position[0], y = (int) position[1], z = (int) position[2];
            ByteBuffer b = bufs[z / sectionsPerBuffer];
            return MrcCodec.decodeOne(b, (z % sectionsPerBuffer) * sectionBytes + (x + nx * y) * bpv, mode, unsigned);
        }

        @Override
        public void setValue(int index, float value) {
            throw new UnsupportedOperationException("the mapped view of MRC file " + path + " is read-only");
        }

        @Override
        public FloatType get() {
            return type;
        }

        @Override
        public FloatType getType() {
            return type;
        }

        @Override
        public Access copy() {
            return new Access(position);
        }
    }
}
