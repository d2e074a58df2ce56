#!/usr/bin/env python3
"""Runs actorgraph's Kuzu Cypher script (`export --format cypher --dialect
kuzu`) in an embedded Kuzu database, twice, and compares what the database
holds with what the Rust test expects.

usage: kuzu_check.py SCRIPT EXPECTED.json

EXPECTED.json: {"nodes": {id: {attr: value}}, "edges": [{"source", "target",
"type", "key", attr: value, ...}]}; an attribute left out is expected NULL.
Exit 0 when the database matches after each run; otherwise the differences
on stderr and exit 1. Exit 3 when Kuzu is not installed (the Rust test then
skips with a note, or fails under CI).
"""
import json
import sys
import tempfile

try:
    import kuzu
except ImportError:
    print("kuzu is not installed (pip install kuzu)", file=sys.stderr)
    sys.exit(3)

NODE_ATTRS = ["label", "kind", "mentions", "names"]
EDGE_ATTRS = ["relation", "modality", "mentions", "first_date", "last_date", "nominal", "documents", "evidence", "label"]


def rows(conn, query):
    result = conn.execute(query)
    out = []
    while result.has_next():
        out.append(result.get_next())
    return out


def same(want, got):
    if type(want) is bool or type(got) is bool:
        return type(want) is type(got) and want == got
    return want == got


def compare(what, got, want, attrs, problems, run):
    """Reports keys missing or extra, then each attribute that differs; False when the keys differ."""
    if set(got) != set(want):
        problems.append(f"run {run}: {what}s differ: missing {sorted(set(want) - set(got), key=repr)!r}, "
                        f"extra {sorted(set(got) - set(want), key=repr)!r}")
        return False
    for key, w in want.items():
        for name in attrs:
            if not same(w.get(name), got[key][name]):
                problems.append(f"run {run}: {what} {key!r}: {name} = {got[key][name]!r}, want {w.get(name)!r}")
    return True


def check(conn, expected, problems, run):
    nodes = {r[0]: dict(zip(NODE_ATTRS, r[1:])) for r in
             rows(conn, "MATCH (a:Actor) RETURN a.id, " + ", ".join(f"a.{n}" for n in NODE_ATTRS))}
    if not compare("actor", nodes, expected["nodes"], NODE_ATTRS, problems, run):
        return
    query = ("MATCH (s:Actor)-[r]->(o:Actor) RETURN s.id, o.id, label(r), r.key, "
             + ", ".join(f"r.{n}" for n in EDGE_ATTRS))
    try:
        got_edges = rows(conn, query)
    except RuntimeError as e:
        # Without links the script declares no relationship table to match.
        if expected["edges"]:
            problems.append(f"run {run}: cannot read the links: {e}")
            return
        got_edges = []
    if len(got_edges) != len(expected["edges"]):
        problems.append(f"run {run}: {len(got_edges)} links in the database, want {len(expected['edges'])}")
    got = {}
    for r in got_edges:
        got[(r[0], r[1], r[2], r[3])] = dict(zip(EDGE_ATTRS, r[4:]))
    want = {}
    for e in expected["edges"]:
        want[(e["source"], e["target"], e["type"], e["key"])] = e
    compare("link", got, want, EDGE_ATTRS, problems, run)


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    # newline="": the script's strings may hold carriage returns, kept as written.
    with open(sys.argv[1], encoding="utf-8", newline="") as f:
        script = f.read()
    with open(sys.argv[2], encoding="utf-8") as f:
        expected = json.load(f)
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        db = kuzu.Database(f"{tmp}/db")
        conn = kuzu.Connection(db)
        for run in (1, 2):
            try:
                conn.execute(script)
            except RuntimeError as e:
                problems.append(f"run {run}: Kuzu refused the script: {e}")
                break
            check(conn, expected, problems, run)
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
