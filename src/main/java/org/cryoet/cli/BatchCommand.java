package org.cryoet.cli;

import org.cryoet.learn.TiledPredictor;
import org.cryoet.learn.TomogramPrediction;
import org.cryoet.util.CryoEtException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code cryoet batch}: predicts many tomogram pairs with one model, one after another, logging
 * each item, continuing after failures and ending with a summary table. See doc/batch.md.
 */
@Command(name = "batch", mixinStandardHelpOptions = true,
        description = {"Runs 'predict' for many half-tomogram pairs with one model, one after another. Items come "
                + "from a list file (--list: lines 'even odd out', separated by tabs, commas or spaces; '#' starts "
                + "a comment; relative paths are relative to the list file) or from a glob (--even-glob with "
                + "--odd-replace). A failed item is reported and the next one runs; a summary table ends the run. "
                + "Exit status 0 if every item succeeded, 1 otherwise. --task-index N runs only item N (0-based), "
                + "e.g. --task-index $SLURM_ARRAY_TASK_ID in a SLURM array job."})
public final class BatchCommand implements Callable<Integer> {

    @Option(names = "--model-dir", required = true, paramLabel = "DIR", description = "Trained model directory.")
    Path modelDir;

    @Option(names = "--list", paramLabel = "FILE", description = "TSV/CSV list of 'even odd out' lines.")
    Path list;

    @Option(names = "--even-glob", paramLabel = "PATTERN",
            description = "Glob for the even halves, e.g. 'data/*_EVN.mrc' (the pattern applies to file names).")
    String evenGlob;

    @Option(names = "--odd-replace", paramLabel = "A=B", description = "With --even-glob: the odd half's file name is "
            + "the even one's with the last A replaced by B, e.g. EVN=ODD. The output name has A replaced by 'icecream'.")
    String oddReplace;

    @Option(names = "--out-dir", paramLabel = "DIR", description = "With --even-glob: folder for the outputs "
            + "(default: beside the even halves).")
    Path outDir;

    @Option(names = "--task-index", paramLabel = "N", description = "Run only item N (0-based).")
    Integer taskIndex;

    @Mixin
    TilingOptions tiling = new TilingOptions();

    @Mixin
    DeviceOption device = new DeviceOption();

    @Option(names = "--overwrite", description = "Replace existing outputs.")
    boolean overwrite;

    @Option(names = "--skip-existing", description = "Skip items whose output exists (for re-running a partly done batch).")
    boolean skipExisting;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** One pair to predict. */
    record Item(Path even, Path odd, Path out) {
    }

    @Override
    public Integer call() {
        PrintWriter w = spec.commandLine().getOut();
        List<Item> items = items();
        if (items.isEmpty()) throw new CryoEtException("No items to process" + (list != null ? " in " + list : ""));
        List<Integer> selected = new ArrayList<>();
        if (taskIndex != null) {
            if (taskIndex < 0 || taskIndex >= items.size()) {
                throw new CryoEtException("--task-index " + taskIndex + " is outside the " + items.size()
                        + " items (0.." + (items.size() - 1) + ")");
            }
            selected.add(taskIndex);
        } else {
            for (int i = 0; i < items.size(); i++) selected.add(i);
        }
        new TiledPredictor(8).overlap(tiling.overlap()).batch(tiling.batch()); // validates the options before loading
        String[] status = new String[items.size()];
        double[] seconds = new double[items.size()];
        String[] message = new String[items.size()];
        try (PredictionModels.Loaded model = PredictionModels.load(modelDir, device.device())) {
            w.println("model: " + model.summary());
            w.println(items.size() + " item(s), running " + selected.size());
            w.flush();
            TiledPredictor p = new TiledPredictor(model.crop()).overlap(tiling.overlap()).batch(tiling.batch());
            int k = 0;
            for (int i : selected) {
                Item it = items.get(i);
                k++;
                w.printf(Locale.ROOT, "[%d/%d] item %d: %s + %s -> %s%n", k, selected.size(), i, it.even(), it.odd(), it.out());
                w.flush();
                long t0 = System.nanoTime();
                if (skipExisting && Files.exists(it.out())) {
                    status[i] = "skipped";
                    message[i] = "output exists";
                } else {
                    try {
                        TomogramPrediction.run(it.even(), it.odd(), null, it.out(), model.function(), p, overwrite,
                                ConsoleProgress.stderr());
                        status[i] = "ok";
                    } catch (org.cryoet.util.CancelledException e) {
                        throw e;
                    } catch (RuntimeException e) {
                        status[i] = "FAILED";
                        message[i] = e instanceof CryoEtException ? e.getMessage() : e.toString();
                    }
                }
                seconds[i] = (System.nanoTime() - t0) * 1e-9;
                w.printf(Locale.ROOT, "    %s (%.1f s)%s%n", status[i], seconds[i], message[i] == null ? "" : ": " + message[i]);
                w.flush();
            }
        }
        int failed = 0;
        w.println();
        w.printf(Locale.ROOT, "%-5s %-8s %9s  %s%n", "item", "status", "seconds", "output");
        for (int i : selected) {
            if ("FAILED".equals(status[i])) failed++;
            w.printf(Locale.ROOT, "%-5d %-8s %9.1f  %s%n", i, status[i], seconds[i], items.get(i).out());
        }
        w.printf(Locale.ROOT, "%d ok, %d failed, %d skipped%n",
                count(status, "ok"), failed, count(status, "skipped"));
        w.flush();
        return failed == 0 ? 0 : 1;
    }

