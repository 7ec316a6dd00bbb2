package org.cryoet.learn;

import org.cryoet.util.CancelledException;
import org.cryoet.util.Progress;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Fetches a libtorch build (e.g. the CUDA one) into DJL's cache in DJL's own layout, so that a
 * later start can load it through {@code PYTORCH_LIBRARY_PATH} without DJL going online. The
 * server layout is DJL's: {@code <base>/<version>/files.txt} lists gzip files as
 * {@code <flavor>/<platform>/native/lib/<name>.gz}; they are unpacked into
 * {@code <cache>/<version>-<flavor>-<platform>/}. The folder appears only when every file is
 * complete (written to a temporary folder beside it, then renamed), so a cancelled or failed
 * download leaves nothing that could be mistaken for an installation.
 */
public final class LibtorchDownload {
    /** DJL's download server. */
    public static final URI DJL_SERVER = URI.create("https://publish.djl.ai/pytorch/");
    private static final int TIMEOUT_MS = 30_000;

    /** What to fetch: libtorch {@code version} (e.g. 2.5.1) as {@code flavor} (cu124) for {@code platform} (linux-x86_64). */
    public record Build(String version, String flavor, String platform) {
        /** The cache folder name DJL uses for this build. */
        public String folderName() {
            return version + "-" + flavor + "-" + platform;
        }

        /** Prefix of this build's lines in the server's files.txt. */
        String indexPrefix() {
            return flavor + "/" + platform + "/";
        }
    }

    private LibtorchDownload() {
    }

    /** The folder of an installed build in the cache (it may not exist). */
    public static Path folder(Path cache, Build build) {
        return cache.resolve(build.folderName());
    }

    /** True when the build's folder holds the main libtorch library (only complete downloads are renamed into place). */
    public static boolean installed(Path cache, Build build) {
        return Files.isRegularFile(folder(cache, build).resolve(System.mapLibraryName("torch")));
    }

    /** The index lines (paths relative to the version's folder on the server) that belong to the build. */
    public static List<String> filesOf(List<String> index, Build build) {
        List<String> out = new ArrayList<>();
        for (String line : index) {
            String l = line.strip();
            if (l.startsWith(build.indexPrefix()) && l.endsWith(".gz")) out.add(l);
        }
        return out;
    }

    /**
     * Downloads and unpacks the build into {@code cache}. Progress counts files (the stage names
     * the file and its megabytes so far); cancellation is polled between blocks.
     *
     * @param server the server root (DJL's: {@link #DJL_SERVER})
     * @return the installed folder
     * @throws IOException         when the server cannot be reached or lists no file of the build (nothing is left behind)
     * @throws CancelledException  when cancelled (nothing is left behind)
     */
    public static Path download(URI server, Path cache, Build build, Progress progress) throws IOException {
        Path target = folder(cache, build);
        if (installed(cache, build)) return target;
        URI versionRoot = resolveDir(server, build.version());
        List<String> index;
        try (InputStream in = open(versionRoot.resolve("files.txt"))) {
            index = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        List<String> files = filesOf(index, build);
        if (files.isEmpty()) {
            throw new IOException(versionRoot.resolve("files.txt") + " lists no file for " + build.flavor()
                    + " on " + build.platform());
        }
        Files.createDirectories(cache);
        Path tmp = Files.createTempDirectory(cache, build.folderName() + ".part");
        boolean done = false;
        try {
            String stage = "Downloading libtorch " + build.folderName();
            for (int i = 0; i < files.size(); i++) {
                progress.checkCancelled(stage);
                String line = files.get(i);
                String name = line.substring(line.lastIndexOf('/') + 1, line.length() - ".gz".length());
                final int fileIndex = i;
                progress.update(stage + ": " + name, i, files.size());
                try (InputStream raw = open(versionRoot.resolve(line));
                     InputStream in = new GZIPInputStream(new CountingStream(raw, bytes ->
                             progress.update(stage + ": " + name + ", " + (bytes >> 20) + " MB", fileIndex, files.size())));
                     OutputStream out = Files.newOutputStream(tmp.resolve(name))) {
                    byte[] buf = new byte[1 << 16];
                    for (int n; (n = in.read(buf)) > 0; ) {
                        out.write(buf, 0, n);
                        if (progress.isCancelled()) throw new CancelledException(stage);
                    }
                }
                progress.update(stage, i + 1, files.size());
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target);
            }
            done = true;
            return target;
        } finally {
            if (!done) deleteTree(tmp);
        }
    }

    private static URI resolveDir(URI server, String child) {
        String s = server.toString();
        return URI.create((s.endsWith("/") ? s : s + "/") + child + "/");
    }

    private static InputStream open(URI uri) throws IOException {
        URLConnection c = uri.toURL().openConnection();
        c.setConnectTimeout(TIMEOUT_MS);
        c.setReadTimeout(TIMEOUT_MS);
        return c.getInputStream();
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            // best effort: a leftover *.part folder is never taken for an installation
        }
    }

    /** Reports the bytes read so far through a callback (at most every 1 MiB). */
    private static final class CountingStream extends java.io.FilterInputStream {
        private final java.util.function.LongConsumer report;
        private long count;
        private long lastReported;

        CountingStream(InputStream in, java.util.function.LongConsumer report) {
            super(in);
            this.report = report;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) counted(1);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) counted(n);
            return n;
        }

        private void counted(int n) {
            count += n;
            if (count - lastReported >= (1 << 20)) {
                lastReported = count;
                report.accept(count);
            }
        }
    }
}
