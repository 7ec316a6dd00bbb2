package org.cryoet.fiji;

import ij.ImagePlus;

import org.scijava.app.StatusService;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.task.TaskService;
import org.scijava.ui.UIService;

import org.cryoet.util.CancelledException;
import org.cryoet.util.CryoEtException;

/**
 * Base of the Cryo-ET SciJava commands: optional services, progress through
 * StatusService/TaskService, and user errors turned into a cancelled module with the error as the
 * reason (so macros and scripts stop with that one sentence, and dialogs show it).
 * Subclasses implement {@link #execute()} as a thin shell over library calls.
 */
public abstract class CryoEtCommand extends ContextCommand {
    static {
        // Before any command can touch DJL (its engine reads these when it loads).
        DjlSystemProperties.apply();
    }

    @Parameter(required = false)
    protected StatusService statusService;

    @Parameter(required = false)
    protected TaskService taskService;

    @Parameter(required = false)
    protected LogService logService;

    @Parameter(required = false)
    protected UIService uiService;

    /** Does the work; throw {@link CryoEtException} for bad input. */
    protected abstract void execute();

    @Override
    public final void run() {
        try {
            execute();
        } catch (CancelledException e) {
            if (!isCanceled()) cancel("Cancelled: " + e.getMessage());
        } catch (CryoEtException e) {
            fail(e.getMessage());
        }
    }

    /** Stops the command with a one-sentence reason, shown to the user when a UI is present. */
    protected void fail(String message) {
        cancel(message);
        FijiLog.error(logService, message);
        if (uiService != null && !uiService.isHeadless()) uiService.showDialog(message, "Cryo-ET");
    }

    /** Progress for a long stage, cancelled by the task monitor or by {@link #cancel(String)}. */
    protected FijiProgress progress(String name) {
        return FijiProgress.start(name, statusService, taskService, this::isCanceled);
    }

    /** A message for the user: ImageJ's Log window inside Fiji, else LogService or the console ({@link FijiLog}). */
    protected void log(String message) {
        FijiLog.info(logService, message);
    }

    /** True when a user interface is shown (dialogs and windows allowed). */
    protected boolean hasUi() {
        return uiService != null && !uiService.isHeadless();
    }

    /**
     * A choice or text input that a macro left out: Fiji sets every input a macro line does not
     * name to null (imagej-legacy's MacroPreprocessor), where the dialog would show the default.
     */
    protected static String orDefault(String value, String defaultValue) {
        return value == null || value.isBlank() ? defaultValue : value;
    }

    /** Requires an image input, naming the parameter in the error. */
    protected static ImagePlus require(ImagePlus imp, String name) {
        if (imp == null) throw new CryoEtException("No image given for '" + name + "'; open one or name it by title");
        return imp;
    }
}
