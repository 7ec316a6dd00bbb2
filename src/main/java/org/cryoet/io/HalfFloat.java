package org.cryoet.io;

/**
 * IEEE 754 binary16 conversions (Java 17 has no Float.float16ToFloat). Decoding goes through a
 * 64k-entry table because it sits in the inner loop of every mode-12 read.
 */
final class HalfFloat {
    private static final float[] TABLE = new float[65536];

    static {
        for (int h = 0; h < 65536; h++) TABLE[h] = decodeSlow((short) h);
    }

    private HalfFloat() {
    }

    /** The float value of a half-precision bit pattern (exact). */
    static float toFloat(short bits) {
        return TABLE[bits & 0xffff];
    }

    private static float decodeSlow(short bits) {
        int h = bits & 0xffff;
        int sign = (h >>> 15) << 31;
        int exp = (h >>> 10) & 0x1f;
        int mant = h & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            // zero or subnormal: mant * 2^-24, exact in float
            float v = mant * 0x1p-24f;
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
    }

    /**
     * The nearest half-precision value (round to nearest, ties to even); values beyond the half
     * range become infinity, NaN stays NaN.
     */
    static short fromFloat(float f) {
        int bits = Float.floatToRawIntBits(f);
        int abs = bits & 0x7fffffff;
        if (abs >= 0x38800000 && abs < 0x477ff000) {
            // normal half range (2^-14 .. just below 65520): add half an ulp (plus the lowest kept bit
            // for ties to even), rebias the exponent from 127 to 15 and drop 13 mantissa bits
            int r = abs + 0xfff + ((abs >>> 13) & 1);
            return (short) (((bits >>> 16) & 0x8000) | ((r - 0x38000000) >>> 13));
        }
        return fromFloatSlow(bits);
    }

    /** Reference conversion (all cases, branchy); the fast path above must agree with it. */
    static short fromFloatSlow(int bits) {
        int sign = (bits >>> 16) & 0x8000;
        int exp = (bits >>> 23) & 0xff;
        int mant = bits & 0x7fffff;
        if (exp == 0xff) {
            return (short) (sign | 0x7c00 | (mant != 0 ? 0x200 | (mant >>> 13) : 0));
        }
        int e = exp - 127 + 15;
        if (e >= 0x1f) return (short) (sign | 0x7c00);
        if (e <= 0) {
            if (e < -10) return (short) sign;
            // subnormal half: shift the full 24-bit significand into place with rounding
            int m = mant | 0x800000;
            int shift = 14 - e;
            int half = m >>> shift;
            int rem = m & ((1 << shift) - 1);
            int mid = 1 << (shift - 1);
            if (rem > mid || (rem == mid && (half & 1) != 0)) half++;
            return (short) (sign | half);
        }
        int half = (e << 10) | (mant >>> 13);
        int rem = mant & 0x1fff;
        if (rem > 0x1000 || (rem == 0x1000 && (half & 1) != 0)) half++; // carry into exponent is correct
        return (short) (sign | half);
    }

    /** The largest finite half value. */
    static final float MAX = 65504f;
}
