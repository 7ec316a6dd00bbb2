package org.cryoet.learn.cryolithe;

import org.cryoet.util.CryoEtException;

/**
 * Sizes of a CryoLithe network (all layers bias-free).
 *
 * @param patch         patch edge P (odd): P x P detector samples around the voxel's trace per tilt
 * @param patchScale    detector pixels between patch samples (the paper's patch_scale)
 * @param embed         width E of the per-tilt slice embedding (linear P -> E, modulated by the angle)
 * @param setHidden     hidden width of the per-slice set-MLP (shared over tilts; E -> H -> E with a skip)
 * @param features      features F per slice after pooling over tilts
 * @param combineWidth  width of the combining MLP acting on the P x F concatenated features
 * @param combineDepth  hidden layers of the combining MLP (each after the first with a skip)
 * @param wavelet       true: predicts the 8 bior3.1 coefficients at half resolution; false: one voxel
 * @param filterPoints  control points of the learned projection filter over 0..0.5 cycles/pixel
 * @param targetScale   targets are density / (tilt-series standard deviation) times this constant
 */
public record CryolitheConfig(int patch, double patchScale, int embed, int setHidden, int features,
                              int combineWidth, int combineDepth, boolean wavelet, int filterPoints,
                              double targetScale) {

    public CryolitheConfig {
        if (patch < 1 || (patch & 1) == 0) throw new CryoEtException("CryoLithe patch size must be odd, got " + patch);
        if (!(patchScale > 0)) throw new CryoEtException("CryoLithe patch scale must be positive, got " + patchScale);
        if (embed < 2 || (embed & 1) != 0) throw new CryoEtException("CryoLithe embedding width must be even, got " + embed);
        if (setHidden < 1 || features < 1 || combineWidth < 1 || combineDepth < 1 || filterPoints < 2) {
            throw new CryoEtException("CryoLithe network sizes must be positive");
        }
        if (!(targetScale > 0)) throw new CryoEtException("CryoLithe target scale must be positive");
    }

    /**
     * The CPU-sized default: 9 x 9 patches, embedding 16, set-MLP 32, 8 features per slice,
     * combining MLP 3 x 64 (about 0.9 MFLOP per query point at 41 tilts; the paper's GPU model:
     * 21 x 21 patches, widths 64/128/32, 5 x 512, about 90 MFLOP).
     */
    public static CryolitheConfig cpuDefault(boolean wavelet) {
        return new CryolitheConfig(9, 1.0, 16, 32, 8, 64, 3, wavelet, 33, 16.0);
    }

    /**
     * Named network sizes, smallest first: {@code small}, {@code cpu} (the built-in models' size,
     * {@link #cpuDefault}), {@code large} and {@code paper} (the published widths, for a GPU). All
     * keep the structure; only patch edge and widths change.
     */
    public static final java.util.List<String> SIZES = java.util.List.of("small", "cpu", "large", "paper");

    /** The named size ({@link #SIZES}) with the given head. */
    public static CryolitheConfig sized(String name, boolean wavelet) {
        return switch (name) {
            case "small" -> new CryolitheConfig(7, 1.0, 8, 16, 4, 32, 2, wavelet, 33, 16.0);
            case "cpu" -> cpuDefault(wavelet);
            case "large" -> new CryolitheConfig(11, 1.0, 32, 64, 16, 128, 3, wavelet, 33, 16.0);
            case "paper" -> new CryolitheConfig(21, 1.0, 64, 128, 32, 512, 5, wavelet, 33, 16.0);
            default -> throw new CryoEtException("Unknown CryoLithe network size '" + name + "'; known: "
                    + String.join(", ", SIZES));
        };
    }

    /** Outputs per query point: 8 wavelet coefficients or 1 voxel. */
    public int outputs() {
        return wavelet ? Bior31.BANDS : 1;
    }

    /** Multiply-adds per query point for {@code tilts} tilts (the network; sampling not included). */
    public long macsPerPoint(int tilts) {
        long perTiltSlice = (long) patch * embed + 2L * embed * setHidden;
        long perSlice = (long) embed * setHidden + (long) setHidden * features;
        long combine = (long) patch * features * combineWidth + (long) (combineDepth - 1) * combineWidth * combineWidth
                + (long) combineWidth * outputs();
        return perTiltSlice * patch * tilts + perSlice * patch + combine;
    }

    /** Shapes of the network's weights, in {@link CryolitheNetwork} order (the filter first). */
    public long[][] weightShapes() {
        int p = patch;
        long[][] s = new long[7 + combineDepth][];
        s[0] = new long[]{filterPoints};
        s[1] = new long[]{p, p, embed};
        s[2] = new long[]{p, embed, setHidden};
        s[3] = new long[]{p, setHidden, embed};
        s[4] = new long[]{p, embed, setHidden};
        s[5] = new long[]{p, setHidden, features};
        s[6] = new long[]{(long) p * features, combineWidth};
        for (int d = 1; d < combineDepth; d++) s[6 + d] = new long[]{combineWidth, combineWidth};
        s[6 + combineDepth] = new long[]{combineWidth, outputs()};
        return s;
    }
}
