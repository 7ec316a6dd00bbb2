package org.cryoet.fiji;

import java.awt.GraphicsEnvironment;

import ij.IJ;

import org.scijava.log.LogService;

/**
 * Where the commands' messages go. Inside Fiji or ImageJ 1 with its window open, the ImageJ Log
 * window (IJ.log), where Fiji users look and where macros read them ({@code getInfo("log")}).
 * Headless or embedded (no ImageJ window), SciJava's LogService (Fiji's console, a script's
 * output), else standard output.
 */
public final class FijiLog {
    /** The three destinations. */
    public enum Target { IMAGEJ_LOG_WINDOW, LOG_SERVICE, STANDARD_OUTPUT }

    private FijiLog() {
    }

    /**
     * @param imageJWindowOpen an ImageJ 1 main window exists ({@code IJ.getInstance() != null})
     * @param headless         the JVM is headless
     * @param logService       a LogService is available
     */
    public static Target target(boolean imageJWindowOpen, boolean headless, boolean logService) {
        if (imageJWindowOpen && !headless) return Target.IMAGEJ_LOG_WINDOW;
        return logService ? Target.LOG_SERVICE : Target.STANDARD_OUTPUT;
    }

    /** The destination in this JVM now. */
    public static Target current(LogService logService) {
        return target(IJ.getInstance() != null, GraphicsEnvironment.isHeadless(), logService != null);
    }

    /** Writes an informational message to {@link #current}. */
    public static void info(LogService logService, String message) {
        switch (current(logService)) {
            case IMAGEJ_LOG_WINDOW -> IJ.log(message);
            case LOG_SERVICE -> logService.info(message);
            default -> System.out.println(message);
        }
    }

    /** Writes an error to {@link #current}. */
    public static void error(LogService logService, String message) {
        switch (current(logService)) {
            case IMAGEJ_LOG_WINDOW -> IJ.log("Error: " + message);
            case LOG_SERVICE -> logService.error(message);
            default -> System.err.println(message);
        }
    }
}
