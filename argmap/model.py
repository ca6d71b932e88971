"""The typed model of an argument map (format version 1).

A map holds metadata, sources, nodes (one thesis, claims, typed evidence) and relations
(supports, attacks, undercuts). The model validates *shape*: field names, types, dates, ids.
Whether references resolve and the structure makes sense is checked in :mod:`argmap.validate`,
so that every problem in a file is reported in one run.

Positions in the source file are deliberately not part of the model (see :mod:`argmap.positions`):
two maps are equal when they say the same thing, wherever it stood in the file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal, TypeAlias, Union, get_args

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from argmap.dates import DateSpan, parse_date
from argmap.fields import (
    Codes,
    Formats,
    Id,
    IdList,
    Name,
    Number,
    OptText,
    PartialDate,
    Text,
    check_date,
    check_range,
    empty_dict,
    empty_list,
    listify,
)

__all__ = [
    "FORMAT_VERSION",
    "Absence",
    "Anchor",
    "ArgMap",
    "Baseline",
    "Change",
    "Claim",
    "ClaimType",
    "Config",
    "Contradiction",
    "Count",
    "Event",
    "Evidence",
    "EvidenceNode",
    "EvidenceType",
    "Maker",
    "Node",
    "Occasion",
    "Relation",
    "RelationKind",
    "Source",
    "Statement",
    "Statistic",
    "Thesis",
    "date_fields",
    "evidence_date_field",
    "own_fields",
]

FORMAT_VERSION = 1


class _Base(BaseModel):
    # Deferred: a map is validated by the map's own validator (argmap.load.validation), which holds
    # every model below it; a class builds its own validator and serializer only when it is used
    # alone (an importer constructing a Claim, say). Building all of them took 10-15 ms of every run.
    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=True, defer_build=True)


Maker: TypeAlias = Literal["author", "mapper"]
"""Who put an item into the argument: the text's ``author`` or the ``mapper`` (see :mod:`argmap.provenance`)."""
_BY = "Who put it in the argument: `author` (the text says it; the default) or `mapper` (the map-maker added it)."


# --------------------------------------------------------------------------- sources


SourceKind: TypeAlias = Literal["primary", "secondary", "tertiary"]


class Source(_Base):
    """A document the evidence is taken from."""

    id: Id
    title: Text
    author: OptText = None
    publisher: OptText = Field(default=None, description="Outlet or publisher.")
    date: PartialDate | None = None
    url: OptText = None
    kind: SourceKind | None = Field(
        default=None, description="primary (the actor's own words or data), secondary (reporting), tertiary."
    )
    text: OptText = Field(
        default=None,
        description="Local plain-text copy of the source, relative to the map file; used to verify anchors.",
    )
    note: OptText = None
    by: Maker = Field(default="author", description="`author`: the text or a source it cites; `mapper`: a record.")

    @property
    def date_span(self) -> DateSpan | None:
        return parse_date(self.date) if self.date else None


def _anchor_from_str(value: Any) -> Any:
    return {"exact": value} if isinstance(value, str) else value


class Anchor(_Base):
    """Verbatim words in the source (a W3C Web Annotation TextQuoteSelector)."""

    exact: Text
    prefix: OptText = Field(default=None, description="Words just before, to tell repeated passages apart.")
    suffix: OptText = Field(default=None, description="Words just after, to tell repeated passages apart.")
    source: Id | None = Field(default=None, description="Which of the node's sources; default: the first.")


AnchorField = Annotated[Anchor, BeforeValidator(_anchor_from_str)]


# --------------------------------------------------------------------------- nodes


Answers = Annotated[
    list[Name],
    BeforeValidator(listify),
    Field(default_factory=empty_list, description="Critical questions this item answers (see `argmap schemes`)."),
]


