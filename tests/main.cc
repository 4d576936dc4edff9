// The one Catch2 test binary. Registration errors (duplicate names, bounds naming unknown
// algorithms) fail the whole run before any test.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>
#include <iostream>

#include "sim/record/hdf5.h"
#include "sim/registry/registry.h"

int main(int argc, char* argv[]) {
  try {
    regretlab::registry::CheckRegistry();
  } catch (const std::exception& error) {
    std::cerr << error.what() << "\n";
    return 3;
  }
  regretlab::record::SilenceHdf5Errors();
  return Catch::Session().run(argc, argv);
}
