package org.cryoet.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.cryoet.util.CryoEtException;
import org.cryoet.volume.Calibration;

/**
 * The 1024-byte MRC main header, field by field as stored (MRC2014 names, IMOD's extra fields),
 * plus the interpretation rules this project applies when reading: voxel size = CELLA/M (1 Å
 * when unset, Z = X when only Z is unset), IMOD's origin sign, IMOD's unsigned-byte flag and
 * image stack vs volume. Field values are exactly what the file holds; derived values come
 * from methods.
 *
 * @param modeCode  the MODE word (see {@link #mode()}; null there for modes we do not read)
 * @param exttyp    EXTTYP as text (trailing NULs and spaces removed; "" when unset)
 * @param machineStamp the first two machine-stamp bytes as stored (e.g. 0x4444, 0x4441, 0x1111)
 * @param mapString the MAP word as text ("MAP " in MRC2014 files, often "" in legacy ones)
 * @param imodStamp true when word 39 holds IMOD's stamp 1146047817
 * @param imodFlags IMOD flags (bit 1: signed bytes; 4: origin has MRC2014 sign), 0 without stamp
 * @param nint      IMOD/SerialEM extended-header bytes (or ints) per section
 * @param nreal     IMOD/SerialEM extended-header flags (or reals) per section
 */
