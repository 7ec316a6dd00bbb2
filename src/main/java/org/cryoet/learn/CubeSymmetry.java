package org.cryoet.learn;

import ai.djl.ndarray.NDArray;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One of the 48 symmetries of the cube (signed axis permutations, the full octahedral group O_h),
 * acting on cubic crops by exact voxel permutation (no interpolation).
 *
 * <p>Coordinates are physical {@code (x, y, z)} centred on the cube centre {@code (n-1)/2}. The
 * element with matrix {@code M} maps the voxel at centred position {@code p} to {@code M p}:
 * {@code out(M p) = in(p)}. Row {@code i} of {@code M} has one non-zero entry
 * {@code sign[i]} in column {@code perm[i]}, i.e. {@code (M p)_i = sign[i] * p_perm[i]}.
 *
 * <p>Because M is orthogonal, the Fourier transform of a transformed crop is the transformed
 * Fourier transform ({@code FT(g x)(M k) = FT(x)(k)}), so the same element rotates the
 * missing-wedge mask (see {@link WedgeOperator#rotated}).
 *
 * <p><b>Wedge-moving subset.</b> The missing wedge (double cone around k_z, tilt axis y) is left
 * invariant exactly by the 8 diagonal elements {@code diag(+-1, +-1, +-1)}: the identity, the
 * three 180-degree turns about x, y and z (proper) and the inversion plus the three mirror planes
 * (improper). Any element that swaps axes moves the wedge (for tilt ranges other than +-45 the
 * x and z directions are not interchangeable, and y must stay the tilt axis). For an asymmetric
 * tilt range only 4 diagonal elements keep it (those with sign_x = sign_z), but we exclude all 8
 * because the other 4 merely mirror the wedge inside the same double cone region up to the small
 * asymmetry, which gives almost no equivariance signal. {@link #wedgeMoving()} therefore returns
 * the other 40: 20 proper rotations and 20 improper ones. The reference realises only 35 distinct
 * transforms from its 40 tuples (20 rotations + 15 distinct rotation-flips; 5 with double weight);
 * {@link #referenceList()} reproduces that list for parity tests.
 */
public final class CubeSymmetry {

    private static final List<CubeSymmetry> ALL;
    private static final List<CubeSymmetry> WEDGE_MOVING;

    static {
        List<CubeSymmetry> all = new ArrayList<>(48);
        int[][] perms = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
        for (int[] p : perms) {
            for (int s = 0; s < 8; s++) {
                int[] sign = {(s & 1) == 0 ? 1 : -1, (s & 2) == 0 ? 1 : -1, (s & 4) == 0 ? 1 : -1};
                all.add(new CubeSymmetry(p.clone(), sign));
            }
        }
        ALL = Collections.unmodifiableList(all);
        List<CubeSymmetry> moving = new ArrayList<>(40);
        for (CubeSymmetry g : all) {
            if (!g.isDiagonal()) moving.add(g);
        }
        WEDGE_MOVING = Collections.unmodifiableList(moving);
    }

    private final int[] perm;
    private final int[] sign;

    private CubeSymmetry(int[] perm, int[] sign) {
        this.perm = perm;
        this.sign = sign;
    }

    /** All 48 elements; index 0 is the identity. */
    public static List<CubeSymmetry> all() {
        return ALL;
    }

    /** The 40 elements that move the missing wedge (all but the 8 diagonal ones). */
    public static List<CubeSymmetry> wedgeMoving() {
        return WEDGE_MOVING;
    }

    public static CubeSymmetry identity() {
        return ALL.get(0);
    }

    /**
     * The element with the given matrix in physical (x, y, z) coordinates.
     *
     * @throws IllegalArgumentException if it is not a signed permutation matrix
     */
    public static CubeSymmetry fromMatrix(int[][] m) {
        for (CubeSymmetry g : ALL) {
            if (java.util.Arrays.deepEquals(g.matrix(), m)) return g;
        }
        throw new IllegalArgumentException("not a signed permutation matrix: " + java.util.Arrays.deepToString(m));
    }

    /**
     * The transform the reference applies for its tuple [kx, ky, kz, flipAxis] (flipAxis -1 for
     * none): flip_a(rot90(kz, dims(0,1)) o rot90(ky, dims(0,2)) o rot90(kx, dims(1,2))) in the
     * reference's internal array layout (Y, X, Z), where rot90 with k = 1 on dims (a, b) maps
     * centred coordinates (p_a, p_b) to (-p_b, p_a). Returned as an element acting on our
     * (x, y, z) coordinates.
     */
    public static CubeSymmetry fromReferenceTuple(int kx, int ky, int kz, int flipAxis) {
        // work in reference coordinates r = (y, x, z)
        int[][] m = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        for (int i = 0; i < kx; i++) m = mul(rot90(1, 2), m);
        for (int i = 0; i < ky; i++) m = mul(rot90(0, 2), m);
        for (int i = 0; i < kz; i++) m = mul(rot90(0, 1), m);
        if (flipAxis >= 0) {
            int[][] f = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
            f[flipAxis][flipAxis] = -1;
            m = mul(f, m);
        }
        // our (x, y, z) = reference (r1, r0, r2): conjugate by the swap of the first two axes
        int[][] swap = {{0, 1, 0}, {1, 0, 0}, {0, 0, 1}};
        return fromMatrix(mul(swap, mul(m, swap)));
    }

    /** The reference's 40 tuples [kx, ky, kz, flipAxis], in its order (35 distinct transforms). */
    public static final int[][] REFERENCE_TUPLES = {
        {0, 0, 1, -1}, {0, 0, 1, 0}, {0, 0, 1, 1}, {0, 0, 1, 2}, {0, 0, 3, -1}, {0, 0, 3, 1},
        {0, 1, 0, -1}, {0, 1, 0, 0}, {0, 1, 0, 1}, {0, 1, 0, 2}, {0, 1, 1, -1}, {0, 1, 1, 0},
        {0, 1, 1, 1}, {0, 1, 1, 2}, {0, 1, 2, -1}, {0, 1, 2, 1}, {0, 1, 3, -1}, {0, 1, 3, 1},
        {0, 2, 1, -1}, {0, 2, 3, -1}, {0, 3, 0, -1}, {0, 3, 1, -1}, {0, 3, 2, -1}, {0, 3, 3, -1},
        {1, 0, 0, -1}, {1, 0, 0, 0}, {1, 0, 0, 1}, {1, 0, 0, 2}, {1, 0, 1, -1}, {1, 0, 1, 0},
        {1, 0, 1, 1}, {1, 0, 1, 2}, {1, 0, 2, -1}, {1, 0, 2, 1}, {1, 0, 3, -1}, {1, 0, 3, 1},
        {1, 2, 0, -1}, {1, 2, 1, -1}, {1, 2, 2, -1}, {1, 2, 3, -1}};

    /** The 40 transforms of the reference list, in its order (with its 5 duplicates). */
    public static List<CubeSymmetry> referenceList() {
        List<CubeSymmetry> l = new ArrayList<>(REFERENCE_TUPLES.length);
        for (int[] t : REFERENCE_TUPLES) l.add(fromReferenceTuple(t[0], t[1], t[2], t[3]));
        return Collections.unmodifiableList(l);
    }

    private static int[][] rot90(int a, int b) {
        int[][] r = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        r[a][a] = 0;
        r[b][b] = 0;
        r[a][b] = -1; // out_a = -p_b
        r[b][a] = 1;  // out_b = p_a
        return r;
    }

    private static int[][] mul(int[][] a, int[][] b) {
        int[][] c = new int[3][3];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                for (int k = 0; k < 3; k++) c[i][j] += a[i][k] * b[k][j];
        return c;
    }

    /** The 3x3 signed permutation matrix in physical (x, y, z) coordinates (a fresh copy). */
    public int[][] matrix() {
        int[][] m = new int[3][3];
        for (int i = 0; i < 3; i++) m[i][perm[i]] = sign[i];
        return m;
    }

    /** Source axis (0 = x, 1 = y, 2 = z) of output axis {@code i}. */
    public int sourceAxis(int i) {
        return perm[i];
    }

    /** Sign (+1 or -1) with which output axis {@code i} takes its source axis. */
    public int sign(int i) {
        return sign[i];
    }

    /** True for rotations (determinant +1). */
    public boolean isProper() {
        int parity = 1;
        for (int i = 0; i < 3; i++)
            for (int j = i + 1; j < 3; j++)
                if (perm[i] > perm[j]) parity = -parity;
        return parity * sign[0] * sign[1] * sign[2] == 1;
    }

    /** True for the 8 elements diag(+-1, +-1, +-1), which leave the missing wedge in place. */
    public boolean isDiagonal() {
        return perm[0] == 0 && perm[1] == 1 && perm[2] == 2;
    }

    public boolean isIdentity() {
        return isDiagonal() && sign[0] == 1 && sign[1] == 1 && sign[2] == 1;
    }

    /** The inverse element (transpose matrix). */
    public CubeSymmetry inverse() {
        int[] p = new int[3];
        int[] s = new int[3];
        for (int i = 0; i < 3; i++) {
            p[perm[i]] = i;
            s[perm[i]] = sign[i];
        }
        return lookup(p, s);
    }

    /** {@code this.compose(h)} applies h first, then this (matrix product this * h). */
    public CubeSymmetry compose(CubeSymmetry h) {
        int[] p = new int[3];
        int[] s = new int[3];
        for (int i = 0; i < 3; i++) {
            p[i] = h.perm[perm[i]];
            s[i] = sign[i] * h.sign[perm[i]];
        }
        return lookup(p, s);
    }

    private static CubeSymmetry lookup(int[] p, int[] s) {
        for (CubeSymmetry g : ALL) {
            if (java.util.Arrays.equals(g.perm, p) && java.util.Arrays.equals(g.sign, s)) return g;
        }
        throw new IllegalStateException("not a group element");
    }

    /**
     * Readable name giving the image of each output axis, e.g. {@code "(-y,x,z)"} for the 90-degree
     * turn about z, prefixed {@code "rot"} or {@code "rotflip"}.
     */
    public String name() {
        StringBuilder b = new StringBuilder(isProper() ? "rot(" : "rotflip(");
        for (int i = 0; i < 3; i++) {
            if (i > 0) b.append(',');
            if (sign[i] < 0) b.append('-');
            b.append("xyz".charAt(perm[i]));
        }
        return b.append(')').toString();
    }

    @Override
    public String toString() {
        return name();
    }

    /**
     * Applies the element to one n^3 cube (x fastest), writing into {@code dst} (not {@code src}).
     * {@code dst[q] = src[r]} where r is the preimage of q; exact voxel permutation.
     */
    public void apply(float[] src, float[] dst, int n) {
        apply(src, 0, dst, 0, n);
    }

    /** As {@link #apply(float[], float[], int)} for the cube starting at the given offsets. */
    public void apply(float[] src, int srcOff, float[] dst, int dstOff, int n) {
        if (src == dst) throw new IllegalArgumentException("in-place application is not supported");
        long n3 = (long) n * n * n;
        if (src.length - srcOff < n3 || dst.length - dstOff < n3) {
            throw new IllegalArgumentException("arrays too small for a " + n + "^3 cube");
        }
        int[] stride = {1, n, n * n};
        // output axis i reads source axis perm[i], reversed if sign[i] < 0
        long base = srcOff;
        int[] step = new int[3];
        for (int i = 0; i < 3; i++) {
            int st = stride[perm[i]];
            if (sign[i] < 0) {
                base += (long) (n - 1) * st;
                step[i] = -st;
            } else {
                step[i] = st;
            }
        }
        int o = dstOff;
        for (int z = 0; z < n; z++) {
            long rz = base + (long) z * step[2];
            for (int y = 0; y < n; y++) {
                long r = rz + (long) y * step[1];
                int sx = step[0];
                for (int x = 0; x < n; x++) {
                    dst[o++] = src[(int) r];
                    r += sx;
                }
            }
        }
    }

    /** Applies the element to an n^3 cube of bytes (used for masks). */
    public void apply(byte[] src, byte[] dst, int n) {
        if (src == dst) throw new IllegalArgumentException("in-place application is not supported");
        int[] stride = {1, n, n * n};
        long base = 0;
        int[] step = new int[3];
        for (int i = 0; i < 3; i++) {
            int st = stride[perm[i]];
            if (sign[i] < 0) {
                base += (long) (n - 1) * st;
                step[i] = -st;
            } else {
                step[i] = st;
            }
        }
        int o = 0;
        for (int z = 0; z < n; z++) {
            for (int y = 0; y < n; y++) {
                long r = base + (long) z * step[2] + (long) y * step[1];
                for (int x = 0; x < n; x++) {
                    dst[o++] = src[(int) r];
                    r += step[0];
                }
            }
        }
    }

    /**
     * Applies the element to every cube of a tensor of shape (..., Z, Y, X) (normally (B, 1, n, n, n))
     * with a transpose and flips: exact and differentiable. Returns a new array; the input is kept.
     */
    public NDArray apply(NDArray x) {
        int rank = x.getShape().dimension();
        if (rank < 3) throw new IllegalArgumentException("need at least 3 dimensions, got " + x.getShape());
        long[] dims = x.getShape().getShape();
        if (dims[rank - 1] != dims[rank - 2] || dims[rank - 1] != dims[rank - 3]) {
            throw new IllegalArgumentException("the last three dimensions must form a cube: " + x.getShape());
        }
        // physical axis i (0 = x, 1 = y, 2 = z) is tensor axis rank-1-i
        int[] axes = new int[rank];
        for (int a = 0; a < rank; a++) axes[a] = a;
        boolean permuted = false;
        for (int i = 0; i < 3; i++) {
            axes[rank - 1 - i] = rank - 1 - perm[i];
            if (perm[i] != i) permuted = true;
        }
        NDArray t = permuted ? x.transpose(axes) : x;
        int nFlip = 0;
        for (int i = 0; i < 3; i++) if (sign[i] < 0) nFlip++;
        if (nFlip == 0) return permuted ? t : x.duplicate();
        int[] flips = new int[nFlip];
        int k = 0;
        for (int i = 0; i < 3; i++) if (sign[i] < 0) flips[k++] = rank - 1 - i;
        NDArray out = t.flip(flips);
        if (permuted) t.close();
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CubeSymmetry g && java.util.Arrays.equals(perm, g.perm) && java.util.Arrays.equals(sign, g.sign);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(perm) * 31 + java.util.Arrays.hashCode(sign);
    }
}
