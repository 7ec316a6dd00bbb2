package org.cryoet.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.CommandService;
import org.scijava.module.Module;
import org.scijava.module.ModuleService;

import org.cryoet.cli.TrainingSetupOptions;
import org.cryoet.learn.IcecreamPresets;
import org.cryoet.learn.TrainingConfig;
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
        assertEquals(IcecreamPresets.reference(), fiji());
        assertEquals(IcecreamPresets.reference(), cli());
        assertEquals(IcecreamPresets.demo(), fiji("preset", "demo"));
        assertEquals(IcecreamPresets.demo(), cli("--preset", "demo"));
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
    void badSettingsAreOneSentenceErrors() {
        CryoEtException e = assertThrows(CryoEtException.class, () -> fiji("crop", 20, "depth", 4));
        assertTrue(e.getMessage().contains("Crop size 20"), e.getMessage());
        CryoEtException p = assertThrows(CryoEtException.class, () -> fiji("preset", "huge"));
        assertTrue(p.getMessage().contains("huge"), p.getMessage());
    }
}