    private static int count(String[] s, String v) {
        int n = 0;
        for (String x : s) if (v.equals(x)) n++;
        return n;
    }

    /** The items, from the list file or the glob. */
    List<Item> items() {
        if ((list == null) == (evenGlob == null)) {
            throw new CryoEtException("Give exactly one of --list FILE or --even-glob PATTERN");
        }
        return list != null ? readList(list) : glob();
    }

    static List<Item> readList(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new CryoEtException("Cannot read list " + file + ": " + e.getMessage(), e);
        }
        Path base = file.toAbsolutePath().getParent();
        List<Item> items = new ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            int hash = line.indexOf('#');
            if (hash >= 0) line = line.substring(0, hash);
            line = line.strip();
            if (line.isEmpty()) continue;
            String[] f = line.contains("\t") ? line.split("\t") : line.contains(",") ? line.split(",") : line.split("\\s+");
            List<String> fields = new ArrayList<>();
            for (String s : f) if (!s.isBlank()) fields.add(s.strip());
            if (items.isEmpty() && fields.size() == 3 && fields.get(0).equalsIgnoreCase("even")) continue; // header
            if (fields.size() != 3) {
                throw new CryoEtException("List " + file + " line " + (n + 1) + ": expected 3 fields (even odd out), found "
                        + fields.size());
            }
            items.add(new Item(base.resolve(fields.get(0)), base.resolve(fields.get(1)), base.resolve(fields.get(2))));
        }
        return items;
    }

    private List<Item> glob() {
        if (oddReplace == null || !oddReplace.contains("=") || oddReplace.startsWith("=")) {
            throw new CryoEtException("--even-glob needs --odd-replace A=B (e.g. EVN=ODD)");
        }
        String from = oddReplace.substring(0, oddReplace.indexOf('='));
        String to = oddReplace.substring(oddReplace.indexOf('=') + 1);
        Path pattern = Path.of(evenGlob);
        Path dir = pattern.getParent() == null ? Path.of(".") : pattern.getParent();
        String namePattern = pattern.getFileName().toString();
        List<Path> evens = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, namePattern)) {
            for (Path p : ds) if (Files.isRegularFile(p)) evens.add(p);
        } catch (IOException e) {
            throw new CryoEtException("Cannot list " + dir + ": " + e.getMessage(), e);
        }
        evens.sort(null);
        List<Item> items = new ArrayList<>();
        for (Path e : evens) {
            String name = e.getFileName().toString();
            int at = name.lastIndexOf(from);
            if (at < 0) {
                throw new CryoEtException("File " + e + " matches " + evenGlob + " but does not contain '" + from + "'");
            }
            String oddName = name.substring(0, at) + to + name.substring(at + from.length());
            String outName = name.substring(0, at) + "icecream" + name.substring(at + from.length());
            Path folder = outDir != null ? outDir : e.getParent();
            items.add(new Item(e, e.resolveSibling(oddName), folder.resolve(outName)));
        }
        return items;
    }
}
