"""SPARQL over kg graphs: run queries with Oxigraph, the bundled named queries, and result formats.

A graph to query is a Turtle/TriG/N-Quads/N-Triples file, the output folder of ``kg build``, a kg store
(:mod:`kg.store`), an rdflib graph or a :class:`pyoxigraph.Store`.  Files are loaded into an in-memory
Oxigraph store (triple files into one named graph, named by the file's URI); a kg store is queried on disk,
read-only.  The default graph of every query is the union of all graphs.

**Named queries** are SPARQL files in ``ontology/queries/`` (shipped in the wheel as ``kg/ontology/queries``)
whose header comment documents them and declares their parameters::

    # Officials of an organization, with their titles.
    # @param org (org) e.g. 退役軍人事務部 — the organization's name, in either script
    SELECT … WHERE { VALUES ?name { $org } ?org rdfs:label? ?name . FILTER(isIRI(?org)) … }

A parameter is never pasted into the query as text: each value is checked for its kind, normalised (either
script; other names of bodies) and written as escaped RDF terms (:func:`sparql_literal`, :func:`sparql_iri`)
that replace the ``$name`` variable tokens (found with a SPARQL lexer, so ``$org`` inside a string or an IRI
is left alone).  An optional parameter that is not given becomes ``UNDEF`` and ``$name_given`` ``false``.

Facts about the data that shape the named queries:

* Each article is a named graph, so a triple several articles state (an entity's label, a post's member) is
  in several graphs, and Oxigraph's union default graph returns it once *per graph*.  Joining such patterns
  multiplies the repeats.  The queries read them through a zero-or-one property path, ``?s p? ?o``, which
  is a set (its zero-length match, the subject itself, is filtered out); derived facts (preferred labels,
  first/last seen) are stated once, in the derived graph.
* Oxigraph's optimizer orders joins by estimated size.  The queries start from a small anchor (``VALUES``
  of the parameter, or a sub-query whose ``LIMIT``, far above any corpus, caps the estimate), look up
  optional facts with ``OPTIONAL`` (evaluated row by row), and check a triple in the graph where it is
  stated (``GRAPH ?g``) rather than across all copies.  Typical queries answer in milliseconds on a corpus
  store of three million quads (``benchmarks/query_speed.py``).
* Oxigraph lower-cases language tags (``zh-hans``) while rdflib keeps ``zh-Hans``, so the queries compare tags
  with ``langMatches`` and results are written with the usual case (``zh-Hans``).

Example:
    >>> import kg
    >>> graph = kg.build_graph(kg.extract("退役军人事务部部长孙绍骋出席会议。"))
    >>> result = run_query(graph, "officials", {"org": "退役軍人事務部"})
    >>> [(row["person"], row["title"]) for row in result.records()]
    [('孙绍骋', '部长')]
    >>> print(format_result(result, "csv").splitlines()[0])
    person,title,former,firstSeen,lastSeen,articles
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from itertools import islice
from pathlib import Path
from typing import Any, Literal
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

import pyoxigraph as ox

from kg.errors import InputError, KgError

__all__ = [
    "FORMATS",
    "NamedQuery",
    "Param",
    "ParameterError",
    "QueryError",
    "QuerySyntaxError",
    "ReadOnlyError",
    "Result",
    "ResultFormat",
    "check_read_only",
    "execute",
    "format_result",
    "get_format",
    "load_store",
    "named_queries",
    "open_graph_store",
    "query_form",
    "render",
    "resolve_query",
    "run_query",
    "sparql_iri",
    "sparql_literal",
    "tokens",
]

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
KG_NS = "https://w3id.org/kg-gov/ns#"


class QueryError(KgError):
    """A query cannot be run: unknown named query, unreadable file, bad syntax, refused operation."""


class QuerySyntaxError(QueryError):
    """The SPARQL text does not parse; ``line`` and ``column`` (1-based) say where."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None,
                 source: str | None = None) -> None:
        self.line, self.column, self.source = line, column, source
        where = f" at line {line}, column {column}" if line is not None else ""
        super().__init__(f"{source + ': ' if source else ''}SPARQL syntax error{where}: {message}")


class ReadOnlyError(QueryError):
    """The request would change data or call another server (SPARQL Update, LOAD, SERVICE): refused."""

    def __init__(self, operation: str, message: str) -> None:
        self.operation = operation
        super().__init__(message)


class ParameterError(QueryError):
    """A parameter of a named query is missing, unknown or not of its kind."""


# ---------------------------------------------------------------------------------------------------------
# Lexing SPARQL (enough to find keywords and $parameters outside strings, IRIs and comments)

