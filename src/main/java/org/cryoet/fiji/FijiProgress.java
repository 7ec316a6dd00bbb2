package org.cryoet.fiji;

import java.util.function.BooleanSupplier;

import ij.IJ;

import org.scijava.app.StatusService;
import org.scijava.task.Task;
import org.scijava.task.TaskService;

import org.cryoet.util.Progress;

/**
 * Forwards library {@link Progress} to SciJava: the status bar (StatusService) and a Task
 * (TaskService, listed with a Cancel button in Fiji's task monitor). Three things make
 * {@link #isCancelled()} true: cancelling the task, the command's own cancel flag, and Esc
 * ({@code IJ.escapePressed()}, ImageJ's habit for stopping long work; reset when the work starts,
 * so an earlier Esc does not stop it). Every service may be absent (minimal contexts, ImageJ 1
 * macro path): then the cancel flag and Esc are used.
 */
public final class FijiProgress implements Progress, AutoCloseable {
    private final StatusService status;
    private final Task task;
    private final BooleanSupplier cancelled;
    private volatile long lastStatusNanos;

    private FijiProgress(StatusService status, Task task, BooleanSupplier cancelled) {
        this.status = status;
        this.task = task;
        this.cancelled = cancelled;
    }

    /**
     * @param name      task name shown in the task monitor
     * @param status    may be null
     * @param tasks     may be null
     * @param cancelled the command's cancel flag (e.g. {@code this::isCanceled}); may be null
     */
    public static FijiProgress start(String name, StatusService status, TaskService tasks, BooleanSupplier cancelled) {
        IJ.resetEscape();
        Task task = null;
        if (tasks != null) {
            task = tasks.createTask(name);
            task.setProgressMaximum(1000);
            task.start();
        }
        return new FijiProgress(status, task, cancelled);
    }

    @Override
    public void update(String stage, long done, long total) {
        if (task != null) {
            task.setStatusMessage(stage);
            task.setProgressValue(total > 0 ? Math.round(1000.0 * done / total) : 0);
        }
        if (status != null) {
            // The status bar repaints on every event: a few per second are plenty.
            long now = System.nanoTime();
            if (done >= total || now - lastStatusNanos > 100_000_000L) {
                lastStatusNanos = now;
                int max = (int) Math.min(Integer.MAX_VALUE, Math.max(total, 1));
                status.showStatus((int) Math.min(done, max), max, stage);
            }
        }
    }

    @Override
    public boolean isCancelled() {
        return (task != null && task.isCanceled()) || (cancelled != null && cancelled.getAsBoolean())
                || IJ.escapePressed();
    }

    /** Why the work was cancelled from outside the command (task monitor or Esc), else null. */
    public String cancelReason() {
        if (task != null && task.isCanceled()) return task.getCancelReason();
        return IJ.escapePressed() ? "Esc pressed" : null;
    }

    @Override
    public void close() {
        if (task != null) task.finish();
        if (status != null) status.clearStatus();
    }
}
