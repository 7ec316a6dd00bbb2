package org.cryoet.io;

import java.nio.file.Path;

import org.cryoet.util.CryoEtException;

/**
 * MRC data modes this project reads (all) and writes (all except {@link #COMPLEX_SHORT}).
 * Complex modes are read as their real part: we only ever meet them as stray transforms, and
 * the real part is what a real-space tool can use without guessing.
 */
public enum MrcMode {
    /** Mode 0: 8-bit integer, signed in MRC2014; unsigned in IMOD files that say so. */
    BYTE(0, 1, true),
    /** Mode 1: signed 16-bit integer. */
    SHORT(1, 2, true),
    /** Mode 2: 32-bit IEEE float, the usual tomogram mode. */
    FLOAT(2, 4, false),
    /** Mode 3: complex of two signed 16-bit integers (read only, real part). */
    COMPLEX_SHORT(3, 4, true),
    /** Mode 4: complex of two 32-bit floats (read as real part). */
    COMPLEX_FLOAT(4, 8, false),
    /** Mode 6: unsigned 16-bit integer. */
    USHORT(6, 2, true),
    /** Mode 12: IEEE 754 half-precision float (MRC2014 update 20141). */
    HALF(12, 2, false);

    private final int code;
    private final int bytesPerVoxel;
    private final boolean integer;

    MrcMode(int code, int bytesPerVoxel, boolean integer) {
        this.code = code;
        this.bytesPerVoxel = bytesPerVoxel;
        this.integer = integer;
    }

    /** The MODE word stored in the header. */
    public int code() {
        return code;
    }

    public int bytesPerVoxel() {
        return bytesPerVoxel;
    }

    /** True for modes whose values are integers (written by rounding and clamping). */
    public boolean isInteger() {
        return integer;
    }

    public boolean isComplex() {
        return this == COMPLEX_SHORT || this == COMPLEX_FLOAT;
    }

    /** The mode for a header MODE word, or null if the word is not a mode we support. */
    public static MrcMode ofCode(int code) {
        for (MrcMode m : values()) {
            if (m.code == code) return m;
        }
        return null;
    }

    /** The mode for a number given by a user (e.g. {@code --mode 12}); fails with a clear message. */
    public static MrcMode parse(String text, Path file) {
        try {
            MrcMode m = ofCode(Integer.parseInt(text.trim()));
            if (m != null && m != COMPLEX_SHORT) return m;
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new CryoEtException("MRC mode '" + text + "' for " + file
                + " is not one we write (choose 0, 1, 2, 4, 6 or 12)");
    }

    /** Short human description, e.g. "2 (float32)". */
    public String describe() {
        String what = switch (this) {
            case BYTE -> "int8";
            case SHORT -> "int16";
            case FLOAT -> "float32";
            case COMPLEX_SHORT -> "complex int16";
            case COMPLEX_FLOAT -> "complex float32";
            case USHORT -> "uint16";
            case HALF -> "float16";
        };
        return code + " (" + what + ")";
    }
}
