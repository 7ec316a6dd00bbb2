#!/usr/bin/env bash
# Checks the Fiji layout that `mvn package` writes to target/fiji: runs FijiLayoutCheck with
# exactly target/fiji/jars (+ jars/linux64) plus the jars Fiji itself ships (ij, scijava-common,
# imglib2 and the excluded shared libraries, taken from the local Maven repository), offline and
# with an empty DJL cache, so libtorch must come out of the bundled native jar.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
[[ -d target/fiji/jars ]] || mvn -B -q -o package -DskipTests
[[ -d target/test-classes/org/cryoet/fiji ]] || mvn -B -q -o test-compile
shipped="$(mktemp)"
mvn -B -q -o dependency:build-classpath -Dmdep.outputFile="$shipped" -Dmdep.includeScope=test \
  -Dmdep.includeArtifactIds=ij,scijava-common,parsington,imglib2,gson,jna,slf4j-api,commons-io,commons-compress,commons-codec,commons-math3,error_prone_annotations,JTransforms,JLargeArrays >/dev/null
cache="$(mktemp -d)"
trap 'rm -rf "$cache" "$shipped"' EXIT
cp="target/fiji/jars/*:target/fiji/jars/linux64/*:$(cat "$shipped"):target/test-classes"
echo "classpath: target/fiji/jars/*, target/fiji/jars/linux64/*, Fiji-shipped jars, test classes"
DJL_CACHE_DIR="$cache" java -Dai.djl.offline=true -DOPT_OUT_TRACKING=true -Djava.awt.headless=true \
  -cp "$cp" org.cryoet.fiji.FijiLayoutCheck
echo "libtorch extracted to: $(find "$cache" -name 'libtorch*.so' | head -1)"