class _NodeBase(_Base):
    id: Id
    text: Text = Field(description="The proposition or evidence in the map-maker's own words.")
    tags: list[Annotated[str, Field(max_length=200)]] = Field(default_factory=empty_list)
    note: OptText = None
    ignore: Codes
    answers: Answers
    formats: Formats
    aliases: list[Text] = Field(default_factory=empty_list, description="Other wordings a key accepts.")
    by: Maker = Field(default="author", description=_BY)


ClaimType: TypeAlias = Literal["fact", "cause", "comparison", "prediction", "value", "policy"]
_CLAIM_TYPE = "What kind of proposition: fact, cause, comparison, prediction, value or policy (rules check each)."


class Thesis(_NodeBase):
    """The main conclusion of the argument (exactly one per map)."""

    kind: Literal["thesis"]
    type: ClaimType | None = Field(default=None, description=_CLAIM_TYPE)
    anchor: AnchorField | None = Field(default=None, description="Where in the source the author says it.")


class Claim(_NodeBase):
    """A proposition that supports or attacks another node."""

    kind: Literal["claim"]
    type: ClaimType | None = Field(default=None, description=_CLAIM_TYPE)
    anchor: AnchorField | None = Field(default=None, description="Where in the source the author says it.")


def _is_partial_date(annotation: Any, metadata: list[Any]) -> bool:
    if any(getattr(m, "func", None) is check_date for m in metadata):
        return True
    return any(arg is not None and arg == PartialDate for arg in get_args(annotation))


def evidence_date_field(cls: type[BaseModel]) -> str | None:
    """The one top-level partial-date field of an evidence type (``period``, ``date``), if any."""
    found = [name for name, info in cls.model_fields.items() if _is_partial_date(info.annotation, info.metadata)]
    return found[0] if len(found) == 1 else None


EVIDENCE_CLASSES: dict[str, type[_EvidenceBase]] = {}
"""Every evidence type by name, in declaration order: a subclass of :class:`_EvidenceBase` with a
``type`` literal registers itself here, and the node union, the loader, the rules and the views read
this table. Its presentation (label, shape, facts) is declared in :mod:`argmap.view.kinds`."""


class Contradiction(_Base):
    """A record that says otherwise than the evidence as the text prints it (a date, a figure, a speaker)."""

    source: Id = Field(description="The source (usually a record the mapper looked up) that says otherwise.")
    says: Text = Field(description="What that source says instead, in the map-maker's words.")
    field: Name | None = Field(default=None, description="The evidence field it disagrees on (date, value...).")


class _EvidenceBase(_NodeBase):
    kind: Literal["evidence"]
    sources: IdList = Field(default_factory=empty_list, description="Source ids this evidence is taken from.")
    anchor: AnchorField | None = None
    contradicted_by: list[Contradiction] = Field(
        default_factory=empty_list,
        description="Sources that say otherwise than the text (never counted as corroboration; each is a finding).",
    )

    DATE_FIELD: ClassVar[str | None] = None
    """The field that dates the evidence (taken from the annotations: its one partial-date field)."""

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        info = cls.model_fields.get("type")
        names = get_args(info.annotation) if info is not None else ()
        if len(names) == 1 and isinstance(names[0], str):
            EVIDENCE_CLASSES[names[0]] = cls
            cls.DATE_FIELD = evidence_date_field(cls)

    def backing(self) -> list[str]:
        """The sources that back it: ``sources`` less any that ``contradicted_by`` names (a record that
        says otherwise never counts as corroboration)."""
        if not self.contradicted_by:
            return self.sources
        against = {c.source for c in self.contradicted_by}
        return [s for s in self.sources if s not in against]

    def when(self) -> DateSpan | None:
        """The date or period the evidence is about, when it has one."""
        value = getattr(self, self.DATE_FIELD) if self.DATE_FIELD else None
        return parse_date(value) if value else None


class Change(_Base):
    """A change reported with a figure: in percent, in absolute units, or both."""

    percent: Number | None = None
    absolute: Number | None = None
    since: PartialDate | None = Field(default=None, description="The period the change is measured from.")


