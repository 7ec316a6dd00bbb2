// ICECREAM demo pipeline on simulated data, start to end:
//   simulate -> dose split -> reconstruct both halves -> sample mask -> train -> apply -> FSC.
// Every step is one Cryo-ET command; the same lines work in Fiji and in plain ImageJ 1.
// Run from Fiji (Plugins > Macros > Run...) or headless:
//   ./fiji --headless -macro macros/Cryo-ET/icecream_demo_pipeline.ijm "out=/tmp/icecream-demo size=128"
// Arguments (all optional, key=value separated by spaces): out, size, thickness, tilt_step,
// snr_db, iterations, crop, depth, channels (U-Net size), train (true/false), device.

function arg(key, default) {
	args = split(getArgument(), " ");
	for (i = 0; i < args.length; i++) {
		if (startsWith(args[i], key + "=")) return substring(args[i], lengthOf(key) + 1);
	}
	return default;
}

out = arg("out", getDirectory("temp") + "icecream-demo");
size = arg("size", "128");
thickness = arg("thickness", "64");
tiltStep = arg("tilt_step", "3");
snr = arg("snr_db", "-5");
iterations = arg("iterations", "2000");
crop = arg("crop", "64");
depth = arg("depth", "4");
channels = arg("channels", "32");
train = arg("train", "true");
device = arg("device", "auto");
File.makeDirectory(out);
setBatchMode(true);

// 1. A phantom and its noisy dose-fractionated tilt series (4 frames per tilt).
run("Simulate Cryo-ET Demo Data", "size_x=" + size + " size_y=" + size + " size_z=" + thickness
	+ " tilt_step=" + tiltStep + " snr_db=" + snr + " frames_per_tilt=4 show_all=true"
	+ " output_directory=[" + out + "/simulation] overwrite=true");

// 2. Dose split: even and odd frames of every tilt make two independent half tilt series.
run("Split Tilt Series", "mode=dose frames=frames frames_per_tilt=4 output_directory=[" + out + "/halves] overwrite=true");

// 3. Weighted back-projection of each half (angles come from the slice labels).
run("Reconstruct Tomogram (FBP)", "tilt_series=frames_even thickness=" + thickness
	+ " output_file=[" + out + "/even_rec.mrc] overwrite=true");
run("Reconstruct Tomogram (FBP)", "tilt_series=frames_odd thickness=" + thickness
	+ " output_file=[" + out + "/odd_rec.mrc] overwrite=true");

// 4. Where to sample training crops: dense, structured regions of both halves.
run("Make Sample Mask", "tomogram=frames_even_rec tomogram_b=frames_odd_rec output_file=[" + out + "/mask.mrc] overwrite=true");

// 5. How well do the halves agree (before training)?
run("Compare Volumes (FSC)", "volume_a=frames_even_rec volume_b=frames_odd_rec csv_file=[" + out + "/fsc_halves.csv] overwrite=true");

if (train == "true") {
	// 6. Self-supervised training on the two halves (Noise2Noise + equivariance).
	run("Train ICECREAM", "even=frames_even_rec odd=frames_odd_rec mask=frames_even_rec_mask iterations=" + iterations
		+ " crop=" + crop + " depth=" + depth + " base_channels=" + channels + " device=" + device
		+ " show_monitor=false model_directory=[" + out + "/model] overwrite=true");
	// 7. The trained model on both halves, averaged.
	run("Apply ICECREAM Model", "even=frames_even_rec odd=frames_odd_rec model_directory=[" + out + "/model]"
		+ " output_file=[" + out + "/icecream.mrc] overwrite=true");
	// 8. Result against the ground truth, inside the missing wedge only.
	run("Compare Volumes (FSC)", "volume_a=frames_even_rec_icecream volume_b_file=[" + out + "/simulation/ground_truth.mrc]"
		+ " region=[missing wedge] csv_file=[" + out + "/fsc_icecream_vs_truth.csv] overwrite=true");
}
print("ICECREAM demo written to " + out);
