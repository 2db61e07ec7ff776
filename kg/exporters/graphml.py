"""GraphML of the property graph (:mod:`kg.exporters.pg`), for Gephi, yEd, Cytoscape and networkx.

Written by hand rather than by :func:`networkx.write_graphml` so that the file is deterministic and valid
XML whatever the names hold:

* keys are declared in schema order, nodes sorted by (label, id), edges by (type, source, target, key) with
  ids ``e0``, ``e1`` … in that order; the same graph gives byte-identical files;
* attribute types are GraphML's ``string``, ``int`` and ``boolean``; dates are ``string`` (ISO
  ``YYYY-MM-DD``); lists (``aliases``, ``labels``) are JSON-encoded strings (``["a", "b"]``), which keeps
  any element intact;
* a node has ``label`` (its name, what Gephi and Cytoscape show), ``type`` (its primary label), ``labels``
  and the node properties; an edge has ``type`` (the relationship type), ``label`` (the title as written for
  ``HOLDS_POST``, else the type) and the relationship properties;
* ``\\r`` is written as ``&#13;`` so XML parsers keep it, and characters XML 1.0 cannot hold at all (control
  characters other than tab, newline and carriage return; U+FFFE, U+FFFF) become U+FFFD.

Example:
    >>> from rdflib import Graph
    >>> print(serialize_graphml(Graph()).splitlines()[-2])
      <graph id="kg" edgedefault="directed"/>
"""

from __future__ import annotations

import json
import re

from rdflib import Graph

from kg.exporters.pg import NODE_SCHEMA, REL_SCHEMA, PropertyGraph, PropType, to_property_graph

__all__ = ["serialize_graphml", "write_graphml_text"]

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_GRAPHML_TYPES = {"string": "string", "string[]": "string", "int": "int", "boolean": "boolean", "date": "string"}


def _xml(text: str, *, attribute: bool = False) -> str:
    text = _XML_INVALID.sub("\ufffd", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    if attribute:
        text = text.replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")
    return text


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (tuple, list)):
        return json.dumps(list(value), ensure_ascii=False)
    return str(value)


def _keys(domain: str, props: dict[str, PropType]) -> list[str]:
    return [f'  <key id="{domain[0]}_{name}" for="{domain}" attr.name="{name}" '
            f'attr.type="{_GRAPHML_TYPES[t]}"/>' for name, t in props.items()]


def write_graphml_text(pg: PropertyGraph) -> str:
    """GraphML text of a property graph (see the module doc for the layout)."""
    node_props: dict[str, PropType] = {"label": "string", "type": "string", "labels": "string[]"}
    for props in NODE_SCHEMA.values():
        node_props.update({name: t for name, t in props if name not in node_props})
    edge_props: dict[str, PropType] = {"label": "string", "type": "string"}
    for spec in REL_SCHEMA.values():
        edge_props.update({name: t for name, t in spec.properties if name not in edge_props})
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
        'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
        *_keys("node", node_props),
        *_keys("edge", edge_props),
    ]
    if not pg.nodes:
        lines += ['  <graph id="kg" edgedefault="directed"/>', "</graphml>", ""]
        return "\n".join(lines)
    lines.append('  <graph id="kg" edgedefault="directed">')
    for node in pg.nodes:
        values = {"label": node.properties.get("name", node.id), "type": node.label, "labels": node.labels,
                  **node.properties}
        lines.append(f'    <node id="{_xml(node.id, attribute=True)}">')
        lines += [f'      <data key="n_{k}">{_xml(_value(values[k]))}</data>' for k in node_props if k in values]
        lines.append("    </node>")
    for i, rel in enumerate(pg.relationships):
        label = rel.properties.get("title", rel.type) if rel.type == "HOLDS_POST" else rel.type
        values = {"label": label, "type": rel.type, **rel.properties}
        lines.append(f'    <edge id="e{i}" source="{_xml(rel.start, attribute=True)}" '
                     f'target="{_xml(rel.end, attribute=True)}">')
        lines += [f'      <data key="e_{k}">{_xml(_value(values[k]))}</data>' for k in edge_props if k in values]
        lines.append("    </edge>")
    lines += ["  </graph>", "</graphml>", ""]
    return "\n".join(lines)


def serialize_graphml(graph: Graph) -> str:
    """GraphML of ``graph`` projected by :func:`kg.exporters.pg.to_property_graph`."""
    return write_graphml_text(to_property_graph(graph))
