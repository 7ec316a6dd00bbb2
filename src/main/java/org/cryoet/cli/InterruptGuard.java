package org.cryoet.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C (SIGINT/SIGTERM) during long work: cancels the work's {@link ConsoleProgress} and keeps
 * the JVM alive until the work has stopped at a safe point (checkpoint written, native calls
 * returned), at most 10 minutes. Without the wait the JVM would exit while libtorch is still
 * running on the work thread and abort in native code. Use with try-with-resources around the work.
 */
final class InterruptGuard implements AutoCloseable {
    private final CountDownLatch done = new CountDownLatch(1);
    private final Thread hook;

    /**
     * @param progress the work's progress, cancelled on interrupt
     * @param message  printed to standard error on interrupt (what happens now)
     */
    InterruptGuard(ConsoleProgress progress, String message) {
        hook = new Thread(() -> {
            progress.cancel();
            System.err.println("\ninterrupted: " + message);
            try {
                done.await(10, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "cryoet-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The work has stopped: release a waiting hook, or unregister it. */
    @Override
    public void close() {
        done.countDown();
        // also after an error: otherwise the hook would print "interrupted" when the JVM exits
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException ignored) {
            // already shutting down: the hook is running and has been released above
        }
    }
}
