#include "sim/record/hdf5.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <type_traits>

namespace regretlab::record {

namespace {

[[noreturn]] void Fail(const std::string& what) { throw Hdf5Error("HDF5: " + what); }

Handle StringType() {
  Handle type(H5Tcopy(H5T_C_S1), H5Tclose);
  H5Tset_size(type.id(), H5T_VARIABLE);
  H5Tset_cset(type.id(), H5T_CSET_UTF8);
  return type;
}

void ReplaceAttribute(hid_t object, const std::string& name) {
  if (H5Aexists(object, name.c_str()) > 0) H5Adelete(object, name.c_str());
}

// h5py's boolean: an enum over int8 with members FALSE = 0 and TRUE = 1.
Handle BoolType() {
  Handle type(H5Tenum_create(H5T_NATIVE_INT8), H5Tclose);
  int8_t value = 0;
  H5Tenum_insert(type.id(), "FALSE", &value);
  value = 1;
  H5Tenum_insert(type.id(), "TRUE", &value);
  return type;
}

// A scalar read hands H5Aread room for one value: an attribute of a damaged or foreign file that
// holds several (an array where the schema has a scalar) would be written past it (found by
// fuzz/result_file_fuzzer.cc). Fails unless the attribute holds exactly one value.
void RequireOneValue(hid_t attribute, const std::string& name) {
  Handle space(H5Aget_space(attribute), H5Sclose);
  const hssize_t count = space.valid() ? H5Sget_simple_extent_npoints(space.id()) : -1;
  if (count != 1) {
    Fail("attribute " + name + " holds " + std::to_string(count) + " values, not one");
  }
}

// The number of values a whole-dataset (or list attribute) read allocates room for. A file states
// its datasets' shapes itself: a damaged one claimed shapes of ~10^18 values, and the readers
// allocated (or their product wrapped around) before HDF5 could refuse the read (found by
// fuzz/result_file_fuzzer.cc). 2^27 values (1 GiB of doubles) is far above any result a run can
// hold in memory.
constexpr hsize_t kMaxReadValues = hsize_t{1} << 27;

size_t ValueCount(hid_t space, const std::string& name, std::vector<hsize_t>* shape = nullptr) {
  // A null dataspace (how an empty list is written) holds no value, though its rank is 0 like a
  // scalar's.
  if (H5Sget_simple_extent_type(space) == H5S_NULL) {
    if (shape) shape->clear();
    return 0;
  }
  const int rank = H5Sget_simple_extent_ndims(space);
  if (rank < 0) Fail("cannot read the shape of " + name);
  std::vector<hsize_t> dims(static_cast<size_t>(rank));
  if (rank > 0 && H5Sget_simple_extent_dims(space, dims.data(), nullptr) < 0) {
    Fail("cannot read the shape of " + name);
  }
  hsize_t count = 1;
  for (hsize_t d : dims) {
    if (d != 0 && count > kMaxReadValues / d) {
      Fail(name + " claims more than " + std::to_string(kMaxReadValues) + " values");
    }
    count *= d;
  }
  if (shape) *shape = dims;
  return static_cast<size_t>(count);
}

bool IsBoolType(hid_t type) {
  if (H5Tget_class(type) != H5T_ENUM || H5Tget_nmembers(type) != 2) return false;
  char* first = H5Tget_member_name(type, 0);
  const bool is_bool = first != nullptr && std::string(first) == "FALSE";
  H5free_memory(first);
  return is_bool;
}

}  // namespace

void SilenceHdf5Errors() { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); }

Handle CreateFile(const std::string& path) {
  hid_t file = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  if (file < 0) Fail("cannot create " + path);
  return Handle(file, H5Fclose);
}

