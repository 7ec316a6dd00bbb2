package org.cryoet.fiji.ij1;

import java.awt.GraphicsEnvironment;
import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;

import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.log.LogService;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;
import org.scijava.service.Service;
import org.scijava.task.TaskService;

import org.cryoet.fiji.DjlSystemProperties;
import org.cryoet.fiji.FijiContexts;

/**
 * ImageJ 1 entry point for a Cryo-ET SciJava command, so plain ImageJ 1 (and its macro
 * interpreter) reaches the same commands Fiji shows. Registered in {@code plugins.config} as
 * {@code CommandPlugIn("org.cryoet.fiji.XxxCommand")} under the same label as the command's
 * menu leaf, so a macro line such as {@code run("Reconstruct Tomogram (FBP)", "thickness=64 ...")}
 * works in both.
 *
 * <p>Macro keys are the command's field names (lowercase snake_case). Images are named by title
 * (or ID); a missing single image input takes the current image. The module runs through
 * CommandService and this method waits for it, so the macro continues only once outputs exist.
 * Output images are shown (in batch mode: kept as batch-mode images); other outputs are logged.
 */
public class CommandPlugIn implements PlugIn {
    static {
        DjlSystemProperties.apply();
    }

    private static Context context;

    /**
     * The context commands run in: one given with {@link #useContext}, else the running
     * application's (Fiji's, found by {@link FijiContexts}), else a small private context for a
     * plain ImageJ 1 (created once, on first use).
     */
    public static synchronized Context context() {
        if (context != null) return context;
        Context host = FijiContexts.existing();
        if (host != null) return host;
        context = new Context(CommandService.class, ModuleService.class, StatusService.class,
                TaskService.class, LogService.class);
        return context;
    }

    /** Uses this context from now on (tests, or a host that has one); null: look it up again. */
    public static synchronized void useContext(Context c) {
        context = c;
    }

    @Override
    public void run(String arg) {
        Class<? extends Command> cls;
        try {
            cls = Class.forName(arg.trim(), true, CommandPlugIn.class.getClassLoader()).asSubclass(Command.class);
        } catch (ClassNotFoundException | ClassCastException e) {
            IJ.error("Cryo-ET", "Unknown command class " + arg);
            return;
        }
        // SciJava discovers plugins and loads command classes through the thread's context class
        // loader. In a plain ImageJ 1 that is the system loader, which cannot see plugins/, so the
        // private context would find no CommandService; ImageJ's plugin loader (ours) sees both.
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(CommandPlugIn.class.getClassLoader());
        String error;
        try {
            error = runCommand(cls, Macro.getOptions());
        } finally {
            thread.setContextClassLoader(previous);
        }
        lastError = error;
        if (error != null) {
            ij.macro.Interpreter interp = ij.macro.Interpreter.getInstance();
            if (interp != null) interp.abort(error);
            else IJ.error("Cryo-ET", error);
        }
    }

    private static volatile String lastError;

    /** The error of the last command run through this bridge, or null if it succeeded. */
    public static String lastError() {
        return lastError;
    }

