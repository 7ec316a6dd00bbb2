package org.cryoet.learn.icetide;

import org.cryoet.util.CryoEtException;

/**
 * Shape of the implicit volume: a multi-resolution grid encoding (Mueller et al. 2022, as used by
 * ICE-TIDE) followed by a small ReLU MLP with a linear output.
 *
 * @param levels          number of grid levels
 * @param features        features per level
 * @param log2TableSize   log2 of the largest table per level; a level whose (dense) vertex count fits
 *                        is indexed densely, larger ones are hashed into a table of this size
 * @param baseResolution  cells per unit length (the domain's longest side) of the coarsest level
 * @param perLevelScale   resolution factor between consecutive levels
 * @param smoothstep      smoothstep instead of linear interpolation weights (continuous gradient)
 * @param hiddenWidth     MLP hidden width
 * @param hiddenLayers    number of hidden layers of the MLP
 */
public record HashGridSpec(int levels, int features, int log2TableSize, double baseResolution, double perLevelScale,
                           boolean smoothstep, int hiddenWidth, int hiddenLayers) {

    public HashGridSpec {
        if (levels < 1 || features < 1 || log2TableSize < 4 || log2TableSize > 30 || !(baseResolution >= 1)
                || !(perLevelScale >= 1) || hiddenWidth < 1 || hiddenLayers < 0) {
            throw new CryoEtException("Invalid grid encoding: " + levels + " levels, " + features + " features, table 2^"
                    + log2TableSize + ", base resolution " + baseResolution + ", scale " + perLevelScale
                    + ", MLP " + hiddenLayers + " x " + hiddenWidth);
        }
    }

    /**
     * ICE-TIDE's simulation setting (8 levels, 4 features, smoothstep, 3 x 64 MLP) with a base
     * resolution chosen so that the finest level has about one cell per voxel of the longest side,
     * and tables of at most 2^17 entries: every table entry is updated at every step (dense Adam),
     * so table size costs time on a CPU.
     */
    public static HashGridSpec forSize(int longestSide) {
        int levels = 8;
        double base = 8;
        double scale = Math.max(1.0, Math.pow(Math.max(longestSide, 8) / base, 1.0 / (levels - 1)));
        return new HashGridSpec(levels, 4, 17, base, scale, true, 64, 3);
    }

    public int encodedWidth() {
        return levels * features;
    }

    /** Cells per unit length of level {@code l}. */
    public double resolution(int l) {
        return Math.floor(baseResolution * Math.pow(perLevelScale, l));
    }
}
