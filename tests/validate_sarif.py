#!/usr/bin/env python3
"""Runs ivrscope with --format sarif and validates the output against the
OASIS SARIF 2.1.0 JSON schema in ../shared/schemas (relative to the repository
root). Exit 77 (a ctest skip) when the schema is absent.

usage: validate_sarif.py REPO_ROOT WORKDIR IVRSCOPE ARGS...
"""
import json
import os
import subprocess
import sys

SKIP = 77


def main():
    root, workdir, binary, args = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    schema_path = os.path.join(root, "..", "shared", "schemas", "sarif-schema-2.1.0.json")
    if not os.path.isfile(schema_path):
        print(f"SKIP: no SARIF schema at {os.path.normpath(schema_path)}")
        return SKIP
    try:
        import jsonschema
    except ImportError:
        print("FAIL: python3-jsonschema is missing; run tools/setup.sh")
        return 1
    run = subprocess.run([binary, *args, "--format", "sarif"], cwd=workdir,
                         capture_output=True, text=True)
    if run.returncode not in (0, 1, 2):
        print(f"FAIL: ivrscope exited {run.returncode}: {run.stderr}")
        return 1
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    document = json.loads(run.stdout)
    validator = jsonschema.Draft7Validator(schema)
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
    for e in errors:
        print(f"FAIL: {'/'.join(map(str, e.path))}: {e.message}")
    if errors:
        return 1
    results = document["runs"][0]["results"]
    if not results:
        print("FAIL: the run has no results: nothing was validated")
        return 1
    print(f"ok: {len(results)} results valid against SARIF 2.1.0")
    return 0


if __name__ == "__main__":
    sys.exit(main())