_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<string>\"\"\"(?:(?:\"|\"\")?(?:[^\"\\]|\\.))*\"\"\"
              | '''(?:(?:'|'')?(?:[^'\\]|\\.))*'''
              | \"(?:[^\"\\\n\r]|\\.)*\"
              | '(?:[^'\\\n\r]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00B7\u0300-\u036F\u203F\u2040]+)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<bnode>_:[\w.\-\u00B7]*)
  | (?P<pname>(?:[^\W\d_][\w.\-\u00B7]*)?:(?:[\w\-.:%\u00B7]|\\[_~.\-!$&'()*+,;=/?\#@%])*)
  | (?P<number>[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?))
  | (?P<word>[^\W\d][\w]*)
  | (?P<punct>\^\^|\|\||&&|!=|<=|>=|.)
    """,
    re.VERBOSE | re.DOTALL,
)

TokenKind = Literal["ws", "comment", "string", "iri", "var", "lang", "bnode", "pname", "number", "word", "punct"]

#: Keywords that only SPARQL Update has; none of them is a keyword of the query language.
UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD"})
_FORMS = {"SELECT": "select", "CONSTRUCT": "construct", "DESCRIBE": "describe", "ASK": "ask"}


def unescape_codepoints(text: str) -> str:
    r"""Apply SPARQL's ``\uXXXX``/``\UXXXXXXXX`` escapes, which act on the query text before parsing."""
    def repl(m: re.Match[str]) -> str:
        try:
            return chr(int(m.group(1) or m.group(2), 16))
        except (ValueError, OverflowError):
            return m.group(0)

    return _CODEPOINT.sub(repl, text)


def tokens(text: str) -> Iterator[tuple[TokenKind, str, int]]:
    """Split SPARQL text into ``(kind, text, offset)`` tokens, comments and whitespace included.

    The lexer knows strings (all four quotings), IRIs, comments, variables, prefixed names and words, which
    is what :func:`check_read_only` and :func:`render` need; it is not a parser.

    Example:
        >>> [(k, t) for k, t, _ in tokens('SELECT $x { ?s <urn:a> "$x" } # $x') if k != "ws"]
        [('word', 'SELECT'), ('var', '$x'), ('punct', '{'), ('var', '?s'), ('iri', '<urn:a>'), ('string', '"$x"'), ('punct', '}'), ('comment', '# $x')]
    """
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        assert m is not None  # the last alternative matches any character
        kind, value = m.lastgroup, m.group(0)
        if kind == "pname" and value.endswith(".") and value != ":":
            value = value.rstrip(".")  # a local name never ends with "."; the dot ends the triple
        yield kind, value, pos  # type: ignore[misc]
        pos += len(value)


def query_form(text: str) -> str | None:
    """The form of a query (``select``, ``construct``, ``describe``, ``ask``) from its first keyword."""
    for kind, value, _ in tokens(unescape_codepoints(text)):
        if kind == "word" and value.upper() in _FORMS:
            return _FORMS[value.upper()]
    return None


def check_read_only(text: str) -> None:
    """Refuse SPARQL Update (``INSERT``, ``DROP``, ``LOAD`` …) and ``SERVICE`` calls to other servers.

    The text is lexed after SPARQL's codepoint escapes are applied (as the parser does), so a keyword inside
    a string, an IRI or a comment does not count and an escaped one (``SERV\\u0049CE``) does.  Queries run
    only through Oxigraph's query API, which cannot execute updates; this check gives the clear message and
    is what keeps ``SERVICE`` (which Oxigraph would otherwise execute over HTTP) out.

    Raises:
        ReadOnlyError: the text is an update or calls SERVICE.

    Example:
        >>> check_read_only('SELECT * { ?s ?p "DROP ALL" }')
        >>> check_read_only("DROP ALL")
        Traceback (most recent call last):
        ...
        kg.query.ReadOnlyError: SPARQL Update (DROP) is refused: kg only reads graphs
    """
    for kind, value, _ in tokens(unescape_codepoints(text)):
        if kind != "word":
            continue
        upper = value.upper()
        if upper in UPDATE_KEYWORDS:
            raise ReadOnlyError(upper, f"SPARQL Update ({upper}) is refused: kg only reads graphs")
        if upper == "SERVICE":
            raise ReadOnlyError("SERVICE", "SERVICE (federated query to another endpoint) is refused: kg "
                                           "answers from its own graph only")


# ---------------------------------------------------------------------------------------------------------
# Safe RDF terms

_LANG = re.compile(r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*")
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_ECHAR = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def sparql_literal(value: str, *, lang: str | None = None, datatype: str | None = None) -> str:
    r"""``value`` as a SPARQL string literal: quoted, escaped, optionally with a language tag or datatype.

    Backslash, quote and the control characters that have escapes are escaped; other control characters are
    refused.  Codepoint escapes (``\u0022``) in the value stay inert: their backslash is escaped too.

    Raises:
        ParameterError: the value has a control character, or the tag or datatype is malformed.

    Example:
        >>> print(sparql_literal('退役军人事务部" } ; DROP ALL ; #', lang="zh-Hans"))
        "退役军人事务部\" } ; DROP ALL ; #"@zh-Hans
    """
    bad = next((c for c in value if (ord(c) < 0x20 and c not in _ECHAR) or ord(c) == 0x7F), None)
    if bad is not None:
        raise ParameterError(f"the value {value!r} contains the control character U+{ord(bad):04X}; remove it")
    text = '"' + "".join(_ECHAR.get(c, c) for c in value) + '"'
    if lang is not None:
        if not _LANG.fullmatch(lang):
            raise ParameterError(f"{lang!r} is not a language tag")
        return f"{text}@{lang}"
    if datatype is not None:
        return f"{text}^^{sparql_iri(datatype)}"
    return text


def sparql_iri(value: str) -> str:
    """``value`` as a SPARQL IRI term ``<…>``, after checking it is an absolute IRI with no forbidden character.

    Raises:
        ParameterError: the value is not an absolute IRI or has spaces, quotes, ``<>{}|^`\\`` or controls.

    Example:
        >>> sparql_iri("https://w3id.org/kg-gov/id/person/孙绍骋")
        '<https://w3id.org/kg-gov/id/person/孙绍骋>'
    """
    if not re.match(r"[A-Za-z][A-Za-z0-9+.\-]*:", value) or _IRI_FORBIDDEN.search(value):
        raise ParameterError(f"{value!r} is not an absolute IRI (no spaces, quotes or <>{{}}|^`\\ allowed)")
    return f"<{value}>"


# ---------------------------------------------------------------------------------------------------------
# Named queries and their parameters

ParamKind = Literal["org", "name", "entity", "text", "date", "period", "int", "policy-type"]
PARAM_KINDS: dict[str, str] = {
    "org": "an organization's name in either script; other names of the body (国家发改委) work too",
    "name": "a name in either script (person, title, place, policy)",
    "entity": "a name in either script, or the IRI of an entity or fact",
    "text": "text to look for, in either script",
    "date": "a date, YYYY-MM-DD",
    "period": "a year or a month, YYYY or YYYY-MM",
    "int": "a whole number",
    "confidence": "a number from 0 to 1 (facts whose kg:confidence is below it are left out)",
    "policy-type": "law, plan, theory, slogan, initiative or spirit (or 法律法规, 规划, 理论, 口号, 倡议, 会议精神)",
}
_POLICY_TYPES = {
    "law": "Law", "plan": "Plan", "theory": "Theory", "slogan": "Slogan", "initiative": "Initiative",
    "spirit": "MeetingSpirit", "meetingspirit": "MeetingSpirit",
    "法律法规": "Law", "法律": "Law", "规划": "Plan", "理论": "Theory", "口号": "Slogan", "倡议": "Initiative",
    "会议精神": "MeetingSpirit",
}
_PARAM_LINE = re.compile(
    r"^#\s*@param\s+(?P<name>[a-z][a-z0-9_]*)\s+\((?P<kind>[a-z-]+)(?:,\s*(?P<opt>optional|default\s+(?:\"\"|[^)\s]+)))?\)"
    r"(?:\s+e\.g\.\s+(?P<example>\S+))?\s*(?:—|--)\s*(?P<description>.+?)\s*$"
)
#: Names that kg query uses for its own options, so no parameter may have them.
RESERVED_PARAMS = frozenset({"format", "limit", "help"})
_EXAMPLE_LINE = re.compile(r"^#\s*@example\s+(?P<example>.+?)\s*$")


@lru_cache(maxsize=1)
def _normalizer() -> Any:
    from kg.normalize import Normalizer

    return Normalizer()


def _names(value: str, *, org: bool = False, simplified: bool = False) -> list[str]:
    """Candidate Simplified keys of a name: as normalised for IRIs, and canonical for organizations."""
    from kg.resolve import canonical_org

    norm = _normalizer()
    key = norm.key(value)
    out = [norm.simplify(value).strip()] if simplified else []
    out.append(key)
    if org:
        out.insert(0, canonical_org(key))
        # 中共浙江省委 and 浙江省委 name one body; articles write both
        if key.startswith("中共"):
            out += [canonical_org(key[2:]), key[2:]]
        elif re.search(r"[省市县区州盟旗]委", key):
            out.append("中共" + key)
    return [x for x in dict.fromkeys(out) if x]


@dataclass(frozen=True)
class Param:
    """A parameter of a named query, declared in its header as ``# @param NAME (KIND[, optional]) …``."""

    name: str
    kind: ParamKind
    description: str
    example: str | None = None
    required: bool = True
    default: str | None = None

    @property
    def option(self) -> str:
        """The command-line option of the parameter (``min_confidence`` → ``--min-confidence``)."""
        return "--" + self.name.replace("_", "-")

    def terms(self, value: str | None) -> list[str]:
        """The SPARQL terms that stand for ``value`` (``["UNDEF"]`` when an optional one is not given).

        Raises:
            ParameterError: the value is missing or not of the parameter's kind.
        """
        if value is None or (isinstance(value, str) and not value.strip()):
            value = self.default
        if value is None:
            if self.required:
                raise ParameterError(f"{self.option} is required: {self.description}"
                                     + (f" (e.g. {self.option} {self.example})" if self.example else ""))
            # a minimum not given is 0 (used in expressions, where UNDEF is no term)
            return ["0.000"] if self.kind == "confidence" else ["UNDEF"]
        value = str(value).strip()
        if not value:  # an empty default ("" in the header) is the empty string
            return [sparql_literal("")]
        kind = self.kind
        if kind in ("org", "name"):
            return [sparql_literal(k, lang="zh-Hans") for k in _names(value, org=kind == "org")]
        if kind == "entity":
            iri = value[1:-1] if value.startswith("<") and value.endswith(">") else value
            if re.match(r"(?:https?|urn|file):", iri):
                return [sparql_iri(iri)]
            return [sparql_literal(k, lang="zh-Hans") for k in _names(value, org=True, simplified=True)]
        if kind == "text":
            return [sparql_literal(k) for k in _names(value, simplified=True)]
        if kind == "date":
            import datetime as dt

            try:
                dt.date.fromisoformat(value)
                if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                    raise ValueError(value)
            except ValueError:
                raise ParameterError(f"--{self.name} {value!r} is not a date; write YYYY-MM-DD") from None
            return [sparql_literal(value, datatype=XSD + "date")]
        if kind == "period":
            if not re.fullmatch(r"\d{4}(?:-(?:0[1-9]|1[0-2]))?", value):
                raise ParameterError(f"--{self.name} {value!r} is not a year or month; write YYYY or YYYY-MM")
            return [sparql_literal(value)]
        if kind == "int":
            if not re.fullmatch(r"\d{1,9}", value):
                raise ParameterError(f"--{self.name} {value!r} is not a whole number")
            return [str(int(value))]
        if kind == "confidence":
            try:
                number = float(value)
            except ValueError:
                number = -1.0
            if not 0 <= number <= 1 or not re.fullmatch(r"[0-9.]+", value):
                raise ParameterError(f"{self.option} {value!r} is not a number from 0 to 1")
            return [f"{number:.3f}"]
        if kind == "policy-type":
            local = _POLICY_TYPES.get(value.lower()) or _POLICY_TYPES.get(_normalizer().key(value))
            if local is None:
                raise ParameterError(f"--{self.name} {value!r} is not a policy type; use {PARAM_KINDS[kind]}")
            return [sparql_iri(KG_NS + local)]
        raise ParameterError(f"unknown parameter kind {kind!r}")  # pragma: no cover - checked on load


@dataclass(frozen=True)
class NamedQuery:
    """A SPARQL query with a documented header: summary, description, parameters and examples."""

    name: str
    text: str
    summary: str = ""
    description: str = ""
    params: tuple[Param, ...] = ()
    examples: tuple[str, ...] = ()
    path: str | None = None

    @classmethod
    def parse(cls, text: str, name: str, path: str | None = None) -> NamedQuery:
        """Read the header comment of a query: first line the summary, then prose, ``@param``, ``@example``.

        Raises:
            QueryError: a ``@param`` line is malformed or names an unknown kind.
        """
        summary, prose, params, examples = "", [], [], []
        for line in text.splitlines():
            if not line.startswith("#"):
                if line.strip():
                    break
                continue
            if line.lstrip("# ").startswith("@param"):
                name_match = re.match(r"#\s*@param\s+(\w+)", line)
                if name_match and name_match[1] in RESERVED_PARAMS:
                    raise QueryError(f"{path or name}: --{name_match[1]} is an option of kg query; give the "
                                     "parameter another name")
                m = _PARAM_LINE.match(line)
                if m is None or m["kind"] not in PARAM_KINDS:
                    raise QueryError(f"{path or name}: malformed parameter line {line!r}; write "
                                     "# @param NAME (KIND[, optional|, default VALUE]) e.g. EXAMPLE — DESCRIPTION "
                                     f"with KIND one of {', '.join(PARAM_KINDS)}")
                opt = m["opt"] or ""
                default = opt.split(None, 1)[1] if opt.startswith("default") else None
                params.append(Param(m["name"], m["kind"], m["description"], m["example"],  # type: ignore[arg-type]
                                    required=not opt, default="" if default == '""' else default))
            elif (m := _EXAMPLE_LINE.match(line)) is not None:
                examples.append(m["example"])
            else:
                body = line[1:].strip()
                if not summary:
                    summary = body
                else:
                    prose.append(body)
        description = "\n".join(prose).strip()
        return cls(name, text, summary, re.sub(r"(?<!\n)\n(?!\n)", " ", description), tuple(params),
                   tuple(examples), path)

    def param(self, name: str) -> Param:
        found = next((p for p in self.params if p.name == name), None)
        if found is None:
            known = ", ".join(p.option for p in self.params) or "none"
            raise ParameterError(f"{self.name} has no parameter --{name}; its parameters: {known}")
        return found

    def render(self, values: Mapping[str, Any] | None = None) -> str:
        """The query text with each ``$param`` replaced by escaped terms; see :func:`render`."""
        return render(self, values)

    def usage(self) -> str:
        """One line of usage: ``officials --org NAME``."""
        parts = [self.name]
        for p in self.params:
            arg = f"{p.option} {p.example or p.kind.upper()}"
            parts.append(arg if p.required else f"[{arg}]")
        return " ".join(parts)


def render(query: NamedQuery, values: Mapping[str, Any] | None = None) -> str:
    """Substitute the parameters of ``query``: every ``$name`` variable token becomes the escaped terms.

    Values are never pasted as text: each is normalised and written by :func:`sparql_literal` or
    :func:`sparql_iri` (or checked as a number or date), so a value such as ``x" } ; DROP ALL ; #`` stays
    inside its string literal.  Several candidate terms (a name's forms) are separated by spaces, so such
    parameters are used in ``VALUES ?v { $name }``; an optional parameter that is not given becomes
    ``UNDEF``, and ``$name_given`` becomes ``true`` or ``false``.

    Raises:
        ParameterError: an unknown parameter, a missing required one, or a value of the wrong kind.

    Example:
        >>> q = NamedQuery.parse('# Posts.\\n# @param org (org) e.g. 国家发改委 — a body\\n'
        ...                      'SELECT * { VALUES ?n { $org } ?o ?p "$org" }', "demo")
        >>> print(q.render({"org": "國家發改委"}).splitlines()[-1])
        SELECT * { VALUES ?n { "国家发展改革委"@zh-Hans "国家发改委"@zh-Hans } ?o ?p "$org" }
    """
    values = {k: v for k, v in (values or {}).items() if v is not None}
    for name in values:
        query.param(name)  # unknown names fail with the list of known ones
    terms = {p.name: " ".join(p.terms(values.get(p.name))) for p in query.params}
    # $name_given says whether an optional parameter was given, so a query can choose a branch with
    # FILTER($name_given), which the optimizer drops when false
    terms.update({p.name + "_given": "true" if values.get(p.name) not in (None, "") else "false"
                  for p in query.params if not p.required})
    out: list[str] = []
    for kind, value, _ in tokens(query.text):
        if kind == "var" and value.startswith("$") and value[1:] in terms:
            out.append(terms[value[1:]])
        else:
            out.append(value)
    return "".join(out)


def _queries_dir() -> Any:
    candidates = []
    try:
        candidates.append(resources.files("kg").joinpath("ontology").joinpath("queries"))
    except (ModuleNotFoundError, FileNotFoundError, NotADirectoryError):  # pragma: no cover - odd installs
        pass
    candidates.append(Path(__file__).resolve().parent.parent / "ontology" / "queries")
    for folder in candidates:
        if folder.is_dir():
            return folder
    raise QueryError("the named queries (ontology/queries/*.rq) are missing from the installation; reinstall kg")


@lru_cache(maxsize=1)
def named_queries() -> dict[str, NamedQuery]:
    """The bundled named queries by name (``ontology/queries/NAME.rq``), in name order.

    Example:
        >>> q = named_queries()["officials"]
        >>> q.usage()
        'officials --org 退役軍人事務部 [--min-confidence 0.8]'
    """
    folder = _queries_dir()
    found = sorted((f for f in folder.iterdir() if f.name.endswith(".rq")), key=lambda f: f.name)
    return {f.name[:-3]: NamedQuery.parse(f.read_text(encoding="utf-8"), f.name[:-3], f"ontology/queries/{f.name}")
            for f in found}


def resolve_query(query: str | NamedQuery) -> NamedQuery:
    """A named query by name, a ``.rq`` file, or SPARQL text, as a :class:`NamedQuery`.

    Raises:
        QueryError: a name that is neither a named query nor a file, or an unreadable file.
    """
    if isinstance(query, NamedQuery):
        return query
    named = named_queries()
    if query in named:
        return named[query]
    one_line = "\n" not in query and len(query) < 1024
    if one_line and (query.endswith(".rq") or query.endswith(".sparql")):
        path = Path(query)
        try:
            return NamedQuery.parse(path.read_text(encoding="utf-8-sig"), path.stem, str(path))
        except OSError as e:
            raise QueryError(f"{query}: cannot read the query file ({e.strerror or e})") from e
    if one_line and re.fullmatch(r"[A-Za-z][\w-]*", query.strip()):
        raise QueryError(f"unknown named query {query!r}; named queries: {', '.join(named)} "
                         "(or pass SPARQL text or a .rq file)")
    return NamedQuery.parse(query, "query")


# ---------------------------------------------------------------------------------------------------------
# Loading graphs into Oxigraph

_FILE_FORMATS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE, ".turtle": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES,
    ".ntriples": ox.RdfFormat.N_TRIPLES, ".nq": ox.RdfFormat.N_QUADS, ".nquads": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG, ".rdf": ox.RdfFormat.RDF_XML, ".owl": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML, ".jsonld": ox.RdfFormat.JSON_LD, ".n3": ox.RdfFormat.N3,
}
#: Graph files looked for in a ``kg build`` output folder, quads first (they keep one graph per article).
FOLDER_FILES = ("graph.nq", "graph.trig", "graph.ttl", "graph.nt")


def _graph_file(path: Path) -> Path:
    if path.is_dir():
        found = next((path / n for n in FOLDER_FILES if (path / n).is_file()), None)
        if found is None:
            raise InputError(str(path), f"no graph in this folder (looked for {', '.join(FOLDER_FILES)}); pass "
                                        "a graph file, the output folder of kg build, or a kg store")
        return found
    if not path.exists():
        raise InputError(str(path), "no such file or folder")
    return path


def load_store(path: str | os.PathLike[str], store: ox.Store | None = None) -> ox.Store:
    """Load a graph file (or a ``kg build`` folder) into an Oxigraph store (a new in-memory one by default).

    Quad files keep their graphs; the triples of a triple file go into one named graph named by the
    file's URI, so queries that join a fact's triples inside ``GRAPH ?g`` work on every input.

    Raises:
        InputError: the path is missing, has no known RDF suffix, or does not parse.
    """
    source = _graph_file(Path(path))
    fmt = _FILE_FORMATS.get(source.suffix.lower())
    if fmt is None:
        raise InputError(str(source), f"cannot tell the RDF format from the suffix {source.suffix or '(none)'!r}; "
                                      f"use one of {', '.join(sorted(_FILE_FORMATS))}")
    store = ox.Store() if store is None else store
    graph = None if fmt.supports_datasets else ox.NamedNode(source.resolve().as_uri())
    try:
        store.bulk_load(path=str(source), format=fmt, to_graph=graph)
    except (SyntaxError, ValueError, OSError) as e:
        raise InputError(str(source), f"cannot parse as {fmt.name}: {str(e).splitlines()[0]}") from e
    return store


def _from_rdflib(graph: Any) -> ox.Store:
    from rdflib import Dataset

    store = ox.Store()
    if isinstance(graph, Dataset):
        data = graph.serialize(format="nquads", encoding="utf-8")
        store.bulk_load(data, ox.RdfFormat.N_QUADS)
    else:
        data = graph.serialize(format="nt", encoding="utf-8")
        store.bulk_load(data, ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode("urn:kg:graph"))
    return store


class _Opened:
    """An Oxigraph store to query and whatever must be closed with it."""

    def __init__(self, store: ox.Store, closer: Callable[[], None] | None = None) -> None:
        self.store = store
        self._closer = closer

    def __enter__(self) -> ox.Store:
        return self.store

    def __exit__(self, *exc: object) -> None:
        if self._closer is not None:
            self._closer()


def open_graph_store(source: Any) -> _Opened:
    """A context manager giving an Oxigraph store for ``source`` (see :func:`run_query` for what it can be).

    A kg store is opened read-only, on disk; files are loaded into memory.
    """
    from rdflib import Graph

    from kg.store import KgStore, is_store

    if isinstance(source, ox.Store):
        return _Opened(source)
    if isinstance(source, KgStore):
        return _Opened(source.ox)
    if isinstance(source, Graph):
        return _Opened(_from_rdflib(source))
    if is_store(source):
        st = KgStore.open(source, create=False, read_only=True)
        return _Opened(st.ox, st.close)
    return _Opened(load_store(source))


# ---------------------------------------------------------------------------------------------------------
# Running queries

@dataclass(frozen=True)
class Result:
    """The result of a query: solutions (``select``), a boolean (``ask``) or triples (``graph``).

    ``rows`` hold pyoxigraph terms (``None`` for unbound); ``truncated`` is true when a row limit cut them.
    """

    kind: Literal["select", "ask", "graph"]
    variables: tuple[str, ...] = ()
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[Any] = field(default_factory=list)
    truncated: bool = False

    def __len__(self) -> int:
        return len(self.rows) if self.kind == "select" else len(self.triples) if self.kind == "graph" else 1

    def records(self) -> list[dict[str, str | None]]:
        """Rows as dictionaries of plain strings (IRIs, lexical forms), for Python callers and tests."""
        if self.kind == "graph":
            return [{"subject": t.subject.value, "predicate": t.predicate.value, "object": t.object.value}
                    for t in self.triples]
        if self.kind == "ask":
            return [{"boolean": "true" if self.boolean else "false"}]
        return [{v: (None if t is None else t.value) for v, t in zip(self.variables, row, strict=True)}
                for row in self.rows]


def _syntax_error(e: Exception, text: str, source: str | None) -> QuerySyntaxError:
    message = str(e)
    m = re.match(r"error at (\d+):(\d+):\s*(.*)", message, re.DOTALL)
    if not m:
        return QuerySyntaxError(message.splitlines()[0] if message else type(e).__name__, source=source)
    line, column = int(m[1]), int(m[2])
    lines = text.splitlines()
    near = ""
    if 0 < line <= len(lines):
        snippet = lines[line - 1][max(0, column - 16):column + 24].strip()
        near = f' (near "{snippet}")' if snippet else ""
    return QuerySyntaxError(m[3].splitlines()[0].strip() + near, line, column, source)


def execute(store: ox.Store, text: str, *, limit: int | None = None, source: str | None = None,
            default_graphs: Iterable[str] | None = None, named_graphs: Iterable[str] | None = None) -> Result:
    """Run SPARQL ``text`` on an Oxigraph store, the default graph being the union of all graphs.

    Solutions are read lazily and at most ``limit`` are kept (``Result.truncated`` says whether more came).
    ``default_graphs`` and ``named_graphs`` (IRIs) set the dataset as the protocol's ``default-graph-uri``
    and ``named-graph-uri`` do; without ``default_graphs`` the default graph is the union.

    Raises:
        ReadOnlyError: the text is an update or calls SERVICE (see :func:`check_read_only`).
        QuerySyntaxError: the text does not parse (with line and column).
        QueryError: the query fails while running.
    """
    check_read_only(text)
    dataset: dict[str, Any] = {}
    if default_graphs:
        dataset["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
    else:
        dataset["use_default_graph_as_union"] = True
    if named_graphs:
        dataset["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    try:
        answer = store.query(text, **dataset)
    except SyntaxError as e:
        raise _syntax_error(e, text, source) from None
    except (OSError, ValueError, RuntimeError) as e:
        raise QueryError(f"the query failed: {str(e).splitlines()[0]}") from e
    try:
        if isinstance(answer, ox.QueryBoolean):
            return Result("ask", boolean=bool(answer))
        if isinstance(answer, ox.QuerySolutions):
            names = tuple(v.value for v in answer.variables)
            n = len(names)
            rows = (tuple(sol[i] for i in range(n)) for sol in answer)
            kept = list(rows if limit is None else islice(rows, limit + 1))
            truncated = limit is not None and len(kept) > limit
            return Result("select", names, kept[:limit] if truncated else kept, truncated=truncated)
        triples = list(answer if limit is None else islice(answer, limit + 1))
        truncated = limit is not None and len(triples) > limit
        return Result("graph", triples=triples[:limit] if truncated else triples, truncated=truncated)
    except (OSError, ValueError, RuntimeError) as e:
        raise QueryError(f"the query failed: {str(e).splitlines()[0]}") from e


def run_query(source: Any, query: str | NamedQuery, params: Mapping[str, Any] | None = None, *,
              limit: int | None = None) -> Result:
    """Run a SPARQL query, a ``.rq`` file or a named query (with parameters) on a graph.

    Args:
        source: a graph file (Turtle, TriG, N-Quads, N-Triples, RDF/XML, JSON-LD), the output folder of
            ``kg build``, a kg store folder, a :class:`kg.store.KgStore`, an rdflib graph or dataset, or a
            :class:`pyoxigraph.Store`.
        query: the name of a bundled query (see :func:`named_queries`), a path ending in ``.rq``, or SPARQL.
        params: values of the query's ``@param`` parameters (strings in either script).
        limit: keep at most this many rows or triples.

    Returns:
        A :class:`Result`.

    Raises:
        InputError: the graph cannot be read.
        ParameterError: a parameter is unknown, missing or malformed.
        ReadOnlyError: the query is an update or calls SERVICE.
        QuerySyntaxError: the query does not parse.

    Example:
        >>> import kg
        >>> graph = kg.build_graph(kg.extract("國務院總理李強主持召開國務院常務會議。"))
        >>> run_query(graph, "meetings", {"person": "李强"}).records()[0]["role"]
        'presided'
    """
    named = resolve_query(query)
    if params and not named.params:
        raise ParameterError(f"{named.path or named.name} declares no parameters (# @param …); remove "
                             f"{', '.join('--' + k for k in params)}")
    text = render(named, params) if named.params else named.text
    with open_graph_store(source) as store:
        return execute(store, text, limit=limit, source=named.path)


# ---------------------------------------------------------------------------------------------------------
# Result formats

#: Prefixes used to shorten IRIs in tables and in Turtle output.
def display_prefixes(base: str | None = None) -> dict[str, str]:
    from kg.graph import DEFAULT_BASE, KIND_PREFIXES
    from kg.ontology import PREFIXES

    base = base or DEFAULT_BASE
    out = {p: ns for p, ns in PREFIXES.items()}
    out.update({prefix: base + kind + "/" for kind, prefix in KIND_PREFIXES.items()})
    return out


def lang_case(tag: str) -> str:
    """A language tag in its usual case (Oxigraph stores ``zh-hans``; kg writes ``zh-Hans``).

    Example:
        >>> lang_case("zh-hans"), lang_case("en-us"), lang_case("zh-hant-tw")
        ('zh-Hans', 'en-US', 'zh-Hant-TW')
    """
    parts = tag.split("-")
    out = [parts[0].lower()]
    for p in parts[1:]:
        out.append(p.title() if len(p) == 4 and p.isalpha() else p.upper() if len(p) == 2 else p.lower())
    return "-".join(out)


_TAG_IN_TEXT = re.compile(r'(?<!\\)"@([a-z]{2,3}(?:-[a-z0-9]+)+)\b')


def _fix_tags(text: str) -> str:
    return _TAG_IN_TEXT.sub(lambda m: '"@' + lang_case(m.group(1)), text)


def _is_numeric(term: Any) -> bool:
    return isinstance(term, ox.Literal) and term.datatype.value in (
        XSD + "integer", XSD + "decimal", XSD + "double", XSD + "float", XSD + "int", XSD + "long")


def _nt(term: Any) -> str:
    """A term in N-Triples syntax, language tags in their usual case."""
    if isinstance(term, ox.Literal) and term.language:
        return sparql_literal_nt(term.value) + "@" + lang_case(term.language)
    return str(term)


def sparql_literal_nt(value: str) -> str:
    return '"' + "".join(_ECHAR.get(c, c) for c in value) + '"'


class _Shortener:
    def __init__(self, prefixes: Mapping[str, str]) -> None:
        self.items = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))

    def __call__(self, iri: str) -> str:
        for prefix, ns in self.items:
            if iri.startswith(ns) and len(iri) > len(ns):
                return f"{prefix}:{iri[len(ns):]}"
        return f"<{iri}>"


def _display(term: Any, short: _Shortener) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return short(term.value)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)  # quoted triples


def _cell_width(text: str) -> int:
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
               for c in text)


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    if _cell_width(text) <= width:
        return text
    out, used = [], 0
    for c in text:
        w = _cell_width(c)
        if used + w > width - 1:
            break
        out.append(c)
        used += w
    return "".join(out) + "…"


def _tabular(result: Result) -> tuple[tuple[str, ...], list[tuple[Any, ...]]]:
    if result.kind == "graph":
        return ("subject", "predicate", "object"), [(t.subject, t.predicate, t.object) for t in result.triples]
    if result.kind == "ask":
        return ("boolean",), [(ox.Literal("true" if result.boolean else "false",
                                          datatype=ox.NamedNode(XSD + "boolean")),)]
    return result.variables, result.rows


def write_table(result: Result, *, max_width: int = 80, prefixes: Mapping[str, str] | None = None) -> str:
    """An aligned text table (CJK characters count two columns); IRIs shortened with kg's prefixes.

    Cells longer than ``max_width`` columns are cut with ``…`` (use CSV or JSON for whole values).
    """
    names, rows = _tabular(result)
    short = _Shortener(prefixes or display_prefixes())
    cells = [[_clip(_display(t, short), max_width) for t in row] for row in rows]
    widths = [max([_cell_width(n)] + [_cell_width(r[i]) for r in cells]) for i, n in enumerate(names)]
    right = [bool(rows) and all(_is_numeric(r[i]) or r[i] is None for r in rows) for i in range(len(names))]

    def line(values: Iterable[str]) -> str:
        out = []
        for i, v in enumerate(values):
            pad = " " * (widths[i] - _cell_width(v))
            out.append(pad + v if right[i] else v + pad)
        return "  ".join(out).rstrip()

    lines = [line(names), line("-" * w for w in widths)] + [line(r) for r in cells]
    footer = f"({len(rows)} row{'s' if len(rows) != 1 else ''}{', truncated' if result.truncated else ''})"
    return "\n".join(lines + [footer]) + "\n"


def write_csv(result: Result) -> str:
    """SPARQL 1.1 CSV results: a header of variable names, plain values, CRLF line ends."""
    names, rows = _tabular(result)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow(["" if t is None else f"_:{t.value}" if isinstance(t, ox.BlankNode) else t.value
                         for t in row])
    return buf.getvalue()


def write_tsv(result: Result) -> str:
    """SPARQL 1.1 TSV results: ``?var`` header, terms in N-Triples syntax."""
    names, rows = _tabular(result)
    lines = ["\t".join("?" + n for n in names)]
    lines += ["\t".join("" if t is None else _nt(t) for t in row) for row in rows]
    return "\n".join(lines) + "\n"


def _json_term(term: Any) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = lang_case(term.language)
        elif term.datatype.value != XSD + "string":
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": str(term)}


def write_json(result: Result) -> str:
    """SPARQL 1.1 Query Results JSON (``application/sparql-results+json``)."""
    if result.kind == "ask":
        return json.dumps({"head": {}, "boolean": bool(result.boolean)}) + "\n"
    names, rows = _tabular(result)
    bindings = [{n: _json_term(t) for n, t in zip(names, row, strict=True) if t is not None} for row in rows]
    return json.dumps({"head": {"vars": list(names)}, "results": {"bindings": bindings}},
                      ensure_ascii=False, indent=1) + "\n"


def write_xml(result: Result) -> str:
    """SPARQL Query Results XML (``application/sparql-results+xml``)."""
    out = ['<?xml version="1.0" encoding="utf-8"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">']
    if result.kind == "ask":
        out += ["<head/>", f"<boolean>{'true' if result.boolean else 'false'}</boolean>", "</sparql>"]
        return "\n".join(out) + "\n"
    names, rows = _tabular(result)
    out.append("<head>" + "".join(f"<variable name={quoteattr(n)}/>" for n in names) + "</head>")
    out.append("<results>")
    for row in rows:
        parts = []
        for n, t in zip(names, row, strict=True):
            if t is None:
                continue
            if isinstance(t, ox.NamedNode):
                value = f"<uri>{xml_escape(t.value)}</uri>"
            elif isinstance(t, ox.BlankNode):
                value = f"<bnode>{xml_escape(t.value)}</bnode>"
            elif isinstance(t, ox.Literal) and t.language:
                value = f"<literal xml:lang={quoteattr(lang_case(t.language))}>{xml_escape(t.value)}</literal>"
            elif isinstance(t, ox.Literal) and t.datatype.value != XSD + "string":
                value = f"<literal datatype={quoteattr(t.datatype.value)}>{xml_escape(t.value)}</literal>"
            else:
                value = f"<literal>{xml_escape(getattr(t, 'value', str(t)))}</literal>"
            parts.append(f"<binding name={quoteattr(n)}>{value}</binding>")
        out.append("<result>" + "".join(parts) + "</result>")
    out += ["</results>", "</sparql>"]
    return "\n".join(out) + "\n"


def _used_prefixes(triples: Iterable[Any]) -> dict[str, str]:
    """The display prefixes whose namespace some IRI of ``triples`` starts with (for readable Turtle)."""
    iris = {t.value for tr in triples for t in (tr.subject, tr.predicate, tr.object)
            if isinstance(t, ox.NamedNode)}
    iris |= {tr.object.datatype.value for tr in triples if isinstance(tr.object, ox.Literal)}
    return {p: ns for p, ns in sorted(display_prefixes().items()) if any(i.startswith(ns) for i in iris)}


def _graph_writer(fmt: ox.RdfFormat) -> Callable[[Result], str]:
    def write(result: Result) -> str:
        if result.kind != "graph":
            raise QueryError(f"{fmt.name} is a format for CONSTRUCT and DESCRIBE results; use table, csv, tsv, "
                             "json or xml for SELECT and ASK")
        if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.N3):
            data = ox.serialize(result.triples, format=fmt, prefixes=_used_prefixes(result.triples))
        else:
            data = ox.serialize(result.triples, format=fmt)
        return _fix_tags((data or b"").decode("utf-8"))
    return write


