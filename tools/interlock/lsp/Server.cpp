//===- Server.cpp - `interlock lsp`: findings as an editor's diagnostics --===//
#include "lsp/Server.h"
#include "lsp/Protocol.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

namespace interlock::lsp {
namespace {

/// JSON-RPC's and LSP's error codes.
enum ErrorCode {
  ParseError = -32700,
  InvalidRequest = -32600,
  MethodNotFound = -32601,
  InvalidParams = -32602,
  ServerNotInitialized = -32002,
};

/// How long the input must stay quiet before the analysis runs: a client opening five
/// files at once gets one analysis, not five.
constexpr int QuietMs = 50;

/// One name per file: findings, documents and the database search all meet here.
std::string canonical(llvm::StringRef Path) {
  llvm::SmallString<256> Real;
  if (!llvm::sys::fs::real_path(Path, Real))
    return std::string(Real);
  llvm::SmallString<256> Abs(Path);
  llvm::sys::fs::make_absolute(Abs);
  llvm::sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
  return std::string(Abs);
}

const llvm::json::Object *textDocument(const llvm::json::Object *Params) {
  return Params ? Params->getObject("textDocument") : nullptr;
}

/// The byte offset of an LSP position (UTF-16 character) in Text.
size_t offsetOf(llvm::StringRef Text, const llvm::json::Object *Pos) {
  int64_t Line = Pos ? Pos->getInteger("line").value_or(0) : 0;
  int64_t Character = Pos ? Pos->getInteger("character").value_or(0) : 0;
  size_t Offset = 0;
  for (int64_t I = 0; I < Line; ++I) {
    size_t Nl = Text.find('\n', Offset);
    if (Nl == llvm::StringRef::npos)
      return Text.size();
    Offset = Nl + 1;
  }
  llvm::StringRef L = lineOf(Text.drop_front(Offset), 0);
  size_t Byte = 0;
  while (Byte < L.size() && utf16Length(L, Byte) < Character)
    ++Byte;
  while (Byte < L.size() && (static_cast<unsigned char>(L[Byte]) & 0xC0) == 0x80)
    ++Byte; // not inside a UTF-8 sequence
  return Offset + Byte;
}

} // namespace

int Server::run() {
  for (;;) {
    if (!Pending.empty() && !T.inputPending(QuietMs))
      analyzePending();
    llvm::json::Value Message(nullptr);
    std::string Error;
    switch (T.read(Message, Error)) {
    case Transport::Status::End:
      return ShutdownRequested ? 0 : 1;
    case Transport::Status::Malformed:
      llvm::errs() << "interlock lsp: " << Error << '\n';
      replyError(nullptr, ParseError, Error);
      continue;
    case Transport::Status::Message:
      handle(Message);
      break;
    }
    if (Exit)
      return ShutdownRequested ? 0 : 1;
  }
}

void Server::handle(llvm::json::Value &Message) {
  const llvm::json::Object *O = Message.getAsObject();
  if (!O) {
    replyError(nullptr, InvalidRequest, "a message must be a JSON object");
    return;
  }
  const llvm::json::Value *Id = O->get("id");
  if (Id && !Id->getAsString() && !Id->getAsInteger()) {
    replyError(nullptr, InvalidRequest, "an id must be a number or a string");
    return;
  }
  std::optional<llvm::StringRef> Method = O->getString("method");
  if (!Method) {
    if (Id && (O->get("result") || O->get("error")))
      return; // a response; this server sends no requests, so there is nothing to match
    replyError(Id ? *Id : nullptr, InvalidRequest, "a request without a method");
    return;
  }
  const llvm::json::Object *Params = O->getObject("params");
  if (Id)
    onRequest(*Method, *Id, Params);
  else
    onNotification(*Method, Params);
}

void Server::onRequest(llvm::StringRef Method, const llvm::json::Value &Id,
                       const llvm::json::Object *Params) {
  if (Method == "initialize") {
    if (Initialized)
      return replyError(Id, InvalidRequest, "initialize was already called");
    Initialized = true;
    return reply(Id, initializeResult());
  }
  if (!Initialized)
    return replyError(Id, ServerNotInitialized, "the server is not initialized yet");
  if (ShutdownRequested)
    return replyError(Id, InvalidRequest, "the server is shutting down");
  if (Method == "shutdown") {
    ShutdownRequested = true;
    return reply(Id, nullptr);
  }
  if (Method == "textDocument/codeAction") {
    if (!textDocument(Params))
      return replyError(Id, InvalidParams, "codeAction needs params.textDocument");
    return reply(Id, codeActions(*Params));
  }
  replyError(Id, MethodNotFound, "method not found: " + Method);
}

void Server::onNotification(llvm::StringRef Method, const llvm::json::Object *Params) {
  if (Method == "exit") {
    Exit = true;
    return;
  }
  if (!Initialized || ShutdownRequested)
    return; // LSP: notifications before initialize (but exit) are dropped
  bool Known = Method == "textDocument/didOpen" || Method == "textDocument/didChange" ||
               Method == "textDocument/didSave" || Method == "textDocument/didClose";
  if (!Known)
    return; // initialized, $/cancelRequest, workspace/didChangeConfiguration, ...
  const llvm::json::Object *TD = textDocument(Params);
  std::optional<llvm::StringRef> Uri = TD ? TD->getString("uri") : std::nullopt;
  std::optional<std::string> Path = Uri ? pathFromUri(*Uri) : std::nullopt;
  if (!Path) {
    llvm::errs() << "interlock lsp: " << Method
                 << " without a file:// textDocument.uri; ignored\n";
    return;
  }
  std::string Key = canonical(*Path);
  if (Method == "textDocument/didOpen") {
    Document &Doc = Docs[Key];
    Doc.Uri = Uri->str();
    Doc.Text = TD->getString("text").value_or("").str();
    Doc.Database = databaseFor(Key);
    Pending.insert(Doc.Database);
    return;
  }
  auto It = Docs.find(Key);
  if (It == Docs.end())
    return; // a document the client never opened
  if (Method == "textDocument/didChange") {
    didChange(*Params);
  } else if (Method == "textDocument/didSave") {
    if (std::optional<llvm::StringRef> Text = Params->getString("text"))
      It->second.Text = Text->str();
    Pending.insert(It->second.Database);
  } else { // didClose: its diagnostics go with it
    publish(It->second, {});
    Docs.erase(It);
  }
}

void Server::didChange(const llvm::json::Object &Params) {
  std::optional<std::string> Path = pathFromUri(
      textDocument(&Params)->getString("uri").value_or(""));
  Document &Doc = Docs[canonical(*Path)];
  const llvm::json::Array *Changes = Params.getArray("contentChanges");
  if (!Changes)
    return;
  for (const llvm::json::Value &C : *Changes) {
    const llvm::json::Object *Change = C.getAsObject();
    std::optional<llvm::StringRef> Text = Change ? Change->getString("text") : std::nullopt;
    if (!Text)
      continue;
    const llvm::json::Object *Range = Change->getObject("range");
    if (!Range) { // the whole document, as this server asks for (TextDocumentSyncKind.Full)
      Doc.Text = Text->str();
      continue;
    }
    size_t Begin = offsetOf(Doc.Text, Range->getObject("start"));
    size_t End = std::max(Begin, offsetOf(Doc.Text, Range->getObject("end")));
    Doc.Text.replace(Begin, End - Begin, Text->str());
  }
}

void Server::reply(const llvm::json::Value &Id, llvm::json::Value Result) {
  T.send(llvm::json::Object{{"jsonrpc", "2.0"}, {"id", Id}, {"result", std::move(Result)}});
}

void Server::replyError(const llvm::json::Value &Id, int Code, const llvm::Twine &Message) {
  T.send(llvm::json::Object{
      {"jsonrpc", "2.0"},
      {"id", Id},
      {"error", llvm::json::Object{{"code", Code}, {"message", Message.str()}}}});
}

void Server::send(llvm::StringRef Method, llvm::json::Object Params) {
  T.send(llvm::json::Object{
      {"jsonrpc", "2.0"}, {"method", Method}, {"params", std::move(Params)}});
}

void Server::showMessage(int Type, const llvm::Twine &Message) {
  send("window/showMessage", llvm::json::Object{{"type", Type}, {"message", Message.str()}});
}

llvm::json::Object Server::initializeResult() const {
  return llvm::json::Object{
      {"capabilities",
       llvm::json::Object{
           {"textDocumentSync", llvm::json::Object{{"openClose", true},
                                                   {"change", 1}, // Full
                                                   {"save", llvm::json::Object{
                                                                {"includeText", false}}}}},
           {"codeActionProvider",
            llvm::json::Object{{"codeActionKinds", llvm::json::Array{"quickfix"}}}}}},
      {"serverInfo", llvm::json::Object{{"name", "interlock"}, {"version", Opts.Version}}}};
}

llvm::json::Array Server::codeActions(const llvm::json::Object &Params) {
  llvm::StringRef Uri = textDocument(&Params)->getString("uri").value_or("");
  std::optional<std::string> Path = pathFromUri(Uri);
  if (!Path)
    return {};
  auto Doc = Docs.find(canonical(*Path));
  std::string Text;
  if (Doc != Docs.end())
    Text = Doc->second.Text;
  else if (auto Buf = llvm::MemoryBuffer::getFile(*Path, /*IsText=*/true))
    Text = (*Buf)->getBuffer().str();

  // The diagnostics the client says are in the range; without them, the ones this
  // server published on the range's lines.
  llvm::json::Array Diagnostics;
  const llvm::json::Object *Context = Params.getObject("context");
  if (const llvm::json::Array *Given = Context ? Context->getArray("diagnostics") : nullptr)
    Diagnostics = *Given;
  if (Diagnostics.empty() && Doc != Docs.end()) {
    const llvm::json::Object *Range = Params.getObject("range");
    auto LineAt = [](const llvm::json::Object *R, llvm::StringRef Which) {
      const llvm::json::Object *P = R ? R->getObject(Which) : nullptr;
      return P ? P->getInteger("line").value_or(-1) : -1;
    };
    int64_t First = LineAt(Range, "start"), Last = LineAt(Range, "end");
    for (const llvm::json::Value &D : Doc->second.Published) {
      int64_t L = LineAt(D.getAsObject()->getObject("range"), "start");
      if (L >= First && L <= Last)
        Diagnostics.push_back(D);
    }
  }

  llvm::json::Array Actions;
  std::set<std::pair<int64_t, std::string>> Seen;
  for (const llvm::json::Value &V : Diagnostics) {
    const llvm::json::Object *D = V.getAsObject();
    if (!D || D->getString("source") != std::optional<llvm::StringRef>("interlock"))
      continue;
    std::optional<llvm::StringRef> Check = D->getString("code");
    const llvm::json::Object *Range = D->getObject("range");
    const llvm::json::Object *Start = Range ? Range->getObject("start") : nullptr;
    std::optional<int64_t> Line = Start ? Start->getInteger("line") : std::nullopt;
    if (!Check || !Line || *Line < 0 || !Seen.insert({*Line, Check->str()}).second)
      continue;
    std::optional<LineEdit> Edit = nolintEdit(lineOf(Text, *Line), *Check);
    if (!Edit)
      continue;
    llvm::json::Object At{{"line", *Line}, {"character", Edit->Character}};
    llvm::json::Object Changes;
    Changes[Uri] = llvm::json::Array{llvm::json::Object{
        {"range", llvm::json::Object{{"start", llvm::json::Object(At)}, {"end", std::move(At)}}},
        {"newText", Edit->NewText}}};
    Actions.push_back(llvm::json::Object{
        {"title", ("Silence " + *Check + " on this line (NOLINT)").str()},
        {"kind", "quickfix"},
        {"diagnostics", llvm::json::Array{V}},
        {"edit", llvm::json::Object{{"changes", std::move(Changes)}}}});
  }
  return Actions;
}

std::string Server::databaseFor(const std::string &Path) const {
  if (!Opts.Check.BuildDir.empty())
    return Opts.Check.BuildDir;
  // clangd's search: each parent folder, and a `build/` folder in it.
  for (llvm::StringRef Dir = llvm::sys::path::parent_path(Path); !Dir.empty();
       Dir = llvm::sys::path::parent_path(Dir)) {
    for (llvm::StringRef Sub : {"", "build"}) {
      llvm::SmallString<256> Candidate(Dir);
      llvm::sys::path::append(Candidate, Sub, "compile_commands.json");
      if (llvm::sys::fs::exists(Candidate))
        return std::string(llvm::sys::path::parent_path(Candidate));
    }
  }
  return "";
}

void Server::analyzePending() {
  std::set<std::string> Databases;
  std::swap(Databases, Pending);
  for (const std::string &Database : Databases)
    analyze(Database);
}

void Server::analyze(const std::string &Database) {
  driver::CheckRunOptions O = Opts.Check;
  O.Progress = false;
  O.BuildDir = Database;
  O.Files.clear();
  if (Database.empty()) // no database: the open files alone, with default flags
    for (const auto &[Path, Doc] : Docs)
      if (Doc.Database.empty())
        O.Files.push_back(Path);
  if (Database.empty() && O.Files.empty())
    return;
  // runCheck prints TU errors and notes to stderr, which editors keep as the server's log.
  llvm::Expected<driver::CheckRunResult> R = driver::runCheck(O, llvm::errs());
  if (!R) {
    showMessage(/*Error=*/1, "interlock: " + llvm::toString(R.takeError()));
    return;
  }
  llvm::errs() << "interlock lsp: " << (Database.empty() ? "(no database)" : Database) << ": "
               << R->Analysed.size() << " analysed, " << R->Reused.size()
               << " from the cache, " << R->Findings.size() << " finding(s)\n";
  // In the log, not a pop-up on every save: a TU that does not compile is the build's
  // business, and its errors are on stderr already.
  if (!R->Failures.empty())
    send("window/logMessage",
         llvm::json::Object{{"type", /*Warning=*/2},
                            {"message", "interlock: " + std::to_string(R->Failures.size()) +
                                            " translation unit(s) could not be analysed; "
                                            "first: " + R->Failures.front().second}});

  // Positions are converted with the editor's text of open files, else the file's.
  std::map<std::string, std::unique_ptr<llvm::MemoryBuffer>> OnDisk;
  TextOf Text = [&](const std::string &File) -> llvm::StringRef {
    std::string Key = canonical(File);
    if (auto Doc = Docs.find(Key); Doc != Docs.end())
      return Doc->second.Text;
    auto &Buf = OnDisk[Key];
    if (!Buf)
      if (auto B = llvm::MemoryBuffer::getFile(Key, /*IsText=*/true))
        Buf = std::move(*B);
    return Buf ? Buf->getBuffer() : llvm::StringRef();
  };
  std::map<std::string, llvm::json::Array> ByFile;
  for (const Finding &F : R->Findings)
    ByFile[canonical(F.Primary.File)].push_back(toDiagnostic(F, Text));
  for (auto &[Path, Doc] : Docs)
    if (Doc.Database == Database)
      publish(Doc, ByFile.count(Path) ? std::move(ByFile[Path]) : llvm::json::Array{});
}

void Server::publish(Document &Doc, llvm::json::Array Diagnostics) {
  Doc.Published = Diagnostics;
  send("textDocument/publishDiagnostics",
       llvm::json::Object{{"uri", Doc.Uri}, {"diagnostics", std::move(Diagnostics)}});
}

} // namespace interlock::lsp
