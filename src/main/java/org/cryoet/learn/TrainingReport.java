package org.cryoet.learn;

import org.cryoet.fourier.SliceViews;
import org.cryoet.io.MrcWriter;
import org.cryoet.render.PngImages;
import org.cryoet.volume.Calibration;
import org.cryoet.volume.Volume;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The files a training run leaves for people to look at, written from listener events: in the
 * model directory {@code loss.csv} and {@code loss.png} (total, each loss term times its weight,
 * smoothed total) at every checkpoint and progress crop, and in {@code progress/} the fixed
 * progress crop ({@code input.mrc}, {@code input.png}) and its latest prediction
 * ({@code latest.mrc}, {@code itNNNNNNN.png}: orthoslices and the log-Fourier XZ slice).
 */
public final class TrainingReport implements TrainingListener {

    private Path dir;
    private String title;
    private List<LossTerm> terms;
    private LossHistory history;

    @Override
    public void started(TrainingStart start) {
        dir = start.modelDirectory();
        title = start.method();
        terms = start.lossTerms();
        history = start.history().copy();
        if (start.progressInput() != null && start.iteration() == 0) {
            Volume v = volume(start.progressInput(), start.progressSize());
            MrcWriter.write(dir.resolve("progress").resolve("input.mrc"), v, false, true);
            writePng(dir.resolve("progress").resolve("input.png"), v, "input");
        }
    }

    @Override
    public void iteration(TrainingStatus status) {
        history.add(status.entry());
    }

    @Override
    public void progressCrop(float[] crop, int size, long iteration) {
        Volume v = volume(crop, size);
        MrcWriter.write(dir.resolve("progress").resolve("latest.mrc"), v, false, true);
        writePng(dir.resolve("progress").resolve(String.format(Locale.ROOT, "it%07d.png", iteration)), v,
                "it " + iteration);
        writeLoss();
    }

    @Override
    public void checkpoint(Path directory, long iteration) {
        writeLoss();
    }

    private static Volume volume(float[] crop, int size) {
        return Volume.wrap(crop.clone(), size, size, size, Calibration.UNIT);
    }

    /** Orthoslices plus the log-Fourier XZ slice (missing wedge visible) in one PNG. */
    private static void writePng(Path file, Volume v, String label) {
        List<PngImages.Panel> panels = new ArrayList<>(SliceViews.orthoslices(v));
        panels.add(SliceViews.fourierXz(v));
        List<PngImages.Panel> labelled = new ArrayList<>();
        for (PngImages.Panel p : panels) {
            labelled.add(new PngImages.Panel(label + " " + p.label(), p.pixels(), p.width(), p.height(), p.overlay()));
        }
        PngImages.writeMontage(file, labelled, 4, true);
    }

    /** loss.csv and loss.png. */
    private void writeLoss() {
        history.write(dir.resolve("loss.csv"));
        List<LossHistory.Entry> e = history.entries();
        if (e.size() < 2) return;
        double[] x = new double[e.size()];
        double[] total = new double[e.size()];
        double[] smooth = new double[e.size()];
        double[][] parts = new double[terms.size()][e.size()];
        for (int i = 0; i < e.size(); i++) {
            x[i] = e.get(i).iteration();
            total[i] = e.get(i).loss();
            smooth[i] = e.get(i).smoothed();
            for (int t = 0; t < terms.size(); t++) parts[t][i] = terms.get(t).weight() * e.get(i).term(terms.get(t).name());
        }
        List<PngImages.Series> series = new ArrayList<>();
        series.add(new PngImages.Series("total", x, total));
        for (int t = 0; t < terms.size(); t++) series.add(new PngImages.Series(weightedLabel(terms.get(t)), x, parts[t]));
        series.add(new PngImages.Series("smoothed total", x, smooth, true));
        PngImages.Plot plot = new PngImages.Plot(title + " training loss", "iteration", "loss", series);
        PngImages.write(dir.resolve("loss.png"), PngImages.plot(plot, 900, 500), true);
    }

    /** "Noise2Noise", or "2 x equivariance" for a term weighted 2 in the total. */
    static String weightedLabel(LossTerm term) {
        if (term.weight() == 1) return term.label();
        return String.format(Locale.ROOT, "%.4g", term.weight()).replaceAll("\\.?0+$", "") + " x " + term.label();
    }
}
