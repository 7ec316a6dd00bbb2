package org.cryoet.io;

import java.nio.ByteBuffer;

/**
 * Conversion between stored MRC voxels and floats, in tight primitive loops. Buffers carry the
 * file's byte order; reads and writes are absolute (from a start index), so one buffer may be
 * shared by threads working on disjoint ranges.
 */
final class MrcCodec {
    private MrcCodec() {
    }

    /**
     * Runs up to this many voxels are decoded one absolute read at a time: the bulk path allocates
     * a view (or a scratch array) per call, and training reads its crops row by row, a few
     * thousand short rows per iteration, which kept the Java heap churning.
     */
    private static final int ELEMENTWISE_RUN = 512;

    /**
     * Decodes {@code n} voxels starting at byte {@code pos} of {@code src} into {@code dst[off..]}.
     * Complex modes yield the real part.
     */
    static void decode(ByteBuffer src, int pos, MrcMode mode, boolean unsignedBytes, float[] dst, int off, int n) {
        if (n <= ELEMENTWISE_RUN || mode == MrcMode.COMPLEX_SHORT || mode == MrcMode.COMPLEX_FLOAT) {
            int bpv = mode.bytesPerVoxel();
            for (int i = 0; i < n; i++) dst[off + i] = decodeOne(src, pos + i * bpv, mode, unsignedBytes);
            return;
        }
        switch (mode) {
            case FLOAT -> src.slice(pos, n * 4).order(src.order()).asFloatBuffer().get(dst, off, n);
            case BYTE -> {
                byte[] b = new byte[n];
                src.get(pos, b);
                if (unsignedBytes) {
                    for (int i = 0; i < n; i++) dst[off + i] = b[i] & 0xff;
                } else {
                    for (int i = 0; i < n; i++) dst[off + i] = b[i];
                }
            }
            case SHORT, USHORT, HALF -> {
                short[] w = new short[n];
                src.slice(pos, n * 2).order(src.order()).asShortBuffer().get(w);
                if (mode == MrcMode.SHORT) {
                    for (int i = 0; i < n; i++) dst[off + i] = w[i];
                } else if (mode == MrcMode.USHORT) {
                    for (int i = 0; i < n; i++) dst[off + i] = w[i] & 0xffff;
                } else {
                    for (int i = 0; i < n; i++) dst[off + i] = HalfFloat.toFloat(w[i]);
                }
            }
            default -> throw new IllegalStateException("complex modes are decoded voxel by voxel");
        }
    }

    static float decodeOne(ByteBuffer src, int pos, MrcMode mode, boolean unsignedBytes) {
        return switch (mode) {
            case FLOAT -> src.getFloat(pos);
            case BYTE -> unsignedBytes ? src.get(pos) & 0xff : src.get(pos);
            case SHORT, COMPLEX_SHORT -> src.getShort(pos);
            case USHORT -> src.getShort(pos) & 0xffff;
            case HALF -> HalfFloat.toFloat(src.getShort(pos));
            case COMPLEX_FLOAT -> src.getFloat(pos);
        };
    }

    /**
     * Encodes {@code n} floats from {@code src[off..]} at byte {@code pos} of {@code dst} and adds
     * the values as stored (after rounding/clamping) to {@code stats}. Integer modes round to
     * nearest and clamp to the mode's range; NaN becomes 0. Half floats beyond +-65504 are
     * clamped to it. Complex float stores the value as real part and 0 as imaginary part.
     * Bytes are written signed (MRC2014). Returns the number of clamped (or NaN-replaced) values.
     */
    static long encode(float[] src, int off, int n, MrcMode mode, ByteBuffer dst, int pos, Stats stats) {
        if (mode == MrcMode.FLOAT) {
            dst.slice(pos, n * 4).order(dst.order()).asFloatBuffer().put(src, off, n);
            stats.addAll(src, off, n);
            return 0;
        }
        // stored values as floats (for the statistics), and the encoded words for one bulk put
        float[] stored = new float[n];
        long clamped = 0;
        switch (mode) {
            case COMPLEX_FLOAT -> {
                for (int i = 0; i < n; i++) {
                    float v = src[off + i];
                    dst.putFloat(pos + 8 * i, v).putFloat(pos + 8 * i + 4, 0f);
                    stored[i] = v;
                }
            }
            case HALF -> {
                short[] words = new short[n];
                for (int i = 0; i < n; i++) {
                    float v = src[off + i];
                    if (v > HalfFloat.MAX) {
                        v = HalfFloat.MAX;
                        clamped++;
                    } else if (v < -HalfFloat.MAX) {
                        v = -HalfFloat.MAX;
                        clamped++;
                    }
                    short h = HalfFloat.fromFloat(v);
                    words[i] = h;
                    stored[i] = HalfFloat.toFloat(h);
                }
                dst.slice(pos, n * 2).order(dst.order()).asShortBuffer().put(words);
            }
            case BYTE, SHORT, USHORT, COMPLEX_SHORT -> {
                int lo = mode == MrcMode.BYTE ? -128 : mode == MrcMode.USHORT ? 0 : -32768;
                int hi = mode == MrcMode.BYTE ? 127 : mode == MrcMode.USHORT ? 65535 : 32767;
                int step = mode == MrcMode.COMPLEX_SHORT ? 2 : 1;
                short[] words = mode == MrcMode.BYTE ? null : new short[n * step];
                byte[] bytes = mode == MrcMode.BYTE ? new byte[n] : null;
                for (int i = 0; i < n; i++) {
                    float v = src[off + i];
                    int q;
                    if (v != v) {
                        q = 0;
                        clamped++;
                    } else {
                        long r = Math.round((double) v);
                        if (r < lo) {
                            q = lo;
                            clamped++;
                        } else if (r > hi) {
                            q = hi;
                            clamped++;
                        } else {
                            q = (int) r;
                        }
                    }
                    if (bytes != null) {
                        bytes[i] = (byte) q;
                    } else {
                        words[i * step] = (short) q;
                    }
                    stored[i] = q;
                }
                if (bytes != null) {
                    dst.put(pos, bytes);
                } else {
                    dst.slice(pos, words.length * 2).order(dst.order()).asShortBuffer().put(words);
                }
            }
            default -> throw new IllegalStateException(mode.toString());
        }
        stats.addAll(stored, 0, n);
        return clamped;
    }

