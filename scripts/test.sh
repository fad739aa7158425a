#!/usr/bin/env bash
# Runs every test of the solution on a fresh Debian machine: installs the Debian packages the
# tests need when they are missing (idempotent), then `dotnet test EdgeGateway.sln`.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the tests use: tzdata (the clinic's time zone, Europe/Paris, in decoder tests),
# mosquitto (the national MQTT broker in the live-share tests; started by the tests themselves),
# dbus and python3-dbusmock (BlueZ on a private bus, with GATT objects, in the Bluetooth tests),
# socat (pty pairs standing for serial cables in the serial tests).
packages=(tzdata mosquitto dbus python3-dbusmock socat)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "test.sh: missing Debian packages: ${missing[*]} (run as root, or: sudo apt-get install -y ${missing[*]})" >&2
    exit 1
  fi
  echo "test.sh: installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test EdgeGateway.sln -c Release 2>&1 | tee "$log" || status=$?

# One plain summary line over all test projects.
awk '/^(Passed|Failed)!/ {
       for (i = 1; i <= NF; i++) {
         if ($i == "Failed:")  failed  += $(i + 1)
         if ($i == "Passed:")  passed  += $(i + 1)
         if ($i == "Skipped:") skipped += $(i + 1)
       }
     }
     END { gsub(",", "", passed); printf "%d passed, %d failed, %d skipped\n", passed, failed, skipped }' "$log"
exit "$status"
