package org.cryoet.fiji;

import java.io.IOException;
import java.nio.file.Path;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.ui.DialogPrompt;

import org.cryoet.learn.LibtorchDownload;

/**
 * Plugins > Cryo-ET > Set Up GPU (CUDA libtorch): on a machine with an NVIDIA GPU whose Fiji runs
 * the bundled CPU libtorch, says what it would download (size, source, destination), asks, and
 * fetches DJL's CUDA libtorch into DJL's cache; {@link DjlSystemProperties} makes the next start
 * of Fiji load it. Where the download cannot happen it explains the offline route (the CUDA build
 * of the plugins). In a macro or headless, nothing is downloaded unless {@code confirm_download}
 * is true.
 */
@Plugin(type = Command.class, headless = true, menuPath = "Plugins>Cryo-ET>Set Up GPU (CUDA libtorch)",
        description = "Downloads the CUDA build of libtorch for an NVIDIA GPU, after asking")
public class DownloadCudaLibtorchCommand extends CryoEtCommand {

    @Parameter(label = "Download without asking (macros, headless)", required = false)
    boolean confirm_download = false;

    @Parameter(type = ItemIO.OUTPUT)
    String gpu_advice;

    @Parameter(type = ItemIO.OUTPUT, label = "CUDA libtorch folder")
    String installed_folder = "";

    @Override
    protected void execute() {
        String platform = ai.djl.util.Platform.detectPlatform("pytorch").getClassifier();
        String loaded = CheckSetupCommand.libtorchFolder().toLowerCase(java.util.Locale.ROOT).contains("-cu") ? "cu" : "cpu";
        LibtorchDownload.Build build = DjlSystemProperties.cudaBuild();
        Path cache = DjlSystemProperties.libtorchCache();
        boolean installed = build != null && LibtorchDownload.installed(cache, build);
        CudaAdvice.Advice advice = CudaAdvice.advise(CudaAdvice.nvidiaGpuPresent(), loaded, platform, installed);
        gpu_advice = advice.message();
        if (installed) installed_folder = LibtorchDownload.folder(cache, build).toString();
        if (!advice.needsDownload() || build == null) {
            tell(advice.message());
            return;
        }
        if (!confirm_download) {
            if (!hasUi()) {
                tell(advice.message() + " Run this command with confirm_download=true to download.");
                return;
            }
            String question = "Download " + CudaAdvice.what(platform) + "?\n\nFiji uses it after a restart; "
                    + "the bundled CPU libtorch stays as the fallback.";
            if (uiService.showDialog(question, "Cryo-ET: Set Up GPU", DialogPrompt.MessageType.QUESTION_MESSAGE,
                    DialogPrompt.OptionType.YES_NO_OPTION) != DialogPrompt.Result.YES_OPTION) {
                tell("Nothing downloaded; training and prediction keep running on the CPU.");
                return;
            }
        }
        try {
            Path folder = LibtorchDownload.download(LibtorchDownload.DJL_SERVER, cache, build,
                    progress("Downloading CUDA libtorch"));
            installed_folder = folder.toString();
            gpu_advice = "The CUDA libtorch is installed in " + folder + ". Restart Fiji to use the GPU; "
                    + "Plugins > Cryo-ET > About / Check Setup then reports the device.";
        } catch (IOException e) {
            gpu_advice = CudaAdvice.offline(platform, e.getMessage()).message();
        }
        tell(gpu_advice);
    }

    private void tell(String message) {
        log(message);
        if (hasUi()) uiService.showDialog(message, "Cryo-ET: Set Up GPU");
    }
}
