"""The ``kg`` command: a thin layer over :mod:`kg.api`.

Each command parses its options, calls one API function and formats the result.  Errors the library raises
on purpose (:class:`~kg.errors.KgError`) become one line ``Error: …`` and exit status 1; a build that skipped
bad inputs but built the rest exits with status 3 after reporting each skipped input.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import click

from kg.errors import InputError, KgError

EXIT_PARTIAL = 3


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


def _report(e: InputError) -> None:
    click.echo(f"Skipped: {e}", err=True)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kg")
def main() -> None:
    """kg: knowledge graphs from Chinese government news.

    \b
    Example:
      kg build kg/samples/seed-000.txt -o exports
      kg extract news.jsonl -o records.jsonl
      kg evaluate texts.jsonl gold.jsonl --errors
    """
    _quiet_jieba()


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--out", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Folder for graph.ttl, graph.html, …")
@click.option("--format", "formats", default="ttl,html", show_default=True,
              help="Comma-separated export formats (ttl, nt, html).")
@click.option("--base", default=None, help="Base IRI of entity IRIs (default https://w3id.org/kg-gov/id/).")
@click.option("--title", default=None, help="Title of the HTML view.")
def build(inputs: tuple[str, ...], out_dir: str, formats: str, base: str | None, title: str | None) -> None:
    """Extract from INPUTS and write the knowledge graph into a folder.

    INPUTS are text files, HTML pages, JSONL corpora (id, text, title, date, url, source), folders of these,
    or - for stdin.  A bad input is reported and skipped; the exit status is then 3.

    \b
    Example:
      kg build kg/samples/seed-000.txt -o exports
      kg build corpus.jsonl pages/ -o out --format ttl,nt,html
    """
    from kg.api import build as build_api
    from kg.graph import DEFAULT_BASE

    result = build_api(_paths(inputs), out_dir, formats=[f.strip() for f in formats.split(",") if f.strip()],
                       base=base or DEFAULT_BASE, on_error=_report, title=title)
    click.echo(f"Built {result.documents} document(s), {len(result.graph)} triples:")
    for path in result.files:
        click.echo(f"  {path}")
    if result.errors:
        click.echo(f"{len(result.errors)} input(s) skipped, see above.", err=True)
        sys.exit(EXIT_PARTIAL)


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--out", "out", default="-", show_default=True, help="Output JSONL file (- for stdout).")
def extract(inputs: tuple[str, ...], out: str) -> None:
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

    lines = (json.dumps(to_record(doc), ensure_ascii=False) + "\n"
             for doc in iter_extract(_paths(inputs), on_error=report))
    if out == "-":
        for line in lines:
            click.echo(line, nl=False)
    else:
        with atomic_open(out, "w") as f:
            for line in lines:
                f.write(line)
    if errors:
        sys.exit(EXIT_PARTIAL)


@main.command()
@click.argument("texts")
@click.argument("gold")
@click.option("--errors", "show_errors", is_flag=True, help="Also list false positives (+) and negatives (-).")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def evaluate(texts: str, gold: str, show_errors: bool, as_json: bool) -> None:
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

    report, gold_records, predicted = evaluate_api(texts, gold)
    if show_errors:
        click.echo(error_listing(gold_records, predicted))
    if as_json:
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=1))
    else:
        click.echo(report.format())


@main.command(name="export")
@click.argument("graph_file", type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", default=None, help="ttl, nt or html (default: from the suffix of -o).")
@click.option("-o", "--out", required=True, help="Output file.")
def export_cmd(graph_file: str, fmt: str | None, out: str) -> None:
    """Convert a graph file (Turtle, N-Triples, …) to another format.

    \b
    Example:
      kg export exports/graph.ttl -o graph.nt
      kg export exports/graph.ttl --format html -o view.html
    """
    from rdflib import Graph

    from kg.export import export

    g = Graph()
    try:
        g.parse(graph_file)
    except Exception as e:  # rdflib raises many parser-specific types
        raise KgError(f"{graph_file}: cannot parse as RDF ({type(e).__name__}: {str(e).splitlines()[0]})") from e
    export(g, fmt, out)
    click.echo(f"Wrote {Path(out)}")


if __name__ == "__main__":  # pragma: no cover
    main()
