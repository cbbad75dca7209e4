//===- Transport.cpp - JSON-RPC messages over a pair of file descriptors --===//
#include "lsp/Transport.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <cerrno>
#include <poll.h>
#include <unistd.h>

namespace interlock::lsp {
namespace {
/// Larger bodies are refused rather than buffered: no editor sends a 256 MB file.
constexpr size_t MaxBody = 256u << 20;
} // namespace

bool Transport::fill() {
  if (Pos > 0 && Pos == Buffer.size()) {
    Buffer.clear();
    Pos = 0;
  }
  char Chunk[65536];
  for (;;) {
    ssize_t N = ::read(In, Chunk, sizeof Chunk);
    if (N > 0) {
      Buffer.append(Chunk, N);
      return true;
    }
    if (N < 0 && errno == EINTR)
      continue;
    return false;
  }
}

bool Transport::readLine(std::string &Line) {
  for (;;) {
    size_t Nl = Buffer.find('\n', Pos);
    if (Nl != std::string::npos) {
      Line.assign(Buffer, Pos, Nl - Pos);
      Pos = Nl + 1;
      if (!Line.empty() && Line.back() == '\r')
        Line.pop_back();
      return true;
    }
    if (!fill())
      return false;
  }
}

bool Transport::readBytes(size_t N, std::string &Out) {
  while (Buffer.size() - Pos < N)
    if (!fill())
      return false;
  Out.assign(Buffer, Pos, N);
  Pos += N;
  return true;
}

Transport::Status Transport::read(llvm::json::Value &Message, std::string &Error) {
  std::optional<size_t> Length;
  std::string Line;
  bool SawHeader = false;
  for (;;) {
    if (!readLine(Line))
      return Status::End;
    if (Line.empty()) {
      if (!SawHeader)
        continue; // blank lines between messages
      break;
    }
    SawHeader = true;
    auto [Name, Value] = llvm::StringRef(Line).split(':');
    if (Name.trim().equals_insensitive("Content-Length")) {
      size_t N;
      // A bad length is reported once the header block ends, so that reading goes on
      // with the next message, not with this one's remaining headers.
      if (Value.trim().getAsInteger(10, N) || N > MaxBody)
        Error = "bad Content-Length header '" + Line + "'";
      else
        Length = N;
    }
  }
  if (!Error.empty())
    return Status::Malformed;
  if (!Length) {
    Error = "a message without a Content-Length header";
    return Status::Malformed;
  }
  std::string Body;
  if (!readBytes(*Length, Body))
    return Status::End;
  llvm::Expected<llvm::json::Value> V = llvm::json::parse(Body);
  if (!V) {
    Error = "invalid JSON: " + llvm::toString(V.takeError());
    return Status::Malformed;
  }
  Message = std::move(*V);
  return Status::Message;
}

bool Transport::inputPending(int TimeoutMs) {
  if (Pos < Buffer.size())
    return true;
  pollfd P{In, POLLIN, 0};
  return ::poll(&P, 1, TimeoutMs) > 0;
}

void Transport::send(const llvm::json::Value &Message) {
  std::string Body;
  llvm::raw_string_ostream(Body) << Message;
  std::string Framed = "Content-Length: " + std::to_string(Body.size()) + "\r\n\r\n" + Body;
  for (size_t Done = 0; Done < Framed.size();) {
    ssize_t N = ::write(Out, Framed.data() + Done, Framed.size() - Done);
    if (N < 0 && errno == EINTR)
      continue;
    if (N <= 0)
      return; // the client is gone; the next read sees the end of input
    Done += N;
  }
}

} // namespace interlock::lsp
