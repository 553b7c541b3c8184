#!/usr/bin/env python3
"""Checks the GitHub Actions workflows of docs/ci.md: each YAML block after a
`workflow:` marker parses, every lostcancel-ci command uses only options the
script accepts, and the SARIF reaches code scanning:

- a job that writes the final SARIF (lostcancel-ci --sarif without --shard,
  or lostcancel-ci merge-sarif) may upload to code scanning, and uploads that
  file with an upload-sarif step that always runs;
- a sharded job (--shard ${{ matrix.NAME }}/N) has the matrix 1..N and
  always uploads its SARIF as an artifact; a merge job needs it, always
  runs, downloads those artifacts into one directory, and merges exactly the
  N shards' files.

Prints what it checked; `error: ...` and status 1 on any failure.

  check_workflow.py DOC SCRIPT
"""
import fnmatch
import re
import shlex
import subprocess
import sys

import yaml

doc, script = sys.argv[1], sys.argv[2]
text = open(doc, encoding="utf-8").read()
blocks = re.findall(r"<!-- workflow:[^>]*-->\s*```yaml\n(.*?)```", text, re.S)
failures = []
# ${{ matrix.NAME }}, written {matrix.NAME} once read (one shell word).
EXPRESSION = re.compile(r"\$\{\{\s*matrix\.(\w+)\s*\}\}")
MATRIX = re.compile(r"\{matrix\.(\w+)\}")


def plain(value):
    return EXPRESSION.sub(r"{matrix.\1}", value) if isinstance(value, str) \
        else value


def fail(message):
    failures.append(message)


def help_text(*subcommand):
    return subprocess.run([sys.executable, script, *subcommand, "--help"],
                          capture_output=True, text=True).stdout


def commands(run):
    """The words of each lostcancel-ci command in a step's shell script."""
    for line in plain(run).replace("\\\n", " ").splitlines():
        words = shlex.split(line)
        command = []
        for word in words + [";"]:
            if word in ("||", "&&", ";", "|"):
                if command and "lostcancel-ci" in command[0]:
                    yield command
                command = []
            else:
                command.append(word)


def check_options(words, accepted):
    options = [w for w in words if w.startswith("-")]
    for option in options:
        if not re.search(r"(^|[ ,])%s\b" % re.escape(option), accepted, re.M):
            fail("lostcancel-ci does not accept %s" % option)
    return options


def option_value(words, option):
    return words[words.index(option) + 1] if option in words else None


def uses(step, action):
    return step.get("uses", "").startswith(action + "@")


def check_shard(name, job, words, sarif, shards):
    """A --shard job: its matrix and its artifact."""
    shard = option_value(words, "--shard")
    match = re.match(r"^\{matrix\.(\w+)\}/(\d+)$", shard or "")
    if not match:
        fail("job %s: --shard must be ${{ matrix.NAME }}/N, not %r"
             % (name, shard))
        return
    key, count = match.group(1), int(match.group(2))
    matrix = job.get("strategy", {}).get("matrix", {}).get(key)
    if matrix != list(range(1, count + 1)):
        fail("job %s: matrix.%s is %r, --shard needs 1..%d"
             % (name, key, matrix, count))
    print("%s: --shard %s covers matrix.%s %s" % (name, shard, key, matrix))
    artifacts = [s for s in job.get("steps", [])
                 if uses(s, "actions/upload-artifact")
                 and plain(s.get("with", {}).get("path")) == sarif]
    if len(artifacts) != 1 or artifacts[0].get("if") != "always()":
        fail("job %s: needs one upload-artifact step of %s with if: always()"
             % (name, sarif))
        return
    artifact = plain(artifacts[0]["with"].get("name", ""))
    print("%s: uploads artifact %s (%s) if always()" % (name, artifact, sarif))
    values = [str(k) for k in range(1, count + 1)]
    shards.append((name, [MATRIX.sub(k, artifact) for k in values],
                   [MATRIX.sub(k, sarif) for k in values]))


def check_merge(name, job, words, shards):
    """A merge-sarif job: it sees the files of every shard, and only them."""
    output, inputs = words[2] if len(words) > 2 else None, words[3:]
    needs = job.get("needs", [])
    needs = [needs] if isinstance(needs, str) else needs
    if job.get("if") != "always()":
        fail("job %s: must run with if: always(), or a failed shard hides "
             "the others' findings" % name)
    downloads = [s.get("with", {}) for s in job.get("steps", [])
                 if uses(s, "actions/download-artifact")]
    if len(downloads) != 1 or downloads[0].get("merge-multiple") is not True:
        fail("job %s: needs one download-artifact step with "
             "merge-multiple: true" % name)
        return output
    pattern, directory = downloads[0].get("pattern", "*"), \
        downloads[0].get("path", ".")
    for shard_job, artifacts, files in shards:
        if shard_job not in needs:
            fail("job %s: must need %s" % (name, shard_job))
        for artifact, sarif in zip(artifacts, files):
            if not fnmatch.fnmatchcase(artifact, pattern):
                fail("job %s: artifact %s does not match the download "
                     "pattern %s" % (name, artifact, pattern))
            path = "%s/%s" % (directory.rstrip("/"), sarif)
            if not any(fnmatch.fnmatchcase(path, i) for i in inputs):
                fail("job %s: merge-sarif does not read %s" % (name, path))
        print("%s: merges the %d shards of %s (%s)" % (
            name, len(files), shard_job, " ".join(inputs)))
    return output


def check_upload(name, job, sarif):
    permissions = job.get("permissions", {})
    if permissions.get("security-events") != "write":
        fail("job %s: permissions.security-events must be write" % name)
    uploads = [s for s in job.get("steps", [])
               if uses(s, "github/codeql-action/upload-sarif")]
    if len(uploads) != 1:
        fail("job %s: needs one upload-sarif step" % name)
        return
    upload = uploads[0]
    if upload.get("if") != "always()":
        fail("the upload step must run with if: always()")
    uploaded = upload.get("with", {}).get("sarif_file")
    if uploaded != sarif:
        fail("upload-sarif uploads %r, lostcancel-ci writes %r"
             % (uploaded, sarif))
    print("uploads %s if %s" % (uploaded, upload.get("if")))


def check_workflow(workflow):
    jobs = workflow.get("jobs", {})
    print("jobs: %s" % ", ".join(sorted(jobs)))
    found = {}
    for name, job in jobs.items():
        found[name] = [words for step in job.get("steps", [])
                       for words in commands(step.get("run", ""))]
        if len(found[name]) != 1:
            fail("job %s: needs one lostcancel-ci command, has %d"
                 % (name, len(found[name])))
    shards = []
    # Shard jobs first: the merge job is checked against them.
    order = sorted((words[0][1:2] == ["merge-sarif"], name, words[0])
                   for name, words in found.items() if len(words) == 1)
    for _, name, words in order:
        job = jobs[name]
        if words[1:2] == ["merge-sarif"]:
            check_options(words[2:], help_text("merge-sarif"))
            check_upload(name, job, check_merge(name, job, words, shards))
            continue
        options = check_options(words, help_text())
        print("lostcancel-ci options: %s" % " ".join(options))
        sarif = option_value(words, "--sarif")
        if "--shard" in words:
            check_shard(name, job, words, sarif, shards)
        else:
            check_upload(name, job, sarif)


if not blocks:
    print("error: no workflow block in %s" % doc)
    sys.exit(1)
for block in blocks:
    check_workflow(yaml.safe_load(block))
for message in failures:
    print("error: " + message)
sys.exit(1 if failures else 0)
