package org.cryoet.util;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Host memory figures of this process and machine. Native libraries (libtorch) allocate outside
 * the Java heap, so the heap counters say nothing about them: the resident set size is the figure
 * that shows a native leak and that the kernel's out-of-memory killer acts on.
 *
 * <p>On Linux both figures come from {@code /proc}; elsewhere the resident size is unknown (-1)
 * and available memory falls back to the JVM's view of free physical memory.
 */
public final class ProcessMemory {

    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path MEMINFO = Path.of("/proc/meminfo");

    private ProcessMemory() {
    }

    /** Resident set size of this process in bytes (VmRSS), or -1 where the platform does not say. */
    public static long residentBytes() {
        return kibField(STATUS, "VmRSS:");
    }

    /** Peak resident set size of this process in bytes (VmHWM), or -1 where unknown. */
    public static long peakResidentBytes() {
        return kibField(STATUS, "VmHWM:");
    }

    /**
     * Memory the machine can still give to processes without swapping, in bytes: MemAvailable on
     * Linux (free plus reclaimable cache), the JVM's free physical memory elsewhere, -1 if unknown.
     */
    public static long availableBytes() {
        long kib = kibField(MEMINFO, "MemAvailable:");
        if (kib >= 0) return kib;
        return osBean() != null ? osBean().getFreeMemorySize() : -1;
    }

    /** Physical memory of the machine in bytes, -1 if unknown. */
    public static long totalBytes() {
        long kib = kibField(MEMINFO, "MemTotal:");
        if (kib >= 0) return kib;
        return osBean() != null ? osBean().getTotalMemorySize() : -1;
    }

    private static com.sun.management.OperatingSystemMXBean osBean() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean b
                ? b : null;
    }

    /** A "Name:   123 kB" line of a /proc file, in bytes; -1 when the file or line is missing. */
    static long kibField(Path file, String name) {
        if (!Files.isReadable(file)) return -1;
        try {
            List<String> lines = Files.readAllLines(file);
            for (String line : lines) {
                if (line.startsWith(name)) {
                    String[] parts = line.substring(name.length()).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024L;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** Bytes as mebibytes with one decimal, or "n/a" for a negative (unknown) value. */
    public static String mib(long bytes) {
        return bytes < 0 ? "n/a" : String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}
