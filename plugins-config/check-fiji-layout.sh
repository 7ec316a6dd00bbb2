#!/usr/bin/env bash
# Checks the Fiji layout that `mvn package` writes to target/fiji with the two integration tests
# (they also run in `mvn verify`), without the unit tests:
#   FijiLayoutRulesIT  target/fiji ships nothing Fiji ships and everything Fiji lacks
#   FijiLauncherIT     a Fiji.app from target/fiji + Fiji's jars, started with the launcher's
#                      classpath and module path, empty DJL cache, offline: the commands run
# Another layout: check-fiji-layout.sh -Dcryoet.fiji.layout=/path/to/layout
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
mvn -B -o verify -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test='FijiLayoutRulesIT,FijiLauncherIT' "$@"
echo "launcher output: target/it/launcher-output.txt"
