package org.cryoet.learn;

/**
 * Receives a volume produced slab by slab (e.g. a streaming MRC writer). Slabs arrive in
 * increasing, contiguous z order and together cover every section exactly once.
 */
@FunctionalInterface
public interface SlabSink {

    /**
     * @param slab sections z0 .. z0+nz-1, x fastest (nx*ny*nz values); the array may be reused
     *             by the caller after this returns
     * @param z0   first section
     * @param nz   number of sections
     */
    void accept(float[] slab, int z0, int nz);
}
