package org.cryoet.fiji;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;

import ij.gui.Plot;

/** ImageJ 1 {@link Plot}s of the suite: loss curves and FSC curves. */
public final class Plots {
    private Plots() {
    }

    public static final Color TOTAL = Color.BLACK;
    /** Colours of the loss terms, in the method's term order (repeating when there are more terms). */
    public static final Color[] TERM_COLOURS = {new Color(0, 110, 220), new Color(220, 70, 0), new Color(0, 150, 60),
            new Color(150, 0, 180)};

    /**
     * Loss curves against iteration: each named loss term, then the total (log y axis when every
     * value is positive).
     */
    public static Plot lossPlot(String title, double[] iterations, double[] total, List<String> termLabels,
                                List<double[]> terms, int width, int height) {
        Plot plot = new Plot(title, "iteration", "loss");
        plot.setSize(width, height);
        boolean positive = allPositive(total);
        for (double[] t : terms) positive &= allPositive(t);
        if (iterations.length > 0) {
            plot.setLineWidth(1);
            for (int i = 0; i < terms.size(); i++) {
                plot.setColor(TERM_COLOURS[i % TERM_COLOURS.length]);
                plot.addPoints(iterations, terms.get(i), Plot.LINE);
                plot.setLabel(i, termLabels.get(i));
            }
            plot.setColor(TOTAL);
            plot.setLineWidth(2);
            plot.addPoints(iterations, total, Plot.LINE);
            plot.setLabel(terms.size(), "total");
            plot.setLimitsToFit(false);
            if (positive) plot.setAxisYLog(true);
            List<String> legend = new ArrayList<>(termLabels);
            legend.add("total");
            plot.setLegend(String.join("\t", legend), Plot.AUTO_POSITION);
        }
        return plot;
    }

    /** FSC curves (e.g. all / visible / missing wedge) on one plot with the thresholds and a legend. */
    public static Plot fscPlot(String title, java.util.Map<String, org.cryoet.fourier.FscCurve> curves, double[] thresholds,
                               String unit) {
        org.cryoet.fourier.FscCurve first = curves.values().iterator().next();
        Plot plot = fscPlot(title, first.frequency(), first.fsc(), thresholds, unit);
        Color[] colors = {Color.BLUE, new Color(0, 140, 0), new Color(200, 0, 160)};
        StringBuilder legend = new StringBuilder();
        int i = 0;
        for (java.util.Map.Entry<String, org.cryoet.fourier.FscCurve> e : curves.entrySet()) {
            if (i > 0) {
                plot.setColor(colors[i % colors.length]);
                plot.setLineWidth(2);
                plot.addPoints(e.getValue().frequency(), e.getValue().fsc(), Plot.LINE);
            }
            legend.append(i > 0 ? "\n" : "").append("FSC ").append(e.getKey());
            i++;
        }
        plot.setColor(Color.BLACK);
        plot.setLegend(legend.toString(), Plot.AUTO_POSITION);
        return plot;
    }

    /**
     * FSC curve against spatial frequency (1/Angstrom, or cycles/pixel when the voxel size is 1),
     * with horizontal lines at the given thresholds (e.g. 0.143 and 0.5).
     */
    public static Plot fscPlot(String title, double[] frequency, double[] fsc, double[] thresholds, String unit) {
        Plot plot = new Plot(title, "spatial frequency (" + unit + ")", "FSC");
        plot.setLimits(0, frequency.length > 0 ? frequency[frequency.length - 1] : 0.5, -0.1, 1.05);
        plot.setColor(Color.BLUE);
        plot.setLineWidth(2);
        plot.addPoints(frequency, fsc, Plot.LINE);
        plot.setLineWidth(1);
        Color[] colors = {new Color(200, 0, 0), new Color(0, 150, 0), Color.GRAY};
        for (int i = 0; i < thresholds.length; i++) {
            plot.setColor(colors[i % colors.length]);
            plot.drawDottedLine(0, thresholds[i], frequency.length > 0 ? frequency[frequency.length - 1] : 0.5, thresholds[i], 2);
        }
        plot.setColor(Color.BLACK);
        return plot;
    }

    private static boolean allPositive(double[] a) {
        for (double v : a) if (!(v > 0)) return false;
        return true;
    }
}
