package org.cryoet.learn;

import ai.djl.ndarray.NDManager;
import org.cryoet.util.CryoEtException;

import java.util.Map;

/**
 * The type and typed parameters of a network: enough to build it (fresh or from stored weights)
 * and to record it in {@code model.json} ({@code "network": {"type": ..., "parameters": ...}}).
 * Each type has a {@link NetworkType} that reads its parameters back; {@link UNetConfig} is the
 * U-Net's.
 */
public interface NetworkSpec {

    /** Registry name of the type ({@link NetworkType#name()}). */
    String type();

    /** The parameters, in a stable order, as recorded in model.json (numbers only). */
    Map<String, Number> parameters();

    /**
     * One entry per weight array in forward order; each entry describes that array's shape in the
     * type's own compact notation (the U-Net: {out, in, kernel edge}).
     */
    int[][] weightShapes();

    /** Total number of weights (consistency check against stored weights). */
    long parameterCount();

    /** Input edges must be multiples of this. */
    int sizeDivisor();

    /** A freshly initialised network; the same seed gives the same weights on every device. */
    Network create(UNet3d.Init init, long seed, NDManager parent);

    /** A network with the given weights (forward order, as {@link Network#weightsToHost()}). */
    Network fromWeights(float[][] weights, NDManager parent);

    /** Checks that a crop edge suits this network. */
    default void checkCrop(int crop) {
        if (crop <= 0 || crop % sizeDivisor() != 0) {
            throw new CryoEtException("Crop size " + crop + " must be a positive multiple of " + sizeDivisor()
                    + " for a " + this);
        }
    }
}
