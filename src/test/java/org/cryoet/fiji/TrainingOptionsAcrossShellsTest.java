package org.cryoet.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.TreeSet;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.CommandService;
import org.scijava.module.Module;
import org.scijava.module.ModuleService;
import org.scijava.plugin.Parameter;

import org.cryoet.cli.TrainingSetupOptions;
import org.cryoet.learn.LossFunctions;
import org.cryoet.learn.TrainingConfig;
import org.cryoet.learn.TrainingMethod;
import org.cryoet.learn.TrainingMethods;
import org.cryoet.learn.TrainingPresets;
import org.cryoet.learn.UNet3d;
import org.cryoet.util.CryoEtException;
import picocli.CommandLine;

/**
 * Fiji's Train ICECREAM and {@code cryoet train} turn the same preset and the same explicit values
 * into the same {@link TrainingConfig}.
 */
class TrainingOptionsAcrossShellsTest {
    static Context ctx;

    @BeforeAll
    static void context() {
        ctx = new Context(CommandService.class, ModuleService.class);
    }

    @AfterAll
    static void dispose() {
        ctx.dispose();
    }

    /** The configuration Fiji's command makes of these inputs (absent inputs: the field defaults). */
    static TrainingConfig fiji(Object... keyValues) {
        Module m = ctx.service(ModuleService.class).createModule(
                ctx.service(CommandService.class).getCommand(TrainIcecreamCommand.class));
        for (int i = 0; i < keyValues.length; i += 2) m.setInput((String) keyValues[i], keyValues[i + 1]);
        return ((TrainIcecreamCommand) m.getDelegateObject()).config();
    }

    /** The configuration {@code cryoet train} makes of these options. */
    static TrainingConfig cli(String... args) {
        Holder h = new Holder();
        new CommandLine(h).parseArgs(args);
        return h.setup.config(h.device);
    }

    @CommandLine.Command(name = "holder")
    static final class Holder {
        @CommandLine.Mixin
        TrainingSetupOptions setup = new TrainingSetupOptions();

        @CommandLine.Option(names = "--device", defaultValue = "auto")
        String device;
    }

    @Test
    void presetsAloneGiveTheLibraryPresets() {
        assertEquals(TrainingPresets.reference(), fiji());
        assertEquals(TrainingPresets.reference(), cli());
        assertEquals(TrainingPresets.demo(), fiji("preset", "demo"));
        assertEquals(TrainingPresets.demo(), cli("--preset", "demo"));
        assertEquals(TrainingPresets.cryocare(), fiji("preset", "cryocare"));
        assertEquals(TrainingPresets.cryocare(), cli("--preset", "cryocare"));
        assertEquals("n2n", cli("--preset", "cryocare").method().name(), "a preset names its method");
        assertEquals(TrainingPresets.deepdewedge(), fiji("preset", "deepdewedge"));
        assertEquals(TrainingPresets.deepdewedge(), cli("--preset", "deepdewedge"));
        assertEquals(TrainingPresets.isonet(), fiji("preset", "isonet"));
        assertEquals(TrainingPresets.isonet(), cli("--preset", "isonet"));
        assertEquals(300, cli("--preset", "deepdewedge").method().parameter("update_every"));
        assertEquals(2000, cli("--preset", "isonet").method().parameter("refill_every"));
        assertEquals(500, cli("--preset", "isonet", "--method-parameter", "refill_every=500").method()
                .parameter("refill_every"), "a method parameter given replaces the preset's");
        assertEquals(TrainingConfig.defaults().method(), cli("--preset", "cryocare", "--method", "icecream").method());
        assertEquals(UNet3d.Init.HE_NORMAL, fiji("preset", "demo").init());
        assertEquals(32, fiji("preset", "demo").crop());
    }

    @Test
    void explicitValuesReplaceThePresetsInBothShells() {
        TrainingConfig f = fiji("preset", "demo", "crop", 16, "depth", 2, "base_channels", 4, "iterations", 3L,
                "batch", 1, "learning_rate", 1e-3, "weight_init", "pytorch", "checkpoint_every", 0L,
                "progress_every", 0L, "lambda", 1.5, "seed", 7L, "device", "cpu", "checkpoint_minutes", 0.0);
        TrainingConfig c = cli("--preset", "demo", "--crop", "16", "--depth", "2", "--channels", "4",
                "--iterations", "3", "--batch", "1", "--lr", "1e-3", "--weight-init", "pytorch",
                "--checkpoint-every", "0", "--progress-every", "0", "--lambda", "1.5", "--seed", "7",
                "--checkpoint-minutes", "0");
        assertEquals(c.toBuilder().device("cpu").build(), f);
        assertEquals(16, f.crop());
        assertEquals(2, ((org.cryoet.learn.UNetConfig) f.network()).depth());
        assertEquals(0, f.checkpointEvery());
        assertEquals(UNet3d.Init.PYTORCH_DEFAULT, f.init());
    }

