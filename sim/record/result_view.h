// Reading a result file's cells for reports: the shared helpers of analysis/report.cc and of the
// report sections protocols register (registry::ProtocolSpec::report_cell / report_experiment).
#pragma once

#include <hdf5.h>

#include <map>
#include <string>
#include <vector>

namespace regretlab::record {

// The parameters of a canonical component text "name{k=v,...}" (lists "[..]" kept whole).
std::map<std::string, std::string> CanonicalParams(const std::string& canonical);

// Final values (last checkpoint) of the [R, C] dataset `metric` of `cell`, one per replicate;
// empty when the cell has no such dataset.
std::vector<double> FinalValues(hid_t cell, const std::string& metric);

// A number for a report line: "n/a" for NaN, else `digits` significant digits.
std::string FormatNumber(double value, int digits = 4);

}  // namespace regretlab::record
