"""The ``kg`` command: a thin layer over :mod:`kg.api`.

Each command parses its options, calls one API function and formats the result.  Errors the library raises
on purpose (:class:`~kg.errors.KgError`) become one line ``Error: …`` and exit status 1; a build that skipped
bad inputs but built the rest exits with status 3 after reporting each skipped input.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import click

from kg.errors import InputError, KgError
from kg.reader import MAX_CHARS

if TYPE_CHECKING:
    from kg.progress import Progress

EXIT_PARTIAL = 3
F = TypeVar("F", bound=Callable[..., object])


class _Group(click.Group):
    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except KgError as e:
            click.echo(f"Error: {e}", err=True)
            ctx.exit(1)


def _quiet_jieba() -> None:
    # jieba logs dictionary loading at INFO on its own logger; the CLI (not the library) silences it.
    logging.getLogger("jieba").setLevel(logging.WARNING)


def _paths(inputs: tuple[str, ...]) -> list[str | Path]:
    """Command-line inputs are always paths (or - for stdin), never text to analyse."""
    return [x if x == "-" else Path(x) for x in inputs]


def _jobs(jobs: int | None) -> int:
    from kg.parallel import default_jobs

    return jobs or default_jobs()


def _report(e: InputError) -> None:
    click.echo(f"Skipped: {e}", err=True)


def _progress(inputs: tuple[str, ...], shown: bool | None) -> Progress | None:
    """A progress line on stderr when it is a terminal (or when asked with --progress)."""
    if shown is False or (shown is None and not sys.stderr.isatty()):
        return None
    from kg.progress import Progress, count_records

    return Progress(count_records(_paths(inputs)))


_DASK_HELP = ("Run extraction on a Dask cluster: a scheduler address (tcp://host:8786) or 'local' for a "
              "LocalCluster on this machine; needs pip install 'kg[dask]'.")
_PROGRESS_HELP = "Show a progress line on stderr (default: when stderr is a terminal)."
_MAX_CHARS_HELP = "Skip (and report) any document longer than this many characters."


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kg")
def main() -> None:
    """kg: knowledge graphs from Chinese government news.

    \b
    Example:
      kg build kg/samples/seed-000.txt -o exports
      kg extract news.jsonl -o records.jsonl
      kg evaluate texts.jsonl gold.jsonl --errors
      kg view exports/graph.ttl -o view.html --focus 孫紹騁 --depth 2
      kg evaluate-ner ../shared/data/ner/people_daily/dev.bio --format bio
    """
    _quiet_jieba()


_MIN_CONFIDENCE_HELP = ("Leave out facts whose confidence (0-1, the measured precision of the way each was "
                        "found; see docs/confidence.md) is below this; 0 keeps every fact with its figure.")


def _min_confidence() -> Callable[[F], F]:
    from kg.model import DEFAULT_MIN_CONFIDENCE

    return click.option("--min-confidence", default=DEFAULT_MIN_CONFIDENCE, show_default=True,
                        type=click.FloatRange(0, 1), help=_MIN_CONFIDENCE_HELP)


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--out", "out_dir", default=None, type=click.Path(file_okay=False),
              help="Folder for graph.ttl, graph.html, … (required without --store).")
@click.option("--store", "--append", "store", default=None, type=click.Path(file_okay=False),
              help="Add the articles to this kg store (created when missing); articles already in it are "
                   "skipped. With -o, the whole store is then exported.")
@click.option("--wait", default=0.0, show_default=True, type=float,
              help="Seconds to wait for another build that holds the store.")
@click.option("-j", "--jobs", default=None, type=click.IntRange(min=1),
              help="Extraction processes (default: the number of CPUs).")
@click.option("--dask", default=None, metavar="ADDRESS", help=_DASK_HELP)
@click.option("--progress/--no-progress", "show_progress", default=None, help=_PROGRESS_HELP)
@click.option("--max-chars", default=MAX_CHARS, show_default=True, type=click.IntRange(min=1),
              help=_MAX_CHARS_HELP)
@click.option("--format", "formats", default="ttl,html", show_default=True,
              help="Comma-separated export formats (ttl, nt, nq, trig, jsonld, graphml, neo4j, cypher, html).")
@click.option("--base", default=None, help="Base IRI of entity IRIs (default https://w3id.org/kg-gov/id/).")
@click.option("--title", default=None, help="Title of the HTML view.")
@_min_confidence()
def build(inputs: tuple[str, ...], out_dir: str | None, store: str | None, wait: float, jobs: int | None,
          dask: str | None, show_progress: bool | None, max_chars: int, formats: str, base: str | None,
          title: str | None, min_confidence: float) -> None:
    """Extract from INPUTS and write the knowledge graph into a folder or a store.

    INPUTS are text files, HTML pages, JSONL corpora (id, text, title, date, url, source), folders of these,
    or - for stdin.  A bad input is reported and skipped; the exit status is then 3.  The graph is validated
    against the SHACL shapes and the result is printed.

    \b
    Example:
      kg build kg/samples/seed-000.txt -o exports
      kg build corpus.jsonl pages/ -o out --format ttl,nq,html
      kg build corpus.jsonl --store corpus.kg          # then: kg build today.jsonl --append corpus.kg
      kg build corpus.jsonl --store corpus.kg --dask tcp://scheduler:8786
    """
    from kg.api import build as build_api
    from kg.api import build_store
    from kg.graph import DEFAULT_BASE

    names = [f.strip() for f in formats.split(",") if f.strip()]
    errors: list[InputError] = []

    def report(e: InputError) -> None:
        errors.append(e)
        _report(e)

    if store is None and out_dir is None:
        raise click.UsageError("give -o DIR (a folder for the exports) or --store STORE")
    bar = _progress(inputs, show_progress)
    track = bar.update if bar is not None else None
    if store is not None:
        try:
            added = build_store(_paths(inputs), store, base=base or DEFAULT_BASE, on_error=report, wait=wait,
                                jobs=_jobs(jobs), dask=dask, progress=track, max_chars=max_chars,
                                min_confidence=min_confidence)
        finally:
            if bar is not None:
                bar.close()
        click.echo(f"Store {store}: {added.added} added, {added.replaced} replaced, {added.skipped} already "
                   "there")
        if added.validation is not None:
            click.echo("Added articles — " + added.validation.format(limit=5))
        if out_dir is not None:
            from kg.api import export_store

            for path in export_store(store, out_dir, formats=names, title=title):
                click.echo(f"  {path}")
    else:
        assert out_dir is not None
        try:
            result = build_api(_paths(inputs), out_dir, formats=names, base=base or DEFAULT_BASE,
                               on_error=report, title=title, jobs=_jobs(jobs), dask=dask, progress=track,
                               max_chars=max_chars, min_confidence=min_confidence)
        finally:
            if bar is not None:
                bar.close()
        click.echo(f"Built {result.documents} document(s), {len(result.graph)} triples:")
        for path in result.files:
            click.echo(f"  {path}")
        if result.validation is not None:
            click.echo(result.validation.format(limit=5))
    if errors:
        click.echo(f"{len(errors)} input(s) skipped, see above.", err=True)
        sys.exit(EXIT_PARTIAL)


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--out", "out", default="-", show_default=True, help="Output JSONL file (- for stdout).")
@click.option("-j", "--jobs", default=None, type=click.IntRange(min=1),
              help="Extraction processes (default: the number of CPUs).")
@click.option("--dask", default=None, metavar="ADDRESS", help=_DASK_HELP)
@click.option("--progress/--no-progress", "show_progress", default=None, help=_PROGRESS_HELP)
@click.option("--max-chars", default=MAX_CHARS, show_default=True, type=click.IntRange(min=1),
              help=_MAX_CHARS_HELP)
@_min_confidence()
def extract(inputs: tuple[str, ...], out: str, jobs: int | None, dask: str | None,
            show_progress: bool | None, max_chars: int, min_confidence: float) -> None:
    """Extract persons, organizations, posts, policies and events as JSONL (one record per document).

    The records follow the schema of the gold guideline; strings are as written in the original text.

    \b
    Example:
      kg extract kg/samples/seed-000.txt
      kg extract news.jsonl -o records.jsonl
    """
    from kg.api import iter_extract
    from kg.atomic import atomic_open
    from kg.record import to_record

    errors: list[InputError] = []

    def report(e: InputError) -> None:
        errors.append(e)
        _report(e)

    if show_progress is None and out == "-" and sys.stdout.isatty():
        show_progress = False  # the records themselves are on the terminal
    bar = _progress(inputs, show_progress)
    docs = iter_extract(_paths(inputs), on_error=report, jobs=_jobs(jobs), dask=dask,
                        progress=bar.update if bar is not None else None, max_chars=max_chars,
                        min_confidence=min_confidence)
    lines = (json.dumps(to_record(doc), ensure_ascii=False) + "\n" for doc in docs)
    try:
        if out == "-":
            for line in lines:
                click.echo(line, nl=False)
        else:
            with atomic_open(out, "w") as f:
                for line in lines:
                    f.write(line)
    finally:
        if bar is not None:
            bar.close()
    if errors:
        sys.exit(EXIT_PARTIAL)


@main.command()
@click.argument("texts")
@click.argument("gold")
@click.option("--errors", "show_errors", is_flag=True, help="Also list false positives (+) and negatives (-).")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@_min_confidence()
def evaluate(texts: str, gold: str, show_errors: bool, as_json: bool, min_confidence: float) -> None:
    """Score extraction from TEXTS against GOLD records (same numbers as tools/kgscore.py).

    TEXTS is anything kg reads (a JSONL of id/text records, files, a folder); GOLD is a JSONL file, a .json
    file or a folder of .json files in the gold schema.

    \b
    Example:
      kg evaluate ../shared/data/gold/dev/texts.jsonl ../shared/data/gold/dev/gold.jsonl
      kg evaluate kg/samples/seed-000.txt ../shared/data/gold/seed-000.json --errors
    """
    from kg.api import evaluate as evaluate_api
    from kg.evaluate import errors as error_listing

    report, gold_records, predicted = evaluate_api(texts, gold, min_confidence=min_confidence)
    if show_errors:
        click.echo(error_listing(gold_records, predicted))
    if as_json:
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=1))
    else:
        click.echo(report.format())


@main.command(name="evaluate-ner")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["bio", "bmes", "cluener"]), required=True,
              help="bio (People's Daily), bmes (MSRA, ResumeNER; .gz is read too) or cluener (CLUENER JSON).")
def evaluate_ner(file: str, fmt: str) -> None:
    """Score kg's mention finder on an NER file (exact span match, one line per label).

    kg's persons, organizations, places and titles are mapped to the file's labels: PER/ORG/LOC (People's
    Daily, MSRA), NAME/ORG/TITLE (ResumeNER), name/government/position (CLUENER).

    \b
    Example:
      kg evaluate-ner ../shared/data/ner/people_daily/dev.bio --format bio
      kg evaluate-ner ../shared/data/ner/cluener/train.jsonl --format cluener
    """
    from kg.nereval import evaluate_ner as evaluate_ner_api

    click.echo(evaluate_ner_api(file, fmt).format())  # type: ignore[arg-type]


@main.command()
@click.argument("data", type=click.Path(exists=True, file_okay=False))
@click.option("-o", "--out", required=True, help="Model file to write (kg/models/ner.crfsuite is the shipped one).")
@click.option("--valid-dir", default=None, type=click.Path(file_okay=False),
              help="Also write the held-out validation sentences there, for kg evaluate-ner.")
@click.option("--limit", default=None, type=int, help="Use at most this many sentences of each corpus.")
def train(data: str, out: str, valid_dir: str | None, limit: int | None) -> None:
    """Train the entity tagger from the open NER corpora under DATA/ner (reproduces the shipped model).

    \b
    Example:
      kg train ../shared/data -o kg/models/ner.crfsuite --valid-dir valid/
    """
    from kg.train import train as train_api

    result = train_api(data, out, valid_dir=valid_dir, limit=limit, log=lambda m: click.echo(m, err=True))
    click.echo(result.format())


@main.command()
@click.argument("store", type=click.Path(file_okay=False, exists=True))
@click.argument("ids", nargs=-1, required=True)
@click.option("--wait", default=0.0, show_default=True, type=float,
              help="Seconds to wait for another build that holds the store.")
def remove(store: str, ids: tuple[str, ...], wait: float) -> None:
    """Retract articles (by id) from a kg store: their facts go, what others say stays.

    \b
    Example:
      kg remove corpus.kg 20250612-03 20250612-04
    """
    from kg.api import remove as remove_api

    removed = remove_api(store, ids, wait=wait)
    missing = sorted(set(ids) - set(removed))
    click.echo(f"Removed {len(removed)} article(s)" + (f"; not in the store: {', '.join(missing)}" if missing
                                                         else ""))


@main.command()
@click.argument("graph_path", metavar="GRAPH", type=click.Path(exists=True))
@click.option("--top", default=10, show_default=True, type=click.IntRange(min=1), help="Entities listed per kind.")
def stats(graph_path: str, top: int) -> None:
    """Summarise a graph: counts per class and relation, top entities, dates and SHACL status.

    GRAPH is a graph file, the output folder of kg build, or a kg store.

    \b
    Example:
      kg stats exports/graph.ttl
      kg stats corpus.kg --top 20
    """
    from kg.api import stats as stats_api

    click.echo(stats_api(graph_path, top=top).format())


@main.command()
@click.argument("graph_path", metavar="GRAPH", type=click.Path(exists=True))
def validate(graph_path: str) -> None:
    """Check a graph against the SHACL shapes in ontology/shapes.ttl; exit 1 on violations.

    \b
    Example:
      kg validate exports/graph.ttl
    """
    from kg.api import validate as validate_api

    report = validate_api(graph_path)
    click.echo(report.format())
    if not report.conforms:
        sys.exit(1)


@main.command(name="export")
@click.argument("graph_file", metavar="GRAPH", type=click.Path(exists=True))
@click.option("--format", "fmt", default=None,
              help="ttl, nt, nq, trig, jsonld, graphml, neo4j (a folder of CSVs), cypher or html "
                   "(default: from the suffix of -o).")
@click.option("-o", "--out", required=True, help="Output file (a folder for neo4j).")
@click.option("--dialect", type=click.Choice(["neo4j", "memgraph", "falkordb"]), default=None,
              help="cypher only: whose index syntax to write (default neo4j).")
@_min_confidence()
def export_cmd(graph_file: str, fmt: str | None, out: str, dialect: str | None, min_confidence: float) -> None:
    """Convert a graph file, a kg build folder or a kg store to another format.

    Named graphs (one per article) are kept when GRAPH holds them (N-Quads, TriG, JSON-LD, a store) and the
    format can (nq, trig, jsonld).

    \b
    Example:
      kg export exports/graph.ttl -o graph.nt
      kg export exports/graph.ttl --format html -o view.html
      kg export corpus.kg -o corpus.jsonld
      kg export corpus.kg --format neo4j -o neo4j-import/
      kg export corpus.kg -o graph.cypher --dialect memgraph
    """
    from kg.export import export
    from kg.exporters import load_dataset
    from kg.graph import above

    options = {} if dialect is None else {"dialect": dialect}
    export(above(load_dataset(graph_file), min_confidence), fmt, out, **options)
    click.echo(f"Wrote {Path(out)}")


@main.command()
@click.argument("graph_path", metavar="GRAPH", type=click.Path(exists=True))
@click.option("--endpoint", required=True,
              help="Graph Store Protocol URL, e.g. http://localhost:7878/store (Oxigraph) or "
                   "http://localhost:3030/DATASET (Fuseki).")
@click.option("--graph", "graph_iri", default=None, help="Put every triple into this named graph.")
@click.option("--replace", is_flag=True, help="PUT: replace the graph (or the whole dataset) instead of adding.")
@click.option("--user", default=None, help="HTTP Basic user name.")
@click.option("--password", default=None, envvar="KG_PUSH_PASSWORD",
              help="HTTP Basic password (or set KG_PUSH_PASSWORD).")
@click.option("--token", default=None, envvar="KG_PUSH_TOKEN", help="Bearer token (or set KG_PUSH_TOKEN).")
@click.option("--timeout", default=60.0, show_default=True, type=click.FloatRange(min=0, min_open=True),
              help="Seconds to wait for each answer.")
@click.option("--per-graph", is_flag=True, help="Send each named graph on its own (Turtle) instead of N-Quads.")
def push(graph_path: str, endpoint: str, graph_iri: str | None, replace: bool, user: str | None,
         password: str | None, token: str | None, timeout: float, per_graph: bool) -> None:
    """Upload GRAPH (a graph file, a kg build folder or a kg store) to a SPARQL Graph Store endpoint.

    The named graphs (one per article) are kept: one N-Quads request to the endpoint, or one request per
    graph to ENDPOINT?graph=IRI when it takes no N-Quads.

    \b
    Example:
      kg push exports/graph.nq --endpoint http://localhost:7878/store
      kg push corpus.kg --endpoint http://localhost:3030/kg --user admin --replace
      kg push exports/graph.ttl --endpoint http://localhost:7878/store --graph https://example.org/g
    """
    from kg.push import push as push_api

    result = push_api(graph_path, endpoint, graph_iri=graph_iri, replace=replace, user=user, password=password,
                      token=token, timeout=timeout, quads=not per_graph)
    click.echo(result.format())


def _names(value: str | None) -> list[str] | None:
    return None if value is None else [part.strip() for part in value.split(",") if part.strip()]


@main.command()
@click.argument("graph_path", metavar="GRAPH", type=click.Path(exists=True))
@click.option("-o", "--out", required=True, type=click.Path(dir_okay=False), help="Output HTML file.")
@click.option("--focus", default=None, help="Show the neighbourhood of the node with this name (either script).")
@click.option("--depth", default=1, show_default=True, type=click.IntRange(min=0),
              help="Steps from the --focus node.")
@click.option("--type", "types", default=None,
              help="Comma-separated node types: Person, GovernmentBody, Organization, Place, PolicyConcept, "
                   "Meeting, Article.")
@click.option("--relation", "relations", default=None,
              help="Comma-separated relations: holds_post, presided, spoke, attended, met, issued, adopted, "
                   "studied, implemented, sub_organization_of, mentions, reported_in, photographer.")
@click.option("--top", default=None, type=click.IntRange(min=1), help="Keep the N best-connected nodes.")
@click.option("--since", default=None, help="First article date (YYYY-MM-DD, YYYY-MM or YYYY).")
@click.option("--until", default=None, help="Last article date (YYYY-MM-DD, YYYY-MM or YYYY).")
@click.option("--title", default=None, help="Page title (default: what the view shows).")
@_min_confidence()
def view(graph_path: str, out: str, focus: str | None, depth: int, types: str | None, relations: str | None,
         top: int | None, since: str | None, until: str | None, title: str | None, min_confidence: float) -> None:
    """Write an interactive HTML view of GRAPH, or of the part the options select.

    GRAPH is a graph file (Turtle, N-Triples, TriG, N-Quads) or a folder written by kg build.  The page works
    offline.  A view of more than 2,000 nodes is written with a warning that suggests --top or --focus.

    \b
    Example:
      kg view exports/graph.ttl -o view.html --focus 孫紹騁 --depth 2
      kg view corpus/ -o people.html --type Person,GovernmentBody --top 300 --since 2024-01-01
    """
    from kg.api import view as view_api

    result = view_api(graph_path, out, focus=focus, depth=depth, types=_names(types),
                      relations=_names(relations), top=top, since=since, until=until, title=title,
                      min_confidence=min_confidence)
    for warning in result.warnings:
        click.echo(f"Warning: {warning}", err=True)
    click.echo(f"Wrote {result.path}: {result.nodes} of {result.total_nodes} nodes, "
               f"{result.edges} of {result.total_edges} edges")


class _QueryCommand(click.Command):
    """``kg query``: the named queries and their parameters are listed at the end of the help."""

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        from kg.query import named_queries

        with formatter.section("Named queries (parameters in either script)"):
            formatter.write_dl([(q.usage(), q.summary) for q in named_queries().values()])


def _query_params(args: list[str]) -> dict[str, str]:
    """``--name value`` / ``--name=value`` pairs after GRAPH QUERY, for a named query's parameters."""
    params: dict[str, str] = {}
    i = 0
    while i < len(args):
        arg = args[i]
        if not arg.startswith("--") or len(arg) < 3:
            raise click.UsageError(f"unexpected argument {arg!r}; parameters are given as --name value")
        name, eq, value = arg[2:].partition("=")
        if not eq:
            if i + 1 >= len(args):
                raise click.UsageError(f"--{name} needs a value")
            value = args[i + 1]
            i += 1
        params[name.replace("-", "_")] = value
        i += 1
    return params


