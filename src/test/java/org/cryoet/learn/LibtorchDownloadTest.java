package org.cryoet.learn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.cryoet.util.CancelledException;
import org.cryoet.util.Progress;

/** The download against a local server laid out like DJL's (version/files.txt, gzip files per flavour and platform). */
class LibtorchDownloadTest {
    private static final LibtorchDownload.Build BUILD = new LibtorchDownload.Build("2.5.1", "cu124", "linux-x86_64");
    private static final String TORCH = System.mapLibraryName("torch");

    @TempDir
    Path cache;

    private HttpServer server;
    private URI root;
    private final Map<String, byte[]> served = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private byte[] torch;
    private byte[] cudaPart;

    @BeforeEach
    void serve() throws IOException {
        Random r = new Random(7);
        torch = new byte[3 << 20];
        cudaPart = new byte[70_000];
        r.nextBytes(torch);
        r.nextBytes(cudaPart);
        served.put("/pytorch/2.5.1/files.txt", String.join("\n",
                "cpu/linux-x86_64/native/lib/" + TORCH + ".gz",
                "cu124/linux-x86_64/native/lib/" + TORCH + ".gz",
                "cu124/linux-x86_64/native/lib/libc10_cuda.so.gz",
                "cu124/win-x86_64/native/lib/torch.dll.gz",
                "cu118/linux-x86_64/native/lib/" + TORCH + ".gz").getBytes(StandardCharsets.UTF_8));
        served.put("/pytorch/2.5.1/cu124/linux-x86_64/native/lib/" + TORCH + ".gz", gzip(torch));
        served.put("/pytorch/2.5.1/cu124/linux-x86_64/native/lib/libc10_cuda.so.gz", gzip(cudaPart));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            requests.incrementAndGet();
            byte[] body = served.get(ex.getRequestURI().getPath());
            if (body == null) {
                ex.sendResponseHeaders(404, -1);
            } else {
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
            }
            ex.close();
        });
        server.start();
        root = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/pytorch/");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(bo)) {
            g.write(data);
        }
        return bo.toByteArray();
    }

    @Test
    void theBuildsFilesAreUnpackedIntoDjlsFolderLayout() throws IOException {
        assertFalse(LibtorchDownload.installed(cache, BUILD));
        Path folder = LibtorchDownload.download(root, cache, BUILD, Progress.NONE);
        assertEquals(cache.resolve("2.5.1-cu124-linux-x86_64"), folder);
        assertTrue(LibtorchDownload.installed(cache, BUILD));
        assertArrayEquals(torch, Files.readAllBytes(folder.resolve(TORCH)));
        assertArrayEquals(cudaPart, Files.readAllBytes(folder.resolve("libc10_cuda.so")));
        try (var s = Files.list(folder)) {
            assertEquals(2, s.count(), "only the cu124 linux-x86_64 files");
        }
        try (var s = Files.list(cache)) {
            assertEquals(List.of(folder), s.toList(), "no temporary folder left");
        }
        int before = requests.get();
        assertEquals(folder, LibtorchDownload.download(root, cache, BUILD, Progress.NONE));
        assertEquals(before, requests.get(), "an installed build is not fetched again");
    }

    @Test
    void cancellingLeavesNothingBehind() {
        AtomicInteger updates = new AtomicInteger();
        Progress cancelAfterFirstMegabyte = new Progress() {
            @Override
            public void update(String stage, long done, long total) {
                updates.incrementAndGet();
            }

            @Override
            public boolean isCancelled() {
                return updates.get() >= 2;
            }
        };
        assertThrows(CancelledException.class, () -> LibtorchDownload.download(root, cache, BUILD, cancelAfterFirstMegabyte));
        assertFalse(LibtorchDownload.installed(cache, BUILD));
        assertTrue(cache.toFile().list().length == 0, "cache holds " + String.join(", ", cache.toFile().list()));
    }

    @Test
    void aMissingFileOrServerFailsWithoutLeavingAFolder() throws IOException {
        served.remove("/pytorch/2.5.1/cu124/linux-x86_64/native/lib/libc10_cuda.so.gz");
        IOException missing = assertThrows(IOException.class, () -> LibtorchDownload.download(root, cache, BUILD, Progress.NONE));
        assertTrue(missing.getMessage().contains("libc10_cuda.so.gz"), missing.getMessage());
        assertEquals(0, cache.toFile().list().length);

        IOException noBuild = assertThrows(IOException.class, () -> LibtorchDownload.download(root, cache,
                new LibtorchDownload.Build("2.5.1", "cu126", "linux-x86_64"), Progress.NONE));
        assertTrue(noBuild.getMessage().contains("lists no file for cu126 on linux-x86_64"), noBuild.getMessage());

        server.stop(0);
        assertThrows(IOException.class, () -> LibtorchDownload.download(root, cache, BUILD, Progress.NONE));
        assertFalse(LibtorchDownload.installed(cache, BUILD));
    }
}
