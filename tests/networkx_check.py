#!/usr/bin/env python3
"""Reads actorgraph's GraphML, GEXF and node-link JSON exports back with
NetworkX and compares nodes, edges and attributes with what the Rust test
expects. GraphML nodes are `n0`, `n1`, … and are matched by their `label`
(the actor's name); the XML formats are expected to read back with the
characters XML cannot carry as U+FFFD.

usage: networkx_check.py EXPECTED.json GRAPHML NODE_LINK_JSON GEXF

EXPECTED.json: {"nodes": {id: {attr: value}}, "edges": [{"source", "target", attr: value, ...}]}
Exit 0 when all three files match; otherwise the differences on stderr and exit 1.
Exit 3 when NetworkX is not installed (the Rust test then skips with a note).
"""
import json
import sys

try:
    import networkx as nx
except ImportError:
    print("networkx is not installed", file=sys.stderr)
    sys.exit(3)

# Attributes a reader adds by itself, per format (GraphML: the edge id, kept as
# an attribute when the graph has no parallel edges).
READER_EXTRAS = {"graphml": {"id"}, "node-link": set(), "gexf": {"id", "weight"}}


def load_node_link(path, problems):
    """One call for every NetworkX version: the file has the links under
    both `links` (NetworkX < 3.4 reads these) and `edges` (>= 3.4)."""
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    if data.get("links") != data.get("edges"):
        problems.append("node-link: `links` and `edges` differ")
    return nx.node_link_graph(data)


def xml_unsafe(c):
    """Characters the XML exports write as U+FFFD: those XML 1.0 forbids and
    the Unicode noncharacters."""
    n = ord(c)
    return (n < 0x20 and c not in "\t\n\r") or 0xFDD0 <= n <= 0xFDEF or (n & 0xFFFE) == 0xFFFE


def as_xml_reads(value):
    """The expectation as an XML reader gets it back from the XML exports."""
    if isinstance(value, str):
        return "".join("\ufffd" if xml_unsafe(c) else c for c in value)
    if isinstance(value, list):
        return [as_xml_reads(v) for v in value]
    if isinstance(value, dict):
        return {as_xml_reads(k): as_xml_reads(v) for k, v in value.items()}
    return value


def load_graphml(path, problems):
    """GraphML node ids are `n0`, `n1`, … (xs:NMTOKEN); the actor's name is
    the `label` attribute. Returns the graph with nodes keyed by name."""
    graph = nx.read_graphml(path)
    ids = list(graph.nodes)
    if sorted(ids, key=lambda n: int(n[1:]) if n[1:].isdigit() else -1) != [f"n{i}" for i in range(len(ids))]:
        problems.append(f"graphml: node ids are not n0…n{len(ids) - 1}: {ids!r}")
    labels = {n: d.get("label") for n, d in graph.nodes(data=True)}
    if None in labels.values() or len(set(labels.values())) != len(labels):
        problems.append(f"graphml: node labels missing or not unique: {labels!r}")
        return graph
    return nx.relabel_nodes(graph, labels)


def same_value(fmt, want, got):
    if type(want) is bool or type(got) is bool:
        return type(got) is bool and type(want) is bool and want == got
    if isinstance(want, int):
        return isinstance(got, int) and want == got
    return want == got


def compare_attrs(fmt, what, want, got, problems):
    for name, value in want.items():
        if fmt == "graphml" and value == "":
            # GraphML cannot tell an empty string from no value.
            if name in got:
                problems.append(f"{fmt}: {what}: `{name}` should be absent, got {got[name]!r}")
            continue
        if name not in got:
            problems.append(f"{fmt}: {what}: `{name}` missing (want {value!r})")
        elif not same_value(fmt, value, got[name]):
            problems.append(f"{fmt}: {what}: `{name}` = {got[name]!r} ({type(got[name]).__name__}), want {value!r}")
    extra = set(got) - set(want) - READER_EXTRAS[fmt]
    if extra:
        problems.append(f"{fmt}: {what}: unexpected attributes {sorted(extra)}")


def check(fmt, graph, expected, problems):
    if not graph.is_directed():
        problems.append(f"{fmt}: graph is not directed")
    want_nodes = expected["nodes"]
    got_nodes = dict(graph.nodes(data=True))
    if set(want_nodes) != set(got_nodes):
        problems.append(f"{fmt}: nodes differ: missing {sorted(set(want_nodes) - set(got_nodes))!r}, "
                        f"extra {sorted(set(got_nodes) - set(want_nodes))!r}")
        return
    for node, attrs in want_nodes.items():
        compare_attrs(fmt, f"node {node!r}", attrs, got_nodes[node], problems)

    def edge_key(source, target, attrs):
        return (source, target, attrs.get("relation"), attrs.get("modality"))

    want_edges = {}
    for e in expected["edges"]:
        attrs = {k: v for k, v in e.items() if k not in ("source", "target")}
        want_edges[edge_key(e["source"], e["target"], attrs)] = attrs
    got_edges = {}
    for u, v, data in graph.edges(data=True):
        key = edge_key(u, v, data)
        if key in got_edges:
            problems.append(f"{fmt}: edge {key!r} appears twice")
        got_edges[key] = data
    if set(want_edges) != set(got_edges):
        problems.append(f"{fmt}: edges differ: missing {sorted(set(want_edges) - set(got_edges), key=repr)!r}, "
                        f"extra {sorted(set(got_edges) - set(want_edges), key=repr)!r}")
        return
    for key, attrs in want_edges.items():
        compare_attrs(fmt, f"edge {key!r}", attrs, got_edges[key], problems)


def main():
    if len(sys.argv) != 5:
        print(__doc__, file=sys.stderr)
        return 2
    expected_path, graphml_path, node_link_path, gexf_path = sys.argv[1:]
    with open(expected_path, encoding="utf-8") as f:
        expected = json.load(f)
    problems = []
    xml_expected = as_xml_reads(expected)
    check("graphml", load_graphml(graphml_path, problems), xml_expected, problems)
    check("node-link", load_node_link(node_link_path, problems), expected, problems)
    if "1.3" in nx.readwrite.gexf.GEXF.versions:
        check("gexf", nx.read_gexf(gexf_path), xml_expected, problems)
    else:
        # NetworkX reads GEXF 1.3 from 3.6 on (3.3, 3.4.2 and 3.5 know no 1.3 namespace).
        print(f"note: NetworkX {nx.__version__} cannot read GEXF 1.3; GEXF not checked", file=sys.stderr)
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