public record MrcHeader(int nx, int ny, int nz, int modeCode,
                        int nxstart, int nystart, int nzstart,
                        int mx, int my, int mz,
                        float cellX, float cellY, float cellZ,
                        float alpha, float beta, float gamma,
                        int mapc, int mapr, int maps,
                        float dmin, float dmax, float dmean,
                        int ispg, int nsymbt, String exttyp, int nversion,
                        float originX, float originY, float originZ,
                        String mapString, int machineStamp, ByteOrder byteOrder, float rms,
                        List<String> labels, boolean imodStamp, int imodFlags, int nint, int nreal) {

    /** Size of the main header in bytes. */
    public static final int SIZE = 1024;
    /** IMOD's stamp value in word 39 (byte 152). */
    public static final int IMOD_STAMP = 1146047817;
    /** imodFlags bit: mode-0 bytes are signed. */
    public static final int IMOD_SIGNED_BYTES = 1;
    /** imodFlags bit: ORIGIN holds the MRC2014 sign. */
    public static final int IMOD_ORIGIN_MRC2014 = 4;
    /** The MRC2014 version we write. */
    public static final int NVERSION_20141 = 20141;
    /** Extended header types mrcfile's validator knows (a written NSYMBT > 0 needs one of them). */
    public static final List<String> KNOWN_EXTTYPES = List.of("CCP4", "MRCO", "SERI", "AGAR", "FEI1", "FEI2", "HDF5");

    public MrcHeader {
        labels = List.copyOf(labels);
    }

    /** The data mode, or null if the MODE word is not one we read. */
    public MrcMode mode() {
        return MrcMode.ofCode(modeCode);
    }

    /** Byte offset of the first voxel: main header plus extended header. */
    public long dataOffset() {
        return SIZE + (long) nsymbt;
    }

    /** Number of voxels (long: may exceed one Java array). */
    public long voxelCount() {
        return (long) nx * ny * nz;
    }

    /** Bytes of one section (nx*ny voxels). */
    public long sectionBytes() {
        return (long) nx * ny * mode().bytesPerVoxel();
    }

    /** Bytes of the data block. */
    public long dataBytes() {
        return sectionBytes() * nz;
    }

    /**
     * True when mode-0 bytes are unsigned. MRC2014 says signed; a file with IMOD's stamp says which
     * through flag bit 1 (clear = unsigned, as IMOD wrote before 4.2.23).
     */
    public boolean unsignedBytes() {
        if (modeCode != 0) return false;
        if (imodStamp) return (imodFlags & IMOD_SIGNED_BYTES) == 0;
        // Pre-MRC2014 files without IMOD's stamp: only unsigned bytes fit header statistics like
        // min >= 0 and max >= 128 (the rule IMOD itself applies to such files).
        return nversion < 20140 && dmin >= 0 && dmax >= 128 && dmax <= 255;
    }

    /** Voxel size along x in Å: CELLA.x / MX, or 1 when either is unset. */
    public double voxelX() {
        return spacing(cellX, mx, 1);
    }

    public double voxelY() {
        return spacing(cellY, my, 1);
    }

    /** Voxel size along z; IMOD's rule: when unset it equals the x size. */
    public double voxelZ() {
        return spacing(cellZ, mz, voxelX());
    }

    private static double spacing(float cell, int m, double fallback) {
        if (m <= 0 || !Float.isFinite(cell) || cell < 1e-5f) return fallback;
        return (double) cell / m;
    }

    /**
     * True when ORIGIN holds the MRC2014 sign. IMOD wrote the opposite sign (origin of the
     * coordinate system relative to the first voxel) unless it says otherwise: MRC2014 files
     * (NVERSION >= 20140) and IMOD's flag bit 4 mean MRC2014 sign; an IMOD stamp without either
     * means IMOD sign; files from other software are taken as MRC2014.
     */
    public boolean originIsMrc2014() {
        if (nversion >= 20140) return true;
        if (imodStamp) return (imodFlags & IMOD_ORIGIN_MRC2014) != 0;
        return true;
    }

    /** Voxel size and origin (MRC2014 sign, Å) as the rest of the project uses them. */
    public Calibration calibration() {
        double s = originIsMrc2014() ? 1 : -1;
        return new Calibration(voxelX(), voxelY(), voxelZ(), s * finite(originX), s * finite(originY),
                s * finite(originZ));
    }

    private static double finite(float v) {
        return Float.isFinite(v) ? v : 0;
    }

    /**
     * True for an image stack (tilt series), false for a volume. ISPG 1..230 or 401..630 is a
     * volume; ISPG 0 with MZ 1 (MRC2014's image stack) is a stack. IMOD writes ISPG 0 and MZ = NZ
     * for both, so that case is decided by the file extension (.st, .ali, .preali, .mrcs, .tif-like
     * stack names are stacks; everything else, e.g. .rec and .mrc, a volume).
     */
    public boolean isStack(Path file) {
        if (ispg != 0) return false;
        if (mz == 1 && nz > 1) return true;
        String name = file == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".st") || name.endsWith(".ali") || name.endsWith(".preali")
                || name.endsWith(".mrcs") || name.endsWith(".ts");
    }

    /** True when the header statistics are marked as not computed (MRC2014 note 5). */
    public boolean statsUndetermined() {
        return dmax < dmin || !Float.isFinite(dmin) || !Float.isFinite(dmax);
    }

    // ------------------------------------------------------------------------------------------
    // Decoding

    /**
     * Decodes a main header. The byte order comes from the machine stamp when the header makes
     * sense in that order; otherwise from whichever order gives plausible dimensions, MODE and
     * axis words (files in the wild carry wrong or old stamps; IMOD ignores the stamp entirely).
     * No validation beyond choosing the order: see {@link #validate(Path, long)}.
     */
    public static MrcHeader decode(byte[] bytes) {
        if (bytes.length < SIZE) throw new IllegalArgumentException("header needs 1024 bytes");
        int stampByte = bytes[212] & 0xff;
        ByteOrder stamped = stampByte == 0x11 ? ByteOrder.BIG_ENDIAN
                : stampByte == 0x44 ? ByteOrder.LITTLE_ENDIAN : null;
        ByteOrder first = stamped != null ? stamped : ByteOrder.LITTLE_ENDIAN;
        ByteOrder second = first == ByteOrder.LITTLE_ENDIAN ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        ByteOrder order = first;
        if (!plausible(ByteBuffer.wrap(bytes).order(first)) && plausible(ByteBuffer.wrap(bytes).order(second))) {
            order = second;
        }
        return decode(ByteBuffer.wrap(bytes).order(order));
    }

    private static boolean plausible(ByteBuffer b) {
        int nx = b.getInt(0), ny = b.getInt(4), nz = b.getInt(8), mode = b.getInt(12);
        if (nx <= 0 || ny <= 0 || nz <= 0) return false;
        if (nx >= 65536 && ny >= 65536 && nz >= 65536) return false;
        if (mode < 0 || mode > 65535) return false;
        for (int off = 64; off <= 72; off += 4) {
            int m = b.getInt(off);
            if (m < 0 || m > 4) return false;
        }
        return true;
    }

    private static MrcHeader decode(ByteBuffer b) {
        int nlabl = b.getInt(220);
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < Math.max(0, Math.min(10, nlabl)); i++) {
            labels.add(text(b, 224 + 80 * i, 80));
        }
        boolean stamp = b.getInt(152) == IMOD_STAMP;
        int machine = ((b.get(212) & 0xff) << 8) | (b.get(213) & 0xff);
        return new MrcHeader(b.getInt(0), b.getInt(4), b.getInt(8), b.getInt(12),
                b.getInt(16), b.getInt(20), b.getInt(24),
                b.getInt(28), b.getInt(32), b.getInt(36),
                b.getFloat(40), b.getFloat(44), b.getFloat(48),
                b.getFloat(52), b.getFloat(56), b.getFloat(60),
                b.getInt(64), b.getInt(68), b.getInt(72),
                b.getFloat(76), b.getFloat(80), b.getFloat(84),
                b.getInt(88), b.getInt(92), text(b, 104, 4), b.getInt(108),
                b.getFloat(196), b.getFloat(200), b.getFloat(204),
                text(b, 208, 4), machine, b.order(), b.getFloat(216),
                labels, stamp, stamp ? b.getInt(156) : 0, b.getShort(128), b.getShort(130));
    }

    /** Printable ASCII of a fixed-width field, without trailing NULs/spaces; other bytes become '?'. */
    private static String text(ByteBuffer b, int off, int len) {
        StringBuilder sb = new StringBuilder(len);
        for (int i = 0; i < len; i++) {
            int c = b.get(off + i) & 0xff;
            if (c == 0) c = ' ';
            sb.append(c >= 32 && c < 127 ? (char) c : '?');
        }
        int end = sb.length();
        while (end > 0 && sb.charAt(end - 1) == ' ') end--;
        return sb.substring(0, end);
    }

    /**
     * Checks what reading needs, against the actual file length: positive dimensions, a mode we
     * read, an extended header inside the file, and a data block that fits. Fails with one
     * {@link CryoEtException} naming the file and the problem. Tolerates what legacy IMOD and
     * SerialEM files do (no MAP word, NVERSION 0, unknown EXTTYP, stale statistics, odd stamps,
     * trailing bytes after the data).
     */
    public MrcHeader validate(Path file, long fileLength) {
        if (nx <= 0 || ny <= 0 || nz <= 0) {
            throw new CryoEtException("MRC file " + file + " has invalid dimensions " + nx + " x " + ny + " x " + nz
                    + " (corrupt header or not an MRC file)");
        }
        if (mode() == null && (modeCode < 0 || modeCode > 1000)) {
            throw new CryoEtException("File " + file + " does not look like an MRC file (its header gives data mode "
                    + modeCode + " and dimensions " + nx + " x " + ny + " x " + nz + ")");
        }
        if (mode() == null) {
            String hint = modeCode == 101 ? " (4-bit packed frames; unpack them with IMOD first)"
                    : modeCode == 16 ? " (RGB colour)" : "";
            throw new CryoEtException("MRC file " + file + " uses data mode " + modeCode + hint
                    + ", which is not supported (supported modes: 0, 1, 2, 3, 4, 6, 12)");
        }
        if (nsymbt < 0) {
            throw new CryoEtException("MRC file " + file + " declares a negative extended header size (NSYMBT = "
                    + nsymbt + ")");
        }
        if (dataOffset() > fileLength) {
            throw new CryoEtException("MRC file " + file + " declares an extended header of " + nsymbt
                    + " bytes but the file has only " + fileLength + " bytes");
        }
        long data;
        try {
            data = Math.multiplyExact(Math.multiplyExact(Math.multiplyExact((long) nx, ny), nz),
                    (long) mode().bytesPerVoxel());
        } catch (ArithmeticException e) {
            data = Long.MAX_VALUE;
        }
        if (data > fileLength - dataOffset()) {
            throw new CryoEtException(String.format(Locale.ROOT,
                    "MRC file %s is truncated or its header is wrong: %d x %d x %d voxels of mode %d need %s bytes"
                            + " of data after %d header bytes, but the file has %d bytes",
                    file, nx, ny, nz, modeCode, data == Long.MAX_VALUE ? "more than 2^63" : Long.toString(data),
                    dataOffset(), fileLength));
        }
        return this;
    }

    // ------------------------------------------------------------------------------------------
    // Encoding

    /**
     * A strict MRC2014 header for data we write: MAP "MAP ", machine stamp for the byte order,
     * NVERSION 20141, CELLB 90°, axes 1,2,3; ISPG 0 and MZ 1 for an image stack, ISPG 1 and
     * MZ = NZ for a volume; ORIGIN in Å with MRC2014 sign, plus IMOD's stamp with flags saying so
     * and that bytes are signed (so IMOD needs no guessing). Statistics start as "undetermined".
     */
    public static MrcHeader forWriting(int nx, int ny, int nz, MrcMode mode, Calibration cal, boolean stack,
                                       ByteOrder order, List<String> labels, int nsymbt, String exttyp,
                                       int nint, int nreal) {
        int mz = stack ? 1 : nz;
        return new MrcHeader(nx, ny, nz, mode.code(), 0, 0, 0, nx, ny, mz,
                (float) (cal.voxelX() * nx), (float) (cal.voxelY() * ny), (float) (cal.voxelZ() * mz),
                90f, 90f, 90f, 1, 2, 3, 0f, -1f, -2f,
                stack ? 0 : 1, nsymbt, nsymbt > 0 ? exttyp : "", NVERSION_20141,
                (float) cal.originX(), (float) cal.originY(), (float) cal.originZ(),
                "MAP ", order == ByteOrder.BIG_ENDIAN ? 0x1111 : 0x4444, order, -1f,
                labels, true, IMOD_SIGNED_BYTES | IMOD_ORIGIN_MRC2014, nint, nreal);
    }

    /** The same header with new statistics (RMS = population standard deviation). */
    public MrcHeader withStatistics(float min, float max, float mean, float rmsDeviation) {
        return new MrcHeader(nx, ny, nz, modeCode, nxstart, nystart, nzstart, mx, my, mz, cellX, cellY, cellZ,
                alpha, beta, gamma, mapc, mapr, maps, min, max, mean, ispg, nsymbt, exttyp, nversion,
                originX, originY, originZ, mapString, machineStamp, byteOrder, rmsDeviation, labels,
                imodStamp, imodFlags, nint, nreal);
    }

    /** The 1024 header bytes in {@link #byteOrder()}. */
    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(byteOrder);
        b.putInt(0, nx).putInt(4, ny).putInt(8, nz).putInt(12, modeCode);
        b.putInt(16, nxstart).putInt(20, nystart).putInt(24, nzstart);
        b.putInt(28, mx).putInt(32, my).putInt(36, mz);
        b.putFloat(40, cellX).putFloat(44, cellY).putFloat(48, cellZ);
        b.putFloat(52, alpha).putFloat(56, beta).putFloat(60, gamma);
        b.putInt(64, mapc).putInt(68, mapr).putInt(72, maps);
        b.putFloat(76, dmin).putFloat(80, dmax).putFloat(84, dmean);
        b.putInt(88, ispg).putInt(92, nsymbt);
        putText(b, 104, 4, exttyp);
        b.putInt(108, nversion);
        b.putShort(128, (short) nint).putShort(130, (short) nreal);
        if (imodStamp) b.putInt(152, IMOD_STAMP).putInt(156, imodFlags);
        b.putFloat(196, originX).putFloat(200, originY).putFloat(204, originZ);
        putText(b, 208, 4, mapString);
        b.put(212, (byte) (machineStamp >>> 8)).put(213, (byte) machineStamp);
        b.putFloat(216, rms);
        int n = Math.min(10, labels.size());
        b.putInt(220, n);
        for (int i = 0; i < n; i++) putText(b, 224 + 80 * i, 80, labels.get(i));
        return b.array();
    }

    private static void putText(ByteBuffer b, int off, int len, String s) {
        byte[] t = s.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < len; i++) {
            byte c = i < t.length ? t[i] : 0;
            // labels are space padded in the MRC tradition; 4-byte words keep NULs when empty
            if (i >= t.length && len == 80 && t.length > 0) c = ' ';
            b.put(off + i, c);
        }
    }

    /** A one-line description: "928 x 928 x 464, mode 2 (float32), little-endian". */
    @Override
    public String toString() {
        MrcMode m = mode();
        return nx + " x " + ny + " x " + nz + ", mode " + (m != null ? m.describe() : Integer.toString(modeCode))
                + ", " + (byteOrder == ByteOrder.BIG_ENDIAN ? "big" : "little") + "-endian";
    }
}
