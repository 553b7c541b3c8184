#!/usr/bin/env python3
"""A small LSP client for testing lostcancel-clangd over a real session.

Usage: lsp_client.py [--first] CLANGD FILE [clangd args...]

Starts CLANGD, initializes, opens FILE, waits for the diagnostics clangd
publishes for it (the first set, even an empty one, with --first; else the
first non-empty set), asks for the code actions of each lostcancel
diagnostic, shuts down, and prints one line per fact for FileCheck:

  published N
  diagnostic L:C-L:C code=... source=... message=...
  related L:C message=...
  action diagnostic=CODE title=... kind=...
  edit L:C-L:C newText=...

Lines and columns are 1-based, as in compiler output. Exits non-zero when
clangd dies, a request fails, or no diagnostics arrive in time.
"""
import json
import os
import pathlib
import select
import subprocess
import sys
import time

TIMEOUT = 120  # seconds for the whole session (a slow, sanitized machine)


class Session:
    def __init__(self, argv):
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL)
        self.next_id = 1
        self.buffer = b""
        self.deadline = time.time() + TIMEOUT
        self.notifications = []

    def send(self, payload):
        body = json.dumps(payload).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method, params):
        ident = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": ident, "method": method,
                   "params": params})
        while True:
            message = self.receive()
            if message.get("id") == ident and "method" not in message:
                if "error" in message:
                    sys.exit("lsp_client: %s failed: %s" % (method, message["error"]))
                return message.get("result")
            self.handle(message)

    def handle(self, message):
        if "method" in message and "id" in message:
            # A request from the server (workDoneProgress/create, ...): accept.
            self.send({"jsonrpc": "2.0", "id": message["id"], "result": None})
        elif "method" in message:
            self.notifications.append(message)

    def receive(self):
        while True:
            header_end = self.buffer.find(b"\r\n\r\n")
            if header_end >= 0:
                headers = self.buffer[:header_end].decode()
                length = int(next(line.split(":")[1] for line in headers.split("\r\n")
                                  if line.lower().startswith("content-length")))
                start = header_end + 4
                if len(self.buffer) >= start + length:
                    body = self.buffer[start:start + length]
                    self.buffer = self.buffer[start + length:]
                    return json.loads(body)
            remaining = self.deadline - time.time()
            if remaining <= 0:
                sys.exit("lsp_client: timed out waiting for clangd")
            ready, _, _ = select.select([self.proc.stdout], [], [], remaining)
            if not ready:
                continue
            chunk = os.read(self.proc.stdout.fileno(), 65536)
            if not chunk:
                sys.exit("lsp_client: clangd exited (status %s)" % self.proc.wait())
            self.buffer += chunk

    def diagnostics_for(self, uri, first):
        """Waits for a publishDiagnostics for uri (non-empty unless first)."""
        while True:
            for message in self.notifications:
                if (message["method"] == "textDocument/publishDiagnostics"
                        and message["params"]["uri"] == uri
                        and (first or message["params"]["diagnostics"])):
                    return message["params"]["diagnostics"]
            self.notifications.clear()
            self.handle(self.receive())


def span(range_):
    start, end = range_["start"], range_["end"]
    return "%d:%d-%d:%d" % (start["line"] + 1, start["character"] + 1,
                            end["line"] + 1, end["character"] + 1)


def main():
    args = sys.argv[1:]
    first = bool(args) and args[0] == "--first"
    if first:
        args = args[1:]
    if len(args) < 2:
        sys.exit(__doc__)
    clangd, path = args[0], pathlib.Path(args[1]).resolve()
    uri = path.as_uri()
    session = Session([clangd] + args[2:])
    session.request("initialize", {
        "processId": os.getpid(),
        "rootUri": path.parent.as_uri(),
        "capabilities": {"textDocument": {
            "publishDiagnostics": {"relatedInformation": True},
            "codeAction": {"codeActionLiteralSupport": {"codeActionKind": {
                "valueSet": ["quickfix"]}}},
        }},
    })
    session.notify("initialized", {})
    session.notify("textDocument/didOpen", {"textDocument": {
        "uri": uri, "languageId": "cpp", "version": 1,
        "text": path.read_text()}})
    diagnostics = session.diagnostics_for(uri, first)
    print("published %d" % len(diagnostics))
    for diagnostic in diagnostics:
        print("diagnostic %s code=%s source=%s message=%s" % (
            span(diagnostic["range"]), diagnostic.get("code"),
            diagnostic.get("source"), diagnostic["message"]))
        for related in diagnostic.get("relatedInformation", []):
            start = related["location"]["range"]["start"]
            print("related %d:%d message=%s" % (
                start["line"] + 1, start["character"] + 1, related["message"]))
    for diagnostic in diagnostics:
        if not str(diagnostic.get("code", "")).startswith("lostcancel-"):
            continue
        actions = session.request("textDocument/codeAction", {
            "textDocument": {"uri": uri}, "range": diagnostic["range"],
            "context": {"diagnostics": [diagnostic]}}) or []
        for action in actions:
            print("action diagnostic=%s title=%s kind=%s" % (
                diagnostic["code"], action.get("title"), action.get("kind")))
            changes = action.get("edit", {}).get("changes", {})
            for edit in changes.get(uri, []):
                print("edit %s newText=%s" % (span(edit["range"]),
                                              json.dumps(edit["newText"])))
    session.request("shutdown", None)
    session.notify("exit", None)
    session.proc.wait(timeout=30)


if __name__ == "__main__":
    main()
