package org.cryoet.learn;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.Random;

/**
 * Forward + backward time of one network pass on random data (no loss, no optimiser), as wall
 * and thread CPU seconds (the CPU time is robust against other processes on a shared machine when
 * libtorch runs single-threaded). Arguments: crop batch repeats spec..., each spec
 * {@code unet:DEPTH:CHANNELS}, {@code msd:LAYERS:WIDTH:MAXDILATION} or
 * {@code msd-direct:LAYERS:WIDTH:MAXDILATION} (Conv3d layers instead of the CPU's factorised form).
 */
public final class NetworkTiming {

    public static void main(String[] args) {
        int crop = Integer.parseInt(args[0]);
        int batch = Integer.parseInt(args[1]);
        int repeats = Integer.parseInt(args[2]);
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Random r = new Random(1);
        float[] data = new float[batch * crop * crop * crop];
        for (int i = 0; i < data.length; i++) data[i] = (float) r.nextGaussian();
        for (int a = 3; a < args.length; a++) {
            String[] p = args[a].split(":");
            NetworkSpec spec = p[0].equals("unet") ? new UNetConfig(Integer.parseInt(p[1]), Integer.parseInt(p[2]))
                    : new MsdConfig(Integer.parseInt(p[1]), Integer.parseInt(p[2]), Integer.parseInt(p[3]));
            MsdNetwork.forceDirect = p[0].equals("msd-direct") ? Boolean.TRUE : null;
            try (NDManager m = NDManager.newBaseManager(Device.cpu());
                 Network net = spec.create(UNet3d.Init.HE_NORMAL, 1, m)) {
                net.setRequiresGradient(true);
                double wall = 0, cpu = 0;
                for (int k = 0; k <= repeats; k++) {
                    long w0 = System.nanoTime(), c0 = bean.getCurrentThreadCpuTime();
                    try (NDManager scope = m.newSubManager();
                         GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray x = scope.create(data, new Shape(batch, 1, crop, crop, crop));
                        gc.backward(net.forward(x).square().mean());
                    }
                    if (k > 0) { // the first pass warms up
                        wall += (System.nanoTime() - w0) / 1e9;
                        cpu += (bean.getCurrentThreadCpuTime() - c0) / 1e9;
                    }
                }
                System.out.printf(Locale.ROOT, "%-60s params %9d  fwd+bwd %.3f s wall, %.3f s CPU (crop %d, batch %d, mean of %d)%n",
                        args[a] + " = " + spec, spec.parameterCount(), wall / repeats, cpu / repeats, crop, batch, repeats);
            }
        }
    }
}
