package org.cryoet.volume;

/**
 * How samples outside a volume (or a line of it) are defined, named as ImgLib2 names its
 * out-of-bounds strategies so that each name means one rule everywhere.
 */
public enum Border {
    /** Mirror with the edge sample repeated: d c b a | a b c d | d c b a (scipy 'reflect', ImgLib2 extendMirrorDouble). */
    MIRROR_DOUBLE,
    /** Mirror without repeating the edge: d c b | a b c d | c b a (scipy 'mirror', numpy 'reflect', ImgLib2 extendMirrorSingle). */
    MIRROR_SINGLE,
    /** Zeros outside. */
    ZERO;

    /** Index inside [0, n) that stands for index i, or -1 for a zero sample; repeats as often as needed. */
    public int index(int i, int n) {
        if (i >= 0 && i < n) return i;
        switch (this) {
            case MIRROR_DOUBLE: {
                int p = 2 * n;
                int m = Math.floorMod(i, p);
                return m < n ? m : p - 1 - m;
            }
            case MIRROR_SINGLE: {
                if (n == 1) return 0;
                int p = 2 * n - 2;
                int m = Math.floorMod(i, p);
                return m < n ? m : p - m;
            }
            default:
                return -1;
        }
    }
}
