//===- Transport.h - JSON-RPC messages over a pair of file descriptors ----===//
//
// The Language Server Protocol's base protocol: each message is a header block
// (`Content-Length: N`, other headers ignored, a blank line) and N bytes of JSON. The
// shape follows clangd's JSONTransport; input that breaks the framing is reported to the
// caller (who answers with a ParseError) and reading goes on with the next header.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_TOOLS_LSP_TRANSPORT_H
#define INTERLOCK_TOOLS_LSP_TRANSPORT_H

#include "llvm/Support/JSON.h"

#include <string>

namespace interlock::lsp {

class Transport {
public:
  Transport(int In, int Out) : In(In), Out(Out) {}

  enum class Status { Message, Malformed, End };
  /// Blocks for the next message. Malformed: Error says what was wrong (bad header,
  /// invalid JSON); End: the input closed.
  Status read(llvm::json::Value &Message, std::string &Error);

  /// True when a message has (at least partly) arrived, waiting at most TimeoutMs: the
  /// server runs its analysis only once a burst of notifications is over.
  bool inputPending(int TimeoutMs);

  void send(const llvm::json::Value &Message);

private:
  /// One header line without its line ending; false at the end of input.
  bool readLine(std::string &Line);
  /// Exactly N bytes; false at the end of input.
  bool readBytes(size_t N, std::string &Out);
  bool fill();

  int In, Out;
  std::string Buffer; // read but not yet consumed
  size_t Pos = 0;
};

} // namespace interlock::lsp

#endif
