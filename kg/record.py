"""The document-level record: what ``kg extract`` writes, in the schema of the gold guideline.

``{"id", "persons", "organizations": [{"name", "kind"}], "posts": [{"person", "org", "title"}], "policies",
"events": [{"name", "participants": [{"person", "role"}]}], "policy_relations": [{"policy", "relation",
"agent"}]}`` — strings as written in the original text,
without the damage the normalised view leaves out (習(xí)近平 is written 習近平, see ``Document.written``).
"""

from __future__ import annotations

from typing import Any

from kg.model import Document, Mention
from kg.normalize import Normalizer

_NORMALIZER = Normalizer()
_GOV_ENDINGS = ("厅", "局", "部", "委", "办", "署", "政府", "委员会", "院", "党委", "中心")


def normalize_key(text: str) -> str:
    return _NORMALIZER.key(text)


def _publisher_kind(key: str) -> str:
    return "government" if key.endswith(_GOV_ENDINGS) and not key.endswith(("学院", "医院")) else "other"

_QUOTES = "“”‘’\"'《》〈〉「」『』"


_PAIRS = {"“": "”", "‘": "’", "《": "》", "〈": "〉", "「": "」", "『": "』", '"': '"', "'": "'"}


def surface(m: Mention) -> str:
    """The mention as written, without the quotes or book-title marks around the whole of it (“四个意识” →
    四个意识; “十四五”规划 stays as written, quotes and all: without its opening mark it would be half quoted).

    Example:
        >>> from kg.model import Mention
        >>> [surface(Mention(0, 0, t, "POLICY", t)) for t in ("“四个意识”", "“十四五”规划", "《宪法》")]
        ['四个意识', '“十四五”规划', '宪法']
    """
    return _unquoted(m.text)


def _unquoted(text: str) -> str:
    text = text.strip(" ")
    while len(text) >= 2 and _PAIRS.get(text[0]) == text[-1] and not any(c in _QUOTES for c in text[1:-1]):
        text = text[1:-1].strip(" ")
    return text


def to_record(doc: Document) -> dict[str, Any]:
    """Convert an analysed document to a record of the gold schema.

    Each person, organization and policy is listed once (by its normalised key, first written form).
    """
    persons: dict[str, str] = {}
    orgs: dict[str, dict[str, str]] = {}
    policies: dict[str, str] = {}
    for m in doc.mentions:
        if m.label == "PERSON":
            persons.setdefault(m.key, doc.written(m))
        elif m.label == "ORG":
            kind = (m.kind or "government").split(":")[0]
            orgs.setdefault(m.key, {"name": doc.written(m), "kind": kind})
        elif m.label == "POLICY":
            name = _unquoted(doc.written(m))
            if name:
                policies.setdefault(m.key.strip(_QUOTES), name)
    if doc.publisher:
        # the publisher named in the site footer (主办单位) is an organization of the article
        key = normalize_key(doc.publisher)
        orgs.setdefault(key, {"name": doc.publisher, "kind": _publisher_kind(key)})
    posts = []
    seen = set()
    for p in doc.posts:
        row = {"person": doc.written(p.person), "org": doc.written(p.org) if p.org else "",
               "title": doc.written(p.title)}
        post_key = (p.person.key, p.org.key if p.org else "", p.title.key)
        if post_key not in seen:
            seen.add(post_key)
            posts.append(row)
    events = []
    for e in doc.events:
        events.append({
            "name": doc.written(e.name),
            "participants": [{"person": doc.written(pp.person), "role": pp.role} for pp in e.participants],
        })
    relations = []
    seen_relations = set()
    for r in doc.policy_relations:
        row = {"policy": _unquoted(doc.written(r.policy)), "relation": r.act, "agent": doc.written(r.agent)}
        if tuple(row.values()) not in seen_relations:
            seen_relations.add(tuple(row.values()))
            relations.append(row)
    return {
        "id": doc.id,
        "persons": list(persons.values()),
        "organizations": list(orgs.values()),
        "posts": posts,
        "policies": list(policies.values()),
        "events": events,
        "policy_relations": relations,
    }
