package org.cryoet.util;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Minimal data-parallel loops over index ranges on a shared daemon thread pool. Work items are
 * handed out dynamically (an atomic counter), so uneven items balance across cores.
 */
public final class Parallel {
    private static final int THREADS = Math.max(1,
            Integer.getInteger("cryoet.threads", Runtime.getRuntime().availableProcessors()));
    private static final ExecutorService POOL = Executors.newFixedThreadPool(THREADS, r -> {
        Thread t = new Thread(r, "cryoet-worker");
        t.setDaemon(true);
        return t;
    });

    private Parallel() {
    }

    /** Number of worker threads (system property {@code cryoet.threads}, default all cores). */
    public static int threads() {
        return THREADS;
    }

    /**
     * Runs {@code body.accept(i)} for every i in [0, n), in parallel; returns when all are done.
     * Exceptions from the body are rethrown in the caller (the first one).
     */
    public static void forEach(int n, IntConsumer body) {
        if (n <= 0) return;
        int workers = Math.min(THREADS, n);
        if (workers == 1 || Thread.currentThread().getName().equals("cryoet-worker")) {
            for (int i = 0; i < n; i++) body.accept(i);
            return;
        }
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>(workers);
        for (int w = 0; w < workers; w++) {
            futures.add(POOL.submit(() -> {
                for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) body.accept(i);
            }));
        }
        RuntimeException first = null;
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                if (first == null) {
                    first = c instanceof RuntimeException re ? re : new RuntimeException(c);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (first == null) first = new CancelledException("Parallel work");
            }
        }
        if (first != null) throw first;
    }
}
