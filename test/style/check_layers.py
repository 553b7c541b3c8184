#!/usr/bin/env python3
"""Checks the layering of lostcancel's sources (docs/architecture.md).

The layers, from the bottom: model (src/model), analysis (src/analysis),
checks (checks/). A file includes headers of its own layer or of a layer
below it, always by the layer's name ("model/ApiModel.h"), never by a
relative path. Prints one line per violation and exits 1 when there is any.

  check_layers.py ROOT
"""
import os
import re
import sys

LAYERS = {"model": 0, "analysis": 1, "checks": 2}
FOLDERS = {"src/model": "model", "src/analysis": "analysis", "checks": "checks"}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def violations(root):
    for folder, layer in sorted(FOLDERS.items()):
        directory = os.path.join(root, folder)
        for name in sorted(os.listdir(directory)):
            if not name.endswith((".h", ".cpp")):
                continue
            path = os.path.join(directory, name)
            with open(path, encoding="utf-8") as source:
                for number, line in enumerate(source, 1):
                    match = INCLUDE.match(line)
                    if not match:
                        continue
                    included = match.group(1)
                    where = f"{folder}/{name}:{number}"
                    if included.startswith(("clang", "llvm")):
                        continue
                    if ".." in included.split("/"):
                        yield f"{where}: relative include \"{included}\""
                        continue
                    target = included.split("/")[0]
                    if target not in LAYERS:
                        yield (f"{where}: \"{included}\" does not name a layer "
                               "(model/, analysis/, checks/)")
                    elif LAYERS[target] > LAYERS[layer]:
                        yield (f"{where}: the {layer} layer includes "
                               f"\"{included}\" from the {target} layer above it")


def main():
    found = list(violations(sys.argv[1]))
    for line in found:
        print(line)
    print(f"check_layers: {len(found)} violation(s)")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