class Baseline(_Base):
    """A comparison figure: the same measure at another time or for another subject."""

    value: Number
    label: OptText = Field(default=None, description="What the baseline is, e.g. 'trade with China, 2013'.")
    unit: OptText = None
    scale: OptText = None
    period: PartialDate | None = None


Scale = Literal["one", "thousand", "million", "billion", "trillion"]
SCALE_FACTOR: dict[str, float] = {
    "one": 1.0,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
}


class Statistic(_EvidenceBase):
    """A figure: value, unit or currency, scale, period, optional change and baseline."""

    type: Literal["statistic"]
    value: Number
    unit: OptText = Field(default=None, description="Unit or currency, e.g. USD, percent, tonnes.")
    scale: Scale | None = None
    period: PartialDate | None = None
    change: Change | None = None
    baseline: Baseline | None = None
    approximate: bool = False


class Count(_EvidenceBase):
    """A number of things: what is counted, how many, when, optionally the items themselves."""

    type: Literal["count"]
    what: Text
    number: Annotated[int, Field(ge=0), AfterValidator(check_range)]
    period: PartialDate | None = None
    items: list[Text] = Field(default_factory=empty_list)
    approximate: bool = False


class Occasion(_Base):
    """Why a date matters, e.g. the 11th anniversary of a summit held on a known date."""

    description: OptText = None
    anniversary: int | None = Field(
        default=None, ge=1, le=10_000, description="The ordinal as printed (11 for '11th')."
    )
    commemorates: OptText = Field(default=None, description="The event the anniversary commemorates.")
    commemorated_date: PartialDate | None = Field(default=None, description="When that event took place.")


class Statement(_EvidenceBase):
    """Something said or published: who, where, when, what."""

    type: Literal["statement"]
    speaker: Text
    medium: OptText = None
    date: PartialDate | None = None
    said: OptText = Field(default=None, description="Paraphrase of what was said.")
    quote: OptText = Field(default=None, description="The speaker's own words, where reported.")
    occasion: Occasion | None = None


EventStatus = Literal["occurred", "ongoing", "planned"]


class Event(_EvidenceBase):
    """Something that happened (or is announced to happen): actors and a date or range."""

    type: Literal["event"]
    actors: list[Text] = Field(default_factory=empty_list)
    date: PartialDate | None = None
    status: EventStatus = "occurred"


class Absence(_EvidenceBase):
    """Something expected that did not happen: no statement issued, no visit made."""

    type: Literal["absence"]
    expected: Text = Field(description="What was expected and did not happen.")
    expected_from: OptText = Field(default=None, description="Who was expected to act.")
    date: PartialDate | None = None
    reason: OptText = Field(default=None, description="Why it was expected.")
    occasion: Occasion | None = None


def own_fields(cls: type[BaseModel]) -> list[str]:
    """The fields of an evidence type beyond those every evidence node has (id, text, sources, anchor...)."""
    return [name for name in cls.model_fields if name not in _EvidenceBase.model_fields and name != "type"]


# The unions are made from the registry, so that a new evidence type is one class above. Discriminated
# by field values, first ``kind`` then ``type``: pydantic-core picks the model without calling back
# into Python (a callable discriminator cost 1 us per node). The loader turns the union's tag errors
# into its own messages (argmap.load.messages). mypy cannot read the registry, so the names are spelt
# out for it below; tests/test_registry.py holds that list to the registry (a new type goes there too).
if TYPE_CHECKING:
    EvidenceType = Literal["statistic", "count", "statement", "event", "absence"]
    Evidence = Statistic | Count | Statement | Event | Absence
    EvidenceNode = Annotated[Evidence, Field(discriminator="type")]
else:
    EvidenceType = Literal[tuple(EVIDENCE_CLASSES)]
    Evidence = Union[tuple(EVIDENCE_CLASSES.values())]  # noqa: UP007 - a union of a runtime tuple
    EvidenceNode = Annotated[Evidence, Field(discriminator="type")]
