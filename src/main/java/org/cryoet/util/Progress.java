package org.cryoet.util;

/**
 * Progress and cancellation channel for long operations. Algorithms report through it and poll
 * {@link #isCancelled()}; the CLI draws a console bar, Fiji forwards to StatusService.
 * Implementations must be thread-safe: worker threads may call {@link #update} concurrently.
 */
public interface Progress {

    /** Reports that {@code done} of {@code total} units of the named stage are finished. */
    void update(String stage, long done, long total);

    /** True once the user asked to stop; algorithms then throw {@link CancelledException}. */
    default boolean isCancelled() {
        return false;
    }

    /** Throws {@link CancelledException} if cancellation was requested. */
    default void checkCancelled(String stage) {
        if (isCancelled()) throw new CancelledException(stage);
    }

    /** A sink that ignores everything and never cancels. */
    Progress NONE = (stage, done, total) -> { };
}
