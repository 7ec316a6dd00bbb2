package org.cryoet.fiji;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import org.cryoet.learn.DeviceSelector;
import org.cryoet.learn.UNet3d;
import org.cryoet.learn.UNetConfig;

/**
 * Plugins > Cryo-ET > About / Check Setup: versions, where libtorch was loaded from, the device,
 * memory advice (libtorch allocates outside the Java heap) and the time of a small forward pass
 * of the ICECREAM U-Net. The report goes to the Log window and to the output {@code report}.
 */
@Plugin(type = Command.class, headless = true, menuPath = "Plugins>Cryo-ET>About / Check Setup",
        description = "Versions, libtorch location, device, memory advice and a test forward pass")
public class CheckSetupCommand extends CryoEtCommand {
    /** Side of the test input cube, depth and channels of the test network. */
    static final int TEST_SIZE = 32;
    static final UNetConfig TEST_NET = new UNetConfig(2, 8);

    @Parameter(label = "Device", choices = {"auto", "cpu", "gpu"}, required = false)
    String device = "auto";

    @Parameter(type = ItemIO.OUTPUT)
    String plugin_version;

    @Parameter(type = ItemIO.OUTPUT)
    String djl_version;

    @Parameter(type = ItemIO.OUTPUT)
    String libtorch_version;

    @Parameter(type = ItemIO.OUTPUT, label = "libtorch folder")
    String native_library;

    @Parameter(type = ItemIO.OUTPUT, label = "libtorch jars on the classpath")
    String native_jars;

    @Parameter(type = ItemIO.OUTPUT)
    String device_used;

    @Parameter(type = ItemIO.OUTPUT)
    int gpu_count;

    @Parameter(type = ItemIO.OUTPUT, label = "Forward pass (ms)")
    double forward_ms;

    @Parameter(type = ItemIO.OUTPUT, label = "Java heap limit (MB)")
    long max_heap_mb;

    @Parameter(type = ItemIO.OUTPUT, label = "Physical memory (MB)")
    long physical_memory_mb;

    @Parameter(type = ItemIO.OUTPUT)
    String memory_advice;

    @Parameter(type = ItemIO.OUTPUT, label = "GPU advice")
    String gpu_advice;

    @Parameter(type = ItemIO.OUTPUT, label = "CryoLithe built-in model")
    String cryolithe_model;

    @Parameter(type = ItemIO.OUTPUT)
    String report;

    @Override
    protected void execute() {
        Properties about = readAbout();
        plugin_version = about.getProperty("version", "unknown");
        djl_version = Engine.getDjlVersion();
        Engine engine = Engine.getEngine("PyTorch");
        libtorch_version = engine.getVersion();
        native_library = libtorchFolder();
        native_jars = String.join(", ", nativeJars());
        gpu_count = engine.getGpuCount();
        DeviceSelector.Choice choice = DeviceSelector.select(orDefault(device, "auto"));
        device_used = choice.toString();

        max_heap_mb = Runtime.getRuntime().maxMemory() >> 20;
        physical_memory_mb = physicalMemory() >> 20;
        memory_advice = memoryAdvice(max_heap_mb, physical_memory_mb);

        forward_ms = forwardPass(choice.device());

        String flavor = native_library.toLowerCase(Locale.ROOT).contains("-cu") ? "cu" : "cpu";
        String platform = ai.djl.util.Platform.detectPlatform("pytorch").getClassifier();
        org.cryoet.learn.LibtorchDownload.Build cuda = DjlSystemProperties.cudaBuild();
        CudaAdvice.Advice gpu = CudaAdvice.advise(CudaAdvice.nvidiaGpuPresent(), flavor, platform,
                cuda != null && org.cryoet.learn.LibtorchDownload.installed(DjlSystemProperties.libtorchCache(), cuda));
        gpu_advice = gpu.message();

        cryolithe_model = cryolitheModel();

        StringBuilder r = new StringBuilder();
        r.append("Cryo-ET ICECREAM ").append(plugin_version).append('\n');
        r.append("DJL ").append(djl_version).append(", PyTorch (libtorch) ").append(libtorch_version).append('\n');
        r.append("libtorch loaded from: ").append(native_library).append('\n');
        r.append("libtorch jars on the classpath: ").append(native_jars.isEmpty() ? "none" : native_jars).append('\n');
        r.append("device: ").append(device_used).append(", GPUs visible: ").append(gpu_count).append('\n');
        r.append(String.format(Locale.ROOT, "test forward pass (U-Net depth %d, %d channels, %d^3 voxels): %.1f ms%n",
                TEST_NET.depth(), TEST_NET.baseChannels(), TEST_SIZE, forward_ms));
        r.append("Java: ").append(System.getProperty("java.version")).append(", heap limit ").append(max_heap_mb)
                .append(" MB, physical memory ").append(physical_memory_mb < 0 ? "unknown" : physical_memory_mb + " MB").append('\n');
        r.append("memory: ").append(memory_advice).append('\n');
        r.append("CryoLithe: ").append(cryolithe_model).append('\n');
        r.append("GPU: ").append(gpu_advice);
        report = r.toString();
        for (String line : report.split("\n")) log(line);
    }

