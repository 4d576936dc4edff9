#!/usr/bin/env bash
# Installs the Debian 12 packages regretlab needs, if any is missing (as root; apt only).
# Every dependency is a Debian package: nothing is downloaded from elsewhere.
set -euo pipefail
packages=(
  cmake g++ make git
  libhdf5-dev hdf5-tools libtbb-dev librandom123-dev libfmt-dev catch2 libtomlplusplus-dev
  libcli11-dev libeigen3-dev libboost-dev
  python3-h5py python3-matplotlib python3-numpy
)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' ||
    missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install_deps: all ${#packages[@]} packages present"
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "install_deps: missing packages: ${missing[*]}; run as root (or: sudo apt-get install ${missing[*]})" >&2
  exit 1
fi
echo "install_deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
