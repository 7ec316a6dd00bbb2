package org.cryoet.learn;

import org.cryoet.util.AtomicOutput;
import org.cryoet.util.CryoEtException;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Per-iteration training losses and memory, stored as {@code loss.csv}:
 * {@code iteration,loss,<term>...,smoothed,seconds,resident_mib,device_mib}, one column per
 * named loss term of the training method (ICECREAM: {@code n2n,equi}). The memory columns (host
 * resident size, GPU memory in use, MiB) let a user see a leak or a squeeze coming; they are
 * empty where unknown (device memory on the CPU). Reading follows the header, so files without
 * the memory columns are read too.
 */
public final class LossHistory {

    private static final List<String> LEADING = List.of("iteration", "loss");
    private static final List<String> TRAILING = List.of("smoothed", "seconds");
    private static final List<String> MEMORY = List.of("resident_mib", "device_mib");

    /**
     * One row; {@code terms} the method's loss parts by name (as the method reports them, before
     * any weighting); {@code seconds} since the start of training; {@code residentMib} and
     * {@code deviceMib} NaN where unknown.
     */
    public record Entry(long iteration, double loss, Map<String, Double> terms, double smoothed, double seconds,
                        double residentMib, double deviceMib) {

        public Entry {
            terms = Collections.unmodifiableMap(new LinkedHashMap<>(terms));
        }

        /** The value of one loss term. */
        public double term(String name) {
            Double v = terms.get(name);
            if (v == null) throw new IllegalArgumentException("no loss term '" + name + "' in " + terms.keySet());
            return v;
        }
    }

    private final List<String> termNames;
    private final List<Entry> entries = new ArrayList<>();

    /** An empty history for a method whose loss has these terms, in this order. */
    public LossHistory(List<String> termNames) {
        for (String t : termNames) {
            if (LEADING.contains(t) || TRAILING.contains(t) || MEMORY.contains(t)) {
                throw new IllegalArgumentException("loss term name '" + t + "' is a fixed loss.csv column");
            }
        }
        this.termNames = List.copyOf(termNames);
    }

    public List<String> termNames() {
        return termNames;
    }

    /** The CSV header line for these terms. */
    public String header() {
        List<String> columns = new ArrayList<>(LEADING);
        columns.addAll(termNames);
        columns.addAll(TRAILING);
        columns.addAll(MEMORY);
        return String.join(",", columns);
    }

    /** Adds a row; its terms must be this history's, in any order (stored in this history's order). */
    public void add(Entry e) {
        if (!e.terms().keySet().equals(new java.util.HashSet<>(termNames))) {
            throw new IllegalArgumentException("entry terms " + e.terms().keySet() + " differ from " + termNames);
        }
        Map<String, Double> ordered = new LinkedHashMap<>();
        for (String t : termNames) ordered.put(t, e.terms().get(t));
        entries.add(new Entry(e.iteration(), e.loss(), ordered, e.smoothed(), e.seconds(), e.residentMib(),
                e.deviceMib()));
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

    /** A copy (for readers on other threads or after further training). */
    public LossHistory copy() {
        LossHistory h = new LossHistory(termNames);
        h.entries.addAll(entries);
        return h;
    }

    public void write(Path file) {
        AtomicOutput.write(file, true, tmp -> {
            try (BufferedWriter w = Files.newBufferedWriter(tmp)) {
                w.write(header());
                w.newLine();
                StringBuilder line = new StringBuilder();
                for (Entry e : entries) {
                    // 9 significant digits: float losses survive the round trip exactly.
                    line.setLength(0);
                    line.append(e.iteration()).append(',').append(real(e.loss()));
                    for (String t : termNames) line.append(',').append(real(e.term(t)));
                    line.append(',').append(real(e.smoothed()))
                            .append(',').append(String.format(Locale.ROOT, "%.3f", e.seconds()))
                            .append(',').append(mib(e.residentMib())).append(',').append(mib(e.deviceMib()));
                    w.write(line.toString());
                    w.newLine();
                }
            }
        });
    }

    /**
     * Reads a loss.csv: the term columns are those between {@code loss} and {@code smoothed};
     * the memory columns may be absent.
     */
    public static LossHistory read(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            if (lines.isEmpty()) throw new CryoEtException("Loss history " + file + " is empty (no header)");
            List<String> header = Arrays.asList(lines.get(0).trim().split(",", -1));
            int smoothed = header.indexOf("smoothed");
            boolean memory = header.size() >= 2 && header.subList(header.size() - 2, header.size()).equals(MEMORY);
            int fields = header.size();
            if (smoothed < 2 || !header.subList(0, 2).equals(LEADING)
                    || !header.subList(smoothed, fields - (memory ? 2 : 0)).equals(TRAILING)) {
                throw new CryoEtException(file + " is not a loss history (header " + lines.get(0) + ")");
            }
            LossHistory h = new LossHistory(header.subList(2, smoothed));
            for (int i = 1; i < lines.size(); i++) {
                String line = lines.get(i).trim();
                if (line.isEmpty()) continue;
                String[] f = line.split(",", -1);
                if (f.length != fields) {
                    throw new CryoEtException(file + " line " + (i + 1) + " has " + f.length + " fields, expected "
                            + fields);
                }
                Map<String, Double> terms = new LinkedHashMap<>();
                for (int t = 2; t < smoothed; t++) terms.put(header.get(t), Double.parseDouble(f[t]));
                h.add(new Entry(Long.parseLong(f[0]), Double.parseDouble(f[1]), terms, Double.parseDouble(f[smoothed]),
                        Double.parseDouble(f[smoothed + 1]), memory ? parseMib(f[smoothed + 2]) : Double.NaN,
                        memory ? parseMib(f[smoothed + 3]) : Double.NaN));
            }
            return h;
        } catch (IOException | NumberFormatException e) {
            throw new CryoEtException("Cannot read loss history " + file + ": " + e.getMessage(), e);
        }
    }

    private static String real(double v) {
        return String.format(Locale.ROOT, "%.9g", v);
    }

    private static String mib(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.1f", v);
    }

    private static double parseMib(String s) {
        return s.isBlank() ? Double.NaN : Double.parseDouble(s);
    }
}
