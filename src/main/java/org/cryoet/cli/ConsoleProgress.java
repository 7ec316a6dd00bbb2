package org.cryoet.cli;

import java.io.PrintStream;

import org.cryoet.util.Progress;

/**
 * A one-line console progress bar, redrawn at most every 200 ms (and at 100 %). On a
 * non-terminal it prints a plain line per 10 % step, so logs stay readable. Ctrl-C sets the
 * cancelled flag through a shutdown hook installed by {@link #cancelOnInterrupt()}.
 */
public final class ConsoleProgress implements Progress {
    private final PrintStream out;
    private final boolean tty;
    private volatile boolean cancelled;
    private long lastDraw;
    private String lastStage = "";
    private int lastDecile = -1;

    public ConsoleProgress(PrintStream out) {
        this.out = out;
        this.tty = System.console() != null;
    }

    public static ConsoleProgress stderr() {
        return new ConsoleProgress(System.err);
    }

    @Override
    public synchronized void update(String stage, long done, long total) {
        long now = System.currentTimeMillis();
        boolean end = total > 0 && done >= total;
        double frac = total > 0 ? Math.min(1, (double) done / total) : 0;
        if (tty) {
            if (!end && now - lastDraw < 200 && stage.equals(lastStage)) return;
            int width = 30;
            int filled = (int) Math.round(frac * width);
            out.printf("\r%-28s [%s%s] %5.1f%% (%d/%d)", stage, "#".repeat(filled), " ".repeat(width - filled),
                    100 * frac, done, total);
            if (end) out.println();
            out.flush();
        } else {
            int decile = (int) Math.floor(frac * 10);
            if (stage.equals(lastStage) && decile == lastDecile) return;
            lastDecile = decile;
            out.printf("%s: %d%% (%d/%d)%n", stage, decile * 10, done, total);
        }
        lastDraw = now;
        lastStage = stage;
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    public void cancel() {
        cancelled = true;
    }
}
