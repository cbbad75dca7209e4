//===- SchedLog.cpp - Read the scheduler's run log ------------------------===//
#include "dynamic/model/SchedLog.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/MemoryBuffer.h"

namespace interlock::stress {

SchedLog parseSchedLog(llvm::StringRef Text) {
  SchedLog L;
  llvm::SmallVector<llvm::StringRef, 16> Lines, Fields;
  Text.split(Lines, '\n', -1, false);
  for (llvm::StringRef Line : Lines) {
    Fields.clear();
    Line.split(Fields, ' ', -1, false);
    if (Fields.empty())
      continue;
    llvm::StringRef Tag = Fields[0];
    if (Tag == "#" && Fields.size() > 1 && Fields[1] == "interlock-sched") {
      L.Header = Line.drop_front(std::string("# interlock-sched ").size()).str();
      for (llvm::StringRef F : Fields)
        if (F.consume_front("strategy="))
          L.Strategy = F.str();
        else if (F.consume_front("depth="))
          L.Depth = F.str();
    } else if (Tag == "D" && Fields.size() >= 4) {
      L.Decisions.push_back((Fields[2] + " " + Fields[3]).str());
    } else if (Tag == "A" && Fields.size() >= 2) {
      uint64_t N;
      if (!Fields[1].getAsInteger(10, N))
        L.AccessPoints = N;
    } else if (Tag == "M" && Fields.size() >= 5) {
      SchedLog::Meeting M;
      Fields[2].getAsInteger(10, M.FirstSides);
      Fields[4].getAsInteger(10, M.SecondSides);
      L.Meetings.push_back(M);
    } else if (Tag == "W") {
      L.Watchdog.push_back(Line.drop_front(2).str());
    } else if (Tag == "X" && Fields.size() >= 2) {
      L.DeadlockKind = Fields[1].str();
    } else if (Tag == "B" && Fields.size() >= 7) {
      BlockedRecord B;
      Fields[1].getAsInteger(10, B.Tid);
      B.Wait = Fields[2].str();
      Fields[3].getAsInteger(0, B.Obj);
      Fields[4].getAsInteger(0, B.Mutex);
      uint32_t H;
      if (!Fields[5].getAsInteger(10, H))
        B.Holder = H;
      B.HolderEnded = Fields[6] == "1";
      L.Blocked.push_back(B);
    } else if (Tag == "C") {
      for (size_t I = 1; I < Fields.size(); ++I) {
        uint32_t Tid;
        if (!Fields[I].getAsInteger(10, Tid))
          L.Cycle.push_back(Tid);
      }
    }
  }
  return L;
}

std::string strategyName(const SchedLog &L) {
  if (L.Strategy.empty())
    return "none";
  return L.Strategy + L.Depth;
}

SchedLog readSchedLog(const std::string &Path) {
  auto Buf = llvm::MemoryBuffer::getFile(Path);
  if (!Buf)
    return {};
  return parseSchedLog((*Buf)->getBuffer());
}

} // namespace interlock::stress