@main.command(cls=_QueryCommand, context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.argument("graph_path", metavar="GRAPH", type=click.Path(exists=True))
@click.argument("query_text", metavar="QUERY")
@click.option("--format", "fmt", default=None,
              help="table, csv, tsv, json or xml for SELECT/ASK; ttl, nt, jsonld or rdfxml for CONSTRUCT/DESCRIBE "
                   "(default: table on a terminal, csv otherwise; ttl for graphs).")
@click.option("--limit", default=None, type=click.IntRange(min=1), help="Print at most this many rows.")
@click.pass_context
def query(ctx: click.Context, graph_path: str, query_text: str, fmt: str | None, limit: int | None) -> None:
    """Run SPARQL on GRAPH: a query, a .rq file, or a named query with --parameters.

    GRAPH is a graph file (Turtle, TriG, N-Quads, N-Triples), the output folder of kg build, or a kg store.
    The default graph is the union of all graphs.  Parameters of named queries accept either script, and
    other names of a body (国家发改委).  Table cells longer than 80 columns are cut; csv and json keep them.

    \b
    Example:
      kg query exports/ officials --org 退役軍人事務部
      kg query corpus.kg posts --person 李强 --format csv
      kg query exports/graph.ttl 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'
      kg query corpus.kg my-query.rq --format json
    """
    from kg.query import format_result, run_query

    result = run_query(graph_path, query_text, _query_params(ctx.args), limit=limit)
    if fmt is None:
        fmt = "ttl" if result.kind == "graph" else "table" if sys.stdout.isatty() else "csv"
    click.echo(format_result(result, fmt), nl=False)


@main.command()
@click.argument("graph_path", metavar="GRAPH", type=click.Path(exists=True))
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0 exposes the endpoint to the network).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port (0: any free).")
@click.option("--timeout", default=10.0, show_default=True, type=click.FloatRange(min=0.1),
              help="Seconds a query may run; a slower one gets 503 and its worker process is stopped.")
