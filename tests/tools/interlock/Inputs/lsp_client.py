"""A hand-written LSP client for lsp-protocol.test: sends what a scenario says, raw bytes
included, and prints every message the server sends as one line of JSON (sorted keys),
so FileCheck reads the conversation. The end-to-end test with a real editor is
lsp-neovim.test.

Usage: lsp_client.py SCENARIO -- INTERLOCK_LSP_COMMAND...
  protocol     framing errors, unknown methods, requests before initialize and after
               shutdown, shutdown/exit; then prints the exit status
  eof          the input ends without shutdown: prints the exit status (1)
  exit-early   exit without shutdown: prints the exit status (1)
  diagnostics  DIR: opens DIR/counter.cpp, prints its diagnostics, asks for code actions,
               saves DIR/counter-fixed.cpp over it and prints the diagnostics again
"""
import json
import os
import select
import subprocess
import sys

# A safety net against a hung server, not a timing assertion.
LIMIT = 300


class Client:
    def __init__(self, argv):
        self.p = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.next_id = 100

    def raw(self, data):
        self.p.stdin.write(data)
        self.p.stdin.flush()

    def send(self, obj):
        body = json.dumps(obj).encode()
        self.raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def notify(self, method, params=None):
        self.send({"jsonrpc": "2.0", "method": method, "params": params or {}})

    def request(self, method, params=None, id=None):
        if id is None:
            self.next_id += 1
            id = self.next_id
        self.send({"jsonrpc": "2.0", "id": id, "method": method, "params": params or {}})
        return self.until(lambda m: m.get("id") == id and "method" not in m)

    def recv(self):
        out = self.p.stdout
        if not select.select([out], [], [], LIMIT)[0]:
            sys.exit("lsp_client: no message from the server in %d s" % LIMIT)
        length = None
        while True:
            line = out.readline()
            if not line:
                return None
            line = line.strip()
            if not line:
                break
            name, _, value = line.decode().partition(":")
            if name.lower() == "content-length":
                length = int(value)
        msg = json.loads(out.read(length))
        print(json.dumps(msg, sort_keys=True), flush=True)
        return msg

    def until(self, pred):
        while True:
            msg = self.recv()
            if msg is None:
                sys.exit("lsp_client: the server closed its output")
            if pred(msg):
                return msg

    def wait(self):
        self.p.stdin.close()
        rest = self.p.stdout.read()
        if rest:
            print("trailing output:", rest)
        print("exit status:", self.p.wait(LIMIT), flush=True)


def uri(path):
    return "file://" + os.path.abspath(path)


def protocol(c):
    c.request("textDocument/codeAction", {"textDocument": {"uri": "file:///x.cpp"}}, id=1)
    c.raw(b"Content-Length: 5\r\n\r\n{bad}")
    c.until(lambda m: "error" in m)
    c.raw(b"X-Other: 1\r\n\r\n")
    c.until(lambda m: "error" in m)
    c.raw(b"Content-Length: many\r\n\r\n")
    c.until(lambda m: "error" in m)
    c.request("initialize", {"processId": None, "rootUri": None, "capabilities": {}}, id=2)
    c.request("initialize", {"capabilities": {}}, id=3)
    c.notify("initialized")
    c.request("workspace/symbol", {"query": "x"}, id=4)
    c.notify("workspace/didChangeConfiguration", {"settings": {}})
    c.notify("textDocument/didOpen", {"textDocument": {"uri": "untitled:1"}})
    c.send([1, 2])
    c.until(lambda m: "error" in m)
    c.send({"jsonrpc": "2.0", "id": {"not": "an id"}, "method": "shutdown"})
    c.until(lambda m: "error" in m)
    c.send({"jsonrpc": "2.0", "id": 5})
    c.until(lambda m: "error" in m)
    c.request("textDocument/codeAction", {"range": {}}, id=6)
    c.request("shutdown", id=7)
    c.request("textDocument/codeAction", {"textDocument": {"uri": "file:///x.cpp"}}, id=8)
    c.notify("exit")
    c.wait()


def diagnostics(c, d):
    c.request("initialize", {"processId": None, "rootUri": uri(d), "capabilities": {}})
    c.notify("initialized")
    path = os.path.join(d, "counter.cpp")
    c.notify("textDocument/didOpen", {"textDocument": {
        "uri": uri(path), "languageId": "cpp", "version": 1, "text": open(path).read()}})
    diag = c.until(lambda m: m.get("method") == "textDocument/publishDiagnostics")
    found = diag["params"]["diagnostics"]
    c.request("textDocument/codeAction", {
        "textDocument": {"uri": uri(path)}, "range": found[0]["range"],
        "context": {"diagnostics": found}})
    # Without the client's diagnostics, the server's own on that line.
    c.request("textDocument/codeAction", {
        "textDocument": {"uri": uri(path)}, "range": found[0]["range"],
        "context": {"diagnostics": []}})
    fixed = open(os.path.join(d, "counter-fixed.cpp")).read()
    open(path, "w").write(fixed)
    c.notify("textDocument/didChange", {"textDocument": {"uri": uri(path), "version": 2},
                                        "contentChanges": [{"text": fixed}]})
    c.notify("textDocument/didSave", {"textDocument": {"uri": uri(path)}})
    c.until(lambda m: m.get("method") == "textDocument/publishDiagnostics")
    c.request("shutdown")
    c.notify("exit")
    c.wait()


def main():
    scenario = sys.argv[1]
    rest = sys.argv[2:]
    sep = rest.index("--")
    args, argv = rest[:sep], rest[sep + 1:]
    c = Client(argv)
    if scenario == "protocol":
        protocol(c)
    elif scenario == "eof":
        c.request("initialize", {"capabilities": {}})
        c.wait()
    elif scenario == "exit-early":
        c.request("initialize", {"capabilities": {}})
        c.notify("exit")
        c.wait()
    elif scenario == "diagnostics":
        diagnostics(c, args[0])


main()