@dataclass(frozen=True)
class ResultFormat:
    """A result format: its name, aliases, media types (the first is sent) and which results it writes."""

    name: str
    media_types: tuple[str, ...]
    write: Callable[[Result], str]
    tabular: bool = True   # writes SELECT/ASK results
    graph: bool = False    # writes CONSTRUCT/DESCRIBE results
    aliases: tuple[str, ...] = ()

    @property
    def media_type(self) -> str:
        return self.media_types[0]


FORMATS: dict[str, ResultFormat] = {f.name: f for f in (
    ResultFormat("table", ("text/plain",), write_table, graph=True, aliases=("text",)),
    ResultFormat("csv", ("text/csv",), write_csv, graph=True),
    ResultFormat("tsv", ("text/tab-separated-values",), write_tsv, graph=True),
    ResultFormat("json", ("application/sparql-results+json", "application/json"), write_json,
                 aliases=("srj",)),
    ResultFormat("xml", ("application/sparql-results+xml", "application/xml", "text/xml"), write_xml,
                 aliases=("srx",)),
    ResultFormat("ttl", ("text/turtle", "application/x-turtle", "application/turtle"),
                 _graph_writer(ox.RdfFormat.TURTLE), tabular=False, graph=True, aliases=("turtle", "n3")),
    ResultFormat("nt", ("application/n-triples", "text/plain"), _graph_writer(ox.RdfFormat.N_TRIPLES),
                 tabular=False, graph=True, aliases=("ntriples", "n-triples")),
    ResultFormat("jsonld", ("application/ld+json", "application/json"), _graph_writer(ox.RdfFormat.JSON_LD),
                 tabular=False, graph=True, aliases=("json-ld",)),
    ResultFormat("rdfxml", ("application/rdf+xml", "application/xml", "text/xml"),
                 _graph_writer(ox.RdfFormat.RDF_XML), tabular=False, graph=True, aliases=("rdf+xml", "rdf")),
)}


def get_format(name: str) -> ResultFormat:
    """A result format by name or alias (``ttl``/``turtle``).

    Raises:
        QueryError: unknown name; the message lists the valid ones.
    """
    key = name.strip().lower()
    for f in FORMATS.values():
        if key == f.name or key in f.aliases:
            return f
    raise QueryError(f"unknown result format {name!r}; use one of {', '.join(FORMATS)}")


def format_result(result: Result, fmt: str = "table") -> str:
    """Write a result in a format of :data:`FORMATS` (``table``, ``csv``, ``tsv``, ``json``, ``ttl`` …).

    For CONSTRUCT/DESCRIBE results ``json`` means JSON-LD and ``xml`` RDF/XML.

    Raises:
        QueryError: the format is unknown or does not fit the result (Turtle for a SELECT).
    """
    f = get_format(fmt)
    if result.kind == "graph" and f.name == "json":
        f = FORMATS["jsonld"]
    elif result.kind == "graph" and f.name == "xml":
        f = FORMATS["rdfxml"]
    if result.kind != "graph" and not f.tabular:
        raise QueryError(f"{f.name} is a format for CONSTRUCT and DESCRIBE results; use table, csv, tsv, json "
                         "or xml for SELECT and ASK")
    return f.write(result)
