package org.cryoet.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.cryoet.io.MappedMrc;
import org.cryoet.io.MrcMode;
import org.cryoet.io.MrcReader;
import org.cryoet.io.MrcStreamWriter;
import org.cryoet.io.MrcWriter;
import org.cryoet.util.CryoEtException;
import org.cryoet.util.Parallel;
import org.cryoet.volume.Calibration;
import org.cryoet.volume.Volume;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cryoet bench mrc}: MRC write and read throughput for float32 and float16 through each
 * path the tools use (whole-volume writer, slab streaming writer, whole-file read, mapped
 * section reads). Figures are file bytes per second; reads right after writes are mostly served
 * from the page cache, which is said in the output.
 */
@Command(name = "mrc", mixinStandardHelpOptions = true,
        description = "MRC write/read throughput (MB/s) for float32 and float16.")
public final class BenchMrcCommand implements Callable<Integer> {
    @Option(names = "--size", paramLabel = "NX,NY,NZ", split = ",", defaultValue = "928,928,128",
            description = "Volume size (default ${DEFAULT-VALUE}; the full tomogram is 928,928,464 = 1.6 GB float32).")
    int[] size;

    @Option(names = "--dir", paramLabel = "DIR", description = "Folder for the temporary files (default: the system "
            + "temporary folder).")
    Path dir;

    @Option(names = "--modes", paramLabel = "M,M", split = ",", defaultValue = "2,12",
            description = "MRC modes to measure (default ${DEFAULT-VALUE}).")
    String[] modes;

    @Option(names = "--slab", paramLabel = "N", defaultValue = "16",
            description = "Sections per slab for the streaming writer (default ${DEFAULT-VALUE}).")
    int slab;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (size.length != 3 || size[0] <= 0 || size[1] <= 0 || size[2] <= 0) {
            throw new CryoEtException("--size needs three positive numbers NX,NY,NZ");
        }
        if (slab <= 0) throw new CryoEtException("--slab must be positive");
        Path folder = dir != null ? dir : Path.of(System.getProperty("java.io.tmpdir"));
        Files.createDirectories(folder);
        int nx = size[0], ny = size[1], nz = size[2];
        out.printf(Locale.ROOT, "MRC I/O benchmark%n");
        out.printf(Locale.ROOT, "  size        %d x %d x %d (%d voxels)%n", nx, ny, nz, (long) nx * ny * nz);
        out.printf(Locale.ROOT, "  folder      %s (%s)%n", folder.toAbsolutePath(), Files.getFileStore(folder).type());
        out.printf(Locale.ROOT, "  threads     %d, Java %s, max heap %d MB%n", Parallel.threads(),
                System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20);
        out.printf(Locale.ROOT, "  slab        %d sections for the streaming writer%n", slab);
        out.printf(Locale.ROOT, "  note        reads follow writes, so they mostly come from the page cache%n");
        out.flush();

        Volume v = Volume.create(nx, ny, nz, Calibration.isotropic(10));
        float[] d = v.data();
        int plane = nx * ny;
        Parallel.forEach(nz, z -> {
            int seed = z * 0x9E3779B1;
            for (int i = z * plane, e = i + plane; i < e; i++) {
                seed = seed * 1664525 + 1013904223;
                d[i] = (seed >> 8) * 0x1p-20f; // +-8, well inside float16 range
            }
        });

        warmUp(folder);
        out.printf(Locale.ROOT, "%n%-13s %-34s %10s %9s %10s%n", "mode", "operation", "MB", "seconds", "MB/s");
        for (String m : modes) {
            MrcMode mode = MrcMode.parse(m, folder);
            Path file = Files.createTempFile(folder, "bench-mrc-", ".mrc");
            try {
                double mb = (1024 + (double) v.size() * mode.bytesPerVoxel()) / 1e6;
                long t = System.nanoTime();
                MrcWriter.write(file, v, mode, false, true);
                row(out, mode, "write  MrcWriter.write", mb, t);

                t = System.nanoTime();
                try (MrcStreamWriter w = MrcStreamWriter.create(file, nx, ny, nz, mode, v.calibration(), false, true)) {
                    for (int z = 0; z < nz; z += slab) w.writeSlab(d, z, Math.min(slab, nz - z));
                    w.commit();
                }
                row(out, mode, "write  MrcStreamWriter (slabs)", mb, t);

                t = System.nanoTime();
                Volume r = MrcReader.read(file);
                row(out, mode, "read   MrcReader.read", mb, t);
                if (r.size() != v.size()) throw new IllegalStateException("size mismatch");
                r = null;

                t = System.nanoTime();
                float[] s = new float[plane];
                double check = 0;
                try (MappedMrc mm = MrcReader.open(file)) {
                    for (int z = 0; z < nz; z++) {
                        mm.readSection(z, s);
                        for (float x : s) check += x; // touch every value, as a consumer would
                    }
                }
                row(out, mode, "read   open()+readSection (+sum)", mb, t);
                if (Double.isNaN(check)) out.println("(unexpected NaN)");
            } finally {
                Files.deleteIfExists(file);
            }
        }
        return 0;
    }

    /** Runs every path once on a small volume so the figures measure compiled code. */
    private void warmUp(Path folder) throws IOException {
        Volume small = Volume.create(128, 128, 32, Calibration.UNIT);
        for (int i = 0; i < small.data().length; i++) small.data()[i] = (i % 97) * 0.25f;
        for (String m : modes) {
            MrcMode mode = MrcMode.parse(m, folder);
            Path f = Files.createTempFile(folder, "bench-mrc-warmup-", ".mrc");
            try {
                for (int k = 0; k < 3; k++) {
                    MrcWriter.write(f, small, mode, false, true);
                    MrcReader.read(f);
                    try (MappedMrc mm = MrcReader.open(f)) {
                        float[] s = new float[128 * 128];
                        for (int z = 0; z < 32; z++) mm.readSection(z, s);
                    }
                }
            } finally {
                Files.deleteIfExists(f);
            }
        }
    }

    private static void row(PrintWriter out, MrcMode mode, String what, double mb, long start) {
        double s = (System.nanoTime() - start) / 1e9;
        out.printf(Locale.ROOT, "%-13s %-34s %10.1f %9.3f %10.1f%n", mode.describe(), what, mb, s, mb / s);
        out.flush();
    }
}
