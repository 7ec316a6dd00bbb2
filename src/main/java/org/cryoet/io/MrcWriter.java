package org.cryoet.io;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.cryoet.util.CryoEtException;
import org.cryoet.volume.Volume;

/**
 * Writes strict MRC2014 files that pass CCP-EM mrcfile's validator: "MAP " word, machine stamp,
 * NVERSION 20141, statistics of the values as stored, ISPG/MZ for image stack vs volume, the
 * calibration's voxel size (CELLA = size x M) and origin (ORIGIN, Å, MRC2014 sign), input labels
 * kept plus one label naming this software. Float16 files get RMS -1 ("not determined", see
 * {@link MrcStreamWriter#commit()}). Integer modes round to nearest and clamp; the
 * methods taking a mode return the number of clamped voxels.
 */
public final class MrcWriter {
    /** Name and version put into the label of every file we write. */
    public static final String SOFTWARE = "cryoet-icecream 0.1.0";

    private MrcWriter() {
    }

    /** An extended header to store after the main header (type must be one mrcfile knows when non-empty). */
    public record ExtendedHeader(String type, byte[] bytes, int nint, int nreal) {
    }

    /**
     * How to write: data mode, image stack (ISPG 0) or volume (ISPG 1), byte order, labels to keep
     * from the input (ours is appended), optional extended header.
     */
    public record Options(MrcMode mode, boolean stack, ByteOrder byteOrder, List<String> labels,
                          ExtendedHeader extendedHeader) {
        public Options {
            labels = List.copyOf(labels);
        }

        /** Float32 volume, little-endian, no labels kept. */
        public static Options of(MrcMode mode, boolean stack) {
            return new Options(mode, stack, ByteOrder.LITTLE_ENDIAN, List.of(), null);
        }

        public Options withByteOrder(ByteOrder order) {
            return new Options(mode, stack, order, labels, extendedHeader);
        }

        public Options withLabels(List<String> keep) {
            return new Options(mode, stack, byteOrder, keep, extendedHeader);
        }

        public Options withExtendedHeader(ExtendedHeader ext) {
            return new Options(mode, stack, byteOrder, labels, ext);
        }
    }

    /** Writes a float32 volume (ISPG 1), replacing an existing file. */
    public static void write(Path path, Volume v) {
        write(path, v, false, true);
    }

    /** Writes a float32 image stack (ISPG 0, e.g. a tilt series), replacing an existing file. */
    public static void writeStack(Path path, Volume v) {
        write(path, v, true, true);
    }

    /**
     * Writes {@code v} atomically as float32; {@code stack} selects image stack (ISPG 0) vs
     * volume (ISPG 1). An existing file is refused unless {@code overwrite}; inputs are refused.
     */
    public static void write(Path path, Volume v, boolean stack, boolean overwrite, Path... inputs) {
        write(path, v, MrcMode.FLOAT, stack, overwrite, inputs);
    }

    /**
     * Writes {@code v} atomically in the given mode. Integer modes round to nearest and clamp to
     * the mode's range (NaN becomes 0); float16 clamps to +-65504.
     *
     * @return the number of voxels that were clamped (0 for float32)
     */
    public static long write(Path path, Volume v, MrcMode mode, boolean stack, boolean overwrite, Path... inputs) {
        return write(path, v, Options.of(mode, stack), overwrite, inputs);
    }

    /** Writes {@code v} atomically with full options; returns the number of clamped voxels. */
    public static long write(Path path, Volume v, Options options, boolean overwrite, Path... inputs) {
        try (MrcStreamWriter w = MrcStreamWriter.create(path, v.nx(), v.ny(), v.nz(), options, v.calibration(),
                overwrite, inputs)) {
            w.writeSlab(v.data(), v.nz());
            return w.commit();
        }
    }

    /**
     * The labels to store: non-blank input labels, then ours. With ten labels already, the
     * oldest after the first is dropped (the first usually names the acquisition).
     */
    static List<String> labelsToWrite(List<String> keep) {
        List<String> out = new ArrayList<>();
        for (String l : keep) {
            String t = l.strip();
            if (t.isEmpty()) continue;
            out.add(printable(t));
        }
        while (out.size() > 9) out.remove(out.size() > 1 ? 1 : 0);
        String time = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss",
                Locale.ROOT));
        out.add(String.format(Locale.ROOT, "%-56s%s UTC", "Written by " + SOFTWARE, time));
        return out;
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && sb.length() < 80; i++) {
            char c = s.charAt(i);
            sb.append(c >= 32 && c < 127 ? c : '?');
        }
        return sb.toString();
    }

    /** Checks an extended-header type before writing, so the file passes mrcfile's validator. */
    static void checkExtendedType(Path path, ExtendedHeader ext) {
        if (ext != null && ext.bytes().length > 0 && !MrcHeader.KNOWN_EXTTYPES.contains(ext.type())) {
            throw new CryoEtException("Cannot write " + path + ": extended header type '" + ext.type()
                    + "' is not a known MRC2014 type");
        }
    }
}
