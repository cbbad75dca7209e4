#include "report/Emitters.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/WithColor.h"

namespace interlock {
namespace {

/// Reads each source file once and hands out its lines for the caret display.
class SourceLines {
public:
  std::optional<llvm::StringRef> line(const std::string &File, unsigned Line) {
    auto It = Files.find(File);
    if (It == Files.end()) {
      auto Buffer = llvm::MemoryBuffer::getFile(File, /*IsText=*/true);
      It = Files.try_emplace(File, Buffer ? std::move(*Buffer) : nullptr).first;
    }
    if (!It->second || Line == 0)
      return std::nullopt;
    llvm::StringRef Rest = It->second->getBuffer();
    for (unsigned I = 1; I < Line; ++I) {
      size_t NewLine = Rest.find('\n');
      if (NewLine == llvm::StringRef::npos)
        return std::nullopt;
      Rest = Rest.drop_front(NewLine + 1);
    }
    return Rest.take_until([](char C) { return C == '\n' || C == '\r'; });
  }

private:
  llvm::StringMap<std::unique_ptr<llvm::MemoryBuffer>> Files;
};

void printLocationHeader(llvm::raw_ostream &OS, const SourceLoc &Loc) {
  if (!Loc.valid()) {
    OS << "<unknown>: ";
    return;
  }
  OS << Loc.File << ':' << Loc.Line << ':' << (Loc.Column ? Loc.Column : 1) << ": ";
}

void printSnippet(llvm::raw_ostream &OS, SourceLines &Lines, const SourceLoc &Loc,
                  bool Color) {
  auto Text = Loc.valid() ? Lines.line(Loc.File, Loc.Line) : std::nullopt;
  if (!Text)
    return;
  OS << *Text << '\n';
  unsigned Column = Loc.Column ? Loc.Column : 1;
  std::string Pad;
  for (unsigned I = 1; I < Column && I - 1 < Text->size(); ++I)
    Pad += (*Text)[I - 1] == '\t' ? '\t' : ' ';
  OS << Pad;
  llvm::WithColor(OS, llvm::raw_ostream::GREEN, /*Bold=*/true,
                  /*BG=*/false, Color ? llvm::ColorMode::Enable : llvm::ColorMode::Disable)
      << '^';
  OS << '\n';
}

void printKind(llvm::raw_ostream &OS, llvm::StringRef Kind,
               llvm::raw_ostream::Colors Colour, bool Color) {
  llvm::WithColor(OS, Colour, /*Bold=*/true, /*BG=*/false,
                  Color ? llvm::ColorMode::Enable : llvm::ColorMode::Disable)
      << Kind << ':';
  OS << ' ';
}

} // namespace

void emitText(llvm::raw_ostream &OS, llvm::ArrayRef<Finding> Findings, bool Color) {
  SourceLines Lines;
  for (const Finding &F : Findings) {
    printLocationHeader(OS, F.Primary);
    bool IsError = F.Level == Severity::Error;
    printKind(OS, IsError ? "error" : "warning",
              IsError ? llvm::raw_ostream::RED : llvm::raw_ostream::MAGENTA, Color);
    OS << F.Message << " [" << F.CheckId << "]\n";
    printSnippet(OS, Lines, F.Primary, Color);
    for (const RelatedLocation &R : F.Related) {
      printLocationHeader(OS, R.Loc);
      printKind(OS, "note", llvm::raw_ostream::CYAN, Color);
      OS << R.Message << '\n';
      printSnippet(OS, Lines, R.Loc, Color);
    }
    for (const Stack &S : F.Stacks) {
      OS << "  " << S.Title << ":\n";
      unsigned Index = 0;
      for (const StackFrame &Frame : S.Frames) {
        OS << "    #" << Index++ << ' ' << Frame.Function;
        if (Frame.Loc.valid())
          OS << ' ' << Frame.Loc.File << ':' << Frame.Loc.Line << ':'
             << Frame.Loc.Column;
        OS << '\n';
      }
    }
    if (F.Seed)
      OS << "  seed: " << *F.Seed << '\n';
  }
}

std::optional<OutputFormat> parseOutputFormat(llvm::StringRef Name) {
  if (Name == "text")
    return OutputFormat::Text;
  if (Name == "json")
    return OutputFormat::Json;
  if (Name == "sarif")
    return OutputFormat::Sarif;
  return std::nullopt;
}

void emitFindings(llvm::raw_ostream &OS, OutputFormat Format,
                  llvm::ArrayRef<Finding> Findings, bool Color, const RunStatus *Status) {
  switch (Format) {
  case OutputFormat::Text:
    emitText(OS, Findings, Color);
    return;
  case OutputFormat::Json:
    emitJson(OS, Findings, Status);
    return;
  case OutputFormat::Sarif:
    emitSarif(OS, Findings, INTERLOCK_VERSION_STRING, Status);
    return;
  }
}

} // namespace interlock
