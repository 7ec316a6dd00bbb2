import ai.djl.Device;
import org.cryoet.io.MrcMode;
import org.cryoet.io.MrcStreamWriter;
import org.cryoet.learn.IcecreamModel;
import org.cryoet.learn.ModelInfo;
import org.cryoet.learn.UNet3d;
import org.cryoet.learn.UNetConfig;
import org.cryoet.volume.Calibration;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Inputs for bench/predict-memory.sh (a single-file Java program, run with the project's classpath):
 * two float32 half tomograms of NX x NY x NZ written section by section (never whole in memory) and
 * a randomly initialised (untrained) ICECREAM model. Memory does not depend on the weights.
 *
 * Usage: java -cp CLASSPATH bench/MakeMemoryInputs.java DIR NX NY NZ DEPTH CHANNELS CROP
 */
public class MakeMemoryInputs {
    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        int nx = Integer.parseInt(args[1]);
        int ny = Integer.parseInt(args[2]);
        int nz = Integer.parseInt(args[3]);
        int depth = Integer.parseInt(args[4]);
        int channels = Integer.parseInt(args[5]);
        int crop = Integer.parseInt(args[6]);
        ModelInfo info = new ModelInfo(ModelInfo.FORMAT, "ICECREAM", depth, channels,
                new UNetConfig(depth, channels).parameterCount(), ModelInfo.NORMALIZATION, -60, 60, crop, 1, 0, 2.0,
                1e-4, 1, "random (benchmark)", List.of(), 0, ModelInfo.SOFTWARE, "");
        try (IcecreamModel m = IcecreamModel.create(info, UNet3d.Init.HE_NORMAL, 1, Device.cpu())) {
            m.save(dir.resolve("model"));
        }
        Calibration cal = Calibration.isotropic(10);
        float[] section = new float[nx * ny];
        for (int h = 0; h < 2; h++) {
            SplittableRandom rnd = new SplittableRandom(h + 1);
            Path file = dir.resolve(h == 0 ? "even.mrc" : "odd.mrc");
            try (MrcStreamWriter w = MrcStreamWriter.create(file, nx, ny, nz, MrcMode.FLOAT, cal, false, true)) {
                for (int z = 0; z < nz; z++) {
                    for (int i = 0; i < section.length; i++) {
                        // a smooth pattern plus noise, so that the halves are not constant
                        section[i] = (float) (Math.sin(i * 0.01 + z * 0.1) + rnd.nextDouble() - 0.5);
                    }
                    w.writeSection(section);
                }
                w.commit();
            }
            System.out.println("wrote " + file);
        }
    }
}
