//===- ChromeTrace.h - A trace as Chrome Trace Event JSON -----------------===//
//
// One row per thread (named after its creation site), each lock hold as a slice from
// acquisition to release, waits (lock attempts, condition waits, joins) as slices of
// their own, and instant events for creation, notify and detach. Opens in Perfetto
// (ui.perfetto.dev) and chrome://tracing.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_DYNAMIC_REPORT_CHROMETRACE_H
#define INTERLOCK_DYNAMIC_REPORT_CHROMETRACE_H

#include "dynamic/model/TraceReader.h"

#include "llvm/Support/raw_ostream.h"

namespace interlock {

void writeChromeTrace(llvm::raw_ostream &OS, const Trace &T);
/// A readable dump: threads, then each event with time, kind, object, site.
void writeTextTrace(llvm::raw_ostream &OS, const Trace &T);

} // namespace interlock

#endif
