package org.cryoet.learn;

/**
 * A daemon thread that forces a garbage collection every few milliseconds while it is open, as
 * Fiji's GUI effectively does: work that depends on when collections run shows it under this.
 */
public final class ForcedCollections implements AutoCloseable {
    private final Thread thread;

    /** Starts forcing a collection every {@code periodMillis} ms. */
    public ForcedCollections(long periodMillis) {
        thread = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                System.gc();
                try {
                    Thread.sleep(periodMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "forced-gc");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws InterruptedException {
        thread.interrupt();
        thread.join();
    }
}
