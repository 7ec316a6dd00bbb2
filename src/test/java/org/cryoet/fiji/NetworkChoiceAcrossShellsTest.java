package org.cryoet.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.CommandService;
import org.scijava.module.Module;
import org.scijava.module.ModuleService;

import org.cryoet.cli.TrainingSetupOptions;
import org.cryoet.learn.MsdConfig;
import org.cryoet.learn.TrainingConfig;
import org.cryoet.learn.TrainingPresets;
import org.cryoet.learn.UNet3d;
import org.cryoet.util.CryoEtException;
import picocli.CommandLine;

/** Fiji's Train ICECREAM and {@code cryoet train} choose the network the same way. */
class NetworkChoiceAcrossShellsTest {
    static Context ctx;

    @BeforeAll
    static void context() {
        ctx = new Context(CommandService.class, ModuleService.class);
    }

    @AfterAll
    static void dispose() {
        ctx.dispose();
    }

    static TrainingConfig fiji(Object... keyValues) {
        Module m = ctx.service(ModuleService.class).createModule(
                ctx.service(CommandService.class).getCommand(TrainIcecreamCommand.class));
        for (int i = 0; i < keyValues.length; i += 2) m.setInput((String) keyValues[i], keyValues[i + 1]);
        return ((TrainIcecreamCommand) m.getDelegateObject()).config();
    }

    static TrainingConfig cli(String... args) {
        Holder h = new Holder();
        new CommandLine(h).parseArgs(args);
        return h.setup.config("auto");
    }

    @CommandLine.Command(name = "holder")
    static final class Holder {
        @CommandLine.Mixin
        TrainingSetupOptions setup = new TrainingSetupOptions();
    }

    @Test
    void theUNetStaysTheDefaultAndMsdTakesItsShapeInBothShells() {
        assertEquals(TrainingPresets.demo(), fiji("preset", "demo", "network", "unet"));
        assertEquals(TrainingPresets.demo(), cli("--preset", "demo", "--network", "unet"));
        assertEquals(new MsdConfig(MsdConfig.DEFAULT_LAYERS, 1, 10), cli("--network", "msd").network());
        assertEquals(MsdConfig.defaults(), fiji("network", "msd").network());
        TrainingConfig f = fiji("preset", "demo", "network", "msd", "msd_layers", 12, "msd_width", 2,
                "msd_max_dilation", 6, "crop", 17);
        TrainingConfig c = cli("--preset", "demo", "--network", "msd", "--msd-layers", "12", "--msd-width", "2",
                "--msd-max-dilation", "6", "--crop", "17");
        assertEquals(c, f);
        assertEquals(new MsdConfig(12, 2, 6), f.network());
        assertEquals(17, f.crop(), "an MS-D net takes any crop");
        assertEquals(TrainingPresets.demo().toBuilder().network(new MsdConfig(12, 2, 6)).crop(17)
                .init(UNet3d.Init.PYTORCH_DEFAULT).build(), f);
        assertEquals(UNet3d.Init.HE_NORMAL, cli("--preset", "demo", "--network", "msd", "--weight-init", "he").init());
        assertEquals(UNet3d.Init.HE_NORMAL, fiji("preset", "demo", "network", "msd", "weight_init", "he").init());
    }

    @Test
    void badNetworkSettingsNameTheFijiField() {
        CryoEtException e = assertThrows(CryoEtException.class, () -> fiji("network", "unet", "msd_layers", 4));
        assertTrue(e.getMessage().contains("msd_layers applies to network msd only"), e.getMessage());
        e = assertThrows(CryoEtException.class, () -> fiji("network", "msd", "msd_width", 100));
        assertTrue(e.getMessage().contains("msd_width must be 1..64, got 100"), e.getMessage());
        e = assertThrows(CryoEtException.class, () -> fiji("network", "msd", "depth", 3));
        assertTrue(e.getMessage().contains("do not apply to a MS-D net"), e.getMessage());
    }
}
