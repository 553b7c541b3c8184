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
    """One clangd over stdio: Content-Length framing, requests, the server's
    own requests answered. bench/lsp_latency.py drives its sessions with it
    too (per_answer: the timeout bounds each answer, not the session)."""

    def __init__(self, argv, cwd=None, env=None, stderr=subprocess.DEVNULL,
                 name="lsp_client", per_answer=False):
        self.proc = subprocess.Popen(argv, cwd=cwd, env=env,
                                     stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=stderr)
        self.name = name
        self.per_answer = per_answer
        self.next_id = 1
        self.buffer = b""
        self.deadline = time.time() + TIMEOUT
        self.read_at = time.perf_counter()  # when the last bytes arrived
        self.notifications = []

    def send(self, payload):
        """Writes one message; returns the time just before the write."""
        body = json.dumps(payload).encode()
        data = b"Content-Length: %d\r\n\r\n" % len(body) + body
        start = time.perf_counter()
        self.proc.stdin.write(data)
        self.proc.stdin.flush()
        return start

    def notify(self, method, params):
        return self.send({"jsonrpc": "2.0", "method": method,
                          "params": params})

    def request(self, method, params):
        ident = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": ident, "method": method,
                   "params": params})
        message = self.wait(lambda m: m.get("id") == ident
                            and "method" not in m)
        if "error" in message:
            sys.exit("%s: %s failed: %s" % (self.name, method,
                                             message["error"]))
        return message.get("result")

    def wait(self, predicate):
        """Reads messages until one satisfies predicate and returns it;
        answers the server's requests and keeps the other notifications."""
        while True:
            message = self.receive()
            if "method" in message and "id" in message:
                # A request from the server (workDoneProgress/create, ...).
                self.send({"jsonrpc": "2.0", "id": message["id"],
                           "result": None})
            elif predicate(message):
                return message
            elif "method" in message:
                self.notifications.append(message)

    def receive(self):
        deadline = (time.time() + TIMEOUT if self.per_answer
                    else self.deadline)
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
            remaining = deadline - time.time()
            if remaining <= 0:
                sys.exit("%s: no answer from clangd in time" % self.name)
            ready, _, _ = select.select([self.proc.stdout], [], [], remaining)
            if not ready:
                continue
            chunk = os.read(self.proc.stdout.fileno(), 1 << 20)
            self.read_at = time.perf_counter()
            if not chunk:
                sys.exit("%s: clangd exited (status %s)" % (self.name,
                                                            self.proc.wait()))
            self.buffer += chunk

    def diagnostics_for(self, uri, first):
        """Waits for a publishDiagnostics for uri (non-empty unless first)."""
        def match(message):
            return (message.get("method") == "textDocument/publishDiagnostics"
                    and message["params"]["uri"] == uri
                    and (first or message["params"]["diagnostics"]))
        for message in self.notifications:
            if match(message):
                return message["params"]["diagnostics"]
        self.notifications.clear()
        return self.wait(match)["params"]["diagnostics"]

    def close(self):
        self.request("shutdown", None)
        self.notify("exit", None)
        self.proc.wait(timeout=30)


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
    session.close()


if __name__ == "__main__":
    main()
