// A per-process scratch folder for the fuzz targets whose entry points read files (HDF5 and the
// dataset loader take a path, not bytes). One folder per process, so that parallel fuzzer
// processes (or a CI run beside a developer's run) never read each other's inputs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace regretlab::fuzz {

// The folder, created on first use and removed when the process exits normally.
const std::string& ScratchDirectory();

// Writes `data` to ScratchDirectory()/name (replacing it) and returns the path.
std::string WriteScratchFile(const std::string& name, const uint8_t* data, size_t size);

}  // namespace regretlab::fuzz
