package org.cryoet.learn;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Minimal reader for NumPy .npy files (test use only): versions 1-3, C order, little-endian
 * float32, float64, uint8 and bool. Values are returned as doubles in C order.
 */
public final class Npy {
    public final int[] shape;
    public final double[] data;

    private Npy(int[] shape, double[] data) {
        this.shape = shape;
        this.data = data;
    }

    /** A file of the reference test vectors, kept in the repository (relative to its root). */
    public static Path vectors(String name) {
        return Path.of("src", "test", "resources", "icecream-testvectors", name);
    }

    public static Npy read(Path path) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(path)).order(ByteOrder.LITTLE_ENDIAN);
        if ((b.get() & 0xff) != 0x93 || b.get() != 'N' || b.get() != 'U' || b.get() != 'M' || b.get() != 'P' || b.get() != 'Y') {
            throw new IOException(path + " is not an .npy file");
        }
        int major = b.get();
        b.get();
        int headerLen = major == 1 ? (b.getShort() & 0xffff) : b.getInt();
        byte[] hb = new byte[headerLen];
        b.get(hb);
        String header = new String(hb, StandardCharsets.ISO_8859_1);
        Matcher d = Pattern.compile("'descr':\\s*'([^']+)'").matcher(header);
        Matcher f = Pattern.compile("'fortran_order':\\s*(True|False)").matcher(header);
        Matcher s = Pattern.compile("'shape':\\s*\\(([^)]*)\\)").matcher(header);
        if (!d.find() || !f.find() || !s.find()) throw new IOException(path + ": bad header " + header);
        if (f.group(1).equals("True")) throw new IOException(path + ": Fortran order not supported");
        String[] parts = s.group(1).split(",");
        int count = 0;
        for (String p : parts) if (!p.isBlank()) count++;
        int[] shape = new int[count];
        long n = 1;
        int k = 0;
        for (String p : parts) {
            if (p.isBlank()) continue;
            shape[k] = Integer.parseInt(p.trim());
            n *= shape[k++];
        }
        double[] data = new double[(int) n];
        String descr = d.group(1);
        switch (descr) {
            case "<f4" -> { for (int i = 0; i < n; i++) data[i] = b.getFloat(); }
            case "<f8" -> { for (int i = 0; i < n; i++) data[i] = b.getDouble(); }
            case "|u1", "|b1" -> { for (int i = 0; i < n; i++) data[i] = b.get() & 0xff; }
            default -> throw new IOException(path + ": unsupported dtype " + descr);
        }
        return new Npy(shape, data);
    }

    /**
     * Converts a cube (or batch of cubes, leading batch axis) from the reference's (Y, X, Z) C
     * order to our (Z, Y, X) order with x fastest.
     */
    public float[] yxzToZyx() {
        int r = shape.length;
        int ny = shape[r - 3];
        int nx = shape[r - 2];
        int nz = shape[r - 1];
        int per = nx * ny * nz;
        int batches = data.length / per;
        float[] out = new float[data.length];
        for (int b = 0; b < batches; b++)
            for (int y = 0; y < ny; y++)
                for (int x = 0; x < nx; x++)
                    for (int z = 0; z < nz; z++) {
                        out[b * per + x + nx * (y + ny * z)] = (float) data[b * per + z + nz * (x + nx * y)];
                    }
        return out;
    }
}
