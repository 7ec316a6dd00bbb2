// ICECREAM on real data: two half tomograms reconstructed elsewhere (IMOD, AreTomo, Warp:
// even/odd frame sums or even/odd tilts, reconstructed with the same geometry).
// Every line names all of the command's parameters: in Fiji a parameter a macro line leaves out
// is 0, false or empty, not the dialog's default.
// Menu: Plugins > Cryo-ET > ICECREAM Real Halves (asks for the files). Headless:
//   ./fiji --headless -macro scripts/Plugins/Cryo-ET/ICECREAM_Real_Halves.ijm "even=/data/ts_EVN.mrc odd=/data/ts_ODD.mrc out=/data/icecream tilt_min=-54 tilt_max=60"
// Arguments: even, odd, out, tilt_min, tilt_max, iterations, crop, depth, channels, batch (U-Net size
// and crops per step; the reference: 4, 64, 8), device.

function arg(key, default) {
	args = split(getArgument(), " ");
	for (i = 0; i < args.length; i++) {
		if (startsWith(args[i], key + "=")) return substring(args[i], lengthOf(key) + 1);
	}
	return default;
}

even = arg("even", "");
odd = arg("odd", "");
out = arg("out", "");
tiltMin = arg("tilt_min", "-60");
tiltMax = arg("tilt_max", "60");
iterations = arg("iterations", "20000");
crop = arg("crop", "72");
depth = arg("depth", "4");
channels = arg("channels", "64");
batch = arg("batch", "8");
device = arg("device", "auto");
if (getArgument() == "") {
	Dialog.create("ICECREAM Real Halves");
	Dialog.addFile("Even half tomogram", even);
	Dialog.addFile("Odd half tomogram", odd);
	Dialog.addDirectory("Output folder", out);
	Dialog.addNumber("Tilt min (deg)", parseFloat(tiltMin));
	Dialog.addNumber("Tilt max (deg)", parseFloat(tiltMax));
	Dialog.addNumber("Training iterations", parseInt(iterations));
	Dialog.addString("Device", device);
	Dialog.show();
	even = Dialog.getString();
	odd = Dialog.getString();
	out = Dialog.getString();
	tiltMin = "" + Dialog.getNumber();
	tiltMax = "" + Dialog.getNumber();
	iterations = "" + Dialog.getNumber();
	device = Dialog.getString();
}
if (even == "" || odd == "" || out == "") exit("Give even=..., odd=... and out=...");
File.makeDirectory(out);
setBatchMode(true);

// Memory-mapped opening: large tomograms open at once.
run("MRC (Cryo-ET)...", "file=[" + even + "] virtual=true");
evenTitle = getTitle();
run("MRC (Cryo-ET)...", "file=[" + odd + "] virtual=true");
oddTitle = getTitle();

// Sample mask from both halves (thresholds can be tuned with "Make Sample Mask (preview)...").
run("Make Sample Mask", "tomogram=[" + evenTitle + "] tomogram_b=[" + oddTitle + "] density_percentage=50"
	+ " std_percentage=50 side=5 z_crop=0 output_file=[" + out + "/mask.mrc] overwrite=true");
maskTitle = getTitle();

// Resolution of the input: FSC of the two halves.
run("Compare Volumes (FSC)", "volume_a=[" + evenTitle + "] volume_b=[" + oddTitle + "] region=all tilt_min=" + tiltMin
	+ " tilt_max=" + tiltMax + " csv_file=[" + out + "/fsc_halves.csv] overwrite=true");

// The reference settings (preset=reference) with the crop and iterations given above.
run("Train ICECREAM", "even=[" + evenTitle + "] odd=[" + oddTitle + "] mask=[" + maskTitle + "] tilt_min=" + tiltMin
	+ " tilt_max=" + tiltMax + " mask_automatic=false preset=reference iterations=" + iterations + " depth=" + depth
	+ " base_channels=" + channels + " weight_init=pytorch crop=" + crop + " batch=" + batch + " learning_rate=0.0001 method=icecream loss=l2 network=unet msd_layers=0 msd_width=0 msd_max_dilation=0 lambda=2 seed=42"
	+ " device=" + device + " checkpoint_every=5000 checkpoint_minutes=10 progress_every=1000 resume=false"
	+ " show_monitor=true model_directory=[" + out + "/model] overwrite=true");
run("Apply ICECREAM Model", "even=[" + evenTitle + "] odd=[" + oddTitle + "] model_directory=[" + out + "/model]"
	+ " batch=4 overlap=0.5 device=" + device + " output_file=[" + out + "/icecream.mrc] overwrite=true");
print("ICECREAM result: " + out + "/icecream.mrc");
