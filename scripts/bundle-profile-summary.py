#!/usr/bin/env python3
"""Readable summaries of twiggy's CSV output for scripts/bundle-profile.sh.

twiggy prints full demangled v0 names (crate hashes, nested generic arguments of Leptos views
thousands of characters long); these summaries drop the hashes and elide deep generic arguments.

  bundle-profile-summary.py top N < twiggy-top.csv        largest items (shallow bytes)
  bundle-profile-summary.py crates < twiggy-top.csv       bytes per crate and per guardview module
  bundle-profile-summary.py families < twiggy-top.csv     generic families (sort, drop_in_place, …)
  bundle-profile-summary.py monos N < twiggy-monos.csv    duplicated generic code (twiggy monos -g)
  bundle-profile-summary.py dominators N < twiggy-dom.csv largest retained subtrees below the table
"""
import csv
import re
import sys

HASH = re.compile(r"\[[0-9a-f]{12,16}\]")


def clean(name):
    return HASH.sub("", name)


def elide(name, depth=2, width=160):
    """Keeps generic arguments up to `depth` levels deep and cuts the name to `width`."""
    out, level = [], 0
    for ch in name:
        if ch == "<":
            level += 1
            if level == depth + 1:
                out.append("<…")
            if level > depth:
                continue
        elif ch == ">":
            level -= 1
            if level >= depth:
                if level == depth:
                    out.append(">")
                continue
        elif level > depth:
            continue
        out.append(ch)
    text = "".join(out)
    return text if len(text) <= width else text[: width - 1] + "…"


def rows():
    reader = csv.reader(sys.stdin)
    header = next(reader, None)
    return header, list(reader)


def owner(name):
    """The crate (or guardview module) that a function belongs to, from its demangled name."""
    name = clean(name)
    if name.startswith('"') or name.startswith("data segment"):
        return "(data segments)" if name.startswith("data segment") else "(custom sections)"
    body = name.lstrip("<&*( ")
    for prefix in ("dyn ", "const ", "mut "):
        if body.startswith(prefix):
            body = body[len(prefix) :]
    m = re.match(r"guardview::([a-z_]+)", body)
    if m:
        return "guardview::" + m.group(1)
    m = re.match(r"([A-Za-z_][A-Za-z0-9_]*)::", body)
    return m.group(1) if m else "(other)"


def code_rows(data):
    for row in data:
        if not row or row[0].startswith('"function names"') or "subsection" in row[0]:
            continue  # the name section itself is not shipped
        yield clean(row[0]), int(row[1])


def top(n):
    _, data = rows()
    items = sorted(code_rows(data), key=lambda r: -r[1])
    for name, size in items[:n]:
        print(f"{size:>9}  {elide(name)}")


def crates():
    _, data = rows()
    totals = {}
    for name, size in code_rows(data):
        key = owner(name)
        totals[key] = totals.get(key, 0) + size
    total = sum(totals.values())
    for key, size in sorted(totals.items(), key=lambda kv: -kv[1])[:40]:
        print(f"{size:>9}  {100 * size / total:5.1f}%  {key}")
    print(f"{total:>9}  100.0%  total (without the name section)")


FAMILIES = [
    ("core::slice::sort (sort/sort_by/sort_unstable monomorphisations)", "core::slice::sort::"),
    ("core::ptr::drop_in_place", "core::ptr::drop_in_place"),
    ("serde_json reader (SliceRead: bytes)", "serde_json::read::SliceRead"),
    ("serde_json reader (StrRead: str)", "serde_json::read::StrRead"),
    ("serde_json::Value", "serde_json::value::"),
    ("core::fmt / alloc::fmt", "::fmt::"),
    ("chrono::format", "chrono::format"),
    ("reactive_graph::untrack_with_diagnostics (one per view)", "untrack_with_diagnostics"),
    ("rust_xlsxwriter", "rust_xlsxwriter::"),
    ("zopfli", "zopfli::"),
    ("zlib_rs", "zlib_rs::"),
    ("plotters", "plotters"),
]


def families():
    _, data = rows()
    totals = {label: 0 for label, _ in FAMILIES}
    for name, size in code_rows(data):
        for label, needle in FAMILIES:
            if needle in name:
                totals[label] += size
                break
    for label, size in sorted(totals.items(), key=lambda kv: -kv[1]):
        print(f"{size:>9}  {label}")


def monos(n):
    _, data = rows()
    for row in data[:n]:
        if row and not row[0].startswith("Σ"):
            print(f"{int(row[1]):>9} bloat {int(row[3]):>9} total  {elide(clean(row[0]))}")


def dominators(n):
    header, data = rows()
    idx = {name: i for i, name in enumerate(header)}
    table = [r for r in data if r and clean(r[idx["Name"]]) == "elem[0]"]
    parent = table[0][idx["Id"]] if table else None
    below = [r for r in data if r and r[idx["ImmediateDominator"]] == parent]
    below.sort(key=lambda r: -int(r[idx["RetainedSize"]]))
    for r in below[:n]:
        name = elide(clean(r[idx["Name"]]))
        print(f"{int(r[idx['RetainedSize']]):>9} retained  {name}")


if __name__ == "__main__":
    mode = sys.argv[1] if len(sys.argv) > 1 else "top"
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 30
    {
        "top": lambda: top(count),
        "crates": crates,
        "families": families,
        "monos": lambda: monos(count),
        "dominators": lambda: dominators(count),
    }[mode]()
