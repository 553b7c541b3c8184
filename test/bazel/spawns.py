#!/usr/bin/env python3
"""Summarises the lostcancel actions of a Bazel execution log
(--execution_log_json_file: a sequence of JSON objects, one per spawn).

  spawns.py LOG

Prints one line per spawn of the aspect's check actions (mnemonic
LostCancel), sorted: "executed SOURCE" when it ran, "cached SOURCE" when its
result came from the disk or remote cache; then the counts. Actions found in
Bazel's local action cache run no spawn and do not appear at all.
"""
import json
import sys

text = open(sys.argv[1], encoding="utf-8").read()
decoder = json.JSONDecoder()
spawns, position = [], 0
while True:
    while position < len(text) and text[position].isspace():
        position += 1
    if position >= len(text):
        break
    spawn, position = decoder.raw_decode(text, position)
    spawns.append(spawn)

lines, executed, cached = [], 0, 0
for spawn in spawns:
    if spawn.get("mnemonic") != "LostCancel":
        continue
    # The check's command line ends with "SOURCE -- FLAGS...".
    args = spawn.get("commandArgs", [])
    source = args[args.index("--") - 1] if "--" in args else "?"
    if spawn.get("remoteCacheHit"):
        cached += 1
        lines.append("cached " + source)
    else:
        executed += 1
        lines.append("executed " + source)
for line in sorted(lines):
    print(line)
print("LostCancel spawns: %d executed, %d cached" % (executed, cached))
