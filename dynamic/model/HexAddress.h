//===- HexAddress.h - How run-time findings print an object's address ----===//
#ifndef INTERLOCK_DYNAMIC_MODEL_HEXADDRESS_H
#define INTERLOCK_DYNAMIC_MODEL_HEXADDRESS_H

#include "llvm/ADT/StringExtras.h"

#include <cstdint>
#include <string>

namespace interlock {

/// `0x` and lower-case hex digits, no padding: the form every run-time message uses.
inline std::string hexAddress(uint64_t V) { return "0x" + llvm::utohexstr(V, /*LowerCase=*/true); }

} // namespace interlock

#endif