Node = Annotated[Thesis | Claim | EvidenceNode, Field(discriminator="kind")]


# --------------------------------------------------------------------------- relations


RelationKind = Literal["supports", "attacks", "undercuts"]


class Relation(_Base):
    """An inference or a conflict between nodes.

    ``supports`` and ``attacks`` go from premise nodes to a node; several premises in one relation
    are *linked* (they support only together). ``undercuts`` goes from nodes to a relation id and
    attacks that relation's inference rather than its conclusion.
    """

    id: Id
    kind: RelationKind
    premises: IdList = Field(alias="from", min_length=1, description="Premise node id(s).")
    target: Id = Field(alias="to", description="Target node id (relation id for undercuts).")
    warrant: OptText = Field(default=None, description="Why the premises bear on the target.")
    qualifier: OptText = Field(default=None, description="e.g. 'probably', 'in part'.")
    strength: float | None = Field(default=None, ge=0, le=1)
    scheme: Name | None = Field(default=None, description="Argument scheme of the inference (see `argmap schemes`).")
    note: OptText = None
    ignore: Codes
    answers: Answers
    by: Maker = Field(default="author", description=_BY)
    warrant_by: Maker | None = Field(default=None, description="Who words the warrant, when not as `by`.")
    condition: OptText = Field(default=None, description="It holds only if this happens: open until met.")
    condition_met: bool | None = Field(default=None, description="Whether the condition is met (unset: not yet).")
    outweighed: bool = Field(default=False, description="A conceded attack the author outweighs: it defeats nothing.")
    formats: Formats

    @property
    def warrant_maker(self) -> Maker:
        """Who states the warrant: ``warrant_by``, or whoever draws the relation."""
        return self.warrant_by or self.by


# --------------------------------------------------------------------------- the map


Severity = Literal["error", "warning", "info", "off"]


class Config(_Base):
    """Per-map settings for the rule engine."""

    select: list[str] = Field(default_factory=empty_list, description="Only these rule codes or prefixes.")
    ignore: list[str] = Field(default_factory=empty_list, description="Rule codes or prefixes to skip.")
    severity: dict[str, Severity] = Field(default_factory=empty_dict, description="Override a rule's severity.")
    evidence: Literal["expected", "none"] = Field(
        default="expected",
        description="`none`: an argument of reasons alone by design (an argumentative microtext): one "
        "map-level note (ST105) instead of a finding per claim without support or evidence (ST102, ST103).",
    )


def _default_config() -> Config:
    return Config()


class ArgMap(_Base):
    """An argument map."""

    argmap: Literal[1] = Field(description="Format version of this file.")
    title: Text
    authors: list[Text] = Field(default_factory=empty_list, description="Who made the map.")
    description: OptText = None
    created: PartialDate | None = None
    config: Config = Field(default_factory=_default_config)
    sources: list[Source] = Field(default_factory=empty_list)
    nodes: list[Node] = Field(default_factory=empty_list)
    relations: list[Relation] = Field(default_factory=empty_list)
    glossary: dict[Text, list[Text]] = Field(
        default_factory=empty_dict, description="Terms and the words that mean the same in this text."
    )

    def evidence(self) -> list[Evidence]:
        return [n for n in self.nodes if n.kind == "evidence"]


def date_fields() -> frozenset[str]:
    """The names of every field, in any model of the map, that holds a partial date."""
    names: set[str] = set()
    seen: set[type[BaseModel]] = set()
    todo: list[type[BaseModel]] = [ArgMap, Thesis, Claim, *EVIDENCE_CLASSES.values()]
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, info in model.model_fields.items():
            if _is_partial_date(info.annotation, info.metadata):
                names.add(info.alias or name)
            todo.extend(_models_in(info.annotation))
    return frozenset(names)


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in get_args(annotation) for m in _models_in(arg)]
