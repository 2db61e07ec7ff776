"""Exporters for graph databases: JSON-LD, and property graphs (GraphML, Neo4j CSV, Cypher).

Each module registers nothing itself: :mod:`kg.export` registers them lazily by ``"module:function"``, so
importing kg stays cheap.  The property-graph formats share one mapping, :mod:`kg.exporters.pg`.

=========  ======================================  ==========================================================
format     module                                  output
=========  ======================================  ==========================================================
jsonld     :mod:`kg.exporters.jsonld`              one JSON-LD document, a named graph per article
graphml    :mod:`kg.exporters.graphml`             GraphML for Gephi, yEd, Cytoscape, networkx
neo4j      :mod:`kg.exporters.neo4j`               a folder: ``neo4j-admin database import`` CSVs and scripts
cypher     :mod:`kg.exporters.cypher`              ``UNWIND`` … ``MERGE`` statements (Neo4j, Memgraph, FalkorDB)
=========  ======================================  ==========================================================

This module also holds what the CLI needs around them: :func:`load_dataset` reads a graph file, a ``kg
build`` folder or a kg store keeping its named graphs, and :func:`write_folder` writes a folder export
atomically.
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from rdflib import Dataset, Graph

from kg.atomic import atomic_write
from kg.errors import ExportError, InputError

__all__ = ["load_dataset", "write_folder"]

# Files kg build may have written into a folder, the quad formats first so named graphs survive.
_FOLDER_FILES = ("graph.nq", "graph.trig", "graph.jsonld", "graph.ttl", "graph.nt")


def load_dataset(path: str | os.PathLike[str]) -> Graph:
    """Read a graph to export: a kg store, a ``kg build`` output folder or a graph file.

    Quad formats (N-Quads, TriG, JSON-LD) and stores are read as a :class:`rdflib.Dataset`, so their named
    graphs (one per article) reach the exporters; triple formats as a :class:`rdflib.Graph`.

    Raises:
        InputError: the path is missing, holds no graph, has an unknown suffix or does not parse.
    """
    from kg.view import RDF_FORMATS

    source = Path(path)
    if source.is_dir():
        from kg.store import KgStore, is_store

        if is_store(source):
            with KgStore.open(source, create=False, read_only=True) as store:
                return store.dataset()
        found = next((source / n for n in _FOLDER_FILES if (source / n).is_file()), None)
        if found is None:
            raise InputError(str(source), f"no graph in this folder (looked for {', '.join(_FOLDER_FILES)}); "
                             "pass a graph file, the output folder of `kg build` or a kg store")
        source = found
    elif not source.exists():
        raise InputError(str(source), "no such file or folder")
    fmt = RDF_FORMATS.get(source.suffix.lower())
    if fmt is None:
        raise InputError(str(source), f"cannot tell the RDF format from the suffix {source.suffix or '(none)'!r}; "
                         f"use one of {', '.join(sorted(RDF_FORMATS))}")
    try:
        return (Dataset() if fmt.quads else Graph()).parse(source, format=fmt.parser)
    except Exception as e:  # rdflib's parsers raise many unrelated types
        first = str(e).strip().splitlines()[0] if str(e).strip() else ""
        raise InputError(str(source), f"cannot parse as RDF ({fmt.parser}, {type(e).__name__}: {first}); "
                         "is the file complete?") from e


def write_folder(destination: str | os.PathLike[str], files: Mapping[str, str]) -> None:
    """Write ``files`` (relative POSIX path -> text) as the folder ``destination``, all or nothing.

    The files go into a temporary folder next to ``destination``, which then replaces it.  An existing
    ``destination`` is replaced only when it is empty or holds nothing but what such an export writes (the
    top-level names of ``files``), so a mistyped path never deletes someone's folder.

    Raises:
        ExportError: ``destination`` is a file, or a folder with other contents, or cannot be written.

    Example:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     write_folder(Path(tmp, "out"), {"a.csv": "x\\n", "sub/b.csv": "y\\n"})
        ...     sorted(str(p.relative_to(tmp)) for p in Path(tmp, "out").rglob("*"))
        ['out/a.csv', 'out/sub', 'out/sub/b.csv']
    """
    target = Path(destination)
    tops = {PurePosixPath(name).parts[0] for name in files}
    for name in files:
        parts = PurePosixPath(name).parts
        if not parts or PurePosixPath(name).is_absolute() or ".." in parts:
            raise ExportError(f"cannot write {name!r} into a folder export: not a relative path inside it")
    if target.exists() and not target.is_dir():
        raise ExportError(f"cannot write the folder {os.fspath(target)!r}: a file of that name exists")
    if target.is_dir():
        unexpected = sorted(p.name for p in target.iterdir() if p.name not in tops)
        if unexpected:
            raise ExportError(
                f"cannot write into {os.fspath(target)!r}: it holds other files ({', '.join(unexpected[:3])}"
                f"{', …' if len(unexpected) > 3 else ''}); choose a new or empty folder"
            )
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
    old = target.with_name(f".{target.name}.{secrets.token_hex(6)}.old")
    try:
        tmp.mkdir(parents=True)
        for name, text in sorted(files.items()):
            atomic_write(tmp / name, text)
        if target.is_dir():
            os.replace(target, old)
        os.replace(tmp, target)
    except OSError as e:
        shutil.rmtree(tmp, ignore_errors=True)
        if old.exists() and not target.exists():
            os.replace(old, target)
        raise ExportError(f"cannot write {os.fspath(target)!r}: {e.strerror or e}") from e
    shutil.rmtree(old, ignore_errors=True)
