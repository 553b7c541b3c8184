#!/usr/bin/env python3
"""Validates a SARIF 2.1.0 file written by lostcancel-ci and prints it as
plain lines for FileCheck.

The structural rules are those of the SARIF 2.1.0 standard (OASIS) that a
code-scanning consumer relies on, checked by hand: required properties and
their types, rule references, URI base ids, region numbering, links from a
message to its related locations, and fixes whose byte offsets agree with
their lines and columns in the real file. Any violation is printed as
`error: ...` and the exit status is 1.

  check_sarif.py FILE [--apply DIR]

--apply DIR writes every file that a fix changes, with all fixes applied, to
DIR under its path relative to the source root.
"""

import argparse
import json
import os
import re
import sys
import urllib.parse
import urllib.request

LEVELS = {"none", "note", "warning", "error"}
errors = []


def error(where, text):
    errors.append("%s: %s" % (where, text))


def text_property(obj, key, where, required=True):
    value = obj.get(key) if isinstance(obj, dict) else None
    if value is None:
        if required:
            error(where, "missing '%s'" % key)
        return None
    if not isinstance(value, dict) or not isinstance(value.get("text"), str) \
            or not value["text"].strip():
        error(where, "'%s' must be a message with non-empty 'text'" % key)
        return None
    return value["text"]


def positive_int(obj, key, where, minimum=1):
    value = obj.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        error(where, "'%s' must be an integer >= %d, not %r" % (key, minimum,
                                                                value))
        return None
    return value