@click.option("--max-results", default=10000, show_default=True, type=click.IntRange(min=1),
              help="Rows (or triples) returned at most; a cut result has the header X-SPARQL-MaxRows.")
@click.option("--workers", default=None, type=click.IntRange(min=1),
              help="Query processes (default: the number of CPUs, at least 2).")
def serve(graph_path: str, host: str, port: int, timeout: float, max_results: int, workers: int | None) -> None:
    """Serve GRAPH read-only as a SPARQL 1.1 endpoint at /sparql, with a query page at /.

    Results by content negotiation: SPARQL JSON, XML, CSV, TSV; Turtle, N-Triples, JSON-LD, RDF/XML for
    CONSTRUCT and DESCRIBE.  SPARQL Update, LOAD and SERVICE are refused (403).  Stop with Ctrl-C (or SIGTERM).

    \b
    Example:
      kg serve exports/
      kg serve corpus.kg --port 3030 --timeout 30
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * { ?s ?p ?o } LIMIT 5' localhost:8000/sparql
    """
    from kg.serve import serve as serve_api

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S")
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"Warning: listening on {host}: the endpoint is reachable from other machines", err=True)

    def ready(server: object) -> None:
        url = server.url  # type: ignore[attr-defined]
        click.echo(f"Serving {graph_path} ({server.pool.triples:,} quads) at {url}sparql; "  # type: ignore[attr-defined]
                   f"query page {url}. Ctrl-C stops.", err=True)

    serve_api(graph_path, host=host, port=port, timeout=timeout, max_results=max_results, workers=workers,
              ready=ready)


if __name__ == "__main__":  # pragma: no cover
    main()
