package org.cryoet.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.cryoet.util.AtomicOutput;
import org.cryoet.util.CryoEtException;
import org.cryoet.util.Parallel;
import org.cryoet.volume.Calibration;
import org.cryoet.volume.Statistics;

/**
 * Writes an MRC file section by section (e.g. a prediction produced slab by slab) without
 * holding the whole volume: the header is written first with known dimensions, mode and
 * calibration, sections arrive in z order, statistics are accumulated on the fly and patched
 * into the header by {@link #commit()}, which then renames the temporary file onto the target
 * atomically. Closing without commit deletes the temporary file. Not thread-safe (one producer);
 * each slab is converted in parallel.
 */
public final class MrcStreamWriter implements AutoCloseable {
    /** Target bytes converted per parallel batch. */
    private static final int BATCH_BYTES = 16 << 20;

    private final Path target;
    private final boolean overwrite;
    private final Path[] inputs;
    private final MrcHeader header;
    private final MrcMode mode;
    private final int sectionVoxels;
    private final Path tmp;
    private final FileChannel channel;
    private final MrcCodec.Stats stats = new MrcCodec.Stats();
    private long clamped;
    private int written;
    private boolean committed;
    private boolean closed;

    /**
     * Starts writing {@code target}: fails at once if it exists (unless {@code overwrite}) or is an input.
     *
     * @param stack true for an image stack (ISPG 0), false for a volume (ISPG 1)
     */
    public static MrcStreamWriter create(Path target, int nx, int ny, int nz, MrcMode mode, Calibration calibration,
                                         boolean stack, boolean overwrite, Path... inputs) {
        return create(target, nx, ny, nz, MrcWriter.Options.of(mode, stack), calibration, overwrite, inputs);
    }

    /** As {@link #create(Path, int, int, int, MrcMode, Calibration, boolean, boolean, Path...)} with full options. */
    public static MrcStreamWriter create(Path target, int nx, int ny, int nz, MrcWriter.Options options,
                                         Calibration calibration, boolean overwrite, Path... inputs) {
        return new MrcStreamWriter(target, nx, ny, nz, options, calibration, overwrite, inputs);
    }

    private MrcStreamWriter(Path target, int nx, int ny, int nz, MrcWriter.Options o, Calibration cal,
                            boolean overwrite, Path... inputs) {
        if (nx <= 0 || ny <= 0 || nz <= 0) {
            throw new CryoEtException("Cannot write " + target + ": invalid size " + nx + " x " + ny + " x " + nz);
        }
        if ((long) nx * ny > Integer.MAX_VALUE / 8) {
            throw new CryoEtException("Cannot write " + target + ": sections of " + nx + " x " + ny + " are too large");
        }
        if (o.mode() == MrcMode.COMPLEX_SHORT) {
            throw new CryoEtException("Cannot write " + target + ": mode 3 (complex int16) is not written");
        }
        this.target = target.toAbsolutePath().normalize();
        this.overwrite = overwrite;
        this.inputs = inputs.clone();
        AtomicOutput.checkTarget(this.target, overwrite, inputs);
        MrcWriter.ExtendedHeader ext = o.extendedHeader();
        MrcWriter.checkExtendedType(target, ext);
        int nsymbt = ext == null ? 0 : ext.bytes().length;
        this.header = MrcHeader.forWriting(nx, ny, nz, o.mode(), cal, o.stack(), o.byteOrder(),
                MrcWriter.labelsToWrite(o.labels()), nsymbt, ext == null ? "" : ext.type(),
                ext == null ? 0 : ext.nint(), ext == null ? 0 : ext.nreal());
        this.mode = o.mode();
        this.sectionVoxels = nx * ny;
        Path t = null;
        FileChannel ch = null;
        try {
            Files.createDirectories(this.target.getParent());
            t = Files.createTempFile(this.target.getParent(), "." + this.target.getFileName() + ".", ".part");
            ch = FileChannel.open(t, StandardOpenOption.WRITE);
            writeFully(ch, ByteBuffer.wrap(header.encode()), 0);
            if (nsymbt > 0) writeFully(ch, ByteBuffer.wrap(ext.bytes()), MrcHeader.SIZE);
        } catch (IOException e) {
            cleanup(ch, t);
            throw new CryoEtException("Cannot write " + target + ": " + e.getMessage(), e);
        }
        this.tmp = t;
        this.channel = ch;
    }

    /** Number of sections written so far. */
    public int sectionsWritten() {
        return written;
    }

    /** Voxels that were clamped to the mode's range (or NaN stored as 0 in integer modes) so far. */
    public long clampedCount() {
        return clamped;
    }

