#!/usr/bin/env python3
"""Checks an XML export (an SVG drawing, GraphML, GEXF) the way a strict XML
client reads it, with nothing but the Python standard library (expat).

usage:
  xml_check.py svg FILE [EXPECT.json]
      FILE is well-formed XML and holds no character the exports must never
      write (see `unsafe` below) and no raw line separator (U+0085, U+2028,
      U+2029: they must be character references). With EXPECT.json
      ({"texts": [...], "titles": [...]}): every string in "texts" is the
      whole text of some <text> element, and every string in "titles" is
      part of some xlink:title attribute (a tooltip), as the XML reader
      gives them back.
  xml_check.py graphml FILE
      The same character checks, and the constraints the GraphML XSD
      (graphml.graphdrawing.org/xmlns/1.0) puts on what actorgraph writes:
      every id, key reference and attr.name is an xs:NMTOKEN, ids are
      unique, edges and <data> refer to declared nodes and keys of the
      right domain, attr.type is one of the XSD's types and values parse
      as it, elements come in the order the XSD's content models require.
  xml_check.py gexf-kinds FILE
      The same character checks; every <edge> has a `kind`, and grouping
      the edges by (source, target, kind), as Gephi's importer merges
      parallel edges, keeps every edge: prints the number of edges and of
      groups ("edges 12 groups 12") and exits 1 when they differ.

Exit 0 when the file passes; otherwise the problems on stderr and exit 1.
"""
import json
import re
import sys
import xml.etree.ElementTree as ET

XLINK = "{http://www.w3.org/1999/xlink}"
GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"
GEXF = "{http://gexf.net/1.3}"


def unsafe(c):
    """Characters XML 1.0 forbids, and the Unicode noncharacters."""
    n = ord(c)
    return (n < 0x20 and c not in "\t\n\r") or 0xFDD0 <= n <= 0xFDEF or (n & 0xFFFE) == 0xFFFE


LINE_SEPARATORS = "\u0085\u2028\u2029"


def read(path, problems):
    with open(path, "rb") as f:
        raw = f.read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        problems.append(f"not UTF-8: {e}")
        return None
    bad = sorted({f"U+{ord(c):04X}" for c in text if unsafe(c) or c in LINE_SEPARATORS})
    if bad:
        problems.append(f"raw characters that must not be written: {', '.join(bad)}")
    try:
        return ET.fromstring(raw)
    except ET.ParseError as e:
        problems.append(f"not well-formed XML: {e}")
        return None


def check_svg(root, expect, problems):
    texts = ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]
    titles = [v for e in root.iter() for k, v in e.attrib.items() if k == XLINK + "title"]
    for want in expect.get("texts", []):
        if want not in texts:
            problems.append(f"no <text> reads {want!r}; texts: {texts!r}")
    for want in expect.get("titles", []):
        if not any(want in t for t in titles):
            problems.append(f"no tooltip holds {want!r}; tooltips: {titles!r}")


# xs:NMTOKEN: one or more XML NameChars.
NAME_START = (
    ":A-Z_a-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D"
    "\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\U00010000-\U000EFFFF"
)
NMTOKEN = re.compile(f"[{NAME_START}\\-.0-9\u00B7\u0300-\u036F\u203F-\u2040]+")