class Checker:
    def __init__(self, document):
        self.document = document
        self.bases = {}
        self.files = {}
        self.edits = {}  # path -> [(offset, length, text)]

    # -- artifacts and regions -------------------------------------------

    def resolve(self, artifact, where):
        """The local path of an artifactLocation, or None."""
        if not isinstance(artifact, dict) or not isinstance(
                artifact.get("uri"), str):
            error(where, "artifactLocation needs a string 'uri'")
            return None
        uri = artifact["uri"]
        base = artifact.get("uriBaseId")
        if base is not None:
            if base not in self.bases:
                error(where, "uriBaseId '%s' is not in originalUriBaseIds"
                      % base)
                return None
            if urllib.parse.urlparse(uri).scheme:
                error(where, "uri '%s' with a uriBaseId must be relative"
                      % uri)
            uri = urllib.parse.urljoin(self.bases[base], uri)
        parsed = urllib.parse.urlparse(uri)
        if parsed.scheme != "file":
            error(where, "uri '%s' is neither relative to a base nor a file "
                  "URI" % artifact["uri"])
            return None
        return urllib.request.url2pathname(parsed.path)

    def relative(self, path):
        root = urllib.request.url2pathname(
            urllib.parse.urlparse(self.bases.get("SRCROOT", "file:///")).path)
        return os.path.relpath(path, root)

    def data(self, path):
        if path not in self.files:
            try:
                with open(path, "rb") as f:
                    self.files[path] = f.read()
            except OSError:
                self.files[path] = None
        return self.files[path]

    def offset_of(self, path, line, column, where):
        """Byte offset of a 1-based (line, code point column)."""
        data = self.data(path)
        if data is None:
            error(where, "file not found: %s" % path)
            return None
        lines = data.split(b"\n")
        if line > len(lines):
            error(where, "line %d is past the end of %s" % (line, path))
            return None
        text = lines[line - 1].decode("utf-8", "replace")
        if column > len(text) + 1:
            error(where, "column %d is past the end of line %d" % (column,
                                                                  line))
            return None
        start = sum(len(l) + 1 for l in lines[:line - 1])
        return start + len(text[:column - 1].encode("utf-8"))

    def region(self, region, path, where):
        """Checks a region; returns (line, column) of its start."""
        if not isinstance(region, dict):
            error(where, "region must be an object")
            return None
        line = positive_int(region, "startLine", where)
        column = positive_int(region, "startColumn", where)
        if line is None or column is None:
            return None
        if "endLine" in region or "endColumn" in region:
            end_line = positive_int(region, "endLine", where)
            end_column = positive_int(region, "endColumn", where)
            if end_line is not None and end_column is not None and \
                    (end_line, end_column) < (line, column):
                error(where, "region ends before it starts")
        if path and self.data(path) is not None:
            start = self.offset_of(path, line, column, where)
            if "byteOffset" in region:
                offset = positive_int(region, "byteOffset", where, 0)
                if start is not None and offset != start:
                    error(where, "byteOffset %r disagrees with %d:%d (byte %d)"
                          % (offset, line, column, start))
            if "byteLength" in region and "endLine" in region:
                end = self.offset_of(path, region["endLine"],
                                     region["endColumn"], where)
                if start is not None and end is not None and \
                        region["byteLength"] != end - start:
                    error(where, "byteLength %r disagrees with the end %d:%d"
                          % (region["byteLength"], region["endLine"],
                             region["endColumn"]))
        return line, column

    def location(self, location, where):
        """Checks a location; returns 'path:line:col' for printing."""
        if not isinstance(location, dict) or not isinstance(
                location.get("physicalLocation"), dict):
            error(where, "location needs a physicalLocation")
            return "?"
        physical = location["physicalLocation"]
        path = self.resolve(physical.get("artifactLocation"), where)
        shown = self.relative(path) if path else "?"
        if "region" in physical:
            start = self.region(physical["region"], path, where)
            if start:
                shown += ":%d:%d" % start
        return shown

    # -- the document -----------------------------------------------------

    def check(self):
        doc = self.document
        out = []
        if doc.get("version") != "2.1.0":
            error("sarif", "version must be \"2.1.0\"")
        if not isinstance(doc.get("$schema"), str) or "2.1.0" not in doc.get(
                "$schema", ""):
            error("sarif", "$schema must name the 2.1.0 schema")
        runs = doc.get("runs")
        if not isinstance(runs, list) or len(runs) != 1:
            error("sarif", "expected exactly one run")
            return out
        run = runs[0]

        bases = run.get("originalUriBaseIds", {})
        for name, base in bases.items():
            uri = base.get("uri") if isinstance(base, dict) else None
            if not isinstance(uri, str) or not uri.endswith("/") or \
                    not urllib.parse.urlparse(uri).scheme:
                error("originalUriBaseIds." + name,
                      "uri must be absolute and end with '/'")
            else:
                self.bases[name] = uri
        if run.get("columnKind", "utf16CodeUnits") not in (
                "utf16CodeUnits", "unicodeCodePoints"):
            error("run", "bad columnKind")

        driver = run.get("tool", {}).get("driver")
        if not isinstance(driver, dict) or not isinstance(
                driver.get("name"), str) or not driver["name"]:
            error("tool", "tool.driver.name is required")
            return out
        out.append("tool %s" % driver["name"])
        rules = driver.get("rules", [])
        ids = []
        for i, rule in enumerate(rules):
            where = "rules[%d]" % i
            if not isinstance(rule.get("id"), str) or not rule["id"]:
                error(where, "rule needs an 'id'")
                continue
            if rule["id"] in ids:
                error(where, "duplicate rule id '%s'" % rule["id"])
            ids.append(rule["id"])
            text_property(rule, "shortDescription", where)
            text_property(rule, "fullDescription", where)
            help_text = text_property(rule, "help", where)
            markdown = rule.get("help", {}).get("markdown")
            if markdown is not None and not isinstance(markdown, str):
                error(where, "help.markdown must be a string")
            uri = rule.get("helpUri")
            if not isinstance(uri, str) or not urllib.parse.urlparse(
                    uri).scheme:
                error(where, "helpUri must be an absolute URI")
            level = rule.get("defaultConfiguration", {}).get("level",
                                                               "warning")
            if level not in LEVELS:
                error(where, "bad defaultConfiguration.level '%s'" % level)
            page = ""
            if isinstance(uri, str) and uri.startswith("file:"):
                local = urllib.request.url2pathname(
                    urllib.parse.urlparse(uri).path)
                page = " page=%s" % ("exists" if os.path.isfile(local)
                                     else "MISSING")
            out.append("rule %s help=%d-chars markdown=%s helpUri=%s%s" % (
                rule["id"], len(help_text or ""),
                "yes" if markdown else "no", uri, page))

        for i, result in enumerate(run.get("results", [])):
            out.extend(self.result(result, "results[%d]" % i, rules))

        invocations = run.get("invocations", [])
        for i, invocation in enumerate(invocations):
            where = "invocations[%d]" % i
            if not isinstance(invocation.get("executionSuccessful"), bool):
                error(where, "executionSuccessful must be a boolean")
            out.append("executionSuccessful %s" % str(
                invocation.get("executionSuccessful")).lower())
            for j, note in enumerate(invocation.get(
                    "toolExecutionNotifications", [])):
                nwhere = "%s.notifications[%d]" % (where, j)
                text = text_property(note, "message", nwhere) or ""
                if note.get("level", "warning") not in LEVELS:
                    error(nwhere, "bad level")
                shown = [self.location(l, nwhere)
                         for l in note.get("locations", [])]
                out.append("notification %s %s: %s" % (
                    note.get("level"), shown[0] if shown else "-",
                    text.splitlines()[0] if text else ""))
        return out

    def result(self, result, where, rules):
        out = []
        rule_id = result.get("ruleId")
        index = result.get("ruleIndex")
        if not isinstance(rule_id, str):
            error(where, "ruleId is required")
        if not isinstance(index, int) or not 0 <= index < len(rules):
            error(where, "ruleIndex %r does not index tool.driver.rules"
                  % index)
        elif rules[index].get("id") != rule_id:
            error(where, "ruleIndex %d is rule '%s', not '%s'" % (
                index, rules[index].get("id"), rule_id))
        level = result.get("level", "warning")
        if level not in LEVELS:
            error(where, "bad level '%s'" % level)
        text = text_property(result, "message", where) or ""
        locations = result.get("locations")
        if not isinstance(locations, list) or not locations:
            error(where, "a result needs at least one location")
            locations = []
        shown = [self.location(l, where) for l in locations]
        out.append("result %s %s %s: %s" % (rule_id, level,
                                            shown[0] if shown else "?",
                                            text.splitlines()[0]))

        # Related locations: unique ids, each linked from the message, and
        # every link in the message resolves.
        related = result.get("relatedLocations", [])
        related_ids = []
        for j, location in enumerate(related):
            rwhere = "%s.relatedLocations[%d]" % (where, j)
            rid = location.get("id")
            if not isinstance(rid, int) or rid < 0 or rid in related_ids:
                error(rwhere, "id must be a unique non-negative integer")
            related_ids.append(rid)
            note = text_property(location, "message", rwhere) or ""
            out.append("  related %s %s: %s" % (rid, self.location(
                location, rwhere), note))
        links = [int(n) for n in re.findall(r"(?<!\\)\]\((\d+)\)", text)]
        for link in links:
            if link not in related_ids:
                error(where, "message links to related location %d, which "
                      "does not exist" % link)
        for rid in related_ids:
            if rid not in links:
                error(where, "related location %s is not linked from the "
                      "message" % rid)
        if links:
            plain = re.sub(r"(?<!\\)\[((?:\\.|[^\]\\])*)\]\(\d+\)", "", text)
            if re.search(r"(?<!\\)[\[\]]", plain):
                error(where, "unescaped bracket in a message with links")

        for j, fix in enumerate(result.get("fixes", [])):
            fwhere = "%s.fixes[%d]" % (where, j)
            description = text_property(fix, "description", fwhere, False)
            changes = fix.get("artifactChanges")
            if not isinstance(changes, list) or not changes:
                error(fwhere, "a fix needs artifactChanges")
                continue
            for change in changes:
                path = self.resolve(change.get("artifactLocation"), fwhere)
                replacements = change.get("replacements")
                if not isinstance(replacements, list) or not replacements:
                    error(fwhere, "an artifactChange needs replacements")
                    continue
                for replacement in replacements:
                    region = replacement.get("deletedRegion")
                    start = self.region(region, path, fwhere)
                    inserted = replacement.get("insertedContent", {})
                    if "text" not in inserted:
                        error(fwhere, "insertedContent needs 'text'")
                    if start and path and "byteOffset" in region:
                        self.edits.setdefault(path, []).append(
                            (region["byteOffset"], region.get("byteLength", 0),
                             inserted.get("text", "")))
                    out.append("  fix %s:%s:%s %s" % (
                        self.relative(path) if path else "?",
                        start[0] if start else "?",
                        start[1] if start else "?",
                        json.dumps(inserted.get("text"))))
            if description:
                out.append("  fix-description %s" % description)

        fingerprints = result.get("partialFingerprints", {})
        if not isinstance(fingerprints, dict) or not all(
                isinstance(v, str) for v in fingerprints.values()):
            error(where, "partialFingerprints must map to strings")
        return out

    def apply(self, directory):
        for path, edits in sorted(self.edits.items()):
            data = self.data(path)
            for offset, length, text in sorted(edits, reverse=True):
                data = data[:offset] + text.encode("utf-8") + \
                    data[offset + length:]
            target = os.path.join(directory, self.relative(path))
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "wb") as f:
                f.write(data)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("sarif")
    parser.add_argument("--apply", metavar="DIR")
    args = parser.parse_args()
    try:
        with open(args.sarif, encoding="utf-8") as f:
            document = json.load(f)
    except (OSError, ValueError) as failure:
        print("error: %s: %s" % (args.sarif, failure))
        return 1
    checker = Checker(document)
    for line in checker.check():
        print(line)
    for line in errors:
        print("error: " + line)
    if errors:
        return 1
    if args.apply:
        checker.apply(args.apply)
    return 0


if __name__ == "__main__":
    sys.exit(main())
