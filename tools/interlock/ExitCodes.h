//===- ExitCodes.h - The documented exit statuses of `interlock` ----------===//
//
// Kept distinct so CI can tell "the code has findings" from "the tool failed".
// docs/cli.md documents them; change both together.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_TOOLS_EXITCODES_H
#define INTERLOCK_TOOLS_EXITCODES_H

namespace interlock::exit_code {
inline constexpr int NoFindings = 0;
inline constexpr int Findings = 1;
/// Bad arguments, missing files, an unreadable database, a TU that did not parse, a
/// program that could not be started: something was not analyzed.
inline constexpr int ToolError = 2;
} // namespace interlock::exit_code

#endif
