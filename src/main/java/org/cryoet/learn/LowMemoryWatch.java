package org.cryoet.learn;

import org.cryoet.util.ProcessMemory;

import java.util.Locale;

/**
 * Warns once when free host memory, or free GPU memory, falls under a margin, and again only after
 * it has recovered to twice the margin (so a run hovering at the edge does not flood the log).
 * The trainer saves a checkpoint on each warning: if something is about to be killed for memory,
 * the work so far is on disk.
 *
 * <p>Margins: the larger of 512 MiB and 5 % of the total (host: physical memory; GPU: device
 * memory).
 */
final class LowMemoryWatch {

    static final long MIN_MARGIN = 512L << 20;
    static final double FRACTION = 0.05;

    private final long hostTotal;
    private boolean hostLow;
    private boolean deviceLow;
    private long deviceTotal = -1;

    LowMemoryWatch() {
        this(ProcessMemory.totalBytes());
    }

    LowMemoryWatch(long hostTotalBytes) {
        this.hostTotal = hostTotalBytes;
    }

    static long margin(long total) {
        return Math.max(MIN_MARGIN, (long) (FRACTION * Math.max(0, total)));
    }

    /** A warning line when a margin has just been crossed, otherwise null. */
    String check(EngineMemory.Sample s) {
        String warning = null;
        if (s.hostAvailable() >= 0 && hostTotal > 0) {
            long m = margin(hostTotal);
            if (!hostLow && s.hostAvailable() < m) {
                hostLow = true;
                warning = String.format(Locale.ROOT, "warning: low host memory: %s available of %s (this process: %s); "
                        + "checkpoint saved. Close other programs, or use a smaller --crop or --batch",
                        ProcessMemory.mib(s.hostAvailable()), ProcessMemory.mib(hostTotal),
                        ProcessMemory.mib(s.residentBytes()));
            } else if (hostLow && s.hostAvailable() > 2 * m) {
                hostLow = false;
            }
        }
        if (s.deviceFree() >= 0 && s.deviceUsed() >= 0) {
            if (deviceTotal < 0) deviceTotal = s.deviceFree() + s.deviceUsed();
            long m = margin(deviceTotal);
            if (!deviceLow && s.deviceFree() < m) {
                deviceLow = true;
                String w = String.format(Locale.ROOT, "warning: low GPU memory: %s free of %s; checkpoint saved. "
                        + "Use a smaller --crop or --batch", ProcessMemory.mib(s.deviceFree()),
                        ProcessMemory.mib(deviceTotal));
                warning = warning == null ? w : warning + "\n" + w;
            } else if (deviceLow && s.deviceFree() > 2 * m) {
                deviceLow = false;
            }
        }
        return warning;
    }
}
