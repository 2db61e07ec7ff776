"""kg: knowledge graphs from Chinese government news.

Extraction finds officials with their posts, organizations, policy concepts and meetings with their
participants; the RDF graph (rdflib, ontology in ``ontology/kg.ttl``) keeps the evidence of every fact.

Example:
    >>> import kg
    >>> doc = kg.extract("退役軍人事務部部長孫紹騁出席會議並講話。")[0]
    >>> kg.to_record(doc)["posts"]
    [{'person': '孫紹騁', 'org': '退役軍人事務部', 'title': '部長'}]
    >>> graph = kg.build_graph([doc])
    >>> "孫紹騁" in kg.export(graph, "ttl")
    True
"""

# Submodules that share a name with an API function are imported first: importing one later (lazily, from
# inside a function) would rebind the package attribute to the module.
import kg.evaluate
import kg.push
import kg.stats
import kg.view  # noqa: F401
from kg.api import (
    BuildResult,
    build,
    build_store,
    evaluate,
    extract,
    iter_extract,
    open_graph,
    remove,
    stats,
    validate,
    view,
)
from kg.errors import KgError
from kg.export import export
from kg.graph import build_graph, to_networkx
from kg.model import Document
from kg.pipeline import Pipeline
from kg.push import push
from kg.reader import read_inputs
from kg.record import to_record

__all__ = [
    "BuildResult",
    "Document",
    "KgError",
    "Pipeline",
    "build",
    "build_graph",
    "build_store",
    "open_graph",
    "push",
    "remove",
    "stats",
    "validate",
    "evaluate",
    "export",
    "extract",
    "iter_extract",
    "read_inputs",
    "to_networkx",
    "to_record",
    "view",
]
__version__ = "0.1.0"
