package org.cryoet.cli;

import org.cryoet.learn.TrainingOptions;
import picocli.CommandLine.Option;

/** {@code --device}, shared by the commands that run the network (picocli mixin). */
public final class DeviceOption {
    @Option(names = "--device", defaultValue = TrainingOptions.DEVICE_DEFAULT, paramLabel = "DEV",
            description = TrainingOptions.DEVICE_HELP + " (default ${DEFAULT-VALUE}).")
    String device;

    public String device() {
        return device;
    }
}