    /**
     * Running min/max/mean/std of finite values, accumulated as sums of deviations from the
     * first value (keeps precision for data far from zero) and merged across chunks exactly.
     */
    static final class Stats {
        long n;
        long nonFinite;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        private double shift = Double.NaN;
        private double sum;
        private double sumSq;

        void add(float v) {
            if (!Float.isFinite(v)) {
                nonFinite++;
                return;
            }
            if (n == 0) shift = v;
            double d = v - shift;
            sum += d;
            sumSq += d * d;
            if (v < min) min = v;
            if (v > max) max = v;
            n++;
        }

        /** Adds {@code n} values (one tight loop; same result as adding them one by one). */
        void addAll(float[] a, int off, int n) {
            int i = off;
            int end = off + n;
            if (this.n == 0) {
                while (i < end && !Float.isFinite(a[i])) {
                    nonFinite++;
                    i++;
                }
                if (i == end) return;
                shift = a[i];
            }
            double s = 0;
            double ss = 0;
            double lo = min;
            double hi = max;
            double sh = shift;
            long count = 0;
            long bad = 0;
            for (; i < end; i++) {
                float v = a[i];
                if (!Float.isFinite(v)) {
                    bad++;
                    continue;
                }
                double d = v - sh;
                s += d;
                ss += d * d;
                if (v < lo) lo = v;
                if (v > hi) hi = v;
                count++;
            }
            sum += s;
            sumSq += ss;
            min = lo;
            max = hi;
            this.n += count;
            nonFinite += bad;
        }

        double mean() {
            return n == 0 ? Double.NaN : shift + sum / n;
        }

        /** Sum of squared deviations from the mean. */
        double m2() {
            return n == 0 ? 0 : Math.max(0, sumSq - sum * sum / n);
        }

        double std() {
            return n == 0 ? Double.NaN : Math.sqrt(m2() / n);
        }

        /** Adds another accumulator (Chan et al.'s pairwise combination). */
        void merge(Stats o) {
            if (o.n == 0) {
                nonFinite += o.nonFinite;
                return;
            }
            if (n == 0) {
                n = o.n;
                nonFinite += o.nonFinite;
                min = o.min;
                max = o.max;
                shift = o.shift;
                sum = o.sum;
                sumSq = o.sumSq;
                return;
            }
            double meanA = mean();
            double meanB = o.mean();
            long total = n + o.n;
            double delta = meanB - meanA;
            double m2 = m2() + o.m2() + delta * delta * ((double) n * o.n / total);
            double mean = meanA + delta * o.n / total;
            // re-express relative to the combined mean so mean()/m2() stay exact
            shift = mean;
            sum = 0;
            sumSq = m2;
            n = total;
            nonFinite += o.nonFinite;
            min = Math.min(min, o.min);
            max = Math.max(max, o.max);
        }

        org.cryoet.volume.Statistics toStatistics() {
            return new org.cryoet.volume.Statistics(n > 0 ? min : Double.NaN, n > 0 ? max : Double.NaN, mean(), std(),
                    nonFinite);
        }
    }
}
