#!/usr/bin/env bash
# Peak memory of `cryoet predict` on a large tomogram pair (issue "Scale").
#
# Creates two float32 half tomograms of NX x NY x NZ (default 928 x 928 x 464, 1.6 GB each) on disk,
# written section by section, and a randomly initialised *tiny* ICECREAM model (U-Net DEPTH levels x
# CHANNELS channels, tile CROP). Then runs `cryoet predict` in a separate JVM limited to -Xmx (default
# 4g) and reports the peak Java heap (from -Xlog:gc and from the memory pools) and the peak resident
# set size (VmHWM). Host memory of prediction depends on the tile size and the section size, not on
# the weights; the run time does, so a tiny model is used to finish in minutes on a few CPU cores.
#
# Usage: bench/predict-memory.sh [WORKDIR] ; settings through the environment:
#   SIZE=928,928,464 XMX=4g CROP=64 DEPTH=1 CHANNELS=2 OVERLAP=0 BATCH=1 KEEP=0
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${1:-$(mktemp -d /tmp/cryoet-predict-memory.XXXXXX)}"
IFS=, read -r nx ny nz <<<"${SIZE:-928,928,464}"
xmx="${XMX:-4g}"; crop="${CROP:-64}"; depth="${DEPTH:-1}"; channels="${CHANNELS:-2}"
overlap="${OVERLAP:-0}"; batch="${BATCH:-1}"
mkdir -p "$work"
"$root/cryoet" --version >/dev/null   # builds target/ and the classpath file when needed
cp="$root/target/classes:$(cat "$root/target/runtime-classpath.txt")"

echo "inputs: $nx x $ny x $nz float32 halves in $work (streamed), tiny random model U-Net ${depth}x${channels}, crop $crop"
t0=$(date +%s)
java -Xmx512m -Dai.djl.offline=true -DOPT_OUT_TRACKING=true -cp "$cp" "$root/bench/MakeMemoryInputs.java" \
  "$work" "$nx" "$ny" "$nz" "$depth" "$channels" "$crop"
echo "inputs written in $(( $(date +%s) - t0 )) s"
ls -l "$work"/even.mrc "$work"/odd.mrc

gclog="$work/gc.log"
rm -f "$work/pred.mrc" "$gclog"
t0=$(date +%s)
CRYOET_JAVA_OPTS="-Xmx$xmx -Xlog:gc:file=$gclog -Dcryoet.reportMemory=true" "$root/cryoet" predict \
  --model-dir "$work/model" --even "$work/even.mrc" --odd "$work/odd.mrc" --out "$work/pred.mrc" \
  --batch "$batch" --overlap "$overlap" --device cpu 2> >(tr '\r' '\n' | grep --line-buffered -Ev '^(normalisation|prediction: [0-9]*[1-9]% )' >&2)
secs=$(( $(date +%s) - t0 ))
# the heap occupancy just before each collection; its maximum is the peak heap the program needed
gcpeak=$(grep -o '[0-9]*M->' "$gclog" | sed 's/M->//' | sort -n | tail -1 || true)
echo "predict: ${secs} s wall, -Xmx$xmx, peak heap before a GC ${gcpeak:-?} MiB ($(grep -c 'Pause' "$gclog") GCs)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
ls -l "$work/pred.mrc"
if [[ "${KEEP:-0}" != 1 ]]; then rm -rf "$work"; fi
