#!/usr/bin/env python3
"""Writes DIR/compile_commands.json for FILE... (paths relative to DIR):
C files as -std=c11, the rest as -std=c++17, each with -I INCLUDE."""
import json
import os
import sys

directory, include, files = os.path.abspath(sys.argv[1]), sys.argv[2], sys.argv[3:]
entries = []
for name in files:
    compiler, std = ("clang", "c11") if name.endswith(".c") else ("clang++", "c++17")
    entries.append({"directory": directory, "file": name,
                    "arguments": [compiler, "-std=" + std, "-I" + include,
                                  "-c", name]})
with open(os.path.join(directory, "compile_commands.json"), "w") as f:
    json.dump(entries, f, indent=1)
