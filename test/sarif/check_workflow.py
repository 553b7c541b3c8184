#!/usr/bin/env python3
"""Checks the GitHub Actions workflow of docs/ci.md: the YAML block after the
`workflow:` marker parses, the job may upload to code scanning, the
lostcancel-ci step uses only options the script accepts, and the upload step
always runs and uploads the file that step writes. Prints what it checked;
`error: ...` and status 1 on any failure.

  check_workflow.py DOC SCRIPT
"""
import re
import shlex
import subprocess
import sys

import yaml

doc, script = sys.argv[1], sys.argv[2]
text = open(doc, encoding="utf-8").read()
match = re.search(r"<!-- workflow:[^>]*-->\s*```yaml\n(.*?)```", text, re.S)
failures = []


def fail(message):
    failures.append(message)


if not match:
    print("error: no workflow block in %s" % doc)
    sys.exit(1)
workflow = yaml.safe_load(match.group(1))
jobs = workflow.get("jobs", {})
print("jobs: %s" % ", ".join(sorted(jobs)))
for name, job in jobs.items():
    permissions = job.get("permissions", {})
    if permissions.get("security-events") != "write":
        fail("job %s: permissions.security-events must be write" % name)
    steps = job.get("steps", [])
    runs = [s for s in steps if "lostcancel-ci" in s.get("run", "")]
    uploads = [s for s in steps
               if s.get("uses", "").startswith("github/codeql-action/upload-sarif@")]
    if len(runs) != 1 or len(uploads) != 1:
        fail("job %s: needs one lostcancel-ci step and one upload-sarif step"
             % name)
        continue
    words = shlex.split(runs[0]["run"])
    accepted = subprocess.run([sys.executable, script, "--help"],
                              capture_output=True, text=True).stdout
    options = [w for w in words if w.startswith("-")]
    for option in options:
        if not re.search(r"(^|[ ,])%s\b" % re.escape(option), accepted, re.M):
            fail("lostcancel-ci does not accept %s" % option)
    print("lostcancel-ci options: %s" % " ".join(options))
    sarif = words[words.index("--sarif") + 1] if "--sarif" in words else None
    upload = uploads[0]
    if upload.get("if") != "always()":
        fail("the upload step must run with if: always()")
    uploaded = upload.get("with", {}).get("sarif_file")
    if uploaded != sarif:
        fail("upload-sarif uploads %r, lostcancel-ci writes %r"
             % (uploaded, sarif))
    print("uploads %s if %s" % (uploaded, upload.get("if")))
for message in failures:
    print("error: " + message)
sys.exit(1 if failures else 0)
