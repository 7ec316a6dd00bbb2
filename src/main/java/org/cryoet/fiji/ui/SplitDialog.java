package org.cryoet.fiji.ui;

import java.awt.BorderLayout;
import java.awt.FlowLayout;
import java.awt.Font;
import java.awt.GridLayout;
import java.io.File;
import java.util.Locale;

import javax.swing.ButtonGroup;
import javax.swing.JButton;
import javax.swing.JDialog;
import javax.swing.JFileChooser;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JRadioButton;
import javax.swing.JScrollPane;
import javax.swing.JSpinner;
import javax.swing.JTextArea;
import javax.swing.JTextField;
import javax.swing.SpinnerNumberModel;
import javax.swing.WindowConstants;

import org.cryoet.fiji.SplitTiltSeriesCommand;
import org.cryoet.io.TiltAngles;
import org.cryoet.tomo.HalfSplitter;
import org.cryoet.tomo.HalfSplitter.Halves;
import org.cryoet.util.CryoEtException;

/**
 * Split settings: dose or angle split, frames per tilt, acquisition-order file, and the angle
 * lists of the two halves that these settings give (with the library's range warning), updated
 * as the settings change. OK returns the settings; the caller runs the split.
 */
public class SplitDialog extends JDialog {
    private final double[] angles;
    private final JRadioButton dose = new JRadioButton("Dose (even/odd frames of every tilt)");
    private final JRadioButton angle = new JRadioButton("Angle (even/odd tilts in acquisition order)");
    private final JSpinner framesPerTilt;
    private final JTextField orderFile = new JTextField(28);
    private final JTextArea lists = new JTextArea(9, 60);
    private boolean ok;

    /**
     * @param angles        tilt angles in stack order (one per tilt)
     * @param framesPerTilt initial frames per tilt (dose split)
     * @param doseAvailable false when only a tilt series (no frames) is at hand
     */
    public SplitDialog(java.awt.Frame owner, double[] angles, int framesPerTilt, boolean doseAvailable) {
        super(owner, "Split Tilt Series", true);
        this.angles = angles.clone();
        setDefaultCloseOperation(WindowConstants.DISPOSE_ON_CLOSE);
        this.framesPerTilt = new JSpinner(new SpinnerNumberModel(Math.max(2, framesPerTilt), 2, 1000, 1));
        ButtonGroup g = new ButtonGroup();
        g.add(dose);
        g.add(angle);
        dose.setEnabled(doseAvailable);
        (doseAvailable ? dose : angle).setSelected(true);
        JPanel settings = new JPanel(new GridLayout(4, 1, 2, 2));
        settings.add(dose);
        JPanel fpt = new JPanel(new FlowLayout(FlowLayout.LEFT));
        fpt.add(new JLabel("    frames per tilt"));
        fpt.add(this.framesPerTilt);
        settings.add(fpt);
        settings.add(angle);
        JPanel order = new JPanel(new FlowLayout(FlowLayout.LEFT));
        order.add(new JLabel("    acquisition-order file"));
        order.add(orderFile);
        JButton browse = new JButton("Browse...");
        browse.addActionListener(e -> {
            JFileChooser fc = new JFileChooser();
            if (fc.showOpenDialog(this) == JFileChooser.APPROVE_OPTION) {
                orderFile.setText(fc.getSelectedFile().getPath());
                update();
            }
        });
        order.add(browse);
        settings.add(order);
        lists.setEditable(false);
        lists.setFont(new Font(Font.MONOSPACED, Font.PLAIN, 11));
        lists.setLineWrap(true);
        dose.addActionListener(e -> update());
        angle.addActionListener(e -> update());
        this.framesPerTilt.addChangeListener(e -> update());
        orderFile.addActionListener(e -> update());
        JButton okButton = new JButton("OK");
        JButton cancel = new JButton("Cancel");
        okButton.addActionListener(e -> {
            ok = true;
            dispose();
        });
        cancel.addActionListener(e -> dispose());
        JPanel buttons = new JPanel(new FlowLayout(FlowLayout.RIGHT));
        buttons.add(okButton);
        buttons.add(cancel);
        getContentPane().add(settings, BorderLayout.NORTH);
        getContentPane().add(new JScrollPane(lists), BorderLayout.CENTER);
        getContentPane().add(buttons, BorderLayout.SOUTH);
        update();
        pack();
    }

    /** Recomputes and shows the two angle lists. */
    public void update() {
        try {
            double[] acq = null;
            String of = orderFile.getText().trim();
            if (angle.isSelected() && !of.isEmpty()) acq = TiltAngles.read(new File(of).toPath());
            Halves h = SplitTiltSeriesCommand.preview(mode(), angles, framesPerTilt(), acq);
            StringBuilder sb = new StringBuilder();
            sb.append(describe("even", h.evenAngles())).append('\n').append(describe("odd", h.oddAngles())).append('\n');
            if (dose.isSelected()) sb.append("(each half sums every other frame of every tilt: same angles, half the dose)\n");
            String w = HalfSplitter.rangeWarning(h, angles);
            if (w != null) sb.append("WARNING: ").append(w).append('\n');
            lists.setText(sb.toString());
        } catch (CryoEtException e) {
            lists.setText("Cannot split: " + e.getMessage());
        }
        lists.setCaretPosition(0);
    }

    private static String describe(String name, double[] a) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%s half (%d tilts):", name, a.length));
        for (double v : a) sb.append(String.format(Locale.ROOT, " %.1f", v));
        return sb.toString();
    }

    public String mode() {
        return dose.isSelected() ? SplitTiltSeriesCommand.DOSE : SplitTiltSeriesCommand.ANGLE;
    }

    public int framesPerTilt() {
        return (Integer) framesPerTilt.getValue();
    }

    /** The order file, or null. */
    public File orderFile() {
        String s = orderFile.getText().trim();
        return s.isEmpty() ? null : new File(s);
    }

    /** Sets the settings as a user would (event thread). */
    public void set(String mode, int frames, File order) {
        (SplitTiltSeriesCommand.DOSE.equals(mode) ? dose : angle).setSelected(true);
        framesPerTilt.setValue(frames);
        orderFile.setText(order == null ? "" : order.getPath());
        update();
    }

    public String listsText() {
        return lists.getText();
    }

    public boolean wasOk() {
        return ok;
    }
}
