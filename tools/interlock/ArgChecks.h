//===- ArgChecks.h - Strict validators for numeric and enumerated options --===//
//
// CLI11's own conversions are lenient: `strtoull` takes "-1" as 2^64-1, saturates
// "18446744073709551616" to 2^64-1 and reads "010" as octal 8; `strtold` takes "nan".
// These validators run on the option's text before conversion and reject all of that
// with a message naming the option (CLI11 prefixes it), so a bad value is a usage error
// (exit 2) before any work starts. docs/cli.md lists the ranges.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_TOOLS_ARGCHECKS_H
#define INTERLOCK_TOOLS_ARGCHECKS_H

#include <CLI/CLI.hpp>

#include <cstdint>
#include <initializer_list>
#include <string>

namespace interlock::args {

/// A whole decimal number from Min to Max (digits only; leading zeros are dropped).
CLI::Validator wholeNumber(uint64_t Min, uint64_t Max);
/// A finite decimal number of seconds from 0 to Max.
CLI::Validator seconds(double Max);
/// A size in bytes from Min to Max: digits with an optional binary suffix K, M, G or T
/// (KiB, MiB, ...; "KiB", "KB" and "k" are the same), e.g. 512M, 2G. The value becomes
/// the number of bytes.
CLI::Validator byteSize(uint64_t Min, uint64_t Max);
/// One of the given words.
CLI::Validator oneOf(std::initializer_list<const char *> Words);
/// A check id from the catalog (report/CheckCatalog.h), or "any".
CLI::Validator checkIdOrAny();

/// Longest time limit accepted (about 11.6 days): beyond, clocks overflow.
inline constexpr double MaxSeconds = 1e6;

} // namespace interlock::args

#endif
