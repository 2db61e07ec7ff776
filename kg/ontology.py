"""The kg ontology: its terms as Python names, and the Turtle file they come from.

``ontology/kg.ttl`` is the source of truth.  :class:`KG` lists every ``kg:`` term it declares, with
``_fail = True`` so that a misspelt term raises instead of silently minting a new IRI; a test checks that the
class and the file agree.  The W3C vocabularies the graph reuses are re-exported from :mod:`rdflib.namespace`.

Example:
    >>> KG.PostHolding
    rdflib.term.URIRef('https://w3id.org/kg-gov/ns#PostHolding')
    >>> KG.Postholding
    Traceback (most recent call last):
    ...
    AttributeError: term 'Postholding' not in namespace 'https://w3id.org/kg-gov/ns#'
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD, DefinedNamespace

from kg.errors import OntologyError

__all__ = [
    "DCTERMS",
    "FOAF",
    "KG",
    "KG_NS",
    "ONTOLOGY_IRI",
    "ORG",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SDO",
    "SKOS",
    "XSD",
    "bind_prefixes",
    "load_ontology",
    "ontology_path",
]

KG_NS = "https://w3id.org/kg-gov/ns#"
ONTOLOGY_IRI = URIRef("https://w3id.org/kg-gov/ns")


class KG(DefinedNamespace):
    """Terms of the kg ontology (``https://w3id.org/kg-gov/ns#``), mirrored from ``ontology/kg.ttl``."""

    _fail = True
    _NS = Namespace(KG_NS)

    # Classes
    Person: URIRef  # a person named in an article
    Organization: URIRef  # any organization
    GovernmentBody: URIRef  # party, state, legislature, CPPCC, courts, procuratorates, army, administration
    Place: URIRef  # a country, province, city, meeting place
    PostHolding: URIRef  # a person holds a title at an organization (org:Membership)
    Title: URIRef  # a title word as a role concept (org:Role)
    PolicyConcept: URIRef  # a law, plan, theory, slogan, initiative or meeting spirit (skos:Concept)
    Meeting: URIRef  # a reported meeting (schema:Event)
    Participation: URIRef  # a person's part in a meeting, with evidence
    MetPair: URIRef  # two persons who met each other at a meeting, one of each side, with evidence
    PolicyAct: URIRef  # a body, meeting or person issued, adopted, studied or implemented a policy, with evidence
    Article: URIRef  # a news article (schema:NewsArticle, prov:Entity)
    Evidence: URIRef  # the sentence and offsets a fact was read from (prov:Entity)

    # Concept schemes and concepts
    PolicyConcepts: URIRef
    PolicyTypes: URIRef
    Law: URIRef
    Plan: URIRef
    Theory: URIRef
    Slogan: URIRef
    Initiative: URIRef
    MeetingSpirit: URIRef
    ParticipationRoles: URIRef
    Presided: URIRef
    Spoke: URIRef
    Attended: URIRef
    Met: URIRef
    PolicyActs: URIRef
    Issued: URIRef
    Adopted: URIRef
    Studied: URIRef
    Implemented: URIRef

    # Object properties
    jurisdiction: URIRef
    policyType: URIRef
    reportedIn: URIRef
    participant: URIRef
    event: URIRef
    role: URIRef
    participatedIn: URIRef
    presided: URIRef
    spokeAt: URIRef
    attended: URIRef
    metAt: URIRef
    metWith: URIRef
    agent: URIRef
    act: URIRef
    policy: URIRef
    actedOn: URIRef
    issued: URIRef
    adopted: URIRef
    studied: URIRef
    implemented: URIRef
    photographer: URIRef
    article: URIRef

    # Datatype properties
    title: URIRef
    orgText: URIRef
    former: URIRef
    sentence: URIRef
    sentenceStart: URIRef
    sentenceEnd: URIRef
    start: URIRef
    end: URIRef
    writtenAs: URIRef
    firstSeen: URIRef
    lastSeen: URIRef
    articleCount: URIRef
    confidence: URIRef
    contentHash: URIRef
    orgInferred: URIRef


#: Prefixes bound on every graph kg builds, and used by the Turtle exporter.
PREFIXES: dict[str, str] = {
    "kg": KG_NS,
    "org": str(ORG),
    "prov": str(PROV),
    "skos": str(SKOS),
    "schema": str(SDO),
    "dcterms": str(DCTERMS),
    "foaf": str(FOAF),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
}


def ontology_path() -> Traversable:
    """Locate the bundled ``kg.ttl``, whether kg runs from a wheel or from a source checkout.

    In a wheel the ``ontology/`` directory is installed as ``kg/ontology/`` (see ``pyproject.toml``); in a
    source checkout or editable install it sits next to the ``kg`` package.  The current directory is never
    consulted.

    Returns:
        The ontology file as a :class:`~importlib.resources.abc.Traversable` (open it with ``.open()``).

    Raises:
        OntologyError: when neither location holds the file.

    Example:
        >>> ontology_path().name
        'kg.ttl'
    """
    try:
        bundled = resources.files("kg") / "ontology" / "kg.ttl"
        if bundled.is_file():
            return bundled
    except (ModuleNotFoundError, FileNotFoundError, NotADirectoryError):  # pragma: no cover - odd installs
        pass
    checkout = Path(__file__).resolve().parent.parent / "ontology" / "kg.ttl"
    if checkout.is_file():
        return checkout
    raise OntologyError(
        f"the kg ontology file is missing: looked for kg/ontology/kg.ttl inside the installed package and "
        f"for {checkout}; reinstall kg (the wheel bundles it) or restore ontology/kg.ttl in the checkout"
    )


def load_ontology() -> Graph:
    """Parse the bundled ontology into a new graph with kg's prefixes bound.

    Raises:
        OntologyError: when the file is missing or is not valid Turtle.

    Example:
        >>> g = load_ontology()
        >>> (KG.GovernmentBody, RDFS.subClassOf, KG.Organization) in g
        True
    """
    path = ontology_path()
    graph = Graph(bind_namespaces="core")
    bind_prefixes(graph)
    try:
        with path.open("rb") as f:
            graph.parse(f, format="turtle")
    except Exception as e:  # rdflib raises several unrelated exception types for bad syntax
        raise OntologyError(f"{path}: the ontology is not valid Turtle ({e}); restore ontology/kg.ttl") from e
    return graph


def bind_prefixes(graph: Graph) -> Graph:
    """Bind kg's standard prefixes (``kg``, ``org``, ``prov``, ``skos``, ``schema`` …) on ``graph``.

    Returns:
        The same graph, for chaining.

    Example:
        >>> g = bind_prefixes(Graph(bind_namespaces="none"))
        >>> dict(g.namespaces())["schema"]
        rdflib.term.URIRef('https://schema.org/')
    """
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph
