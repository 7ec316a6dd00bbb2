package org.cryoet.learn;

/**
 * The SplitMix64 finaliser: a bijective 64-bit mix. Random choices of training (pair order,
 * symmetries, crop positions) are pure functions of the seed and counters through it, so they
 * need no state beyond what a checkpoint stores.
 */
final class SplitMix {

    /** Increment of the SplitMix64 sequence (the golden ratio in 64-bit fixed point). */
    static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private SplitMix() {
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
