# Every dependency is a Debian 12 package found with find_package / find_path; nothing is vendored.
find_package(TBB REQUIRED)                       # libtbb-dev 2021.8
find_package(HDF5 REQUIRED COMPONENTS C)         # libhdf5-dev 1.10 (serial)
find_package(fmt REQUIRED)                       # libfmt-dev 9
find_package(tomlplusplus REQUIRED)              # libtomlplusplus-dev 3.3
find_package(CLI11 REQUIRED)                     # libcli11-dev
find_package(Boost 1.74 REQUIRED)                # libboost-dev (header-only parts: math)
find_package(Eigen3 3.4 REQUIRED NO_MODULE)      # libeigen3-dev
find_path(RANDOM123_INCLUDE_DIR Random123/philox.h REQUIRED)  # librandom123-dev (headers only)
if(REGRETLAB_BUILD_TESTS)
  find_package(Catch2 2.13 REQUIRED)             # catch2 (v2, catch2/catch.hpp)
endif()

add_library(regretlab_random123 INTERFACE)
target_include_directories(regretlab_random123 SYSTEM INTERFACE ${RANDOM123_INCLUDE_DIR})

add_library(regretlab_hdf5 INTERFACE)
target_include_directories(regretlab_hdf5 SYSTEM INTERFACE ${HDF5_INCLUDE_DIRS})
target_link_libraries(regretlab_hdf5 INTERFACE ${HDF5_C_LIBRARIES})
target_compile_definitions(regretlab_hdf5 INTERFACE ${HDF5_DEFINITIONS})
if(REGRETLAB_WITH_MPI)
  find_package(MPI REQUIRED COMPONENTS C)         # libopenmpi-dev 4.1 (openmpi-bin for mpirun)
endif()