    /**
     * Runs the command with macro options ({@code null}: ask with a dialog) and shows its outputs.
     *
     * @return null on success, else the reason the command stopped
     */
    public static String runCommand(Class<? extends Command> cls, String options) {
        Context ctx = context();
        CommandService cs = ctx.service(CommandService.class);
        ModuleService ms = ctx.service(ModuleService.class);
        CommandInfo info = cs.getCommand(cls);
        if (info == null) return "Command " + cls.getName() + " is not in the plugin index";
        Module module = ms.createModule(info);
        List<ModuleItem<?>> items = new ArrayList<>();
        for (ModuleItem<?> item : info.inputs()) {
            Class<?> t = item.getType();
            if (Service.class.isAssignableFrom(t) || Context.class.isAssignableFrom(t)) continue;
            items.add(item);
        }
        Map<String, Object> values;
        try {
            values = options != null ? fromOptions(items, options, module) : fromDialog(info, items, module);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        if (values == null) return null; // dialog cancelled
        values.forEach((k, v) -> {
            module.setInput(k, v);
            module.resolveInput(k);
        });
        try {
            ms.run(module, false).get();
        } catch (Exception e) {
            Throwable c = e.getCause() != null ? e.getCause() : e;
            return c.getClass().getSimpleName() + ": " + c.getMessage();
        }
        if (module.getDelegateObject() instanceof org.scijava.Cancelable c && c.isCanceled()) {
            return c.getCancelReason();
        }
        for (ModuleItem<?> out : info.outputs()) {
            Object v = module.getOutput(out.getName());
            if (v instanceof ImagePlus imp) imp.show();
            else if (v != null) org.cryoet.fiji.FijiLog.info(ctx.getService(LogService.class), out.getName() + " = " + v);
        }
        return null;
    }

    private static final List<String> absentValueKeys = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * "Label: key" for every number or checkbox that a macro line run through this bridge left out
     * (it then ran with 0 or false, as in Fiji): the test that sample macros pass every parameter.
     */
    public static List<String> absentValueKeys() {
        return List.copyOf(absentValueKeys);
    }

    /** Forgets {@link #absentValueKeys()}. */
    public static void clearAbsentValueKeys() {
        absentValueKeys.clear();
    }

    /**
     * Values from macro options, keyed by field name, with Fiji's rules (imagej-legacy's
     * MacroPreprocessor converts the value of every input, absent or not): a key that is absent
     * gives 0 for a number, false for a checkbox and nothing (null) otherwise; the command's
     * defaults apply only in its dialog. Bare {@code key} means true, as ImageJ 1 records checkboxes.
     * A single required image input that is absent takes the current image, as in Fiji.
     */
    static Map<String, Object> fromOptions(List<ModuleItem<?>> items, String options, Module module) {
        Map<String, Object> values = new LinkedHashMap<>();
        long imageInputs = items.stream().filter(i -> i.getType() == ImagePlus.class).count();
        String label = module.getInfo().getTitle();
        for (ModuleItem<?> item : items) {
            String name = item.getName();
            Class<?> t = item.getType();
            String raw = Macro.getValue(options, name, null);
            if (t == boolean.class || t == Boolean.class) {
                if (raw != null) values.put(name, Boolean.parseBoolean(raw.trim()) || raw.trim().isEmpty());
                else if (hasKeyword(options, name)) values.put(name, true);
                else {
                    values.put(name, false);
                    absentValueKeys.add(label + ": " + name);
                }
                continue;
            }
            if (raw == null) {
                if (t == ImagePlus.class && imageInputs == 1 && item.isRequired()) {
                    ImagePlus cur = WindowManager.getCurrentImage();
                    if (cur != null) values.put(name, cur);
                } else if (t.isPrimitive()) {
                    values.put(name, convert("0", t, name));
                    absentValueKeys.add(label + ": " + name);
                } else {
                    values.put(name, null);
                }
                continue;
            }
            values.put(name, convert(raw, t, name));
        }
        return values;
    }

    private static boolean hasKeyword(String options, String key) {
        return Pattern.compile("(^|\\s)" + Pattern.quote(key) + "(\\s|$)").matcher(options).find();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static Object convert(String raw, Class<?> t, String name) {
        String s = raw.trim();
        try {
            if (t == String.class) return raw;
            if (t == int.class || t == Integer.class) return (int) Math.round(Double.parseDouble(s));
            if (t == long.class || t == Long.class) return Math.round(Double.parseDouble(s));
            if (t == double.class || t == Double.class) return Double.parseDouble(s);
            if (t == float.class || t == Float.class) return Float.parseFloat(s);
            if (t == File.class) return new File(s);
            if (t.isEnum()) {
                for (Object c : t.getEnumConstants()) {
                    if (((Enum) c).name().equalsIgnoreCase(s) || c.toString().equalsIgnoreCase(s)) return c;
                }
                throw new IllegalArgumentException("'" + s + "' is not a valid " + name);
            }
            if (t == ImagePlus.class) {
                ImagePlus imp = WindowManager.getImage(s);
                if (imp == null && s.matches("-\\d+")) imp = WindowManager.getImage(Integer.parseInt(s));
                if (imp == null) throw new IllegalArgumentException("No open image titled '" + s + "' for " + name);
                return imp;
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + s + "' is not a number (" + name + ")");
        }
        throw new IllegalArgumentException("Parameter " + name + " of type " + t.getSimpleName() + " cannot be set from a macro");
    }

    /** An ImageJ 1 dialog labelled with the field names, so the Recorder writes the same keys. */
    private static Map<String, Object> fromDialog(CommandInfo info, List<ModuleItem<?>> items, Module module) {
        if (GraphicsEnvironment.isHeadless()) {
            throw new IllegalArgumentException(info.getTitle() + " needs parameters: run it from a macro with options");
        }
        GenericDialog gd = new GenericDialog(info.getTitle());
        for (ModuleItem<?> item : items) {
            String name = item.getName();
            Class<?> t = item.getType();
            Object def = module.getInput(name);
            if (t == boolean.class || t == Boolean.class) gd.addCheckbox(name, def != null && (Boolean) def);
            else if (Number.class.isAssignableFrom(box(t))) {
                double d = def == null ? 0 : ((Number) def).doubleValue();
                gd.addNumericField(name, d, (t == int.class || t == long.class) ? 0 : 3);
            } else if (t == File.class) gd.addFileField(name, def == null ? "" : def.toString());
            else if (t == ImagePlus.class) gd.addImageChoice(name, null);
            else if (t.isEnum()) {
                Object[] cs = t.getEnumConstants();
                String[] labels = new String[cs.length];
                for (int i = 0; i < cs.length; i++) labels[i] = cs[i].toString();
                gd.addChoice(name, labels, def == null ? labels[0] : def.toString());
            } else if (item.getChoices() != null && !item.getChoices().isEmpty()) {
                String[] labels = item.getChoices().stream().map(Object::toString).toArray(String[]::new);
                gd.addChoice(name, labels, def == null ? labels[0] : def.toString());
            } else gd.addStringField(name, def == null ? "" : def.toString(), 30);
        }
        gd.showDialog();
        if (gd.wasCanceled()) return null;
        Map<String, Object> values = new LinkedHashMap<>();
        for (ModuleItem<?> item : items) {
            Class<?> t = item.getType();
            String name = item.getName();
            if (t == boolean.class || t == Boolean.class) values.put(name, gd.getNextBoolean());
            else if (Number.class.isAssignableFrom(box(t))) values.put(name, convert(Double.toString(gd.getNextNumber()), t, name));
            else if (t == ImagePlus.class) values.put(name, gd.getNextImage());
            else if (t.isEnum() || (item.getChoices() != null && !item.getChoices().isEmpty())) {
                values.put(name, convert(gd.getNextChoice(), t, name));
            } else {
                String s = gd.getNextString();
                if (t == File.class && s.isEmpty()) continue;
                values.put(name, convert(s, t, name));
            }
        }
        return values;
    }

    private static Class<?> box(Class<?> t) {
        if (!t.isPrimitive()) return t;
        return switch (t.getName().toLowerCase(Locale.ROOT)) {
            case "int" -> Integer.class;
            case "long" -> Long.class;
            case "double" -> Double.class;
            case "float" -> Float.class;
            case "short" -> Short.class;
            case "byte" -> Byte.class;
            default -> t;
        };
    }
}
