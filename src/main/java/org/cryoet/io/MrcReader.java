package org.cryoet.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import org.cryoet.util.CryoEtException;
import org.cryoet.volume.Calibration;
import org.cryoet.volume.Volume;

/**
 * PLACEHOLDER (float32 little-endian only) until the full MRC2014 reader lands; the public
 * signatures here are the ones the rest of the code uses.
 */
public final class MrcReader {
    private MrcReader() {
    }

    /** Reads a whole MRC file into memory as float voxels, with voxel size and origin. */
    public static Volume read(Path path) {
        try {
            byte[] all = Files.readAllBytes(path);
            ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
            int nx = b.getInt(0), ny = b.getInt(4), nz = b.getInt(8), mode = b.getInt(12);
            if (mode != 2) throw new CryoEtException(path + ": MRC mode " + mode + " not supported yet");
            int mx = b.getInt(28), my = b.getInt(32), mz = b.getInt(36);
            float cx = b.getFloat(40), cy = b.getFloat(44), cz = b.getFloat(48);
            int next = b.getInt(92);
            Calibration cal = new Calibration(mx > 0 ? cx / mx : 1, my > 0 ? cy / my : 1, mz > 0 ? cz / mz : 1,
                    b.getFloat(196), b.getFloat(200), b.getFloat(204));
            Volume v = Volume.create(nx, ny, nz, cal);
            b.position(1024 + next);
            b.asFloatBuffer().get(v.data());
            return v;
        } catch (IOException e) {
            throw new CryoEtException("Cannot read " + path + ": " + e.getMessage(), e);
        }
    }
}
