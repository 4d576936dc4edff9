#!/usr/bin/env bash
# Installs the Debian 12 packages regretlab needs, if any is missing (as root; apt only).
# Every dependency is a Debian package: nothing is downloaded from elsewhere.
set -euo pipefail
packages=(
  cmake g++ make git clang-format
  libhdf5-dev hdf5-tools libtbb-dev librandom123-dev libfmt-dev catch2 libtomlplusplus-dev
  libcli11-dev libeigen3-dev libboost-dev
  python3-h5py python3-matplotlib python3-numpy python3-pandas python3-pytest
  pybind11-dev python3-dev python3-tqdm
  chromium fonts-dejavu-core
  openmpi-bin libopenmpi-dev
  clang libclang-rt-14-dev  # the fuzz targets (tools/fuzz.sh): clang++ and libFuzzer's runtime
  slurm-wlm slurmctld slurmd slurm-client munge libpmix-dev
  dpkg-dev  # dpkg-source: the TSan stage builds libtbb from Debian's source (tools/sanitizers)
)
# The Python analysis package (analysis/python/regretlab) importable by Debian's python3: a .pth
# file naming this checkout (what `pip install -e` would do; PyPI is not used).
install_python_package() {
  local site
  site=$(/usr/bin/python3 -c 'import site; print(site.getsitepackages()[0])' 2>/dev/null) || return 0
  local root
  root=$(cd "$(dirname "$0")/.." && pwd)
  if [ "$(id -u)" = 0 ]; then
    mkdir -p "$site" && echo "$root/analysis/python" > "$site/regretlab.pth"
  elif ! /usr/bin/python3 -c 'import regretlab' 2>/dev/null; then
    echo "install_deps: to import regretlab in Python: export PYTHONPATH=$root/analysis/python" >&2
  fi
}
trap install_python_package EXIT
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
# Package scripts must not start services (munge, slurmctld, slurmd): the cluster tests start and
# stop their own. Add a refusing policy-rc.d only if the machine has none, and remove it after.
made_policy=0
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
  chmod +x /usr/sbin/policy-rc.d
  made_policy=1
fi
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
if [ "$made_policy" = 1 ]; then rm -f /usr/sbin/policy-rc.d; fi
