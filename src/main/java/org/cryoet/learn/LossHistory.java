package org.cryoet.learn;

import org.cryoet.util.AtomicOutput;
import org.cryoet.util.CryoEtException;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Per-iteration training losses and memory, stored as {@code loss.csv}. The memory columns (host
 * resident size, GPU memory in use, MiB) let a user see a leak or a squeeze coming; they are
 * empty where unknown (device memory on the CPU). Files without them (written before they
 * existed) are still read.
 */
public final class LossHistory {

    public static final String HEADER = "iteration,loss,n2n,equi,smoothed,seconds,resident_mib,device_mib";
    private static final int FIELDS = 8;
    private static final int FIELDS_WITHOUT_MEMORY = 6;

    /**
     * One row; {@code equi} is before lambda; {@code seconds} since the start of training;
     * {@code residentMib} and {@code deviceMib} NaN where unknown.
     */
    public record Entry(long iteration, double loss, double n2n, double equi, double smoothed, double seconds,
                        double residentMib, double deviceMib) {
    }

    private final List<Entry> entries = new ArrayList<>();

    public void add(Entry e) {
        entries.add(e);
    }

    public List<Entry> entries() {
        return Collections.unmodifiableList(entries);
    }

    public Entry last() {
        return entries.isEmpty() ? null : entries.get(entries.size() - 1);
    }

    /** Keeps only entries up to and including {@code iteration}. */
    public void truncate(long iteration) {
        entries.removeIf(e -> e.iteration() > iteration);
    }

    public void write(Path file) {
        AtomicOutput.write(file, true, tmp -> {
            try (BufferedWriter w = Files.newBufferedWriter(tmp)) {
                w.write(HEADER);
                w.newLine();
                for (Entry e : entries) {
                    // 9 significant digits: float losses survive the round trip exactly.
                    w.write(String.format(Locale.ROOT, "%d,%.9g,%.9g,%.9g,%.9g,%.3f,%s,%s", e.iteration(), e.loss(),
                            e.n2n(), e.equi(), e.smoothed(), e.seconds(), mib(e.residentMib()), mib(e.deviceMib())));
                    w.newLine();
                }
            }
        });
    }

    public static LossHistory read(Path file) {
        LossHistory h = new LossHistory();
        try {
            List<String> lines = Files.readAllLines(file);
            for (int i = 1; i < lines.size(); i++) {
                String line = lines.get(i).trim();
                if (line.isEmpty()) continue;
                String[] f = line.split(",", -1);
                if (f.length != FIELDS && f.length != FIELDS_WITHOUT_MEMORY) {
                    throw new CryoEtException(file + " line " + (i + 1) + " has " + f.length + " fields, expected "
                            + FIELDS);
                }
                boolean memory = f.length == FIELDS;
                h.add(new Entry(Long.parseLong(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                        Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]),
                        memory ? parseMib(f[6]) : Double.NaN, memory ? parseMib(f[7]) : Double.NaN));
            }
        } catch (IOException | NumberFormatException e) {
            throw new CryoEtException("Cannot read loss history " + file + ": " + e.getMessage(), e);
        }
        return h;
    }

    private static String mib(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.1f", v);
    }

    private static double parseMib(String s) {
        return s.isBlank() ? Double.NaN : Double.parseDouble(s);
    }
}
