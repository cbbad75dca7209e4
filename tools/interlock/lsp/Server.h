//===- Server.h - `interlock lsp`: findings as an editor's diagnostics ----===//
//
// A Language Server over a Transport. When a file is opened or saved, the server runs
// `interlock check` over the compilation database the file belongs to, through the
// summary cache (driver/SummaryCache.h): the saved TU is analysed again, the others'
// summaries are read back, and all are linked, so cross-TU races show up. It then
// publishes the findings of every open file of that database as diagnostics, with the
// partner locations as relatedInformation, and offers a code action that adds a
// `// NOLINT(check)` comment. docs/editors.md is the user's view.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_TOOLS_LSP_SERVER_H
#define INTERLOCK_TOOLS_LSP_SERVER_H

#include "lsp/Transport.h"

#include "driver/CheckRunner.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/JSON.h"

#include <map>
#include <set>
#include <string>

namespace interlock::lsp {

struct ServerOptions {
  /// The checks' options: BuildDir (-p) fixes the database for every file; without it
  /// each file's database is found upward from it (also in a `build/` folder there).
  driver::CheckRunOptions Check;
  std::string Version;
};

class Server {
public:
  Server(Transport &T, ServerOptions Opts) : T(T), Opts(std::move(Opts)) {}
  /// Serves until `exit` or the end of input; returns the exit status LSP asks for
  /// (0 after a `shutdown` request, 1 otherwise).
  int run();

private:
  struct Document {
    std::string Uri;
    std::string Text;
    std::string Database; // its compile_commands.json's folder, "" for none
    llvm::json::Array Published;
  };

  void handle(llvm::json::Value &Message);
  void onRequest(llvm::StringRef Method, const llvm::json::Value &Id,
                 const llvm::json::Object *Params);
  void onNotification(llvm::StringRef Method, const llvm::json::Object *Params);
  void reply(const llvm::json::Value &Id, llvm::json::Value Result);
  void replyError(const llvm::json::Value &Id, int Code, const llvm::Twine &Message);
  /// A notification to the client.
  void send(llvm::StringRef Method, llvm::json::Object Params);
  void showMessage(int Type, const llvm::Twine &Message);

  llvm::json::Object initializeResult() const;
  llvm::json::Array codeActions(const llvm::json::Object &Params);
  void didOpen(const llvm::json::Object &Params);
  void didChange(const llvm::json::Object &Params);

  /// Runs the analysis for every database with a file opened or saved since the last.
  void analyzePending();
  void analyze(const std::string &Database);
  void publish(Document &Doc, llvm::json::Array Diagnostics);
  std::string databaseFor(const std::string &Path) const;

  Transport &T;
  ServerOptions Opts;
  bool Initialized = false;
  bool ShutdownRequested = false;
  bool Exit = false;
  std::map<std::string, Document> Docs; // by canonical path
  std::set<std::string> Pending;        // databases to analyse
};

} // namespace interlock::lsp

#endif