    /** Statistics of the values as stored (finite values only) so far. */
    public Statistics statistics() {
        return stats.toStatistics();
    }

    /** Writes one section (nx*ny values, x fastest). */
    public void writeSection(float[] section) {
        writeSlab(section, 1);
    }

    /**
     * Writes the next {@code nzInSlab} sections, taken from {@code data} (at least
     * nx*ny*nzInSlab values, x fastest).
     */
    public void writeSlab(float[] data, int nzInSlab) {
        writeSlab(data, 0, nzInSlab);
    }

    /** Writes the next {@code count} sections, starting at section {@code first} of {@code data}. */
    public void writeSlab(float[] data, int first, int count) {
        ensureOpen();
        if (count < 0 || (long) (first + count) * sectionVoxels > data.length) {
            throw new IllegalArgumentException(count + " sections do not fit an array of " + data.length + " values");
        }
        if (written + count > header.nz()) {
            throw new CryoEtException("Cannot write " + target + ": more than the declared " + header.nz()
                    + " sections were supplied");
        }
        int sectionBytes = sectionVoxels * mode.bytesPerVoxel();
        int perBatch = Math.max(1, BATCH_BYTES / sectionBytes);
        for (int s = 0; s < count; s += perBatch) {
            int n = Math.min(perBatch, count - s);
            ByteBuffer buf = ByteBuffer.allocate(n * sectionBytes).order(header.byteOrder());
            MrcCodec.Stats[] part = new MrcCodec.Stats[n];
            long[] clamp = new long[n];
            int base = first + s;
            Parallel.forEach(n, k -> {
                part[k] = new MrcCodec.Stats();
                clamp[k] = MrcCodec.encode(data, (base + k) * sectionVoxels, sectionVoxels, mode, buf, k * sectionBytes,
                        part[k]);
            });
            try {
                writeFully(channel, buf, header.dataOffset() + (long) written * sectionBytes);
            } catch (IOException e) {
                throw new CryoEtException("Cannot write " + target + ": " + e.getMessage(), e);
            }
            for (int k = 0; k < n; k++) {
                stats.merge(part[k]);
                clamped += clamp[k];
            }
            written += n;
        }
    }

    /**
     * Finishes the file: checks that all sections arrived, writes the statistics into the header
     * and renames the temporary file onto the target (refusing an existing target unless
     * overwrite). Returns the number of clamped voxels. On failure the temporary file is deleted.
     */
    public long commit() {
        ensureOpen();
        if (written != header.nz()) {
            close(); // a failed commit is final: the partial file is removed
            throw new CryoEtException("Cannot write " + target + ": only " + written + " of " + header.nz()
                    + " sections were supplied");
        }
        MrcHeader h;
        if (mode.isComplex()) {
            // mrcfile's convention for transforms: min/max/mean undetermined, RMS of the data
            h = header.withStatistics(0f, -1f, -2f, stats.n > 0 ? (float) stats.std() : -1f);
        } else if (stats.n == 0) {
            h = header.withStatistics(0f, -1f, -2f, -1f);
        } else if (mode == MrcMode.HALF) {
            // RMS "not determined": mrcfile's validator recomputes it by summing in float16, which
            // overflows (inf) as soon as the sum passes 65504, so any true value would be rejected
            h = header.withStatistics((float) stats.min, (float) stats.max, (float) stats.mean(), -1f);
        } else {
            h = header.withStatistics((float) stats.min, (float) stats.max, (float) stats.mean(), (float) stats.std());
        }
        try {
            writeFully(channel, ByteBuffer.wrap(h.encode()), 0);
            channel.force(false);
            channel.close();
            AtomicOutput.checkTarget(target, overwrite, inputs);
            AtomicOutput.publish(tmp, target);
        } catch (IOException e) {
            throw new CryoEtException("Cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            committed = true;
            close();
        }
        return clamped;
    }

    /** Deletes the temporary file unless {@link #commit()} succeeded. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing useful to do; the file is deleted below
        }
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
            // hidden .part file; harmless
        }
    }

    /** The temporary file being written (for tests and diagnostics). */
    Path temporaryFile() {
        return tmp;
    }

    private void ensureOpen() {
        if (closed) throw new IllegalStateException("MRC writer for " + target + " is closed");
    }

    private static void cleanup(FileChannel ch, Path t) {
        try {
            if (ch != null) ch.close();
            if (t != null) Files.deleteIfExists(t);
        } catch (IOException ignored) {
            // best effort
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer b, long position) throws IOException {
        long pos = position;
        while (b.hasRemaining()) pos += ch.write(b, pos);
    }
}
