"""The extraction pipeline: named ``Document -> Document`` stages composed in order.

``Pipeline()(text)`` analyses one text; ``Pipeline().pipe(documents)`` streams many.  Stages are looked up by
name, so a caller can run a prefix (``Pipeline(stages=("normalize", "sentences"))``) or replace one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from kg.confidence import ConfidenceScorer
from kg.errors import KgError
from kg.lexicon import Lexicon, load_lexicon
from kg.mentions import MentionFinder
from kg.model import DEFAULT_MIN_CONFIDENCE, Document, Span
from kg.normalize import Normalizer
from kg.relations import RelationFinder
from kg.segment import SentenceSplitter, WordTokenizer
from kg.tagger import CrfTagger, EntityTagger

Stage = Callable[[Document], Document]
DEFAULT_STAGES = ("normalize", "sentences", "tokens", "entities", "mentions", "relations", "confidence")


class Pipeline:
    """Runs the extraction stages over documents.

    Args:
        stages: names of the stages to run, in order (default: all of them).
        lexicon: the word lists to use (default: the bundled ones).
        model: the entity tagger's model (a path or its bytes; default: the bundled model, opened on first use).
        min_confidence: facts below this figure are left out by the ``confidence`` stage (default
            :data:`kg.confidence.DEFAULT_MIN_CONFIDENCE`; 0 keeps every fact, each with its figure).

    Example:
        >>> nlp = Pipeline()
        >>> doc = nlp("退役軍人事務部部長孫紹騁出席會議並講話。")
        >>> [(p.person.text, p.org.text, p.title.text) for p in doc.posts]
        [('孫紹騁', '退役軍人事務部', '部長')]
    """

    def __init__(self, stages: Iterable[str] = DEFAULT_STAGES, lexicon: Lexicon | None = None,
                 model: str | bytes | None = None, min_confidence: float | None = None) -> None:
        self.lexicon = lexicon or load_lexicon()
        self.min_confidence = DEFAULT_MIN_CONFIDENCE if min_confidence is None else min_confidence
        tokenizer: WordTokenizer | None = None

        def words() -> WordTokenizer:
            nonlocal tokenizer
            tokenizer = tokenizer or WordTokenizer(self.lexicon)
            return tokenizer

        factories: dict[str, Callable[[], Stage]] = {
            "normalize": Normalizer,
            "sentences": SentenceSplitter,
            "tokens": words,
            "entities": lambda: EntityTagger(CrfTagger(model, self.lexicon)),
            "mentions": lambda: MentionFinder(self.lexicon, words().tag_of),
            "relations": RelationFinder,
            "confidence": lambda: ConfidenceScorer(self.min_confidence, self.lexicon),
        }
        self.stages: list[tuple[str, Stage]] = []
        for name in stages:
            if name not in factories:
                raise KgError(f"unknown pipeline stage {name!r}; valid stages: {', '.join(factories)}")
            self.stages.append((name, factories[name]()))

    @property
    def stage_names(self) -> list[str]:
        return [name for name, _ in self.stages]

    def __call__(self, doc: Document | str) -> Document:
        if isinstance(doc, str):
            doc = Document(id="text", text=doc, regions=(Span(0, len(doc)),))
        for _, stage in self.stages:
            doc = stage(doc)
        return doc

    def pipe(self, docs: Iterable[Document]) -> Iterator[Document]:
        """Analyse documents one by one (streaming)."""
        for doc in docs:
            yield self(doc)
