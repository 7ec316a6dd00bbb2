package org.cryoet.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.cryoet.util.AtomicOutput;
import org.cryoet.volume.Calibration;
import org.cryoet.volume.Statistics;
import org.cryoet.volume.Volume;

/**
 * PLACEHOLDER (float32 volume only) until the full MRC2014 writer lands; the public signatures
 * here are the ones the rest of the code uses.
 */
public final class MrcWriter {
    private MrcWriter() {
    }

    /** Writes a float32 volume (ISPG 1), replacing an existing file. */
    public static void write(Path path, Volume v) {
        write(path, v, false, true);
    }

    /** Writes a float32 image stack (ISPG 0, e.g. a tilt series), replacing an existing file. */
    public static void writeStack(Path path, Volume v) {
        write(path, v, true, true);
    }

    /**
     * Writes {@code v} atomically as float32; {@code stack} selects image stack (ISPG 0) vs
     * volume (ISPG 1). An existing file is refused unless {@code overwrite}; inputs are refused.
     */
    public static void write(Path path, Volume v, boolean stack, boolean overwrite, Path... inputs) {
        AtomicOutput.write(path, overwrite, tmp -> {
            ByteBuffer h = ByteBuffer.allocate(1024).order(ByteOrder.LITTLE_ENDIAN);
            Calibration c = v.calibration();
            Statistics s = Statistics.of(v.data());
            h.putInt(0, v.nx()).putInt(4, v.ny()).putInt(8, v.nz()).putInt(12, 2);
            h.putInt(28, v.nx()).putInt(32, v.ny()).putInt(36, stack ? 1 : v.nz());
            h.putFloat(40, (float) (c.voxelX() * v.nx())).putFloat(44, (float) (c.voxelY() * v.ny()))
                    .putFloat(48, (float) (c.voxelZ() * (stack ? 1 : v.nz())));
            h.putFloat(52, 90).putFloat(56, 90).putFloat(60, 90);
            h.putInt(64, 1).putInt(68, 2).putInt(72, 3);
            h.putFloat(76, (float) s.min()).putFloat(80, (float) s.max()).putFloat(84, (float) s.mean());
            h.putInt(88, stack ? 0 : 1);
            h.put(104, (byte) 'M').put(105, (byte) 'R').put(106, (byte) 'C').put(107, (byte) 'O');
            h.putInt(108, 20140);
            h.putFloat(196, (float) c.originX()).putFloat(200, (float) c.originY()).putFloat(204, (float) c.originZ());
            h.put(208, (byte) 'M').put(209, (byte) 'A').put(210, (byte) 'P').put(211, (byte) ' ');
            h.put(212, (byte) 0x44).put(213, (byte) 0x44);
            h.putFloat(216, (float) s.std());
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(h);
                ByteBuffer d = ByteBuffer.allocate(v.data().length * 4).order(ByteOrder.LITTLE_ENDIAN);
                d.asFloatBuffer().put(v.data());
                while (d.hasRemaining()) ch.write(d);
            }
        }, inputs);
    }
}
