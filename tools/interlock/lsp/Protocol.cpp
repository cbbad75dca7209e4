//===- Protocol.cpp - Findings and NOLINT edits in LSP's terms ------------===//
#include "lsp/Protocol.h"

#include "report/CheckCatalog.h"
#include "report/Nolint.h"

#include "llvm/ADT/StringExtras.h"

namespace interlock::lsp {

std::optional<std::string> pathFromUri(llvm::StringRef Uri) {
  if (!Uri.consume_front("file://"))
    return std::nullopt;
  std::string Path;
  for (size_t I = 0; I < Uri.size(); ++I) {
    unsigned Byte;
    if (Uri[I] == '%' && I + 2 < Uri.size() && !Uri.substr(I + 1, 2).getAsInteger(16, Byte)) {
      Path += static_cast<char>(Byte);
      I += 2;
    } else {
      Path += Uri[I];
    }
  }
  return Path;
}

std::string uriFromPath(llvm::StringRef Path) {
  std::string Uri = "file://";
  for (char C : Path) {
    if (llvm::isAlnum(C) || llvm::StringRef("/-._~").contains(C))
      Uri += C;
    else
      Uri += "%" + llvm::utohexstr(static_cast<unsigned char>(C), /*LowerCase=*/false, 2);
  }
  return Uri;
}

unsigned utf16Length(llvm::StringRef Line, size_t ByteColumn) {
  unsigned Units = 0;
  for (size_t I = 0; I < std::min(ByteColumn, Line.size());) {
    unsigned char C = Line[I];
    // UTF-8 lead bytes: 1-3 byte sequences are one UTF-16 unit, 4-byte ones two.
    size_t Len = C < 0x80 ? 1 : C >= 0xF0 ? 4 : C >= 0xE0 ? 3 : C >= 0xC0 ? 2 : 1;
    Units += Len == 4 ? 2 : 1;
    I += Len;
  }
  return Units;
}

llvm::StringRef lineOf(llvm::StringRef Text, unsigned N) {
  for (unsigned I = 0; I < N; ++I) {
    size_t Nl = Text.find('\n');
    if (Nl == llvm::StringRef::npos)
      return "";
    Text = Text.drop_front(Nl + 1);
  }
  return Text.take_until([](char C) { return C == '\n'; }).rtrim('\r');
}

namespace {
llvm::json::Object position(unsigned Line, unsigned Character) {
  return llvm::json::Object{{"line", Line}, {"character", Character}};
}
} // namespace

llvm::json::Object rangeAt(const SourceLoc &Loc, const TextOf &Text) {
  unsigned Line = Loc.Line ? Loc.Line - 1 : 0;
  size_t Col = Loc.Column ? Loc.Column - 1 : 0;
  llvm::StringRef L = lineOf(Text(Loc.File), Line);
  size_t End = Col;
  while (End < L.size() && (llvm::isAlnum(L[End]) || L[End] == '_'))
    ++End;
  if (End == Col && Col < L.size())
    ++End;
  return llvm::json::Object{{"start", position(Line, utf16Length(L, Col))},
                            {"end", position(Line, utf16Length(L, End))}};
}

llvm::json::Object toDiagnostic(const Finding &F, const TextOf &Text) {
  llvm::json::Array Related;
  for (const RelatedLocation &R : F.Related) {
    if (!R.Loc.valid())
      continue;
    Related.push_back(llvm::json::Object{
        {"location",
         llvm::json::Object{{"uri", uriFromPath(R.Loc.File)}, {"range", rangeAt(R.Loc, Text)}}},
        {"message", R.Message}});
  }
  llvm::json::Object D{{"range", rangeAt(F.Primary, Text)},
                       {"severity", F.Level == Severity::Error ? 1 : 2},
                       {"code", F.CheckId},
                       {"source", "interlock"},
                       {"message", F.Message},
                       {"relatedInformation", std::move(Related)},
                       {"data", llvm::json::Object{{"fingerprint", F.Fingerprint}}}};
  if (const CheckInfo *Info = findCheck(F.CheckId))
    D["codeDescription"] =
        llvm::json::Object{{"href", std::string(INTERLOCK_DOCS_URL) + Info->DocPage.str()}};
  return D;
}

std::optional<LineEdit> nolintEdit(llvm::StringRef Line, llvm::StringRef Check) {
  if (isSuppressed(Line, "", Check))
    return std::nullopt;
  // An existing `NOLINT(other-check)`: add this check to its list.
  for (size_t Pos = Line.find("NOLINT("); Pos != llvm::StringRef::npos;
       Pos = Line.find("NOLINT(", Pos + 1)) {
    size_t Close = Line.find(')', Pos);
    if (Close != llvm::StringRef::npos)
      return LineEdit{utf16Length(Line, Close), ("," + Check).str()};
  }
  return LineEdit{utf16Length(Line, Line.size()), (" // NOLINT(" + Check + ")").str()};
}

} // namespace interlock::lsp
