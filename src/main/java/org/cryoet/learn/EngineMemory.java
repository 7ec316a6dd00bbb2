package org.cryoet.learn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.util.cuda.CudaUtils;
import org.cryoet.util.ProcessMemory;

import java.lang.management.MemoryUsage;

/**
 * Memory as the engine sees it: the tensors a manager tree keeps alive (our own allocation
 * counter, the same on every device), and the device's used and free memory on a GPU.
 *
 * <p>Why a ledger: a DJL operation's result belongs to its receiver's manager. An out-of-place
 * operation on a long-lived array (a weight, an optimiser moment, a cached mask) therefore
 * registers its result with a manager that lives for the whole run, and every iteration leaves
 * one more tensor behind. Counting the arrays under the long-lived managers after each iteration
 * finds such leaks exactly, long before the resident size shows them.
 */
public final class EngineMemory {

    /** Number and total bytes of the arrays alive under a manager (its sub-managers included). */
    public record Ledger(long arrays, long bytes) {
    }

    /**
     * One reading.
     *
     * @param residentBytes   host resident set size of the process (-1: unknown)
     * @param hostAvailable   host memory still available (-1: unknown)
     * @param deviceUsed      used memory of the GPU in bytes (-1 on the CPU or unknown)
     * @param deviceFree      free memory of the GPU in bytes (-1 on the CPU or unknown)
     */
    public record Sample(long residentBytes, long hostAvailable, long deviceUsed, long deviceFree) {

        /** Resident size in MiB, NaN if unknown. */
        public double residentMib() {
            return residentBytes < 0 ? Double.NaN : residentBytes / 1048576.0;
        }

        /** Device memory in use in MiB, NaN on the CPU. */
        public double deviceUsedMib() {
            return deviceUsed < 0 ? Double.NaN : deviceUsed / 1048576.0;
        }
    }

    private EngineMemory() {
    }

    /** The arrays alive under {@code manager}, counted and summed. */
    public static Ledger ledger(NDManager manager) {
        long n = 0;
        long bytes = 0;
        for (NDArray a : manager.getManagedArrays()) {
            if (a.isReleased()) continue;
            n++;
            bytes += a.getShape().size() * a.getDataType().getNumOfBytes();
        }
        return new Ledger(n, bytes);
    }

    /** Host figures, plus the GPU's used and free memory when {@code device} is a GPU. */
    public static Sample sample(Device device) {
        long used = -1;
        long free = -1;
        if (device != null && device.isGpu()) {
            try {
                MemoryUsage mu = CudaUtils.getGpuMemory(device);
                used = mu.getCommitted();
                free = mu.getMax() - mu.getCommitted();
            } catch (RuntimeException | LinkageError e) {
                // no CUDA runtime visible to DJL: device figures stay unknown
            }
        }
        return new Sample(ProcessMemory.residentBytes(), ProcessMemory.availableBytes(), used, free);
    }
}
