package org.cryoet.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicInteger;

import org.cryoet.util.CryoEtException;
import org.cryoet.util.Parallel;
import org.cryoet.util.Progress;
import org.cryoet.volume.Volume;

/**
 * Reads MRC files (MRC2014 and legacy IMOD/SerialEM variants): modes 0, 1, 2, 3, 4, 6 and 12 in
 * either byte order, skipping any extended header. Every header is checked against the file
 * length before anything is allocated, so a corrupt header fails with a {@link CryoEtException}
 * instead of a huge allocation. See {@link MrcHeader} for the interpretation rules.
 */
public final class MrcReader {
    /** Bytes read per work item when reading a whole file. */
    private static final int CHUNK_BYTES = 8 << 20;

    private MrcReader() {
    }

    /** Reads and checks the header only. */
    public static MrcHeader readHeader(Path path) {
        try (FileChannel ch = openChannel(path)) {
            return readHeader(ch, path);
        } catch (IOException e) {
            throw new CryoEtException("Cannot read MRC file " + path + ": " + e.getMessage(), e);
        }
    }

    static MrcHeader readHeader(FileChannel ch, Path path) throws IOException {
        long length = ch.size();
        if (length < MrcHeader.SIZE) {
            throw new CryoEtException("File " + path + " is too short to be an MRC file (" + length
                    + " bytes; the header alone needs 1024)");
        }
        ByteBuffer b = ByteBuffer.allocate(MrcHeader.SIZE);
        readFully(ch, b, 0, path);
        return MrcHeader.decode(b.array()).validate(path, length);
    }

    /** The raw extended header bytes (empty when NSYMBT is 0), e.g. to copy them on conversion. */
    public static byte[] readExtendedHeader(Path path) {
        try (FileChannel ch = openChannel(path)) {
            MrcHeader h = readHeader(ch, path);
            ByteBuffer b = ByteBuffer.allocate(h.nsymbt());
            readFully(ch, b, MrcHeader.SIZE, path);
            return b.array();
        } catch (IOException e) {
            throw new CryoEtException("Cannot read MRC file " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a whole MRC file into memory as float voxels, with voxel size and origin. Sections are
     * read and converted in parallel straight into the volume's array (no second full copy).
     * Files with more voxels than one Java array holds are refused: use {@link #open(Path)}.
     */
    public static Volume read(Path path) {
        return read(path, Progress.NONE);
    }

    /** As {@link #read(Path)}, reporting progress per 8 MB piece and honouring cancellation. */
    public static Volume read(Path path, Progress progress) {
        try (FileChannel ch = openChannel(path)) {
            MrcHeader h = readHeader(ch, path);
            if (h.voxelCount() > Integer.MAX_VALUE - 16) {
                throw new CryoEtException("MRC file " + path + " (" + h.nx() + " x " + h.ny() + " x " + h.nz()
                        + ") has too many voxels to read into memory at once; process it in slabs");
            }
            Volume v = Volume.create(h.nx(), h.ny(), h.nz(), h.calibration());
            float[] dst = v.data();
            MrcMode mode = h.mode();
            boolean unsigned = h.unsignedBytes();
            int bpv = mode.bytesPerVoxel();
            int perChunk = Math.max(1, CHUNK_BYTES / bpv);
            long total = h.voxelCount();
            int chunks = (int) ((total + perChunk - 1) / perChunk);
            AtomicInteger done = new AtomicInteger();
            Parallel.forEach(chunks, c -> {
                progress.checkCancelled("Reading " + path.getFileName());
                long first = (long) c * perChunk;
                int n = (int) Math.min(perChunk, total - first);
                ByteBuffer buf = ByteBuffer.allocate(n * bpv).order(h.byteOrder());
                try {
                    readFully(ch, buf, h.dataOffset() + first * bpv, path);
                } catch (IOException e) {
                    throw new CryoEtException("Cannot read MRC file " + path + ": " + e.getMessage(), e);
                }
                MrcCodec.decode(buf, 0, mode, unsigned, dst, (int) first, n);
                progress.update("Reading " + path.getFileName(), done.incrementAndGet(), chunks);
            });
            return v;
        } catch (IOException e) {
            throw new CryoEtException("Cannot read MRC file " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a file and fails with "file X contains N NaN/Inf voxels" if any voxel is not finite
     * (for commands that cannot work with such data).
     */
    public static Volume readFinite(Path path) {
        Volume v = read(path);
        InputChecks.requireFinite(v, path);
        return v;
    }

    /** Fails if {@code v} (read from {@code path}) holds NaN or infinite voxels; see {@link InputChecks}. */
    public static void requireFinite(Volume v, Path path) {
        InputChecks.requireFinite(v, path);
    }

    /**
     * Memory-maps the file for random access without reading it into the heap (large tomograms).
     * Close it when done.
     */
    public static MappedMrc open(Path path) {
        return MappedMrc.open(path);
    }

    static FileChannel openChannel(Path path) throws IOException {
        if (Files.isDirectory(path)) throw new CryoEtException("MRC input " + path + " is a directory, not a file");
        try {
            return FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new CryoEtException("MRC file " + path + " does not exist", e);
        }
    }

    static void readFully(FileChannel ch, ByteBuffer b, long position, Path path) throws IOException {
        long pos = position;
        while (b.hasRemaining()) {
            int r = ch.read(b, pos);
            if (r < 0) {
                throw new CryoEtException("MRC file " + path + " ended early (truncated while reading at byte "
                        + pos + ")");
            }
            pos += r;
        }
    }
}