Handle CreateMemoryFile(const std::string& name) {
  Handle access(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
  // Grow by 1 MiB at a time; backing_store = 0: nothing is written to `name`.
  if (!access.valid() || H5Pset_fapl_core(access.id(), size_t{1} << 20, 0) < 0) {
    Fail("cannot set up an in-memory file for " + name);
  }
  hid_t file = H5Fcreate(name.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, access.id());
  if (file < 0) Fail("cannot create the in-memory file " + name);
  return Handle(file, H5Fclose);
}

std::vector<char> FileImage(hid_t file) {
  if (H5Fflush(file, H5F_SCOPE_GLOBAL) < 0) Fail("cannot flush an in-memory file");
  const ssize_t size = H5Fget_file_image(file, nullptr, 0);
  if (size < 0) Fail("cannot size an in-memory file's image");
  std::vector<char> image(static_cast<size_t>(size));
  if (H5Fget_file_image(file, image.data(), image.size()) != size) {
    Fail("cannot copy an in-memory file's image");
  }
  return image;
}

std::optional<Handle> TryOpenFile(const std::string& path) {
  if (H5Fis_hdf5(path.c_str()) <= 0) return std::nullopt;
  hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (file < 0) return std::nullopt;
  return Handle(file, H5Fclose);
}

Handle OpenGroup(hid_t parent, const std::string& path) {
  hid_t group = H5Gopen2(parent, path.c_str(), H5P_DEFAULT);
  if (group < 0) Fail("no group " + path);
  return Handle(group, H5Gclose);
}

Handle CreateGroup(hid_t parent, const std::string& path) {
  Handle properties(H5Pcreate(H5P_LINK_CREATE), H5Pclose);
  H5Pset_create_intermediate_group(properties.id(), 1);
  hid_t group = H5Gcreate2(parent, path.c_str(), properties.id(), H5P_DEFAULT, H5P_DEFAULT);
  if (group < 0) Fail("cannot create group " + path);
  return Handle(group, H5Gclose);
}

bool Exists(hid_t parent, const std::string& path) {
  size_t position = 0;
  while (true) {
    const size_t slash = path.find('/', position + 1);
    const std::string prefix = path.substr(0, slash);
    if (!prefix.empty() && prefix != "/" && H5Lexists(parent, prefix.c_str(), H5P_DEFAULT) <= 0) {
      return false;
    }
    if (slash == std::string::npos) return true;
    position = slash;
  }
}

bool HasAttribute(hid_t object, const std::string& name) {
  return H5Aexists(object, name.c_str()) > 0;
}

std::vector<std::string> ChildNames(hid_t group) {
  std::vector<std::string> names;
  H5Literate(
      group, H5_INDEX_NAME, H5_ITER_INC, nullptr,
      [](hid_t, const char* name, const H5L_info_t*, void* data) -> herr_t {
        static_cast<std::vector<std::string>*>(data)->emplace_back(name);
        return 0;
      },
      &names);
  std::sort(names.begin(), names.end());
  return names;
}

void WriteAttribute(hid_t object, const std::string& name, const char* value) {
  WriteAttribute(object, name, std::string(value));
}

void WriteAttribute(hid_t object, const std::string& name, const std::string& value) {
  ReplaceAttribute(object, name);
  Handle type = StringType();
  Handle space(H5Screate(H5S_SCALAR), H5Sclose);
  Handle attribute(
      H5Acreate2(object, name.c_str(), type.id(), space.id(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
  if (!attribute.valid()) Fail("cannot create attribute " + name);
  const char* text = value.c_str();
  if (H5Awrite(attribute.id(), type.id(), &text) < 0) Fail("cannot write attribute " + name);
}

void WriteAttribute(hid_t object, const std::string& name, int64_t value) {
  ReplaceAttribute(object, name);
  Handle space(H5Screate(H5S_SCALAR), H5Sclose);
  Handle attribute(
      H5Acreate2(object, name.c_str(), H5T_STD_I64LE, space.id(), H5P_DEFAULT, H5P_DEFAULT),
      H5Aclose);
  if (!attribute.valid() || H5Awrite(attribute.id(), H5T_NATIVE_INT64, &value) < 0) {
    Fail("cannot write attribute " + name);
  }
}

void WriteAttribute(hid_t object, const std::string& name, double value) {
  ReplaceAttribute(object, name);
  Handle space(H5Screate(H5S_SCALAR), H5Sclose);
  Handle attribute(
      H5Acreate2(object, name.c_str(), H5T_IEEE_F64LE, space.id(), H5P_DEFAULT, H5P_DEFAULT),
      H5Aclose);
  if (!attribute.valid() || H5Awrite(attribute.id(), H5T_NATIVE_DOUBLE, &value) < 0) {
    Fail("cannot write attribute " + name);
  }
}

void WriteBoolAttribute(hid_t object, const std::string& name, bool value) {
  ReplaceAttribute(object, name);
  Handle type = BoolType();
  Handle space(H5Screate(H5S_SCALAR), H5Sclose);
  Handle attribute(
      H5Acreate2(object, name.c_str(), type.id(), space.id(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
  const int8_t stored = value ? 1 : 0;
  if (!attribute.valid() || H5Awrite(attribute.id(), type.id(), &stored) < 0) {
    Fail("cannot write attribute " + name);
  }
}

void WriteAttribute(hid_t object, const std::string& name, const std::vector<double>& value) {
  ReplaceAttribute(object, name);
  const hsize_t dims[1] = {value.size()};
  Handle space(value.empty() ? H5Screate(H5S_NULL) : H5Screate_simple(1, dims, nullptr), H5Sclose);
  Handle attribute(
      H5Acreate2(object, name.c_str(), H5T_IEEE_F64LE, space.id(), H5P_DEFAULT, H5P_DEFAULT),
      H5Aclose);
  if (!attribute.valid() ||
      (!value.empty() && H5Awrite(attribute.id(), H5T_NATIVE_DOUBLE, value.data()) < 0)) {
    Fail("cannot write attribute " + name);
  }
}

void WriteParamAttributes(hid_t object, const core::Params& params) {
  // Not a structured binding: clang 14 (the fuzz preset) cannot capture one in a lambda.
  for (const auto& entry : params.values()) {
    const std::string& name = entry.first;
    const auto& value = entry.second;
    std::visit(
        [&](const auto& v) {
          if constexpr (std::is_same_v<std::decay_t<decltype(v)>, bool>) {
            WriteBoolAttribute(object, name, v);
          } else {
            WriteAttribute(object, name, v);
          }
        },
        value);
  }
}

namespace {

herr_t CollectAttributeName(hid_t, const char* name, const H5A_info_t*, void* names) {
  static_cast<std::vector<std::string>*>(names)->push_back(name);
  return 0;
}

}  // namespace

core::Params ReadParamAttributes(hid_t object) {
  std::vector<std::string> names;
  hsize_t index = 0;
  H5Aiterate2(object, H5_INDEX_NAME, H5_ITER_INC, &index, CollectAttributeName, &names);
  core::Params params;
  for (const std::string& name : names) {
    Handle attribute(H5Aopen(object, name.c_str(), H5P_DEFAULT), H5Aclose);
    Handle type(H5Aget_type(attribute.id()), H5Tclose);
    Handle space(H5Aget_space(attribute.id()), H5Sclose);
    const H5T_class_t type_class = H5Tget_class(type.id());
    if (IsBoolType(type.id())) {
      RequireOneValue(attribute.id(), name);
      int8_t stored = 0;
      Handle bool_type = BoolType();
      if (H5Aread(attribute.id(), bool_type.id(), &stored) < 0) Fail("cannot read " + name);
      params.Set(name, stored != 0);
    } else if (type_class == H5T_STRING) {
      params.Set(name, ReadStringAttribute(object, name));
    } else if (type_class == H5T_INTEGER) {
      params.Set(name, ReadIntAttribute(object, name));
    } else if (type_class == H5T_FLOAT && H5Sget_simple_extent_type(space.id()) == H5S_SCALAR) {
      params.Set(name, ReadDoubleAttribute(object, name));
    } else if (type_class == H5T_FLOAT) {
      std::vector<double> list(ValueCount(space.id(), name));
      if (!list.empty() && H5Aread(attribute.id(), H5T_NATIVE_DOUBLE, list.data()) < 0) {
        Fail("cannot read " + name);
      }
      params.Set(name, std::move(list));
    } else {
      Fail("attribute " + name + " is not a parameter type");
    }
  }
  return params;
}

std::string ReadStringAttribute(hid_t object, const std::string& name) {
  Handle attribute(H5Aopen(object, name.c_str(), H5P_DEFAULT), H5Aclose);
  if (!attribute.valid()) Fail("missing attribute " + name);
  Handle file_type(H5Aget_type(attribute.id()), H5Tclose);
  if (H5Tget_class(file_type.id()) != H5T_STRING) Fail("attribute " + name + " is not a string");
  RequireOneValue(attribute.id(), name);
  if (H5Tis_variable_str(file_type.id()) > 0) {
    Handle type = StringType();
    char* text = nullptr;
    if (H5Aread(attribute.id(), type.id(), &text) < 0) Fail("cannot read attribute " + name);
    std::string value = text ? text : "";
    Handle space(H5Aget_space(attribute.id()), H5Sclose);
    H5Dvlen_reclaim(type.id(), space.id(), H5P_DEFAULT, &text);
    return value;
  }
  const size_t size = H5Tget_size(file_type.id());
  std::string value(size, '\0');
  Handle type(H5Tcopy(H5T_C_S1), H5Tclose);
  H5Tset_size(type.id(), size);
  if (H5Aread(attribute.id(), type.id(), value.data()) < 0) Fail("cannot read attribute " + name);
  value.resize(value.find('\0') == std::string::npos ? size : value.find('\0'));
  return value;
}

int64_t ReadIntAttribute(hid_t object, const std::string& name) {
  Handle attribute(H5Aopen(object, name.c_str(), H5P_DEFAULT), H5Aclose);
  if (!attribute.valid()) Fail("missing attribute " + name);
  RequireOneValue(attribute.id(), name);
  int64_t value = 0;
  if (H5Aread(attribute.id(), H5T_NATIVE_INT64, &value) < 0) {
    Fail("cannot read integer attribute " + name);
  }
  return value;
}

double ReadDoubleAttribute(hid_t object, const std::string& name) {
  Handle attribute(H5Aopen(object, name.c_str(), H5P_DEFAULT), H5Aclose);
  if (!attribute.valid()) Fail("missing attribute " + name);
  RequireOneValue(attribute.id(), name);
  double value = 0;
  if (H5Aread(attribute.id(), H5T_NATIVE_DOUBLE, &value) < 0) {
    Fail("cannot read real attribute " + name);
  }
  return value;
}

void WriteMatrix(hid_t parent, const std::string& name, const std::vector<double>& data,
                 int64_t rows, int64_t cols) {
  if (static_cast<int64_t>(data.size()) != rows * cols) Fail("matrix size mismatch for " + name);
  const hsize_t dims[2] = {static_cast<hsize_t>(rows), static_cast<hsize_t>(cols)};
  Handle space(H5Screate_simple(2, dims, nullptr), H5Sclose);
  Handle properties(H5Pcreate(H5P_DATASET_CREATE), H5Pclose);
  if (rows > 0 && cols > 0) {
    // Chunks of whole rows (replicates), so a replicate block reads and writes contiguously.
    const hsize_t chunk[2] = {static_cast<hsize_t>(std::min<int64_t>(rows, 64)),
                              static_cast<hsize_t>(cols)};
    H5Pset_chunk(properties.id(), 2, chunk);
    H5Pset_deflate(properties.id(), 4);
  }
  Handle dataset(H5Dcreate2(parent, name.c_str(), H5T_IEEE_F64LE, space.id(), H5P_DEFAULT,
                            properties.id(), H5P_DEFAULT),
                 H5Dclose);
  if (!dataset.valid()) Fail("cannot create dataset " + name);
  if (!data.empty() &&
      H5Dwrite(dataset.id(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data()) < 0) {
    Fail("cannot write dataset " + name);
  }
}

void WriteVector(hid_t parent, const std::string& name, const std::vector<double>& data) {
  const hsize_t dims[1] = {data.size()};
  Handle space(H5Screate_simple(1, dims, nullptr), H5Sclose);
  Handle dataset(H5Dcreate2(parent, name.c_str(), H5T_IEEE_F64LE, space.id(), H5P_DEFAULT,
                            H5P_DEFAULT, H5P_DEFAULT),
                 H5Dclose);
  if (!dataset.valid()) Fail("cannot create dataset " + name);
  if (!data.empty() &&
      H5Dwrite(dataset.id(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data()) < 0) {
    Fail("cannot write dataset " + name);
  }
}

void WriteIntVector(hid_t parent, const std::string& name, const std::vector<int64_t>& data) {
  const hsize_t dims[1] = {data.size()};
  Handle space(H5Screate_simple(1, dims, nullptr), H5Sclose);
  Handle dataset(H5Dcreate2(parent, name.c_str(), H5T_STD_I64LE, space.id(), H5P_DEFAULT,
                            H5P_DEFAULT, H5P_DEFAULT),
                 H5Dclose);
  if (!dataset.valid()) Fail("cannot create dataset " + name);
  if (!data.empty() &&
      H5Dwrite(dataset.id(), H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data()) < 0) {
    Fail("cannot write dataset " + name);
  }
}

std::vector<double> ReadDoubles(hid_t parent, const std::string& name, std::vector<int64_t>* dims) {
  Handle dataset(H5Dopen2(parent, name.c_str(), H5P_DEFAULT), H5Dclose);
  if (!dataset.valid()) Fail("missing dataset " + name);
  Handle space(H5Dget_space(dataset.id()), H5Sclose);
  std::vector<hsize_t> shape;
  const size_t count = ValueCount(space.id(), name, &shape);
  if (dims) dims->assign(shape.begin(), shape.end());
  std::vector<double> data(count);
  if (count > 0 &&
      H5Dread(dataset.id(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data()) < 0) {
    Fail("cannot read dataset " + name);
  }
  return data;
}

std::vector<int64_t> ReadInts(hid_t parent, const std::string& name) {
  Handle dataset(H5Dopen2(parent, name.c_str(), H5P_DEFAULT), H5Dclose);
  if (!dataset.valid()) Fail("missing dataset " + name);
  Handle space(H5Dget_space(dataset.id()), H5Sclose);
  std::vector<int64_t> data(ValueCount(space.id(), name));
  if (!data.empty() &&
      H5Dread(dataset.id(), H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data()) < 0) {
    Fail("cannot read dataset " + name);
  }
  return data;
}

void WriteStringVector(hid_t parent, const std::string& name,
                       const std::vector<std::string>& data) {
  const hsize_t dims[1] = {data.size()};
  Handle space(H5Screate_simple(1, dims, nullptr), H5Sclose);
  Handle type = StringType();
  Handle dataset(H5Dcreate2(parent, name.c_str(), type.id(), space.id(), H5P_DEFAULT, H5P_DEFAULT,
                            H5P_DEFAULT),
                 H5Dclose);
  if (!dataset.valid()) Fail("cannot create dataset " + name);
  std::vector<const char*> pointers;
  for (const std::string& text : data) pointers.push_back(text.c_str());
  if (!data.empty() &&
      H5Dwrite(dataset.id(), type.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()) < 0) {
    Fail("cannot write dataset " + name);
  }
}

std::vector<std::string> ReadStrings(hid_t parent, const std::string& name) {
  Handle dataset(H5Dopen2(parent, name.c_str(), H5P_DEFAULT), H5Dclose);
  if (!dataset.valid()) Fail("missing dataset " + name);
  Handle space(H5Dget_space(dataset.id()), H5Sclose);
  std::vector<char*> pointers(ValueCount(space.id(), name), nullptr);
  Handle type = StringType();
  if (!pointers.empty() &&
      H5Dread(dataset.id(), type.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()) < 0) {
    Fail("cannot read dataset " + name);
  }
  std::vector<std::string> out;
  for (char* text : pointers) out.emplace_back(text ? text : "");
  if (!pointers.empty()) {
    H5Dvlen_reclaim(type.id(), space.id(), H5P_DEFAULT, pointers.data());
  }
  return out;
}

void WriteTable(hid_t parent, const std::string& name, const std::vector<TableColumn>& columns) {
  // Each row is laid out in memory as the file stores it: int64, float64, int8 (bool) or a
  // char* (variable-length string), packed in column order.
  size_t row_size = 0;
  std::vector<size_t> offsets;
  for (const TableColumn& column : columns) {
    offsets.push_back(row_size);
    row_size += std::visit(
        [](const auto& values) -> size_t {
          using T = typename std::decay_t<decltype(values)>::value_type;
          if constexpr (std::is_same_v<T, bool>) return sizeof(int8_t);
          if constexpr (std::is_same_v<T, std::string>) return sizeof(char*);
          return sizeof(T);
        },
        column.values);
  }
  const size_t rows =
      columns.empty() ? 0
                      : std::visit([](const auto& v) { return v.size(); }, columns.front().values);
  Handle type(H5Tcreate(H5T_COMPOUND, std::max<size_t>(row_size, 1)), H5Tclose);
  Handle string_type = StringType();
  Handle bool_type = BoolType();
  std::vector<unsigned char> buffer(rows * row_size);
  for (size_t c = 0; c < columns.size(); ++c) {
    const TableColumn& column = columns[c];
    std::visit(
        [&](const auto& values) {
          using T = typename std::decay_t<decltype(values)>::value_type;
          if (values.size() != rows) Fail("table " + name + ": column " + column.name + " length");
          hid_t member_type = H5T_NATIVE_INT64;
          if constexpr (std::is_same_v<T, double>) member_type = H5T_NATIVE_DOUBLE;
          if constexpr (std::is_same_v<T, bool>) member_type = bool_type.id();
          if constexpr (std::is_same_v<T, std::string>) member_type = string_type.id();
          H5Tinsert(type.id(), column.name.c_str(), offsets[c], member_type);
          for (size_t r = 0; r < rows; ++r) {
            unsigned char* cell = buffer.data() + r * row_size + offsets[c];
            if constexpr (std::is_same_v<T, bool>) {
              const int8_t stored = values[r] ? 1 : 0;
              std::memcpy(cell, &stored, sizeof stored);
            } else if constexpr (std::is_same_v<T, std::string>) {
              const char* text = values[r].c_str();
              std::memcpy(cell, &text, sizeof text);
            } else {
              const T value = values[r];
              std::memcpy(cell, &value, sizeof value);
            }
          }
        },
        column.values);
  }
  const hsize_t dims[1] = {rows};
  Handle space(H5Screate_simple(1, dims, nullptr), H5Sclose);
  Handle dataset(H5Dcreate2(parent, name.c_str(), type.id(), space.id(), H5P_DEFAULT, H5P_DEFAULT,
                            H5P_DEFAULT),
                 H5Dclose);
  if (!dataset.valid()) Fail("cannot create dataset " + name);
  if (rows > 0 &&
      H5Dwrite(dataset.id(), type.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data()) < 0) {
    Fail("cannot write dataset " + name);
  }
}

}  // namespace regretlab::record
