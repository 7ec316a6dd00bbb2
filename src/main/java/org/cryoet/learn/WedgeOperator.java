package org.cryoet.learn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import org.jtransforms.fft.FloatFFT_3D;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A binary Fourier-space mask applied to cubic crops: the missing-wedge operator P_M of
 * ICECREAM, its rotated versions P_{gM}, and the isotropic ball low-pass S. Masks are built
 * exactly as the reference builds them (see doc/icecream-ops.md), including its symmetrisation
 * quirk on the odd grid, so they match the reference's test vectors voxel for voxel.
 *
 * <p><b>Layout.</b> Crops are tensors (B, 1, c, c, c) with axes (Z, Y, X), or float[] with x
 * fastest. Masks are stored in the same axis order, in fftshift layout (DC at index G/2 of each
 * axis, G the grid size). The missing-wedge operator works on a G = 2c grid: the crop is
 * zero-padded at the high end of each axis to (2c)^3, transformed, masked, transformed back and
 * cropped to [0, c)^3 (linear rather than circular filtering). The ball low-pass works on the
 * c^3 grid itself (circular), as in the reference.
 *
 * <p><b>Geometry.</b> Project convention (tilt axis y, x' = x cos t - z sin t): a frequency with
 * k_x != 0 is measured iff atan(-k_z / k_x) lies in [tiltMin, tiltMax]. The reference's mask for
 * its range [a, b] measures atan(+k_z / k_x) in [a, b]; hence our mask for [tiltMin, tiltMax]
 * equals the reference's for [-tiltMax, -tiltMin] (transposed from its (Y, X, Z) layout). Only
 * the range ends matter; the mask is a continuous double cone times the Nyquist ball. The k_z
 * line (k_x = 0) is measured only when the range reaches -90 or +90 (the reference never
 * measures it).
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class WedgeOperator {

    private final int crop;
    private final int grid;
    private final double tiltMin;
    private final double tiltMax;
    private final CubeSymmetry rotation;
    /** Unrotated odd-grid (grid+1)^3 mask the rotations act on; null for the ball. */
    private final byte[] baseFull;
    /** grid^3 mask, fftshift layout, (z, y, x) with x fastest. */
    private final byte[] mask;
    private final ConcurrentHashMap<CubeSymmetry, WedgeOperator> rotatedCache;
    private volatile float[] unshifted;
    private volatile NDArray prepared;

    private WedgeOperator(int crop, int grid, double tiltMin, double tiltMax, CubeSymmetry rotation,
                          byte[] baseFull, byte[] mask, ConcurrentHashMap<CubeSymmetry, WedgeOperator> cache) {
        this.crop = crop;
        this.grid = grid;
        this.tiltMin = tiltMin;
        this.tiltMax = tiltMax;
        this.rotation = rotation;
        this.baseFull = baseFull;
        this.mask = mask;
        this.rotatedCache = cache;
    }

    /**
     * The missing-wedge operator P_M for crops of edge {@code crop} (even) and the tilt range
     * [tiltMinDeg, tiltMaxDeg] in degrees (-90 <= min < max <= 90), on the (2 crop)^3 grid.
     */
    public static WedgeOperator missingWedge(int crop, double tiltMinDeg, double tiltMaxDeg) {
        return missingWedge(crop, tiltMinDeg, tiltMaxDeg, true);
    }

    /**
     * As {@link #missingWedge(int, double, double)}; with {@code referenceDilation} false the
     * reference's odd-grid symmetrisation (a one-voxel dilation of the mask boundary along the
     * (1,1,1) diagonal, which breaks the mirror symmetries of the wedge) is skipped, giving the
     * ideal double cone times the open Nyquist ball.
     */
    public static WedgeOperator missingWedge(int crop, double tiltMinDeg, double tiltMaxDeg,
                                             boolean referenceDilation) {
        checkCrop(crop);
        if (!(tiltMinDeg < tiltMaxDeg) || tiltMinDeg < -90 || tiltMaxDeg > 90) {
            throw new IllegalArgumentException("tilt range must satisfy -90 <= min < max <= 90, got ["
                    + tiltMinDeg + ", " + tiltMaxDeg + "]");
        }
        int n = 2 * crop;
        byte[] v = baseMask(n, tiltMinDeg, tiltMaxDeg, false);
        byte[] full = referenceDilation ? symmetrise(v, n + 1) : binarise(v);
        byte[] mask = symmetrise(cropOdd(full, n), n);
        return new WedgeOperator(crop, n, tiltMinDeg, tiltMaxDeg, CubeSymmetry.identity(), full, mask,
                new ConcurrentHashMap<>());
    }

    /**
     * The isotropic low-pass S of the reference (its "reference wedge" with full low-frequency
     * support): all frequencies inside the Nyquist ball, applied circularly on the crop^3 grid.
     */
    public static WedgeOperator ballLowPass(int crop) {
        checkCrop(crop);
        byte[] odd = symmetrise(baseMask(crop, -60, 60, true), crop + 1);
        byte[] m = symmetrise(symmetrise(cropOdd(odd, crop), crop), crop);
        return new WedgeOperator(crop, crop, -90, 90, CubeSymmetry.identity(), null, m, null);
    }

    private static void checkCrop(int crop) {
        if (crop < 2 || crop % 2 != 0) throw new IllegalArgumentException("crop size must be even and >= 2, got " + crop);
    }

    /**
     * The operator with the rotated mask gM (g applied to the wedge about DC on the odd grid, then
     * brought back to the even grid, as the reference does). Rotating a rotated operator composes
     * the rotations. Results are cached per base operator.
     */
    public WedgeOperator rotated(CubeSymmetry g) {
        if (baseFull == null) throw new UnsupportedOperationException("the ball low-pass is rotation invariant");
        CubeSymmetry total = g.compose(rotation);
        if (total.equals(rotation)) return this;
        return rotatedCache.computeIfAbsent(total, t -> {
            byte[] rf = new byte[baseFull.length];
            t.apply(baseFull, rf, grid + 1);
            byte[] m = symmetrise(cropOdd(rf, grid), grid);
            return new WedgeOperator(crop, grid, tiltMin, tiltMax, t, baseFull, m, rotatedCache);
        });
    }

    public int crop() {
        return crop;
    }

    /** Size of the Fourier grid per axis: 2 crop for wedges, crop for the ball. */
    public int grid() {
        return grid;
    }

    public double tiltMin() {
        return tiltMin;
    }

    public double tiltMax() {
        return tiltMax;
    }

    /** The rotation applied to the base wedge (identity for the unrotated operator). */
    public CubeSymmetry rotation() {
        return rotation;
    }

    /** The mask as 0/1 floats, grid^3, fftshift layout (DC at index grid/2), x fastest (a copy). */
    public float[] mask() {
        float[] f = new float[mask.length];
        for (int i = 0; i < f.length; i++) f[i] = mask[i];
        return f;
    }

    /** The mask value at index (x, y, z) of the fftshift layout. */
    public boolean measured(int x, int y, int z) {
        return mask[x + grid * (y + grid * z)] != 0;
    }

    /** The (rotated) odd-grid (grid+1)^3 mask before the crop to the even grid; for tests. */
    byte[] oddGridMask() {
        if (baseFull == null) throw new UnsupportedOperationException("no odd-grid mask for the ball");
        if (rotation.isIdentity()) return baseFull.clone();
        byte[] r = new byte[baseFull.length];
        rotation.apply(baseFull, r, grid + 1);
        return r;
    }

    /** Number of ones in the mask. */
    public int count() {
        int n = 0;
        for (byte b : mask) n += b;
        return n;
    }

    /** The mask in the unshifted FFT layout (DC at index 0), x fastest. */
    public float[] unshiftedMask() {
        float[] u = unshifted;
        if (u == null) {
            int g = grid;
            int h = g / 2;
            u = new float[g * g * g];
            for (int z = 0; z < g; z++)
                for (int y = 0; y < g; y++) {
                    int src = g * (y + g * z);
                    int dst = g * ((y + h) % g + g * ((z + h) % g));
                    for (int x = 0; x < g; x++) u[dst + (x + h) % g] = mask[src + x];
                }
            unshifted = u;
        }
        return u;
    }

    // ---------------------------------------------------------------- DJL

    /**
     * Places the mask on the manager's device once, so later {@link #apply(NDArray)} calls on that
     * device reuse it. The manager must outlive the uses (e.g. the trainer's model manager).
     */
    public WedgeOperator prepare(NDManager manager) {
        NDArray old = prepared;
        if (old == null || !old.getDevice().equals(manager.getDevice()) || old.isReleased()) {
            prepared = maskArray(manager);
        }
        return this;
    }

    /** A new (grid, grid, grid) float tensor holding the unshifted mask. */
    public NDArray maskArray(NDManager manager) {
        return HostArrays.create(manager, unshiftedMask(), new Shape(grid, grid, grid));
    }

    /**
     * Stacks the unshifted masks of several operators (one per sample) into a (B, 1, G, G, G)
     * tensor for {@link #apply(NDArray, NDArray, int)}.
     */
    public static NDArray stackMasks(NDManager manager, List<WedgeOperator> perSample) {
        int g = perSample.get(0).grid;
        int g3 = g * g * g;
        float[] all = new float[perSample.size() * g3];
        for (int b = 0; b < perSample.size(); b++) {
            WedgeOperator op = perSample.get(b);
            if (op.grid != g) throw new IllegalArgumentException("operators with different grids");
            System.arraycopy(op.unshiftedMask(), 0, all, b * g3, g3);
        }
        return HostArrays.create(manager, all, new Shape(perSample.size(), 1, g, g, g));
    }

    /**
     * Re(IFFT(mask * FFT(pad(x)))) cropped back to the crop: x has shape (..., c, c, c) with axes
     * (Z, Y, X). Differentiable. Uses the prepared mask when it lives on x's device.
     */
    public NDArray apply(NDArray x) {
        NDArray p = prepared;
        if (p != null && !p.isReleased() && p.getDevice().equals(x.getDevice())) {
            return apply(x, p, crop);
        }
        try (NDArray m = maskArray(x.getManager())) {
            return apply(x, m, crop);
        }
    }

    /**
     * Applies per-sample operators (one per batch element) to x of shape (B, 1, c, c, c). When
     * every operator was {@link #prepare prepared} on x's device their masks are stacked there;
     * otherwise the masks are copied from the host.
     */
    public static NDArray applyPerSample(NDArray x, List<WedgeOperator> perSample) {
        if (x.getShape().get(0) != perSample.size()) {
            throw new IllegalArgumentException("batch " + x.getShape().get(0) + " but " + perSample.size() + " operators");
        }
        boolean allPrepared = true;
        for (WedgeOperator op : perSample) {
            NDArray p = op.prepared;
            if (p == null || p.isReleased() || !p.getDevice().equals(x.getDevice())) {
                allPrepared = false;
                break;
            }
        }
        if (allPrepared) {
            // masks already on the device: stack there instead of copying from the host
            ai.djl.ndarray.NDList list = new ai.djl.ndarray.NDList();
            for (WedgeOperator op : perSample) list.add(op.prepared);
            // stack's result would join the prepared masks' long-lived manager: close it here
            try (NDArray stacked = ai.djl.ndarray.NDArrays.stack(list); NDArray m = stacked.expandDims(1)) {
                return apply(x, m, perSample.get(0).crop);
            }
        }
        try (NDArray m = stackMasks(x.getManager(), perSample)) {
            return apply(x, m.toDevice(x.getDevice(), false), perSample.get(0).crop);
        }
    }

    /**
     * The masked filter with an explicit unshifted mask tensor (shape broadcastable to
     * (..., G, G, G)); G > crop means zero padding to G and cropping back to crop.
     */
    public static NDArray apply(NDArray x, NDArray unshiftedMask, int crop) {
        long[] s = x.getShape().getShape();
        int r = s.length;
        long g = unshiftedMask.getShape().get(unshiftedMask.getShape().dimension() - 1);
        if (s[r - 1] != crop || s[r - 2] != crop || s[r - 3] != crop) {
            throw new IllegalArgumentException("expected (..., " + crop + ", " + crop + ", " + crop + "), got " + x.getShape());
        }
        // forward transforms zero-pad to g (torch.fft.fft with n > size pads at the end)
        NDArray f = x.fft(g, r - 1).fft(g, r - 2).fft(g, r - 3);
        NDArray m = f.mul(unshiftedMask);
        // inverse along one axis at a time, cropping as early as possible
        NDArray t = m.ifft(g, r - 3);
        if (g != crop) t = t.get(slice(r, r - 3, crop));
        t = t.ifft(g, r - 2);
        if (g != crop) t = t.get(slice(r, r - 2, crop));
        t = t.ifft(g, r - 1);
        if (g != crop) t = t.get(slice(r, r - 1, crop));
        return t.real().get(new NDIndex("..., 0"));
    }

    private static NDIndex slice(int rank, int axis, int crop) {
        StringBuilder b = new StringBuilder();
        for (int a = 0; a < rank; a++) {
            if (a > 0) b.append(',');
            b.append(a == axis ? "0:" + crop : ":");
        }
        return new NDIndex(b.toString());
    }

    // ---------------------------------------------------------------- CPU

    /**
     * CPU equivalent of {@link #apply(NDArray)} on {@code batch} crops of crop^3 voxels each
     * (x fastest, concatenated); returns a new array. Single precision (JTransforms).
     */
    public float[] apply(float[] x, int batch) {
        int c = crop;
        int g = grid;
        int c3 = c * c * c;
        if (x.length < (long) batch * c3) throw new IllegalArgumentException("array too small");
        float[] um = unshiftedMask();
        float[] out = new float[batch * c3];
        FloatFFT_3D fft = new FloatFFT_3D(g, g, g);
        float[] buf = new float[2 * g * g * g];
        for (int b = 0; b < batch; b++) {
            java.util.Arrays.fill(buf, 0f);
            for (int z = 0; z < c; z++)
                for (int y = 0; y < c; y++)
                    for (int xx = 0; xx < c; xx++) {
                        buf[2 * (xx + g * (y + g * z))] = x[b * c3 + xx + c * (y + c * z)];
                    }
            fft.complexForward(buf);
            for (int i = 0; i < um.length; i++) {
                buf[2 * i] *= um[i];
                buf[2 * i + 1] *= um[i];
            }
            fft.complexInverse(buf, true);
            for (int z = 0; z < c; z++)
                for (int y = 0; y < c; y++)
                    for (int xx = 0; xx < c; xx++) {
                        out[b * c3 + xx + c * (y + c * z)] = buf[2 * (xx + g * (y + g * z))];
                    }
        }
        return out;
    }

    // ---------------------------------------------------------------- mask construction

    /**
     * The reference's base mask V(n) on the odd grid of n + 1 points per axis (centre n/2):
     * the double cone of measured directions in the (k_x, k_z) plane, constant along k_y, times
     * the open Nyquist ball; with {@code fillBall} every voxel of the ball is set (support 1).
     * Values 0, 1 or 2 (the centre is counted by both halves of the cone), x fastest.
     */
    static byte[] baseMask(int n, double tiltMin, double tiltMax, boolean fillBall) {
        int l = n + 1;
        int h = n / 2;
        // reference range [a, b] bounds atan(k_z / k_x); ours bounds atan(-k_z / k_x)
        double lo = Math.tan(Math.toRadians(-tiltMax));
        double hi = Math.tan(Math.toRadians(-tiltMin));
        boolean kzLine = tiltMin <= -90 || tiltMax >= 90;
        byte[] cone = new byte[l * l]; // [q (z) * l + p (x)]
        for (int q = 0; q < l; q++) {
            for (int p = 0; p < l; p++) {
                cone[q * l + p] = (byte) (inCone(p - h, q - h, lo, hi, kzLine) + inCone(h - p, h - q, lo, hi, kzLine));
            }
        }
        byte[] v = new byte[l * l * l];
        long r2max = (long) h * h;
        for (int z = 0; z < l; z++) {
            long dz = z - h;
            for (int y = 0; y < l; y++) {
                long dy = y - h;
                int off = l * (y + l * z);
                for (int x = 0; x < l; x++) {
                    long dx = x - h;
                    boolean inBall = dx * dx + dy * dy + dz * dz < r2max;
                    if (inBall) v[off + x] = fillBall ? 1 : cone[z * l + x];
                }
            }
        }
        return v;
    }

    private static int inCone(int mx, int mz, double lo, double hi, boolean kzLine) {
        if (mx == 0 && kzLine) return 1;
        return (lo * mx <= mz && mz <= hi * mx) ? 1 : 0;
    }

    /**
     * The reference's H_L: the union of X and X[rho(i), rho(j), rho(k)] with rho(0) = 0,
     * rho(m) = L - m. On an even grid in fftshift layout rho is exactly the Hermitian partner
     * k -> -k; on an odd grid it is not the centred reflection but that reflection shifted by one
     * voxel (the reference's quirk, reproduced to match its masks).
     */
    static byte[] symmetrise(byte[] v, int l) {
        byte[] out = new byte[v.length];
        for (int z = 0; z < l; z++) {
            int rz = z == 0 ? 0 : l - z;
            for (int y = 0; y < l; y++) {
                int ry = y == 0 ? 0 : l - y;
                int off = l * (y + l * z);
                int roff = l * (ry + l * rz);
                for (int x = 0; x < l; x++) {
                    int rx = x == 0 ? 0 : l - x;
                    out[off + x] = (byte) ((v[off + x] > 0 || v[roff + rx] > 0) ? 1 : 0);
                }
            }
        }
        return out;
    }

    private static byte[] binarise(byte[] v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) b[i] = (byte) (v[i] > 0 ? 1 : 0);
        return b;
    }

    /**
     * The ideal mask (double cone of measured directions times the open Nyquist ball) on the odd
     * grid of n + 1 points per axis, centre n/2, x fastest; for tests of symmetry properties.
     */
    static byte[] idealMask(int n, double tiltMin, double tiltMax) {
        return binarise(baseMask(n, tiltMin, tiltMax, false));
    }

    /** The [0, n)^3 corner of an (n+1)^3 array. */
    static byte[] cropOdd(byte[] full, int n) {
        int l = n + 1;
        byte[] out = new byte[n * n * n];
        for (int z = 0; z < n; z++)
            for (int y = 0; y < n; y++) System.arraycopy(full, l * (y + l * z), out, n * (y + n * z), n);
        return out;
    }
}
