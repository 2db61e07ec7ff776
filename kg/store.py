"""A persistent kg store for corpus-sized graphs: Oxigraph on disk plus a small state file.

A store is a folder::

    STORE/oxigraph/     the quads (RocksDB, via pyoxigraph): one named graph per article + the derived graph
    STORE/state.json    base IRI, the person resolver's clusters, and each article's content hash and date
    STORE/lock          held while a build writes, so two builds never write one store at once

Adding articles extracts nothing twice: an article whose id and content hash are already in the store is
skipped, one whose text changed replaces its old graph.  Removing an article drops its named graph.  After
either, the derived graph (preferred labels, post dates) is recomputed for exactly the entities the
changed articles name, from what the remaining articles say.

The store is read with SPARQL directly (:meth:`KgStore.query`) or through rdflib (:meth:`KgStore.graph`,
backed by oxrdflib, nothing loaded in memory).

Example:
    >>> import tempfile
    >>> from kg.model import Document
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     with KgStore.open(tmp + "/store") as store:
    ...         store.add([Document(id="a1", text="", title="标题", date="2025-01-02")]).added
    1
"""

from __future__ import annotations

import errno
import fcntl
import json
import logging
import multiprocessing as mp
import os
import pickle
import re
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Dataset, URIRef

from kg.atomic import atomic_write
from kg.errors import KgError
from kg.graph import (
    DEFAULT_BASE,
    HANS,
    HANT,
    _Builder,
    _Entity,
    content_hash,
    derived_graph_iri,
    derived_triples,
)
from kg.model import Document, Packed
from kg.ontology import KG_NS
from kg.resolve import Resolver, observe, place_names

log = logging.getLogger(__name__)

STATE_VERSION = 1
_KINDS_WITH_LABELS = ("person", "org", "place", "title", "policy", "meeting")


class StoreError(KgError):
    """The store folder is missing, damaged, locked by another build, or of another base IRI."""


@dataclass
class AddResult:
    """What :meth:`KgStore.add` did."""

    added: int = 0
    replaced: int = 0
    skipped: int = 0
    ids: list[str] = field(default_factory=list)
    validation: Any = None  # kg.shacl.ValidationReport of what was added, when validated