GRAPHML_TYPES = {
    "boolean": lambda v: v in ("true", "false"),
    "int": lambda v: re.fullmatch(r"[+-]?[0-9]+", v) is not None and -2**31 <= int(v) < 2**31,
    "long": lambda v: re.fullmatch(r"[+-]?[0-9]+", v) is not None and -2**63 <= int(v) < 2**63,
    "float": lambda v: re.fullmatch(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?|INF|-INF|NaN", v) is not None,
    "double": lambda v: re.fullmatch(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?|INF|-INF|NaN", v) is not None,
    "string": lambda v: True,
}


def local(tag):
    return tag[len(GRAPHML):] if tag.startswith(GRAPHML) else None


def check_order(parent, allowed, problems):
    """The children of `parent` follow the content model `allowed`: a list
    of (element name, repeatable) in the required order."""
    names = [local(c.tag) for c in parent]
    i = 0
    for name in names:
        while i < len(allowed) and allowed[i][0] != name:
            i += 1
        if i == len(allowed):
            problems.append(f"<{local(parent.tag)}>: children {names} out of the XSD's order {[a for a, _ in allowed]}")
            return
        if not allowed[i][1]:
            i += 1


def nmtoken(what, value, problems):
    if value is None or not NMTOKEN.fullmatch(value):
        problems.append(f"{what} {value!r} is not an xs:NMTOKEN")


def check_graphml(root, problems):
    if root.tag != GRAPHML + "graphml":
        problems.append(f"root is {root.tag}, not graphml in the GraphML namespace")
        return
    check_order(root, [("desc", False), ("key", True), ("graph", True), ("data", True)], problems)
    keys = {}
    for key in root.findall(GRAPHML + "key"):
        kid = key.get("id")
        nmtoken("key id", kid, problems)
        if kid in keys:
            problems.append(f"key id {kid!r} twice")
        domain = key.get("for", "all")
        if domain not in ("all", "graphml", "graph", "node", "edge", "hyperedge", "port", "endpoint"):
            problems.append(f"key {kid!r}: for={domain!r}")
        name = key.get("attr.name")
        if name is not None:
            nmtoken(f"key {kid!r} attr.name", name, problems)
        ty = key.get("attr.type", "string")
        if ty not in GRAPHML_TYPES:
            problems.append(f"key {kid!r}: attr.type={ty!r}")
        keys[kid] = (domain, ty)

    def check_data(owner, domain, what):
        for d in owner.findall(GRAPHML + "data"):
            k = d.get("key")
            nmtoken(f"{what}: data key", k, problems)
            if k not in keys:
                problems.append(f"{what}: data key {k!r} is not declared")
                continue
            kd, ty = keys[k]
            if kd not in (domain, "all"):
                problems.append(f"{what}: key {k!r} is for {kd}, used on a {domain}")
            if not GRAPHML_TYPES[ty](d.text or ""):
                problems.append(f"{what}: {k!r} = {d.text!r} is not a {ty}")

    for graph in root.findall(GRAPHML + "graph"):
        nmtoken("graph id", graph.get("id"), problems)
        if graph.get("edgedefault") not in ("directed", "undirected"):
            problems.append(f"graph edgedefault={graph.get('edgedefault')!r}")
        check_order(graph, [("desc", False), ("data", True), ("node", True), ("edge", True), ("hyperedge", True)], problems)
        # The XSD lets nodes and edges mix; actorgraph writes nodes first.
        ids = set()
        for node in graph.findall(GRAPHML + "node"):
            nid = node.get("id")
            nmtoken("node id", nid, problems)
            if nid in ids:
                problems.append(f"node id {nid!r} twice")
            ids.add(nid)
            check_order(node, [("desc", False), ("data", True), ("port", True), ("graph", False), ("locator", False)], problems)
            check_data(node, "node", f"node {nid!r}")
        edge_ids = set()
        for edge in graph.findall(GRAPHML + "edge"):
            eid = edge.get("id")
            if eid is not None:
                nmtoken("edge id", eid, problems)
                if eid in edge_ids or eid in ids:
                    problems.append(f"edge id {eid!r} is not unique")
                edge_ids.add(eid)
            for end in ("source", "target"):
                ref = edge.get(end)
                nmtoken(f"edge {eid!r} {end}", ref, problems)
                if ref not in ids:
                    problems.append(f"edge {eid!r}: {end} {ref!r} is not a node")
            check_order(edge, [("desc", False), ("data", True), ("graph", False)], problems)
            check_data(edge, "edge", f"edge {eid!r}")


def check_gexf_kinds(root, problems):
    graph = root.find(GEXF + "graph")
    if graph is None:
        problems.append("no <graph> in the GEXF 1.3 namespace")
        return
    edges = graph.findall(f"{GEXF}edges/{GEXF}edge")
    groups = set()
    for e in edges:
        if e.get("kind") is None:
            problems.append(f"edge {e.get('id')!r} has no kind")
        groups.add((e.get("source"), e.get("target"), e.get("kind")))
    print(f"edges {len(edges)} groups {len(groups)}")
    if len(groups) != len(edges):
        problems.append(f"merging by (source, target, kind) folds {len(edges)} edges into {len(groups)}")


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in ("svg", "graphml", "gexf-kinds"):
        print(__doc__, file=sys.stderr)
        return 2
    mode, path = sys.argv[1], sys.argv[2]
    problems = []
    root = read(path, problems)
    if root is not None:
        if mode == "svg":
            expect = {}
            if len(sys.argv) > 3:
                with open(sys.argv[3], encoding="utf-8") as f:
                    expect = json.load(f)
            check_svg(root, expect, problems)
        elif mode == "graphml":
            check_graphml(root, problems)
        else:
            check_gexf_kinds(root, problems)
    for p in problems:
        print(f"{path}: {p}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