    @Test
    void methodLossAndMethodParametersAreTheSameInBothShells() {
        TrainingConfig f = fiji("method", "n2n", "loss", "fsc", "device", "cpu");
        TrainingConfig c = cli("--method", "n2n", "--loss", "fsc");
        assertEquals(c.toBuilder().device("cpu").build(), f);
        assertEquals("n2n", f.method().name());
        assertEquals("fsc", f.loss());
        TrainingConfig fl = fiji("method", "icecream", "method_parameters", "lambda=0.5", "loss", "l1");
        TrainingConfig cl = cli("--method", "icecream", "--method-parameter", "lambda=0.5", "--loss", "l1");
        assertEquals(cl, fl);
        assertEquals(0.5, fl.method().parameter("lambda"));
        assertEquals(cl, cli("--lambda", "0.5", "--loss", "L1"), "--lambda is icecream's lambda");
        // the preset's method keeps the preset's parameters; no choice means the preset's
        assertEquals(TrainingPresets.demo(), fiji("preset", "demo", "method", "icecream", "loss", "l2"));
        assertEquals(TrainingPresets.demo(), fiji("preset", "demo", "method", null, "loss", null,
                "method_parameters", null));
    }

    @Test
    void undeclaredMethodParametersAreRefusedWithTheDeclaredOnes() {
        CryoEtException n2n = assertThrows(CryoEtException.class, () -> cli("--method", "n2n", "--lambda", "2"));
        assertTrue(n2n.getMessage().contains("n2n") && n2n.getMessage().contains("no parameter 'lambda'")
                && n2n.getMessage().contains("it has none"), n2n.getMessage());
        CryoEtException gamma = assertThrows(CryoEtException.class, () -> fiji("method_parameters", "gamma=1"));
        assertTrue(gamma.getMessage().contains("'gamma'") && gamma.getMessage().contains("it has: lambda"),
                gamma.getMessage());
        CryoEtException method = assertThrows(CryoEtException.class, () -> cli("--method", "care"));
        assertTrue(method.getMessage().contains("'care'") && method.getMessage().contains("n2n"), method.getMessage());
        CryoEtException loss = assertThrows(CryoEtException.class, () -> cli("--loss", "huber"));
        assertTrue(loss.getMessage().contains("'huber'") && loss.getMessage().contains("fsc"), loss.getMessage());
        CryoEtException syntax = assertThrows(CryoEtException.class, () -> cli("--method-parameter", "lambda"));
        assertTrue(syntax.getMessage().startsWith("--method-parameter: 'lambda' is not name=value"),
                syntax.getMessage());
        CryoEtException fijiSyntax = assertThrows(CryoEtException.class, () -> fiji("method_parameters", "lambda=x"));
        assertTrue(fijiSyntax.getMessage().startsWith("method_parameters: the value of lambda is not a number"),
                fijiSyntax.getMessage());
    }

    @Test
    void fijiChoicesAreThePluginsRegisteredMethodsAndLosses() throws Exception {
        java.net.URL plugin = TrainingMethod.class.getProtectionDomain().getCodeSource().getLocation();
        Set<String> methods = new TreeSet<>();
        for (String n : TrainingMethods.names()) {
            if (TrainingMethods.byName(n).getClass().getProtectionDomain().getCodeSource().getLocation().equals(plugin)) {
                methods.add(n);
            }
        }
        assertEquals(Set.of("icecream", "n2n", "ddw", "isonet"), methods);
        assertEquals(choices("method"), new TreeSet<>(methods));
        assertEquals(choices("loss"), new TreeSet<>(LossFunctions.names()));
        String[] presets = TrainIcecreamCommand.class.getDeclaredField("preset").getAnnotation(Parameter.class)
                .choices();
        assertEquals(TrainingPresets.NAMES, Arrays.asList(presets), "Fiji offers every preset, in order");
    }

    /** A Fiji choice's options after the preset's. */
    private static Set<String> choices(String field) throws Exception {
        String[] c = TrainIcecreamCommand.class.getDeclaredField(field).getAnnotation(Parameter.class).choices();
        assertEquals(TrainIcecreamCommand.PRESETS_CHOICE, c[0]);
        return new TreeSet<>(Arrays.asList(c).subList(1, c.length));
    }

    @Test
    void badSettingsAreOneSentenceErrors() {
        CryoEtException e = assertThrows(CryoEtException.class, () -> fiji("crop", 20, "depth", 4));
        assertTrue(e.getMessage().contains("Crop size 20"), e.getMessage());
        CryoEtException p = assertThrows(CryoEtException.class, () -> fiji("preset", "huge"));
        assertTrue(p.getMessage().contains("huge"), p.getMessage());
    }
}