    /** The time of one forward pass after a warm-up pass, in milliseconds. */
    /** One line on the built-in CryoLithe model: what it is and its recorded held-out figure, or why it is missing. */
    static String cryolitheModel() {
        try {
            org.cryoet.learn.cryolithe.CryolitheModel m = org.cryoet.learn.cryolithe.CryolitheModel.builtIn(false);
            Double cc = m.info().figures().get("case64_cryolithe_cc");
            return String.format(Locale.ROOT, "built-in %s model, patch %d, %d training iterations%s",
                    m.config().wavelet() ? "wavelet" : "pixel", m.config().patch(), m.info().iterations(),
                    cc == null ? "" : String.format(Locale.ROOT, ", CC %.3f on the held-out test case", cc));
        } catch (org.cryoet.util.CryoEtException e) {
            return e.getMessage();
        }
    }

    static double forwardPass(Device device) {
        org.cryoet.learn.GradMode.offOnThisThread();
        try (NDManager m = NDManager.newBaseManager(device);
             UNet3d net = UNet3d.create(TEST_NET, UNet3d.Init.PYTORCH_DEFAULT, 1, m)) {
            NDArray x = m.randomNormal(new Shape(1, 1, TEST_SIZE, TEST_SIZE, TEST_SIZE));
            float warm = net.forward(x).sum().getFloat();
            if (!Float.isFinite(warm)) throw new IllegalStateException("forward pass gave " + warm);
            long t0 = System.nanoTime();
            float s = net.forward(x).sum().getFloat();
            double ms = (System.nanoTime() - t0) / 1e6;
            if (!Float.isFinite(s)) throw new IllegalStateException("forward pass gave " + s);
            return ms;
        }
    }

    /**
     * libtorch allocates its tensors outside the Java heap: a heap limit close to the physical
     * memory leaves too little for training and prediction.
     */
    static String memoryAdvice(long heapMb, long physicalMb) {
        if (physicalMb <= 0) {
            return "libtorch memory is off-heap (not part of the Java heap); keep the heap limit well below the physical memory.";
        }
        long left = physicalMb - heapMb;
        double share = (double) heapMb / physicalMb;
        String base = String.format(Locale.ROOT, "libtorch memory is off-heap: %d MB of %d MB stay outside the Java heap. ", Math.max(left, 0), physicalMb);
        if (share > 0.75) {
            return base + "The heap limit takes " + Math.round(100 * share) + "% of the memory: lower it "
                    + "(Edit > Options > Memory & Threads, e.g. to half the memory) so that libtorch has room; "
                    + "raising it does not help training or prediction.";
        }
        return base + "Fine. If training or prediction runs out of memory, lower batch or crop: a larger Java heap "
                + "does not help (libtorch does not use it) and leaves less for libtorch.";
    }

    /** The folder that DJL extracted libtorch to (or PYTORCH_LIBRARY_PATH). */
    static String libtorchFolder() {
        try {
            return ai.djl.pytorch.jni.LibUtils.getLibtorchPath();
        } catch (RuntimeException | LinkageError e) {
            return "unknown (" + e + ")";
        }
    }

    /** The jars (or folders) on the classpath that hold a libtorch for some platform. */
    static List<String> nativeJars() {
        List<String> out = new ArrayList<>();
        try {
            ClassLoader cl = Thread.currentThread().getContextClassLoader();
            if (cl == null) cl = CheckSetupCommand.class.getClassLoader();
            Enumeration<URL> urls = cl.getResources("native/lib/pytorch.properties");
            while (urls.hasMoreElements()) {
                String u = urls.nextElement().toString();
                int bang = u.indexOf("!/");
                if (bang > 0) u = u.substring(0, bang);
                out.add(u.replaceFirst("^jar:", "").replaceFirst("^file:", ""));
            }
        } catch (IOException e) {
            out.add("(cannot list: " + e.getMessage() + ")");
        }
        return out;
    }

    static long physicalMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return -1;
    }

    static Properties readAbout() {
        Properties p = new Properties();
        try (InputStream in = CheckSetupCommand.class.getResourceAsStream("about.properties")) {
            if (in != null) p.load(in);
        } catch (IOException e) {
            // no version information: reported as unknown
        }
        return p;
    }
}
