// ICECREAM demo pipeline on simulated data, start to end:
//   simulate -> dose split -> reconstruct both halves -> sample mask -> train -> apply -> FSC.
// Every step is one Cryo-ET command, and every line names all of the command's parameters: in
// Fiji (and through the ImageJ 1 bridge) a parameter a macro line leaves out is 0, false or empty,
// not the dialog's default. The same lines run in Fiji and in plain ImageJ 1.
// Menu: Plugins > Cryo-ET > ICECREAM Demo Pipeline (asks for the settings). Headless:
//   ./fiji --headless -macro scripts/Plugins/Cryo-ET/ICECREAM_Demo_Pipeline.ijm "out=/tmp/icecream-demo size=128"
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
size = arg("size", "96");
thickness = arg("thickness", "48");
tiltStep = arg("tilt_step", "3");
snr = arg("snr_db", "-5");
iterations = arg("iterations", "700");
crop = arg("crop", "32");
depth = arg("depth", "3");
channels = arg("channels", "16");
train = arg("train", "true");
device = arg("device", "auto");
if (getArgument() == "") {
	// started from the menu: ask (the defaults are the demo preset, minutes on a CPU)
	Dialog.create("ICECREAM Demo Pipeline");
	Dialog.addDirectory("Output folder", out);
	Dialog.addNumber("Size (voxels)", parseInt(size));
	Dialog.addNumber("Thickness (voxels)", parseInt(thickness));
	Dialog.addNumber("Training iterations", parseInt(iterations));
	Dialog.addCheckbox("Train", true);
	Dialog.addString("Device", device);
	Dialog.show();
	out = Dialog.getString();
	size = "" + Dialog.getNumber();
	thickness = "" + Dialog.getNumber();
	iterations = "" + Dialog.getNumber();
	if (Dialog.getCheckbox()) train = "true"; else train = "false";
	device = Dialog.getString();
}
File.makeDirectory(out);
setBatchMode(true);

// 1. A phantom and its noisy dose-fractionated tilt series (4 frames per tilt).
run("Simulate Cryo-ET Demo Data", "size_x=" + size + " size_y=" + size + " size_z=" + thickness
	+ " voxel_size=10 seed=1 tilt_min=-60 tilt_max=60 tilt_step=" + tiltStep + " order=dose-symmetric group_size=1"
	+ " frames_per_tilt=4 snr_db=" + snr + " show_all=true output_directory=[" + out + "/simulation] overwrite=true");

// 2. Dose split: even and odd frames of every tilt make two independent half tilt series.
run("Split Tilt Series", "mode=dose frames=frames frames_per_tilt=4 output_directory=[" + out + "/halves] overwrite=true");

// 3. Weighted back-projection of each half (angles come from the slice labels).
run("Reconstruct Tomogram (FBP)", "tilt_series=frames_even thickness=" + thickness
	+ " binning=1 width=0 filter=RADIAL radial_cutoff=0.35 radial_falloff=0.035 sirt_iterations=10"
	+ " output_file=[" + out + "/even_rec.mrc] overwrite=true");
run("Reconstruct Tomogram (FBP)", "tilt_series=frames_odd thickness=" + thickness
	+ " binning=1 width=0 filter=RADIAL radial_cutoff=0.35 radial_falloff=0.035 sirt_iterations=10"
	+ " output_file=[" + out + "/odd_rec.mrc] overwrite=true");

// 4. Where to sample training crops: dense, structured regions of both halves.
run("Make Sample Mask", "tomogram=frames_even_rec tomogram_b=frames_odd_rec density_percentage=50 std_percentage=50"
	+ " side=5 z_crop=0 output_file=[" + out + "/mask.mrc] overwrite=true");

// 5. How well do the halves agree (before training)?
run("Compare Volumes (FSC)", "volume_a=frames_even_rec volume_b=frames_odd_rec region=all tilt_min=-60 tilt_max=60"
	+ " csv_file=[" + out + "/fsc_halves.csv] overwrite=true");

if (train == "true") {
	// 6. Self-supervised training on the two halves (Noise2Noise + equivariance), demo preset
	//    with the sizes given above.
	run("Train ICECREAM", "even=frames_even_rec odd=frames_odd_rec mask=frames_even_rec_mask tilt_min=-60 tilt_max=60"
		+ " mask_automatic=false preset=demo iterations=" + iterations + " depth=" + depth + " base_channels=" + channels
		+ " weight_init=he crop=" + crop + " batch=2 learning_rate=0.0005 method=icecream loss=l2 network=unet msd_layers=0 msd_width=0 msd_max_dilation=0 lambda=2 seed=42 device=" + device
		+ " checkpoint_every=100 checkpoint_minutes=10 progress_every=50 resume=false show_monitor=false"
		+ " model_directory=[" + out + "/model] overwrite=true");
	// 7. The trained model on both halves, averaged.
	run("Apply ICECREAM Model", "even=frames_even_rec odd=frames_odd_rec model_directory=[" + out + "/model]"
		+ " batch=4 overlap=0.5 device=" + device + " output_file=[" + out + "/icecream.mrc] overwrite=true");
	// 8. Result against the ground truth, inside the missing wedge only.
	run("Compare Volumes (FSC)", "volume_a=frames_even_rec_icecream volume_b_file=[" + out + "/simulation/ground_truth.mrc]"
		+ " region=[missing wedge] tilt_min=-60 tilt_max=60 csv_file=[" + out + "/fsc_icecream_vs_truth.csv] overwrite=true");
}
print("ICECREAM demo written to " + out);
