// ICECREAM on real data: two half tomograms reconstructed elsewhere (IMOD, AreTomo, Warp:
// even/odd frame sums or even/odd tilts, reconstructed with the same geometry).
// Edit the paths and the tilt range below, then run (Plugins > Macros > Run...), or headless:
//   ./fiji --headless -macro macros/Cryo-ET/icecream_real_halves.ijm "even=/data/ts_EVN.mrc odd=/data/ts_ODD.mrc out=/data/icecream tilt_min=-54 tilt_max=60"

function arg(key, default) {
	args = split(getArgument(), " ");
	for (i = 0; i < args.length; i++) {
		if (startsWith(args[i], key + "=")) return substring(args[i], lengthOf(key) + 1);
	}
	return default;
}

even = arg("even", "/path/to/tomo_even.mrc");
odd = arg("odd", "/path/to/tomo_odd.mrc");
out = arg("out", "/path/to/icecream");
tiltMin = arg("tilt_min", "-60");
tiltMax = arg("tilt_max", "60");
iterations = arg("iterations", "20000");
crop = arg("crop", "72");
device = arg("device", "auto");
File.makeDirectory(out);
setBatchMode(true);

// Memory-mapped opening: large tomograms open at once.
run("MRC (Cryo-ET)...", "file=[" + even + "] virtual=true");
evenTitle = getTitle();
run("MRC (Cryo-ET)...", "file=[" + odd + "] virtual=true");
oddTitle = getTitle();

// Sample mask from both halves (thresholds can be tuned with "Make Sample Mask (preview)...").
run("Make Sample Mask", "tomogram=[" + evenTitle + "] tomogram_b=[" + oddTitle + "] output_file=[" + out + "/mask.mrc] overwrite=true");
maskTitle = getTitle();

// Resolution of the input: FSC of the two halves.
run("Compare Volumes (FSC)", "volume_a=[" + evenTitle + "] volume_b=[" + oddTitle + "] csv_file=[" + out + "/fsc_halves.csv] overwrite=true");

run("Train ICECREAM", "even=[" + evenTitle + "] odd=[" + oddTitle + "] mask=[" + maskTitle + "] tilt_min=" + tiltMin
	+ " tilt_max=" + tiltMax + " iterations=" + iterations + " crop=" + crop + " device=" + device
	+ " model_directory=[" + out + "/model] overwrite=true");
run("Apply ICECREAM Model", "even=[" + evenTitle + "] odd=[" + oddTitle + "] model_directory=[" + out + "/model]"
	+ " output_file=[" + out + "/icecream.mrc] overwrite=true");
print("ICECREAM result: " + out + "/icecream.mrc");
