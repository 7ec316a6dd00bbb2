package org.cryoet.learn;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.cryoet.util.CryoEtException;

/**
 * Turns a user's device choice ({@code auto}, {@code cpu}, {@code gpu}, {@code gpu:N}) into a DJL
 * device, with a sentence saying what was chosen and why (for the log).
 */
public final class DeviceSelector {

    /** The chosen device and the reason, e.g. "cpu (auto: no GPU visible to PyTorch)". */
    public record Choice(Device device, String reason) {
        public boolean isGpu() {
            return device.isGpu();
        }

        @Override
        public String toString() {
            return device + " (" + reason + ")";
        }
    }

    private DeviceSelector() {
    }

    public static Choice select(String spec) {
        String s = spec == null ? "auto" : spec.trim().toLowerCase(java.util.Locale.ROOT);
        int gpus = gpuCount();
        switch (s) {
            case "auto":
                if (gpus > 0) return new Choice(Device.gpu(0), "auto: " + gpus + " GPU(s) visible, using the first");
                return new Choice(Device.cpu(), "auto: no GPU visible to PyTorch, "
                        + Runtime.getRuntime().availableProcessors() + " CPU cores");
            case "cpu":
                return new Choice(Device.cpu(), "requested");
            case "gpu":
            case "cuda":
                s = "gpu:0";
                break;
            default:
                break;
        }
        if (s.startsWith("gpu:") || s.startsWith("cuda:")) {
            int id;
            try {
                id = Integer.parseInt(s.substring(s.indexOf(':') + 1));
            } catch (NumberFormatException e) {
                throw new CryoEtException("Device '" + spec + "' is not auto, cpu, gpu or gpu:N");
            }
            if (id < 0 || id >= gpus) {
                throw new CryoEtException("Device '" + spec + "' requested but PyTorch sees " + gpus
                        + " GPU(s)" + (gpus == 0 ? " (CPU-only PyTorch build or no CUDA driver); use --device cpu" : ""));
            }
            return new Choice(Device.gpu(id), "requested, " + gpus + " GPU(s) visible");
        }
        throw new CryoEtException("Device '" + spec + "' is not auto, cpu, gpu or gpu:N");
    }

    /** GPUs visible to the PyTorch engine (0 with the CPU-only native library). */
    public static int gpuCount() {
        try {
            return Engine.getInstance().getGpuCount();
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            return 0;
        }
    }
}
