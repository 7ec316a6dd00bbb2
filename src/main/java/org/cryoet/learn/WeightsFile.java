package org.cryoet.learn;

import org.cryoet.util.AtomicOutput;
import org.cryoet.util.CryoEtException;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * The one file format for lists of float arrays (network weights, optimiser moments, a method's
 * state) of every model: the 8 bytes {@code CRYOETF1}, the array count (big-endian int32), then per
 * array its length (big-endian int32) and its values (little-endian float32). Files are written
 * atomically; model descriptions record the CRC32 of the file's bytes so a torn pair is detected.
 */
public final class WeightsFile {
    private static final byte[] MAGIC = "CRYOETF1".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_ARRAYS = 10_000;

    private WeightsFile() {
    }

    /** The file's bytes for these arrays. */
    public static byte[] bytes(float[][] arrays) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writeTo(out, arrays);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    /** Writes the arrays to {@code file} atomically (streamed: no second copy in memory). */
    public static void write(Path file, float[][] arrays) {
        AtomicOutput.write(file, true, tmp -> {
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
                writeTo(out, arrays);
            }
        });
    }

    private static void writeTo(DataOutputStream out, float[][] arrays) throws IOException {
        out.write(MAGIC);
        out.writeInt(arrays.length);
        for (float[] a : arrays) {
            out.writeInt(a.length);
            ByteBuffer bb = ByteBuffer.allocate(a.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            bb.asFloatBuffer().put(a);
            out.write(bb.array());
        }
    }

    /** Reads a file written by {@link #write}; errors name the file. */
    public static float[][] read(Path file) {
        try {
            return read(Files.readAllBytes(file), file.toString());
        } catch (NoSuchFileException e) {
            throw new CryoEtException("Missing file " + file);
        } catch (IOException e) {
            throw new CryoEtException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads the bytes of such a file; {@code source} names it in errors. */
    public static float[][] read(byte[] bin, String source) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bin))) {
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) throw new CryoEtException(source + " is not a cryoet weights file (bad magic)");
            int n = in.readInt();
            if (n < 0 || n > MAX_ARRAYS) throw new CryoEtException(source + " is corrupt (array count " + n + ")");
            float[][] out = new float[n][];
            for (int i = 0; i < n; i++) {
                int len = in.readInt();
                if (len < 0 || len > bin.length / 4) throw new CryoEtException(source + " is corrupt (array length " + len + ")");
                byte[] raw = new byte[len * 4];
                in.readFully(raw);
                out[i] = new float[len];
                ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out[i]);
            }
            return out;
        } catch (EOFException e) {
            throw new CryoEtException(source + " is truncated");
        } catch (IOException e) {
            throw new CryoEtException("Cannot read " + source + ": " + e.getMessage(), e);
        }
    }

    /** CRC32 of a file's bytes. */
    public static long crc32(Path file) {
        CRC32 crc = new CRC32();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            int r;
            while ((r = in.read(buf)) > 0) crc.update(buf, 0, r);
        } catch (IOException e) {
            throw new CryoEtException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        return crc.getValue();
    }

    /** CRC32 of bytes. */
    public static long crc32(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return crc.getValue();
    }
}