class KgStore:
    """An on-disk kg graph.  Use :meth:`open` (a context manager) rather than the constructor."""

    def __init__(self, path: str | os.PathLike[str], *, base: str | None = None, create: bool = True,
                 wait: float = 0.0, read_only: bool = False) -> None:
        self.path = Path(path)
        if not create and not (self.path / "state.json").exists():
            raise StoreError(f"{self.path}: not a kg store (no state.json); build one with kg build --store")
        self.path.mkdir(parents=True, exist_ok=True)
        self.read_only = read_only
        self._lock_file = None if read_only else self._lock(wait)
        state = self._read_state()
        self.base = state.get("base") or base or DEFAULT_BASE
        if base and state.get("base") and base != state["base"]:
            raise StoreError(f"{self.path}: the store uses base IRI {state['base']}, not {base}")
        self.articles: dict[str, dict[str, str | None]] = state.get("articles", {})
        self.resolver = Resolver(state.get("resolver"))
        try:
            db = str(self.path / "oxigraph")
            self.ox = ox.Store.read_only(db) if read_only else ox.Store(db)
        except OSError as e:
            self.close()
            raise StoreError(f"{self.path}: cannot open the Oxigraph database: {e}") from e

    @classmethod
    def open(cls, path: str | os.PathLike[str], **kwargs: Any) -> KgStore:
        return cls(path, **kwargs)

    def __enter__(self) -> KgStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- locking and state ---------------------------------------------------------------------------------

    def _lock(self, wait: float) -> Any:
        f = open(self.path / "lock", "a+")  # noqa: SIM115 - held until close()
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return f
            except OSError as e:
                if e.errno not in (errno.EAGAIN, errno.EACCES) or time.monotonic() >= deadline:
                    f.close()
                    raise StoreError(f"{self.path}: another kg build is writing this store; wait for it to "
                                     "finish (or pass a longer wait)") from None
                time.sleep(0.1)

    def _read_state(self) -> dict[str, Any]:
        p = self.path / "state.json"
        if not p.exists():
            return {}
        try:
            state = json.loads(p.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as e:
            raise StoreError(f"{p}: cannot read the store state ({e}); rebuild the store") from e
        if state.get("version") != STATE_VERSION:
            raise StoreError(f"{p}: store format {state.get('version')} is not {STATE_VERSION}; rebuild it")
        return state

    def _write_state(self) -> None:
        state = {"version": STATE_VERSION, "base": self.base, "articles": dict(sorted(self.articles.items())),
                 "resolver": self.resolver.state()}
        atomic_write(self.path / "state.json", json.dumps(state, ensure_ascii=False, indent=0, sort_keys=True))

    def close(self) -> None:
        if getattr(self, "ox", None) is not None and not self.read_only:
            self.ox.flush()
        self.ox = None  # type: ignore[assignment]
        if self._lock_file is not None:
            self._lock_file.close()
            self._lock_file = None

    # -- writing -------------------------------------------------------------------------------------------

    def add(self, documents: Iterable[Document], *, batch: int = 500, validate: bool = False,
            jobs: int = 1) -> AddResult:
        """Add analysed documents; skip those already present with the same content.

        Persons are resolved against the clusters of everything already in the store, so IRIs of existing
        people do not change.  Within one call documents are resolved in (date, id) order.  With
        ``validate``, the added articles (with the derived triples of what they name) are checked against
        the SHACL shapes, batch by batch, and the report is returned in ``AddResult.validation``.  With
        ``jobs`` > 1, batches are turned into quads (and validated) in that many processes once persons are
        resolved; this process loads them, in order, so the store is the same.
        """
        self._writable()
        result = AddResult()
        was_empty = not self.articles
        gathered: dict[URIRef, _Entity] = {}
        gathered_posts: dict[URIRef, dict[str, str | None]] = defaultdict(dict)
        gathered_confidence: dict[URIRef, float] = {}
        touched: set[URIRef] = set()
        posts: set[URIRef] = set()
        observations: list[Any] = []
        places: set[str] = set()
        spilled: list[_Spilled] = []
        # Analysed documents are spilled to a temporary file: memory holds only what resolution needs.
        clock = _Clock()
        with tempfile.TemporaryFile(dir=self.path) as spill:
            for item in documents:
                packed = item if isinstance(item, Packed) else pack(item)
                known = self.articles.get(packed.id)
                if known is not None and known.get("hash") == packed.hash:
                    result.skipped += 1
                    continue
                if known is not None:
                    old_entities, old_posts = self._drop_articles([packed.id])
                    touched |= old_entities
                    posts |= old_posts
                    result.replaced += 1
                observations.extend(packed.observations)
                places.update(packed.places)
                spilled.append(_Spilled(packed.id, packed.hash, packed.date, spill.tell(), len(packed.blob)))
                spill.write(packed.blob)
            if not spilled:
                if touched or posts:
                    self._rederive(touched, posts)
                    self._write_state()
                return result
            spill.flush()  # batches are read back by offset (os.pread), in this process or in workers
            log.debug("store: %d documents analysed and spilled in %s", len(spilled), clock)
            clock = _Clock()
            self.resolver.resolve_observations(observations, places)
            del observations
            log.debug("store: persons resolved in %s", clock)
            clock = _Clock()
            reports: list[Any] = []
            # parallel: smaller batches, so that less building is left when the last batch is loaded
            chunks = _chunks(spilled, batch if jobs <= 1 else max(1, batch // 5))
            if was_empty:
                # a build killed before it saved its state may have left graphs behind: a store whose state
                # names no article holds nothing else
                self.ox.clear()
            else:  # as above, for the articles added again
                for doc in spilled:
                    self.ox.remove_graph(ox.NamedNode(str(self._article_iri(doc.id))))
            # Built batches are loaded together, ``batch`` articles at a time: each bulk load writes new files
            # that RocksDB merges later, so fewer, larger loads cost the store less work.
            pending: list[_Built] = []
            size = 0
            for chunk, built in _build_batches(self.base, self.resolver, spill.fileno(), chunks, validate, jobs):
                for doc in chunk:
                    self.articles[doc.id] = {"hash": doc.hash, "date": doc.date}
                    result.ids.append(doc.id)
                pending.append(built)
                size += len(chunk)
                if size >= batch:
                    self._load(pending)
                    pending, size = [], 0
                touched |= set(built.entities) | set(built.confidence)
                posts |= set(built.post_dates)
                if was_empty:
                    _gather(gathered, gathered_posts, gathered_confidence, built)
                if built.report is not None:
                    reports.append(built.report)
            self._load(pending)
        log.debug("store: quads built and loaded in %s", clock)
        clock = _Clock()
        result.added = len(spilled) - result.replaced
        if was_empty:
            # a fresh store: everything the derived graph needs was seen while building
            self.ox.bulk_load(_derived_nquads(self.base, gathered, gathered_posts, gathered_confidence),
                              ox.RdfFormat.N_QUADS)
        else:
            self._rederive(touched, posts)
        self._write_state()
        log.debug("store: derived graph and state written in %s", clock)
        if validate:
            from kg.shacl import merge_reports

            result.validation = merge_reports(reports)
        return result

    def _load(self, built: list[_Built]) -> None:
        if built:
            # batches Oxigraph already parsed strictly (to validate them) need not be checked again
            self.ox.bulk_load(b"".join(b.data for b in built), ox.RdfFormat.N_QUADS,
                              lenient=all(b.parsed for b in built))

    def remove(self, ids: Iterable[str]) -> list[str]:
        """Retract articles: drop their named graphs and update what was derived from them.

        Returns:
            The ids that were in the store (unknown ids are ignored).
        """
        self._writable()
        present = [i for i in dict.fromkeys(ids) if i in self.articles]
        touched, posts = self._drop_articles(present)
        self._rederive(touched, posts)
        self._write_state()
        return present

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(f"{self.path}: opened read-only")

    def _article_iri(self, doc_id: str) -> URIRef:
        from kg.graph import entity_iri

        return entity_iri(self.base, "article", doc_id)

    def _drop_articles(self, ids: list[str]) -> tuple[set[URIRef], set[URIRef]]:
        touched: set[URIRef] = set()
        posts: set[URIRef] = set()
        for doc_id in ids:
            graph = ox.NamedNode(str(self._article_iri(doc_id)))
            for q in self.ox.quads_for_pattern(None, ox.NamedNode(_RDF_TYPE), None, graph):
                if isinstance(q.subject, ox.NamedNode):
                    touched.add(URIRef(q.subject.value))
                    if q.object.value == KG_NS + "PostHolding":
                        posts.add(URIRef(q.subject.value))
            self.ox.remove_graph(graph)
            self.articles.pop(doc_id, None)
        return touched, posts

    def _rederive(self, touched: set[URIRef], posts: set[URIRef]) -> None:
        """Recompute the derived triples of ``touched`` entities and ``posts`` from the article graphs."""
        derived = ox.NamedNode(str(derived_graph_iri(self.base)))
        for iri in touched | posts:
            for q in list(self.ox.quads_for_pattern(ox.NamedNode(str(iri)), None, None, derived)):
                self.ox.remove(q)
        entities = self._entities(touched)
        dates = self._post_dates(posts)
        confidence = self._confidence(touched | posts)
        self.ox.bulk_load(_derived_nquads(self.base, entities, dates, confidence), ox.RdfFormat.N_QUADS)

    def _confidence(self, facts: set[URIRef]) -> dict[URIRef, float]:
        """The highest confidence of the evidence of each of ``facts`` across the article graphs."""
        out: dict[URIRef, float] = {}
        for chunk in _chunks(sorted(facts), 400):
            values = " ".join(f"<{i}>" for i in chunk)
            rows = self.ox.query(f"""
                SELECT ?f (MAX(?c) AS ?m) WHERE {{
                  VALUES ?f {{ {values} }}
                  GRAPH ?g {{ ?f <http://www.w3.org/ns/prov#wasDerivedFrom> ?e . ?e <{KG_NS}confidence> ?c }}
                }} GROUP BY ?f""")
            for row in rows:
                if row["m"] is not None:
                    out[URIRef(row["f"].value)] = float(row["m"].value)
        return out

    def _entities(self, iris: set[URIRef]) -> dict[URIRef, _Entity]:
        out: dict[URIRef, _Entity] = {}
        for chunk in _chunks(sorted(iris), 400):
            values = " ".join(f"<{i}>" for i in chunk)
            rows = self.ox.query(f"""
                SELECT ?s ?l ?k (COUNT(DISTINCT ?g) AS ?n) WHERE {{
                  VALUES ?s {{ {values} }}
                  GRAPH ?g {{ ?s <{_RDFS_LABEL}> ?k . FILTER(lang(?k) = "zh-hans") }}
                  # outside the first GRAPH block: Oxigraph then joins on ?s and ?g (8x faster on a corpus)
                  OPTIONAL {{ GRAPH ?g {{ ?s <{KG_NS}writtenAs> ?l }} }}
                }} GROUP BY ?s ?l ?k""")
            for row in rows:
                iri = URIRef(row["s"].value)
                kind = self._kind(iri)
                if kind is None:
                    continue
                ent = out.setdefault(iri, _Entity(kind, self._key(iri, kind, row["k"].value)))
                if row["l"] is not None:
                    lit = row["l"]
                    ent.written[(lit.value, _tag(lit.language))] += int(row["n"].value)
            meetings = self.ox.query(f"""
                SELECT ?s ?l (COUNT(DISTINCT ?g) AS ?n) WHERE {{
                  VALUES ?s {{ {values} }}
                  GRAPH ?g {{ ?s a <{KG_NS}Meeting> ; <{KG_NS}writtenAs> ?l }}
                }} GROUP BY ?s ?l""")
            for row in meetings:
                iri = URIRef(row["s"].value)
                lit = row["l"]
                ent = out.setdefault(iri, _Entity("meeting", self._meeting_key(iri)))
                ent.written[(lit.value, _tag(lit.language))] += int(row["n"].value)
        return out

    def _kind(self, iri: URIRef) -> str | None:
        rest = str(iri)[len(self.base):] if str(iri).startswith(self.base) else ""
        kind = rest.split("/", 1)[0]
        return kind if kind in _KINDS_WITH_LABELS else None

    def _key(self, iri: URIRef, kind: str, name: str) -> str:
        if kind != "person":
            return name
        from urllib.parse import unquote

        from kg.resolve import QUALIFIER

        parts = str(iri)[len(self.base) + len("person/"):].split("/")
        return QUALIFIER.join(unquote(p) for p in parts)

    def _meeting_key(self, iri: URIRef) -> str:
        from urllib.parse import unquote

        return unquote(str(iri).rsplit("/", 1)[-1])

    def _post_dates(self, posts: set[URIRef]) -> dict[URIRef, dict[str, str | None]]:
        out: dict[URIRef, dict[str, str | None]] = defaultdict(dict)
        for chunk in _chunks(sorted(posts), 400):
            values = " ".join(f"<{i}>" for i in chunk)
            rows = self.ox.query(f"""
                SELECT ?p ?g ?d WHERE {{
                  VALUES ?p {{ {values} }}
                  GRAPH ?g {{ ?p a <{KG_NS}PostHolding> . OPTIONAL {{ ?g <http://purl.org/dc/terms/date> ?d }} }}
                }}""")
            for row in rows:
                out[URIRef(row["p"].value)][row["g"].value] = row["d"].value if row["d"] is not None else None
        return out

    # -- reading -------------------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.ox)

    def query(self, sparql: str) -> Any:
        """Run a SPARQL query on the store (union of all graphs as the default graph)."""
        return self.ox.query(sparql, use_default_graph_as_union=True)

    def graph(self) -> Dataset:
        """The store through the rdflib API (oxrdflib): nothing is loaded in memory; the default graph is the
        union of all graphs, named graphs are reachable with ``graph(iri)`` and SPARQL ``GRAPH``."""
        from oxrdflib import OxigraphStore

        return Dataset(store=OxigraphStore(store=self.ox), default_union=True)

    def dataset(self) -> Dataset:
        """The store as an in-memory rdflib dataset (for exports of modest size)."""
        ds = Dataset()
        data = self.ox.dump(format=ox.RdfFormat.N_QUADS)
        ds.parse(data=data.decode("utf-8") if isinstance(data, bytes) else data, format="nquads")
        return ds

    def dump_ntriples(self) -> str:
        """Deterministic N-Triples of the union of all graphs (each triple once, lines sorted)."""
        # Oxigraph writes the triples of every graph; the lines are deduplicated and sorted as bytes (UTF-8
        # byte order is code point order: the same order as sorting the text)
        result = self.ox.query("CONSTRUCT { ?s ?p ?o } WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }")
        assert isinstance(result, ox.QueryTriples)
        return _sorted_lines(result.serialize(format=ox.RdfFormat.N_TRIPLES), unique=True)

    def dump_turtle(self) -> str:
        """Deterministic Turtle of the union of all graphs, written by Oxigraph from sorted triples.

        Subjects come in IRI order (not grouped by type as kg's in-memory writer does); the triples are the
        same as in :meth:`dump_ntriples`.
        """
        from kg.graph import KIND_PREFIXES
        from kg.ontology import PREFIXES

        prefixes = dict(PREFIXES)
        prefixes.update({p: self.base + kind + "/" for kind, p in KIND_PREFIXES.items()})
        prefixes["kgid"] = self.base
        triples = ox.parse(self.dump_ntriples(), format=ox.RdfFormat.N_TRIPLES)
        data = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes)
        text = data.decode("utf-8") if isinstance(data, bytes) else str(data)
        # the prefix lines come in Oxigraph's map order: sort them so the file never depends on it
        lines = text.split("\n")
        n = 0
        while n < len(lines) and lines[n].startswith("@prefix "):
            n += 1
        return _TAG_CASE_TTL.sub(lambda m: '"@' + _TAGS[m.group(1)], "\n".join(sorted(lines[:n]) + lines[n:]))

    def dump_nquads(self) -> str:
        """Deterministic N-Quads of the whole store (sorted lines), identical to kg's in-memory writer.

        Oxigraph stores language tags in lower case; they are written back in kg's case (zh-Hans).
        """
        return _sorted_lines(self.ox.dump(format=ox.RdfFormat.N_QUADS))


_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_TAGS = {"zh-hans": HANS, "zh-hant": HANT}
_TAG_CASE = re.compile(rb'(?<!\\)"@(zh-han[st])(?= )')
_TAG_BYTES = {k.encode(): b'"@' + v.encode() for k, v in _TAGS.items()}
_TAG_CASE_TTL = re.compile(r'(?<!\\)"@(zh-han[st])\b')
_RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def _sorted_lines(data: bytes | None, unique: bool = False) -> str:
    """N-Triples or N-Quads written by Oxigraph, with kg's case of language tags (Oxigraph stores them in
    lower case), as sorted lines (distinct ones with ``unique``).  Done on bytes: UTF-8 byte order is code
    point order, so the lines come in the order of the text, in a fraction of the time."""
    raw = _TAG_CASE.sub(lambda m: _TAG_BYTES[m.group(1)], data or b"")  # None: only when given a file
    lines = raw.split(b"\n")
    return b"".join(line + b"\n" for line in sorted(set(lines) if unique else lines) if line).decode("utf-8")


class _Clock:
    """Wall and CPU time since creation, for the debug log: CPU of this process (all its threads: Oxigraph
    loads with several) and of its finished worker processes."""

    def __init__(self) -> None:
        self.wall, self.cpu, self.children = time.perf_counter(), time.process_time(), _children_cpu()

    def __str__(self) -> str:
        return (f"{time.perf_counter() - self.wall:.1f} s (CPU {time.process_time() - self.cpu:.1f} s, "
                f"workers {_children_cpu() - self.children:.1f} s)")


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _tag(language: str | None) -> str:
    lang = (language or "").lower()
    return HANT if lang == HANT.lower() else HANS if lang == HANS.lower() else (language or "")


def _gather(entities: dict[URIRef, _Entity], posts: dict[URIRef, dict[str, str | None]],
            confidence: dict[URIRef, float], builder: Any) -> None:
    """Merge one batch's entity evidence (written forms per article, post dates, the highest confidence of
    each fact) into the running totals."""
    for iri, ent in builder.entities.items():
        total = entities.get(iri)
        if total is None:
            total = entities[iri] = _Entity(ent.kind, ent.key)
        total.written.update(ent.written)
        total.government |= ent.government
        total.policy_types.update(ent.policy_types)
    for post, dates in builder.post_dates.items():
        posts[post].update(dates)
    for fact, value in builder.confidence.items():
        if value > confidence.get(fact, -1.0):
            confidence[fact] = value


@dataclass
class _Built:
    """One batch turned into quads: the N-Quads, what the derived graph needs, the SHACL report."""

    data: bytes
    entities: dict[URIRef, _Entity]
    post_dates: dict[URIRef, dict[str, str | None]]
    confidence: dict[URIRef, float]
    report: Any = None
    parsed: bool = False  # ``data`` was loaded strictly into Oxigraph once already (by the SHACL check)


@dataclass(frozen=True, slots=True)
class _Spilled:
    """Where an article's packed document lies in the spill file, and what the store's state keeps of it."""

    id: str
    hash: str
    date: str | None
    offset: int
    size: int


def pack(doc: Document) -> Packed:
    """What a store needs of an analysed document: its persons' observations and place names for resolution,
    and the document pickled (without tokens) to be spilled and turned into quads later.  Module-level, so
    that worker processes can run it where they analysed the document."""
    blob = pickle.dumps(replace(doc, tokens=()) if doc.tokens else doc, protocol=pickle.HIGHEST_PROTOCOL)
    return Packed(doc.id, doc.date, content_hash(doc), len(doc.text), tuple(observe(doc)),
                  frozenset(place_names(doc)), blob)


def _build_batch(base: str, assigned: dict[tuple[str, str], str], spill: int, docs: list[_Spilled],
                 validate: bool) -> _Built:
    """The quads of a batch of spilled documents whose persons are resolved (``assigned``); runs in any process
    that has the spill file's descriptor ``spill`` (forked workers inherit it)."""
    resolver = Resolver()
    resolver.assigned = assigned
    builder = _Builder(base, resolver)
    for doc in docs:
        builder.document(pickle.loads(os.pread(spill, doc.size, doc.offset)))
    data = builder.nquads().encode("utf-8")
    report, parsed = _validate_batch(base, builder, data) if validate else (None, False)
    return _Built(data, builder.entities, dict(builder.post_dates), builder.confidence, report, parsed)


def _build_batches(base: str, resolver: Resolver, spill: int, chunks: Iterable[list[_Spilled]], validate: bool,
                   jobs: int) -> Iterator[tuple[list[_Spilled], _Built]]:
    """Each chunk with its quads, in order; in ``jobs`` forked processes (which read the documents from the
    spill file themselves), at most two batches a process in flight."""
    if jobs <= 1 or "fork" not in mp.get_all_start_methods():
        for chunk in chunks:
            yield chunk, _build_batch(base, resolver.assigned, spill, chunk, validate)
        return
    from collections import deque

    by_doc: dict[str, dict[tuple[str, str], str]] = defaultdict(dict)  # each task gets its documents' share
    for key, value in resolver.assigned.items():
        by_doc[key[0]][key] = value

    def task(chunk: list[_Spilled]) -> tuple[str, dict[tuple[str, str], str], int, list[_Spilled], bool]:
        return base, {k: v for d in chunk for k, v in by_doc.get(d.id, {}).items()}, spill, chunk, validate

    from kg.parallel import frozen_heap

    with frozen_heap(), mp.get_context("fork").Pool(jobs) as pool:
        flight: deque[tuple[list[_Spilled], Any]] = deque()
        it = iter(chunks)
        while True:
            while len(flight) < 2 * jobs:
                chunk = next(it, None)
                if chunk is None:
                    break
                flight.append((chunk, pool.apply_async(_build_batch, task(chunk))))
            if not flight:
                return
            chunk, future = flight.popleft()
            yield chunk, future.get()


def _validate_batch(base: str, builder: _Builder, data: bytes) -> tuple[Any, bool]:
    """SHACL on one batch (its N-Quads ``data``) with the derived triples the batch alone gives; also whether
    ``data`` was parsed strictly by Oxigraph on the way."""
    from kg.shacl import compiled_shapes, validate, validate_oxigraph

    if compiled_shapes() is None:
        from kg.graph import union_graph

        return validate(union_graph(builder.finish()), engine="pyshacl"), False
    batch = ox.Store()
    batch.bulk_load(data + _derived_nquads(base, builder.entities, builder.post_dates, builder.confidence),
                    ox.RdfFormat.N_QUADS)
    return validate_oxigraph(batch), True


def _derived_nquads(base: str, entities: dict[URIRef, _Entity], posts: dict[URIRef, dict[str, str | None]],
                    confidence: dict[URIRef, float]) -> bytes:
    """The derived graph of ``entities``, ``posts`` and the facts' ``confidence`` as N-Quads (loading them in
    bulk is several times faster than inserting the quads one by one)."""
    from kg.export import nquad_lines

    derived = derived_graph_iri(base)
    return nquad_lines((s_, p_, o_, derived)
                       for s_, p_, o_ in derived_triples(entities, posts, confidence)).encode("utf-8")


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def is_store(path: str | os.PathLike[str]) -> bool:
    """True when ``path`` is a kg store folder."""
    p = Path(path)
    return p.is_dir() and (p / "state.json").exists() and (p / "oxigraph").exists()
