package org.cryoet.learn;

/**
 * A proper 3D rotation (orthonormal 3x3 matrix with determinant +1) acting on (x, y, z) vectors,
 * with trilinear resampling of cubic volumes about their centres.
 *
 * <p>Rotating a volume v gives (R v)(p) = v(R^T p) for positions p relative to the centre, so its
 * Fourier transform is rotated the same way: F(R v)(k) = F(v)(R^T k). A frequency k is therefore
 * measured in R v exactly when R^T k is measured in v ({@link #applyTranspose}).
 */
public final class Rotation3d {

    /** Row-major matrix: m[3 * row + column]. */
    private final double[] m;

    private Rotation3d(double[] m) {
        this.m = m;
    }

    /** The rotation with this row-major matrix (checked: orthonormal with determinant +1 to 1e-9). */
    public static Rotation3d of(double[] rowMajor) {
        if (rowMajor.length != 9) throw new IllegalArgumentException("a 3x3 matrix has 9 entries");
        Rotation3d r = new Rotation3d(rowMajor.clone());
        if (r.orthonormalityError() > 1e-9 || Math.abs(r.determinant() - 1) > 1e-9) {
            throw new IllegalArgumentException("not a proper rotation matrix");
        }
        return r;
    }

    /** The identity. */
    public static Rotation3d identity() {
        return new Rotation3d(new double[]{1, 0, 0, 0, 1, 0, 0, 0, 1});
    }

    /**
     * The rotation of the unit quaternion (w, x, y, z) (normalised here; not all zero).
     */
    public static Rotation3d fromQuaternion(double w, double x, double y, double z) {
        double n = Math.sqrt(w * w + x * x + y * y + z * z);
        if (!(n > 0)) throw new IllegalArgumentException("zero quaternion");
        w /= n;
        x /= n;
        y /= n;
        z /= n;
        return new Rotation3d(new double[]{
                1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y),
                2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x),
                2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)});
    }

    /**
     * A rotation drawn uniformly from SO(3) (Haar measure) from three uniform numbers in [0, 1),
     * by Shoemake's subgroup algorithm (a uniform unit quaternion).
     */
    public static Rotation3d uniform(double u1, double u2, double u3) {
        double a = Math.sqrt(1 - u1);
        double b = Math.sqrt(u1);
        double t2 = 2 * Math.PI * u2;
        double t3 = 2 * Math.PI * u3;
        return fromQuaternion(b * Math.cos(t3), a * Math.sin(t2), a * Math.cos(t2), b * Math.sin(t3));
    }

    /**
     * The uniformly random rotation of sample {@code sample} at a 1-based iteration: a pure function
     * of (seed, salt, iteration, sample), so a resumed run draws the same rotations. Different
     * salts give independent streams for different uses.
     */
    public static Rotation3d random(long seed, long salt, long iteration, int sample) {
        long h = SplitMix.mix(SplitMix.mix(SplitMix.mix(seed ^ salt) + SplitMix.GOLDEN_GAMMA * iteration) + sample);
        long h1 = SplitMix.mix(h);
        long h2 = SplitMix.mix(h1);
        long h3 = SplitMix.mix(h2);
        return uniform(unit(h1), unit(h2), unit(h3));
    }

    /** The upper 53 bits as a double in [0, 1). */
    private static double unit(long h) {
        return (h >>> 11) * 0x1.0p-53;
    }

    /** The row-major matrix (a copy). */
    public double[] matrix() {
        return m.clone();
    }

    /** The inverse (the transpose). */
    public Rotation3d inverse() {
        return new Rotation3d(new double[]{m[0], m[3], m[6], m[1], m[4], m[7], m[2], m[5], m[8]});
    }

    /** R v for v = (x, y, z). */
    public double[] apply(double x, double y, double z) {
        return new double[]{m[0] * x + m[1] * y + m[2] * z, m[3] * x + m[4] * y + m[5] * z,
                m[6] * x + m[7] * y + m[8] * z};
    }

    /** R^T v for v = (x, y, z). */
    public double[] applyTranspose(double x, double y, double z) {
        return new double[]{m[0] * x + m[3] * y + m[6] * z, m[1] * x + m[4] * y + m[7] * z,
                m[2] * x + m[5] * y + m[8] * z};
    }

    public double determinant() {
        return m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6])
                + m[2] * (m[3] * m[7] - m[4] * m[6]);
    }

    /** Largest absolute entry of R R^T - I. */
    public double orthonormalityError() {
        double e = 0;
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++) {
                double s = 0;
                for (int k = 0; k < 3; k++) s += m[3 * i + k] * m[3 * j + k];
                e = Math.max(e, Math.abs(s - (i == j ? 1 : 0)));
            }
        return e;
    }

    /**
     * Resamples the rotated cube: {@code src} holds {@code n}^3 voxels (x fastest), {@code dst}
     * receives the centred {@code out}^3 cube of R src, dst(p) = src(R^T p) with p relative to the
     * centres ((n - 1)/2 and (out - 1)/2 on each axis), by trilinear interpolation; positions outside
     * src contribute zero.
     *
     * @param srcOffset index of src's first voxel
     * @param dstOffset index of dst's first voxel
     */
    public void resample(float[] src, int srcOffset, int n, float[] dst, int dstOffset, int out) {
        double cs = (n - 1) / 2.0;
        double co = (out - 1) / 2.0;
        int plane = n * n;
        for (int z = 0; z < out; z++) {
            double pz = z - co;
            for (int y = 0; y < out; y++) {
                double py = y - co;
                // q = R^T p + cs with p = (x - co, py, pz); component i of R^T p is sum_j m[3j + i] p_j
                double qx0 = m[3] * py + m[6] * pz - m[0] * co + cs;
                double qy0 = m[4] * py + m[7] * pz - m[1] * co + cs;
                double qz0 = m[5] * py + m[8] * pz - m[2] * co + cs;
                int row = dstOffset + out * (y + out * z);
                for (int x = 0; x < out; x++) {
                    double qx = qx0 + m[0] * x;
                    double qy = qy0 + m[1] * x;
                    double qz = qz0 + m[2] * x;
                    dst[row + x] = (float) trilinear(src, srcOffset, n, plane, qx, qy, qz);
                }
            }
        }
    }

    private static double trilinear(float[] v, int off, int n, int plane, double x, double y, double z) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        int z0 = (int) Math.floor(z);
        if (x0 < -1 || y0 < -1 || z0 < -1 || x0 >= n || y0 >= n || z0 >= n) return 0;
        double fx = x - x0;
        double fy = y - y0;
        double fz = z - z0;
        double s = 0;
        for (int dz = 0; dz < 2; dz++) {
            int zz = z0 + dz;
            if (zz < 0 || zz >= n) continue;
            double wz = dz == 0 ? 1 - fz : fz;
            for (int dy = 0; dy < 2; dy++) {
                int yy = y0 + dy;
                if (yy < 0 || yy >= n) continue;
                double wy = dy == 0 ? 1 - fy : fy;
                int base = off + n * yy + plane * zz;
                for (int dx = 0; dx < 2; dx++) {
                    int xx = x0 + dx;
                    if (xx < 0 || xx >= n) continue;
                    double wx = dx == 0 ? 1 - fx : fx;
                    s += wz * wy * wx * v[base + xx];
                }
            }
        }
        return s;
    }
}
