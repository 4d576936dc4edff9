// Thin RAII layer over the HDF5 C API (1.10): handles that close themselves, and the few
// typed reads and writes the recorder, the merger and the report need. Strings are written as
// variable-length UTF-8 so h5py reads them as str and h5dump prints them.
#pragma once

#include <hdf5.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include "sim/core/params.h"

namespace regretlab::record {

// What this layer throws when the library refuses an operation: a missing group, dataset or
// attribute, a read or write that fails. Its own type so that a caller (and the fuzz targets, which
// accept it as the clear answer to a damaged file) tells it from a bug's exception.
class Hdf5Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Handle {
 public:
  using Closer = herr_t (*)(hid_t);
  Handle() = default;
  Handle(hid_t id, Closer closer) : id_(id), closer_(closer) {}
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  Handle(Handle&& other) noexcept : id_(other.id_), closer_(other.closer_) { other.id_ = -1; }
  Handle& operator=(Handle&& other) noexcept {
    if (this != &other) {
      Close();
      id_ = other.id_;
      closer_ = other.closer_;
      other.id_ = -1;
    }
    return *this;
  }
  ~Handle() { Close(); }
  void Close() {
    if (id_ >= 0 && closer_) closer_(id_);
    id_ = -1;
  }
  hid_t id() const { return id_; }
  bool valid() const { return id_ >= 0; }

 private:
  hid_t id_ = -1;
  Closer closer_ = nullptr;
};

// Silences the HDF5 library's own error printing: we report errors ourselves.
void SilenceHdf5Errors();

Handle CreateFile(const std::string& path);  // truncates; throws Hdf5Error
// A file that lives in memory only (HDF5's core driver, no backing store): written with the usual
// calls, then taken out whole by FileImage() and put on disk by the caller, so that a full or
// read-only disk is met by plain POSIX writes with their errno, never inside HDF5.
Handle CreateMemoryFile(const std::string& name);
std::vector<char> FileImage(hid_t file);  // flushes first
// Opens read-only; nullopt if the file is missing, truncated or not HDF5.
std::optional<Handle> TryOpenFile(const std::string& path);
Handle OpenGroup(hid_t parent, const std::string& path);    // throws if missing
Handle CreateGroup(hid_t parent, const std::string& path);  // creates intermediate groups
bool Exists(hid_t parent, const std::string& path);         // every link along the path
bool HasAttribute(hid_t object, const std::string& name);
std::vector<std::string> ChildNames(hid_t group);  // sorted by name

void WriteAttribute(hid_t object, const std::string& name, const std::string& value);
void WriteAttribute(hid_t object, const std::string& name, const char* value);
void WriteAttribute(hid_t object, const std::string& name, int64_t value);
void WriteAttribute(hid_t object, const std::string& name, double value);
// A boolean as HDF5's enum {FALSE = 0, TRUE = 1} over int8 (what h5py reads as numpy.bool_).
void WriteBoolAttribute(hid_t object, const std::string& name, bool value);
void WriteAttribute(hid_t object, const std::string& name, const std::vector<double>& value);
// One attribute per parameter with its own type: integers int64, reals float64, booleans the
// enum above, strings UTF-8, real lists float64[n] (schema v2: /cells/<id>/parameters/*).
void WriteParamAttributes(hid_t object, const core::Params& params);
// The inverse: every attribute of `object` read back as a parameter value.
core::Params ReadParamAttributes(hid_t object);
std::string ReadStringAttribute(hid_t object, const std::string& name);
int64_t ReadIntAttribute(hid_t object, const std::string& name);
double ReadDoubleAttribute(hid_t object, const std::string& name);

// float64[rows, cols], chunked by blocks of rows and deflated; or float64[n] / int64[n].
void WriteMatrix(hid_t parent, const std::string& name, const std::vector<double>& data,
                 int64_t rows, int64_t cols);
void WriteVector(hid_t parent, const std::string& name, const std::vector<double>& data);
void WriteIntVector(hid_t parent, const std::string& name, const std::vector<int64_t>& data);
// Reads a whole float64 dataset (any rank) in row-major order; dims receives its shape.
std::vector<double> ReadDoubles(hid_t parent, const std::string& name,
                                std::vector<int64_t>* dims = nullptr);
std::vector<int64_t> ReadInts(hid_t parent, const std::string& name);
void WriteStringVector(hid_t parent, const std::string& name, const std::vector<std::string>& data);
std::vector<std::string> ReadStrings(hid_t parent, const std::string& name);

// A 1-D compound dataset written column by column: what h5py reads as a structured array and
// pandas.DataFrame takes whole. A column holds int64, float64, bool (the enum above) or UTF-8
// strings; every column has one value per row.
struct TableColumn {
  std::string name;
  std::variant<std::vector<int64_t>, std::vector<double>, std::vector<bool>,
               std::vector<std::string>>
      values;
};
void WriteTable(hid_t parent, const std::string& name, const std::vector<TableColumn>& columns);

}  // namespace regretlab::record
