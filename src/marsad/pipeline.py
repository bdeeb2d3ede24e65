"""Named pipeline components and the pipeline that runs them over a `Document`.

A component is a callable `fn(doc) -> doc` registered under a name with `@component(name)`.
The registry maps names to factories so a pipeline can be built from a list of names, and a
component can be listed, replaced or disabled without touching the others:

    >>> import marsad
    >>> nlp = marsad.Pipeline.default()
    >>> nlp.names
    ['clean', 'language', 'sentences', 'tokens', ...]
    >>> nlp.disable("language")
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from .document import Document

Component = Callable[[Document], Document]

_REGISTRY: dict[str, Callable[[], Component]] = {}

# The order the default pipeline runs in.
DEFAULT_COMPONENTS = [
    "clean",
    "language",
    "sentences",
    "tokens",
    "entities",
    "numbers",
    "dates",
    "persons",
    "nationalities",
    "sources",
    "quotes",
    "events",
]

_BUILTIN_MODULES = [
    "marsad.clean.component",
    "marsad.text.component",
    "marsad.kb.component",
    "marsad.extraction.component",
]


def component(name: str) -> Callable[[Callable[[], Component]], Callable[[], Component]]:
    """Register a component factory under `name` (a factory returns the callable)."""

    def register(factory: Callable[[], Component]) -> Callable[[], Component]:
        _REGISTRY[name] = factory
        return factory

    return register


def _load_builtin_components() -> None:
    import importlib

    for module in _BUILTIN_MODULES:
        importlib.import_module(module)


def registered_components() -> list[str]:
    _load_builtin_components()
    return sorted(_REGISTRY)


# Written for the project: a strike, a place, a toll, a source and a quote, so that every index
# (triggers, numbers, dates, places, actors, roles, speech verbs) is loaded by `Pipeline.warm`.
WARM_UP_TEXT = ('قصفت طائرات حربية مواقع في ريف إدلب أمس، وقال مصدر أمني إن "ثلاثة أشخاص قتلوا" '
                'بحسب المرصد السوري لحقوق الإنسان.')


# Allocations (less deallocations) before the garbage collector walks its youngest generation
# in a warmed-up process (see `Pipeline.warm`); more than one document's live objects.
YOUNG_GENERATION_THRESHOLD = 5000


class Pipeline:
    def __init__(self, steps: Iterable[tuple[str, Component]] = ()):
        self._steps: list[tuple[str, Component]] = list(steps)
        self._disabled: set[str] = set()

    @classmethod
    def from_names(cls, names: Iterable[str]) -> Pipeline:
        _load_builtin_components()
        steps = []
        for name in names:
            if name not in _REGISTRY:
                raise KeyError(f"unknown pipeline component {name!r}; known: {', '.join(sorted(_REGISTRY))}")
            steps.append((name, _REGISTRY[name]()))
        return cls(steps)

    @classmethod
    def default(cls) -> Pipeline:
        return cls.from_names(DEFAULT_COMPONENTS)

    @property
    def names(self) -> list[str]:
        return [name for name, _ in self._steps]

    @property
    def enabled(self) -> list[str]:
        return [name for name, _ in self._steps if name not in self._disabled]

    def get(self, name: str) -> Component:
        for step_name, fn in self._steps:
            if step_name == name:
                return fn
        raise KeyError(f"no component {name!r} in pipeline {self.names}")

    def add(self, name: str, fn: Component, *, before: str | None = None, after: str | None = None) -> None:
        if name in self.names:
            raise ValueError(f"component {name!r} already in pipeline; use replace()")
        if before is not None:
            index = self.names.index(before)
        elif after is not None:
            index = self.names.index(after) + 1
        else:
            index = len(self._steps)
        self._steps.insert(index, (name, fn))

    def replace(self, name: str, fn: Component) -> None:
        index = self.names.index(name)
        self._steps[index] = (name, fn)

    def remove(self, name: str) -> None:
        del self._steps[self.names.index(name)]

    def disable(self, *names: str) -> None:
        for name in names:
            self.get(name)
            self._disabled.add(name)

    def enable(self, *names: str) -> None:
        self._disabled.difference_update(names)

    def warm(self) -> Pipeline:
        """Load every index now, by running one short sentence of our own, then take what is
        loaded out of the garbage collector's sight (`gc.freeze`): the indexes are hundreds of
        thousands of objects that live as long as the process, and every full collection walked
        them (~0.9 of ~13 ms per article; 5-8 % more articles/s).  For programs about to process
        many documents (`marsad extract`, `marsad ingest`, the benchmarks).

        It also lets the youngest generation grow to `YOUNG_GENERATION_THRESHOLD` objects
        before a collection: a document's objects hold no cycles and are freed by their reference
        counts when it is done, so the default threshold (700) only made the collector walk
        every document's live tokens and spans a few times for nothing (~3 % of the
        instructions of an article)."""
        import gc

        from .api import extract

        extract(WARM_UP_TEXT, id="warm-up", date="2024-01-02", pipeline=self)
        gc.collect()
        gc.freeze()
        young, older, oldest = gc.get_threshold()
        gc.set_threshold(max(YOUNG_GENERATION_THRESHOLD, young), older, oldest)
        return self

    def __call__(self, doc: Document) -> Document:
        for name, fn in self._steps:
            if name not in self._disabled:
                doc = fn(doc)
        return doc

    def __repr__(self) -> str:
        return f"Pipeline({self.enabled})"


_default: Pipeline | None = None


def default_pipeline() -> Pipeline:
    """The shared default pipeline (built once; KB indexes are loaded on first use)."""
    global _default
    if _default is None:
        _default = Pipeline.default()
    return _default
