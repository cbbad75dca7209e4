//===- Protocol.h - Findings and NOLINT edits in LSP's terms --------------===//
//
// LSP speaks of documents by `file://` URI and of positions by zero-based line and
// UTF-16 code unit; Interlock's findings use paths and one-based byte columns. These
// are the conversions, and the NOLINT comment the code action inserts.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_TOOLS_LSP_PROTOCOL_H
#define INTERLOCK_TOOLS_LSP_PROTOCOL_H

#include "report/Finding.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/JSON.h"

#include <functional>
#include <optional>
#include <string>

namespace interlock::lsp {

/// `file:///a%20b/c.cc` -> `/a b/c.cc`; nullopt for other schemes.
std::optional<std::string> pathFromUri(llvm::StringRef Uri);
std::string uriFromPath(llvm::StringRef Path);

/// UTF-16 code units in the first ByteColumn bytes of Line.
unsigned utf16Length(llvm::StringRef Line, size_t ByteColumn);

/// The text of line N (zero-based) of Text, without its line ending.
llvm::StringRef lineOf(llvm::StringRef Text, unsigned N);

/// Returns the text of a file (the editor's copy when it is open): for positions.
using TextOf = std::function<llvm::StringRef(const std::string &Path)>;

/// An LSP Range over the identifier (or the one character) at a finding's location.
llvm::json::Object rangeAt(const SourceLoc &Loc, const TextOf &Text);

/// An LSP Diagnostic: severity, the check id as code (with its page), the message,
/// and the related locations (the partner access, the other lock order...) as
/// relatedInformation.
llvm::json::Object toDiagnostic(const Finding &F, const TextOf &Text);

/// The edit that silences Check on Line: ` // NOLINT(check)` at its end, or the check
/// added to the line's NOLINT(...) list. nullopt when the line is already silenced.
/// Character positions are UTF-16 code units.
struct LineEdit {
  unsigned Character = 0; // where to insert
  std::string NewText;
};
std::optional<LineEdit> nolintEdit(llvm::StringRef Line, llvm::StringRef Check);

} // namespace interlock::lsp

#endif
