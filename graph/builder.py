"""Build one networkx graph from parsed minutes, extracted mentions and resolved entities.

This is the single set of facts; Turtle, HTML, CSV … are views of it (graph/export/).
Conventions (node ``type``/``label``/``props``/``sources``, edge key = relation)
are in ARCHITECTURE.md; every term used here is checked against the ontology.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date
from functools import lru_cache
from operator import attrgetter
from typing import Any, Iterable

import networkx as nx

from graph.iris import DEFAULT_BASE, Iris
from graph.model import AgendaItem, DecisionOutcome, Entity, Mention, Minutes, Span
from graph.provenance import Sentences
from graph.ontology import settling_outcomes

# Outcomes that settle a case at the meeting (a case "decided-in" that meeting): rg:settlesCase in the ontology.
SETTLING_OUTCOMES = settling_outcomes()

# Properties that may hold several values on one node (others keep the first document's value).
MULTI_VALUED = {("Case", "title"), ("Meeting", "documentKind"), ("Treatment", "text"), ("Treatment", "treatmentKind")}

# Mention kinds that become entity nodes linked by a ``mentions`` edge.
ENTITY_KINDS = {"Person", "Post", "Department", "Body", "Organisation", "Policy", "Network", "NetworkTheme"}
# Mention kinds kept as literal values on the item (kind → datatype property).
LITERAL_KINDS = {"MoneyAmount": "moneyAmount", "Deadline": "deadline"}


def add_node(G: nx.MultiDiGraph, iri: str, type_: str, label: str, props: dict | None = None,
             sources: Iterable[Span] = ()) -> str:
    """Add or enrich a node; props merge (lists union), sources accumulate."""
    if iri not in G:
        G.add_node(iri, type=type_, label=label, props={}, sources=[])
    data = G.nodes[iri]
    for key, value in (props or {}).items():
        if value is None:
            continue
        old = data["props"].get(key)
        if old is None or old == value:
            data["props"][key] = value
        elif isinstance(old, list) or isinstance(value, list) or (type_, key) in MULTI_VALUED:
            olds = old if isinstance(old, list) else [old]
            news = value if isinstance(value, list) else [value]
            data["props"][key] = sorted(set(olds) | set(news), key=str)
        else:  # one value only: the first document read (a referat before a dagsorden) wins
            G.graph.setdefault("conflicts", []).append(
                f"{data['label']}: {key} is {old!r}; another document says {value!r} (kept the first)")
    _merge_sources(data["sources"], sources)
    return iri


def add_edge(G: nx.MultiDiGraph, u: str, v: str, rel: str, sources: Iterable[Span] = (), **attrs: Any) -> None:
    """Add or enrich the edge ``u -[rel]-> v`` (one edge per relation between two nodes)."""
    if not G.has_edge(u, v, key=rel):
        G.add_edge(u, v, key=rel, rel=rel, sources=[])
    data = G.edges[u, v, rel]
    for key, value in attrs.items():
        if value is None:
            continue
        if key == "evidence":
            data["evidence"] = sorted(set(data.get("evidence", [])) | set(value))
        elif key == "confidence":
            data["confidence"] = max(data.get("confidence", 0.0), value)
        elif key == "props":
            data.setdefault("props", {}).update(value)
        else:
            data[key] = value
    _merge_sources(data["sources"], sources)


def _merge_sources(target: list[Span], new: Iterable[Span]) -> None:
    # Append only; finish() dedupes and sorts once (hubs collect thousands of spans).
    target.extend(span for span in new if span is not None)


# Span's own order (doc, start, end) as a key: a tuple compare in C instead of the dataclass's
# __lt__ in Python, the largest single cost of building a 1,000-document graph.
_SPAN_ORDER = attrgetter("doc", "start", "end")


def _tidy_sources(G: nx.MultiDiGraph, texts: dict[str, str] | None = None) -> None:
    """Dedupe and sort every sources list; with ``texts``, give each span its sentence."""
    if texts:
        finder = Sentences(texts)
        filled: dict[Span, Span] = {}  # a span shared by many facts is looked up once

        def tidy(spans):
            return sorted({filled[s] if s in filled else filled.setdefault(s, finder.fill(s)) for s in spans},
                          key=_SPAN_ORDER)
    else:
        def tidy(spans):
            return sorted(set(spans), key=_SPAN_ORDER)
    for _, data in G.nodes(data=True):
        data["sources"] = tidy(data["sources"])
    for _, _, data in G.edges(data=True):
        data["sources"] = tidy(data["sources"])


def _unfilled_template(proposer: str, names_a_post: bool = False) -> bool:
    """True for a proposer left as the template wrote it: "Direktøren for..." always; one that
    breaks off after a preposition ("Direktøren for") unless a post was found in it anyway."""
    text = proposer.strip()
    if text.endswith(("...", "…")):
        return True
    words = text.split()
    dangling = len(words) >= 2 and words[-1].casefold() in _dangling_words()
    return dangling and not names_a_post


@lru_cache(maxsize=1)
def _dangling_words() -> frozenset[str]:
    """Words a template proposer stops on ("Chefen for"); read once, not once per item."""
    from graph.extract import load_vocabulary

    return load_vocabulary().cue("template_dangling")


def _first_sentence(text: str, limit: int = 90) -> str:
    line = " ".join(text.split())
    cut = line.split(". ")[0]
    return cut if len(cut) <= limit else cut[: limit - 1].rstrip() + "…"


class GraphBuilder:
    """Accumulates the facts of many documents into one MultiDiGraph."""

    def __init__(self, base: str = DEFAULT_BASE, kle_titles: dict[str, str] | None = None,
                 body_aliases: dict[str, str] | None = None):
        self._national = Iris(base)
        self.iris = self._national  # the IRIs of the municipality whose document is being added
        # alias or abbreviation (casefolded) → canonical body name, from the vocabulary data files:
        # minutes headed "Teknisk Udvalg" and "Teknik- og Miljøudvalget" are one body's meetings.
        self.body_aliases = body_aliases or {}
        self.resolution = None
        self.kle_titles = kle_titles or {}
        self.G = nx.MultiDiGraph(base=self.iris.base, documents={})
        self._texts: dict[str, str] = {}  # doc_id → text, to give every span its sentence at the end
        self.conflicts: list[str] = []  # values two documents disagree on (see add_node)
        self.warnings: list[str] = []  # things read but not made into facts (an unfilled template proposer)
        self._case_items: dict[str, list[tuple[date, int, str, Span | None]]] = defaultdict(list)
        self._histories: list[tuple[str, str, AgendaItem, Iris]] = []  # (case, item IRI, item, IRIs) with a case history
        self._scope_of: dict[str, str | None] = {}  # meeting IRI → municipality
        self._resolution_of: dict[str | None, Any] = {}  # municipality → its resolution

    # -- documents, meetings and items ------------------------------------------------
    def add_minutes(self, minutes: Minutes, mentions: list[Mention] = (), resolution=None,
                    outcomes: dict[int, DecisionOutcome] | None = None) -> str | None:
        """Add one parsed document. Returns the meeting IRI (None without a date).

        ``resolution`` is that of the document's municipality (``minutes.municipality``), whose
        things get IRIs of their own (:meth:`graph.iris.Iris.scoped`)."""
        self.iris = self._national.scoped(minutes.municipality)
        G, ids, doc = self.G, self.iris, minutes.doc
        self._texts[doc.doc_id] = doc.text
        doc_iri = add_node(G, ids.document(doc.doc_id), "SourceDocument", doc.doc_id,
                           {"filePath": doc.doc_id, "sha256": doc.sha256, "encoding": doc.encoding})
        G.nodes[doc_iri]["props"]["reader"] = doc.reader
        G.graph["documents"][doc.doc_id] = {"sha256": doc.sha256, "encoding": doc.encoding, "iri": doc_iri}
        if minutes.date is None:
            return None
        header = [minutes.header_span] if minutes.header_span else []
        day = minutes.date.isoformat()
        self.resolution = self._resolution_of[minutes.municipality] = resolution
        body = self.canonical_body(minutes.body)
        body_iri = self.body(body or "Ukendt organ", header)
        meeting = add_node(G, ids.meeting(body, day), "Meeting", f"{body or 'Møde'} {day}",
                           {"date": minutes.date, "startTime": minutes.start_time, "place": minutes.place,
                            "documentKind": minutes.kind}, header)
        G.nodes[meeting]["props"]["referencedOnly"] = False  # a document upgrades a referenced-only meeting
        self._scope_of[meeting] = minutes.municipality
        add_edge(G, meeting, body_iri, "meetingOf", header)
        add_edge(G, meeting, doc_iri, "documentedIn", header)

        by_item: dict[int | None, list[Mention]] = defaultdict(list)
        for m in mentions:
            by_item[m.item].append(m)
        for item in minutes.items:
            outcome = (outcomes or {}).get(item.number)
            self._add_item(minutes, meeting, item, by_item.get(item.number, []), resolution, outcome)
        self._add_attendance(minutes, meeting, mentions)
        return meeting

    def _add_attendance(self, minutes: Minutes, meeting: str, mentions: Iterable[Mention] = ()) -> None:
        """Who attended, who was absent, who chaired (the header's lists), and who did not take
        part in an item. A person listed as a member and under "Afbud" is an absentee only;
        the person is the resolver's node, so the header's name and an item's are one."""
        from graph.structure.attendance import is_chair

        if not minutes.attendance:
            return
        by_span = {(m.span.start, m.span.end): m for m in mentions if m.kind == "Person"}
        numbers = {it.number for it in minutes.items}

        def person(e) -> str:
            return self._entity_node("Person", e.name, e.span, self.resolution, by_span.get((e.span.start, e.span.end)))

        def props(e) -> dict:
            return {k: v for k, v in (("attendanceLabel", e.label), ("partyLetter", e.party),
                                      ("memberFunction", e.function)) if v}

        header = [e for e in minutes.attendance if e.item is None]
        absent = {person(e) for e in header if e.role == "absent"}
        for e in header:
            node = person(e)
            if e.role == "absent":
                add_edge(self.G, meeting, node, "absentee", [e.span], props=props(e))
            elif e.role in ("present", "other_present") and node not in absent:
                add_edge(self.G, meeting, node, "attendee", [e.span], props=props(e))
                if is_chair(e.function):
                    add_edge(self.G, meeting, node, "chairedBy", [e.span])
        for e in minutes.attendance:
            if e.item is None or e.item not in numbers:
                continue
            item = self.iris.item(meeting, e.item)
            if e.role in ("voted_against", "reservation"):  # how a member stood on the item's decision
                rel = "votedAgainst" if e.role == "voted_against" else "madeReservation"
                add_edge(self.G, person(e), item, rel, [e.span], props=props(e))
                continue
            rel = "recused" if e.role in ("recused", "absent") else "participant"
            add_edge(self.G, item, person(e), rel, [e.span], props=props(e))

    def canonical_body(self, name: str | None) -> str | None:
        return self.body_aliases.get(name.casefold(), name) if name else name

    def body(self, name: str, sources: Iterable[Span] = ()) -> str:
        """The body's node: the resolved entity when the text mentions it too, so there is one node."""
        entity = self.resolution.lookup("Body", name) if self.resolution is not None else None
        if entity is not None:
            return add_node(self.G, self.iris.entity("Body", entity.key), "Body", entity.label, {}, sources)
        return add_node(self.G, self.iris.body(name), "Body", name, {}, sources)

    def _add_item(self, minutes: Minutes, meeting: str, item: AgendaItem, mentions: list[Mention],
                  resolution, outcome: DecisionOutcome | None) -> None:
        G, ids = self.G, self.iris
        iri = add_node(G, ids.item(meeting, item.number), "AgendaItem",
                       f"Punkt {item.number}: {item.core_title or item.title}",
                       {"number": item.number, "title": item.title, "coreTitle": item.core_title or None,
                        "timeSlot": item.time_slot, "closed": item.closed, "date": minutes.date,
                        "journalNumber": item.journal_number},
                       [item.title_span])
        add_edge(G, meeting, iri, "hasItem", [item.title_span])

        case = self._add_case(item, iri, minutes)

        indstilling = item.section("Indstilling")
        if indstilling is not None:
            proposal = add_node(G, ids.proposal(iri), "Proposal", f"Indstilling: {_first_sentence(indstilling.text)}",
                                {"text": indstilling.text}, [indstilling.span])
            add_edge(G, iri, proposal, "hasProposal", [indstilling.span])
            # "Kommunaldirektøren for indstiller" still names a (unique) post; "Direktøren for" none
            if item.proposer and _unfilled_template(item.proposer, self._proposer_mention(item, mentions) is not None):
                # "Direktøren for... indstiller": names no post, so no Post node; kept verbatim
                add_node(G, iri, "AgendaItem", G.nodes[iri]["label"], {"proposerText": item.proposer.strip()})
                self.warnings.append(f"{minutes.doc.doc_id}: item {item.number}: the proposer "
                                     f"'{item.proposer.strip()}' is an unfilled template; kept as text, no post")
            elif item.proposer:
                post = self._proposer_node(item, mentions, resolution)
                add_edge(G, iri, post, "proposedBy", [item.proposer_span])
                add_edge(G, proposal, post, "proposedBy", [item.proposer_span])

        beslutning = item.section("Beslutning")
        if beslutning is not None:
            props = {"text": beslutning.text}
            evidence = [beslutning.span]
            if outcome is not None:
                props["outcome"] = outcome.outcome
                evidence = [outcome.span]
            decision = add_node(G, ids.decision(iri), "Decision", f"Beslutning: {_first_sentence(beslutning.text)}",
                                props, [beslutning.span])
            add_edge(G, iri, decision, "hasDecision", [beslutning.span])
            add_edge(G, decision, meeting, "decidedIn", evidence)
            if case and outcome is not None and outcome.outcome in SETTLING_OUTCOMES:
                add_edge(G, case, meeting, "decidedIn", evidence)

        for line in item.bilag:
            att = add_node(G, ids.attachment(iri, line.text), "Attachment", line.text, {"title": line.text}, [line.span])
            add_edge(G, iri, att, "referencesBilag", [line.span])

        for ref in item.names:
            # the extractor's mention of the same name, so the resolver's decision applies
            same = next((m for m in mentions if m.kind == "Person" and m.span.start <= ref.span.start
                         and ref.span.end <= m.span.end), None)
            person = self._entity_node("Person", ref.name, ref.span, resolution, same)
            add_edge(G, iri, person, "presentedBy" if ref.role == "presenter" else "participant", [ref.span])

        for m in mentions:
            self._add_mention(minutes, iri, m, resolution)

    def _add_case(self, item: AgendaItem, item_iri: str, minutes: Minutes) -> str | None:
        if not item.journal_number:
            return None
        from graph.journal import parse_journal_number

        # only a KLE number is split into facets and a theme; other schemes are kept as written
        jn = parse_journal_number(item.journal_number) if item.journal_scheme in ("kle", None) else None
        key = jn.normalised if jn else item.journal_number.strip()
        props: dict[str, Any] = {"journalNumber": key, "caseNumberScheme": "kle" if jn else item.journal_scheme}
        if not item.closed and item.core_title:
            props["title"] = item.core_title
        if jn:
            props.update({"subjectCode": jn.subject_code, "actionFacet": jn.action_facet,
                          "serial": jn.serial, "year": jn.year})
        span = [item.journal_span] if item.journal_span else []
        case = add_node(self.G, self.iris.case(key), "Case", key, props, span)
        add_edge(self.G, item_iri, case, "concernsCase", span)
        if jn and jn.subject_code:
            add_edge(self.G, case, self._theme(jn.subject_code, span), "classifiedAs", span)
        self._case_items[case].append((minutes.date, item.number, item_iri, item.journal_span))
        if item.history:
            self._histories.append((case, item_iri, item, self.iris))
        return case

    def _theme(self, code: str, sources: list[Span]) -> str:
        """KLE subject code with its broader group and main group (titles only from a user's KLE file)."""
        from graph.journal import kle_parents

        chain = [code] + list(reversed(kle_parents(code)))  # narrowest first
        iris = [add_node(self.G, self.iris.theme(c), "Theme",
                         f"{c} {self.kle_titles[c]}" if c in self.kle_titles else c,
                         {"kleCode": c}, sources) for c in chain]
        for narrow, broad in zip(iris, iris[1:]):
            add_edge(self.G, narrow, broad, "broader", sources)
        return iris[0]

    # -- entities -----------------------------------------------------------------------
    def _entity_node(self, kind: str, surface: str, span: Span, resolution, mention: Mention | None = None) -> str:
        entity: Entity | None = resolution.entity_of(mention) if (resolution and mention) else None
        if entity is None and resolution is not None and hasattr(resolution, "lookup"):
            entity = resolution.lookup(kind, surface)
        if entity is not None:
            props = {"confidence": entity.confidence} if entity.confidence < 1 else {}
            if entity.kind == "Person" and " " not in entity.label:
                props["firstName"] = entity.label
            return add_node(self.G, self.iris.entity(entity.kind, entity.key), entity.kind, entity.label, props, [span])
        return add_node(self.G, self.iris.entity(kind, surface), kind, surface, {}, [span])

    def _proposer_node(self, item: AgendaItem, mentions: list[Mention], resolution) -> str:
        """The post or unit that "indstiller": a resolved Post/Department mention at the proposer span if any."""
        ps = item.proposer_span
        m = self._proposer_mention(item, mentions)
        if m is not None:
            return self._entity_node(m.kind, m.surface, ps, resolution, m)
        return self._entity_node("Post", item.proposer, ps, resolution)

    @staticmethod
    def _proposer_mention(item: AgendaItem, mentions: list[Mention]) -> Mention | None:
        """The Post or Department mention inside the proposer span, if any."""
        ps = item.proposer_span
        return next((m for m in mentions if m.kind in ("Post", "Department") and ps
                     and m.span.start >= ps.start and m.span.end <= ps.end), None)

    def _add_mention(self, minutes: Minutes, item_iri: str, m: Mention, resolution) -> None:
        G = self.G
        if m.kind in LITERAL_KINDS:
            add_node(G, item_iri, "AgendaItem", G.nodes[item_iri]["label"], {LITERAL_KINDS[m.kind]: [m.surface]})
            return
        if m.kind == "MeetingReference":
            self._meeting_reference(minutes, item_iri, m)
            return
        if m.kind not in ENTITY_KINDS:
            return
        node = self._entity_node(m.kind, m.surface, m.span, resolution, m)
        entity = resolution.entity_of(m) if resolution else None
        add_edge(G, item_iri, node, "mentions", [m.span],
                 confidence=entity.confidence if entity else None,
                 evidence=entity.evidence if entity and entity.evidence else None)
        if entity is not None:
            for rel, kind in (("postIn", "Department"), ("partOfNetwork", "Network")):
                target = entity.attrs.get(rel)
                if target:
                    t_iri = add_node(G, self.iris.entity(kind, target), kind, target, {}, [m.span])
                    add_edge(G, node, t_iri, rel, [m.span])
            if entity.attrs.get("postOf"):  # the same node as the body's meetings (see body())
                add_edge(G, node, self.body(self.canonical_body(entity.attrs["postOf"]), [m.span]), "postOf", [m.span])

    def _meeting_reference(self, minutes: Minutes, item_iri: str, m: Mention) -> None:
        day = m.attrs.get("date")
        if not day:
            return
        body = self.canonical_body(m.attrs.get("body") or minutes.body)
        target = self.iris.meeting(body, day)
        if target not in self.G:
            add_node(self.G, target, "Meeting", f"{body or 'Møde'} {day}",
                     {"date": date.fromisoformat(day), "referencedOnly": True}, [m.span])
            if body:
                add_edge(self.G, target, self.body(body, [m.span]), "meetingOf", [m.span])
        else:
            _merge_sources(self.G.nodes[target]["sources"], [m.span])
        future = m.attrs.get("direction") == "future" or (minutes.date and day > minutes.date.isoformat())
        add_edge(self.G, item_iri, target, "plannedRevisit" if future else "refersToMeeting", [m.span])

    def add_holds(self, holds: Iterable[Any], resolution, municipality: str | None = None) -> None:
        """Person → Post edges, each dated by the meeting where the text says so (``holds`` of
        one municipality's resolution)."""
        self.iris = self._national.scoped(municipality)
        for h in holds:
            # the apposition span ("Skolechef Mette Lund") is the edge's evidence; the nodes keep
            # their own mentions' spans and get this one only if they have none
            person_iri = self.iris.entity("Person", h.person.key)
            post_iri = self.iris.entity("Post", h.post.key)
            person = add_node(self.G, person_iri, "Person", h.person.label, {}, [] if person_iri in self.G else [h.span])
            post = add_node(self.G, post_iri, "Post", h.post.label, {}, [] if post_iri in self.G else [h.span])
            # every meeting at which the text says so, not just the last: a post's holder over time
            known = self.G.get_edge_data(person, post, key="holdsPost", default={}).get("props", {}).get("date", [])
            dates = sorted(set(known) | ({str(h.date)} if h.date else set()))
            add_edge(self.G, person, post, "holdsPost", [h.span], props={"date": dates})

    # -- treatments: each case's path through the bodies ---------------------------------
    def _meeting_body(self, meeting: str) -> str | None:
        return next((v for _, v, k in self.G.out_edges(meeting, keys=True) if k == "meetingOf"), None)

    def _treatment(self, case: str, meeting: str, day: date, number: int | None, item: str | None,
                   kind: str, text: str, span: Span | None) -> str:
        G = self.G
        body = self._meeting_body(meeting)
        body_label = G.nodes[body]["label"] if body else None
        sources = [span] if span else []
        # one treatment per case, meeting and item (a case can be on two items of one meeting)
        tail = meeting.rsplit("/meeting/", 1)[-1] + (f"/{number}" if number is not None else "")
        iri = add_node(G, f"{case}/treatment/{tail}", "Treatment",
                       f"{G.nodes[case]['label']}: {body_label or 'Møde'} {day.isoformat()}"
                       + (f", punkt {number}" if number is not None else ""),
                       {"date": day, "number": number, "text": text or None, "treatmentKind": kind}, sources)
        add_edge(G, iri, case, "treatmentOf", sources)
        add_edge(G, iri, meeting, "treatedAt", sources)
        if body:
            add_edge(G, iri, body, "treatedBy", sources)
        if item:
            add_edge(G, iri, item, "treatedAs", sources)
        return iri

    def _add_treatments(self) -> None:
        """A Treatment per (case, meeting): every item of the build with a case number, and every
        dated entry of an item's case history, at the build's own meeting of that body and day
        when there is one (else a referenced-only meeting, and item when its number is stated);
        then each case's treatments chained in time order (nextTreatment)."""
        from graph.structure.history import same_body

        G = self.G
        # (municipality, day) -> (body label, meeting): a history names a body of its own municipality
        own: dict[tuple, list[tuple[str, str]]] = defaultdict(list)
        for node, data in G.nodes(data=True):
            if data["type"] == "Meeting" and not data["props"].get("referencedOnly"):
                body = self._meeting_body(node)
                own[self._scope_of.get(node), data["props"]["date"]].append((G.nodes[body]["label"] if body else "", node))
        chains: dict[str, set[str]] = defaultdict(set)
        for case, items in self._case_items.items():
            for day, number, item_iri, span in items:
                meeting = item_iri.rsplit("/item/", 1)[0]
                decision = self.G.nodes.get(self.iris.decision(item_iri))
                text = decision["props"].get("text") if decision else None
                chains[case].add(self._treatment(case, meeting, day, number, item_iri, "item", text, span))
        for case, item_iri, item, iris in self._histories:
            self.iris, self.resolution = iris, self._resolution_of.get(iris.municipality)
            for h in item.history:
                if h.date is None:
                    continue  # an undated entry cannot be placed on the case's path
                meeting = next((m for label, m in sorted(own.get((iris.municipality, h.date), []))
                                if same_body(h.body, label)), None)
                target_item = None
                if meeting is not None:
                    target_item = next((v for _, v, k in G.out_edges(meeting, keys=True) if k == "hasItem"
                                        and G.has_edge(v, case, key="concernsCase")
                                        and (h.number is None or G.nodes[v]["props"].get("number") == h.number)), None)
                else:
                    body = self.canonical_body(h.body) or "Ukendt organ"
                    meeting = self.iris.meeting(body, h.date.isoformat())
                    if meeting not in G:
                        add_node(G, meeting, "Meeting", f"{body} {h.date.isoformat()}",
                                 {"date": h.date, "referencedOnly": True}, [h.span])
                        add_edge(G, meeting, self.body(body, [h.span]), "meetingOf", [h.span])
                    if h.number is not None and G.nodes[meeting]["props"].get("referencedOnly"):
                        target_item = add_node(G, self.iris.item(meeting, h.number), "AgendaItem",
                                               f"Punkt {h.number}", {"number": h.number, "date": h.date,
                                                                     "referencedOnly": True}, [h.span])
                        add_edge(G, meeting, target_item, "hasItem", [h.span])
                        add_edge(G, target_item, case, "concernsCase", [h.span])
                number = G.nodes[target_item]["props"].get("number") if target_item else h.number
                t = self._treatment(case, meeting, h.date, number, target_item, h.kind, h.text, h.span)
                add_edge(G, item_iri, t, "recordsTreatment", [h.span])
                chains[case].add(t)
        for case, treatments in chains.items():
            ordered = sorted(treatments, key=lambda t: (G.nodes[t]["props"]["date"], t))
            for a, b in zip(ordered, ordered[1:]):
                add_edge(G, a, b, "nextTreatment", G.nodes[b]["sources"][:1])

    # -- cross-document edges -------------------------------------------------------
    def finish(self) -> nx.MultiDiGraph:
        """Add the edges that need every document: treatments, revisits chains and followedBy."""
        G = self.G
        self._add_treatments()
        _tidy_sources(G)
        for case, treatments in self._case_items.items():
            treatments.sort(key=lambda t: (t[0], t[1]))
            by_meeting_day: dict[date, list] = defaultdict(list)
            for t in treatments:
                by_meeting_day[t[0]].append(t)
            days = sorted(by_meeting_day)
            for earlier, later in zip(days, days[1:]):
                previous = by_meeting_day[earlier][-1]
                for t in by_meeting_day[later]:
                    add_edge(G, t[2], previous[2], "revisits", [s for s in (t[3], previous[3]) if s])
        by_body: dict[str, list[tuple[date, str]]] = defaultdict(list)
        for node, data in G.nodes(data=True):
            if data["type"] == "Meeting" and not data["props"].get("referencedOnly"):
                body = next((v for _, v, k in G.out_edges(node, keys=True) if k == "meetingOf"), None)
                by_body[body].append((data["props"]["date"], node))
        for meetings in by_body.values():
            meetings.sort()
            for (_, a), (_, b) in zip(meetings, meetings[1:]):
                add_edge(G, a, b, "followedBy", G.nodes[b]["sources"][:1])
        _tidy_sources(G, self._texts)
        # the build reports conflicts as its warnings, so the template notes go with them
        self.conflicts = sorted(set(G.graph.pop("conflicts", [])) | set(self.warnings))
        check_terms(G)
        return G


def check_terms(G: nx.MultiDiGraph) -> None:
    """Fail loudly if the graph uses a class or property the ontology does not define."""
    try:
        from graph import ontology
    except ImportError:  # pragma: no cover - the ontology module is part of the package
        return
    onto = ontology.load()
    for type_ in sorted({d["type"] for _, d in G.nodes(data=True)}):
        onto.cls(type_)
    for rel in sorted({k for _, _, k in G.edges(keys=True)}):
        onto.prop(rel)
    for name in sorted({p for _, d in G.nodes(data=True) for p in d["props"]}):
        onto.prop(name)
