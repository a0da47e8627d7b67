"""A deterministic synthetic archive of Danish municipal minutes, for benchmarks and scale tests.

Run:  python benchmarks/synthetic_archive.py OUT N [--seed S] [--manifest FILE]

The documents imitate the layout of the bundled sample (graph/data/corpus/albertslund-chefforum):
a "REFERAT <body> d. DD-MM-YYYY" title line, "Mødedato" and "Mødested", attendance ("Medlemmer",
"Afbud", "Øvrige deltagere"), a table of contents, then "Punkt N: <ABBR> - <title>" items, each with
a KLE journal number (``NN.NN.NN-XNN-N-YY``) and Anledning / Sagsforløb / Indstilling /
Sagsfremstilling / Økonomi / Beslutning / Bilag sections.

* Seven bodies meet on a monthly rhythm from 2010 on (committees early in the month, then
  Økonomiudvalget, then Byrådet; Chefforum every other week), about 85 documents a year, so an
  archive of 50,000 documents reaches far into the future: fine for a benchmark.
* A case starts in a committee (or Chefforum, Økonomiudvalget, Byrådet), may come back at a later
  meeting of the same body and travels on (committee → Økonomiudvalget → Byrådet); later items list
  the earlier treatments ("Sagsforløb", "Beslutning i Økonomiudvalget den …").
* People hold seats (council members with a party, department heads, consultants). The number of
  distinct people grows as about 3·sqrt(documents): a seat changes hands now and then, most names
  recur for years.
* Everything is invented: the municipality, places, people (first names from a pool written here,
  surnames from syllables), case numbers.

Same ``(n_docs, seed)`` → byte-identical files. The archive is also prefix-stable: the first k
documents of an archive of n ≥ k documents are the archive of k documents, so "one more document"
is one new file. Each random choice comes from a ``random.Random`` of its own stream, never the
global one, and nothing depends on hash order.
"""
from __future__ import annotations

import argparse
import json
import math
import random
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Iterator

MONTHS = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
          "oktober", "november", "december"]
WEEKDAYS = ["Mandag", "Tirsdag", "Onsdag", "Torsdag", "Fredag", "Lørdag", "Søndag"]
START_YEAR = 2010

# --------------------------------------------------------------------------- invented names
FIRST_NAMES = (
    "Anders Anne Birgitte Camilla Christian Dorthe Erik Frederik Gitte Hanne Henrik Ida Jakob Jens "
    "Jesper Karen Kasper Kirsten Lars Lene Line Lise Louise Mads Maja Malene Mette Michael Mikkel "
    "Morten Niels Nina Ole Peter Pia Poul Rasmus Rikke Sara Signe Simon Sofie Susanne Søren Thomas "
    "Tina Torben Troels Ulla Vibeke Allan Astrid Bente Carsten Dennis Emil Esben Freja Grethe Helle "
    "Inger Jonas Katrine Klaus Laura Marianne Martin Nanna Randi Sanne Steen Tove Uffe Vivi Aksel "
    "Birthe Claus Ditte Flemming Hans Iben Jette"
).split()
DOUBLE_FIRST = ["Anne-Mette", "Karen-Lise", "Hans-Henrik", "Jens-Ole", "Lise-Lotte", "Per-Erik"]
SURNAME_HEADS = ("Bro Hol Kjær Lind Møl Ros Ved Bir Dal Fal Grøn Hav Kro Lyk Nør Ravn Stam Tof Vind "
                 "Æble Øster Bæk Fjord Gul Hjort Jern Kirke Lau Mark Nis Pil Ring Sand Ter Vester "
                 "Ege Hede Ulv Rav Krog Brandt Fugl").split()
SURNAME_TAILS = "gaard holm strup lund bæk dahl berg toft skov kjær høj mose vig feldt borg rup sted".split()
PLACE_HEADS = "Hede Vester Nør Sønder Øster Bjerg Kær Eng Mølle Birke Kilde Tranne Ege Lyng Strand Fure".split()
PLACE_TAILS = "lund by høj gård vang holm bjerg rup sted bæk vig løse".split()
PARTIES = ["A", "A", "A", "A", "V", "V", "V", "C", "C", "F", "F", "Ø", "O", "B", "K"]

# --------------------------------------------------------------------------- bodies
@dataclass(frozen=True)
class Body:
    """A political or administrative body: its name, the abbreviation of its item titles, how it
    meets (week of the month, weekday, clock) and the department that serves it."""
    name: str
    abbr: str
    kind: str          # "committee", "economy", "council" or "officials"
    weeks: tuple[int, ...]
    weekday: int
    clock: str
    dept: str
    room: str


BODIES = (
    Body("Børne- og Skoleudvalget", "BSU", "committee", (1,), 1, "16:00", "Børn & Skole", "Udvalgsværelse 2"),
    Body("Teknik- og Miljøudvalget", "TMU", "committee", (1,), 2, "16:30", "By & Miljø", "Udvalgsværelse 3"),
    Body("Social- og Sundhedsudvalget", "SSU", "committee", (2,), 0, "15:30", "Social & Sundhed", "Udvalgsværelse 2"),
    Body("Kultur- og Fritidsudvalget", "KFU", "committee", (2,), 2, "17:00", "Kultur & Fritid", "Mødelokale 1"),
    Body("Økonomiudvalget", "ØU", "economy", (3,), 1, "15:00", "Økonomi & Stab", "Borgmesterens mødelokale"),
    Body("Byrådet", "BR", "council", (4,), 1, "18:00", "Politik & Ledelse", "Byrådssalen"),
    Body("Chefforum", "CF", "officials", (1, 3), 3, "09:00", "Politik & Ledelse", "Mødelokale 915"),
)
BODY = {b.abbr: b for b in BODIES}
COMMITTEES = [b.abbr for b in BODIES if b.kind == "committee"]
ADVISORY = ["Ældrerådet", "Handicaprådet", "Integrationsrådet", "Folkeoplysningsudvalget", "Idrætsrådet"]
ORGANISATIONS = ["KL", "Landsbyggefonden", "Movia", "Vejdirektoratet", "Socialstyrelsen", "Sundhedsstyrelsen",
                 "Danmarks Statistik", "Digitaliseringsstyrelsen", "Arbejdstilsynet", "Region Hovedstaden"]
UNITS = ["Jobcenter", "Pædagogisk Psykologisk Rådgivning", "Sundhedsplejen", "Tandplejen", "Biblioteket",
         "Ungdomsskolen", "Musikskolen", "Hjemmeplejen", "Borgerservice"]

# --------------------------------------------------------------------------- departments and topics
# A topic: title template, KLE subject code, action facet, route. Routes: C committee, Ö
# Økonomiudvalget, B Byrådet, F Chefforum; a lower-case letter is the kind of treatment there
# (d discuss, h send to hearing, r recommend, a approve, i information).
@dataclass(frozen=True)
class Dept:
    """A department: its policies (name, years per edition), its topics and what it works with."""
    name: str
    body: str
    chef: str          # the head's title written before a name ("skolechef Anne Holm")
    policies: tuple[tuple[str, int], ...]
    topics: tuple[tuple[str, str, str, str], ...]
    words: tuple[str, ...]


DEPTS = (
    Dept("Børn & Skole", "BSU", "skolechef",
         (("Skolepolitik", 4), ("Børne- og Ungepolitik", 4), ("Dagtilbudsstrategi", 5)),
         (("Skolestruktur i {district}", "17.01.00", "P20", "Cd Ch Cr Ör Ba"),
          ("Anlægsbevilling til renovering af {school}", "17.02.05", "G01", "Cr Ör Ba"),
          ("Kvalitetsrapport for skoleåret {year}/{next}", "17.01.10", "A00", "Cr Ba"),
          ("Kapacitet i dagtilbud i {district} {year}", "28.09.00", "P20", "Cd Ca"),
          ("{policy} - godkendelse efter høring", "28.00.00", "P22", "Cd Ch Cr Ör Ba"),
          ("Orientering om elevtal på {school}", "17.01.00", "A00", "Ci"),
          ("Tilsyn med Børnehuset {place}", "28.09.04", "G01", "Ci")),
         ("skolerne", "dagtilbuddene", "forældrebestyrelserne", "skolebestyrelserne", "elevtallet",
          "inklusion", "trivslen blandt eleverne")),
    Dept("By & Miljø", "TMU", "miljøchef",
         (("Trafiksikkerhedsplan", 4), ("Spildevandsplan", 6), ("Klimastrategi", 5)),
         (("Trafiksikkerhed ved {school}", "05.13.00", "P20", "Ca"),
          ("Klimatilpasning af {stream}", "06.02.00", "P20", "Cd Cr Ör Ba"),
          ("Ny affaldsordning i {district}", "07.00.00", "G01", "Cd Cr Ör Ba"),
          ("Lokalplan for {area}", "01.02.05", "P16", "Cr Ör Bh Cr Ör Ba"),
          ("Vintertjeneste {year}/{next}", "05.04.00", "A00", "Ci"),
          ("{policy} - endelig vedtagelse", "06.00.05", "P19", "Ch Cr Ör Ba"),
          ("Cykelsti langs {street}", "05.01.00", "P20", "Cd Ca")),
         ("vejene", "cykelstierne", "regnvandet", "kloakeringen", "grundejerne", "affaldssorteringen",
          "de grønne områder")),
    Dept("Social & Sundhed", "SSU", "sundhedschef",
         (("Sundhedspolitik", 4), ("Ældrepolitik", 4), ("Handicappolitik", 5)),
         (("Kvalitetsstandard for hjemmehjælp {year}", "27.24.00", "P22", "Cr Ör Ba"),
          ("Udbygning af Plejecenter {place}", "27.24.10", "G01", "Cd Cr Ör Ba"),
          ("Forebyggelse og sundhed i {district}", "29.30.00", "P20", "Cd Ca"),
          ("{policy} - godkendelse", "29.00.00", "P22", "Cd Ch Cr Ör Ba"),
          ("Status på ventelister til plejebolig {year}", "27.24.00", "A00", "Ci"),
          ("Tilsynsrapport for Plejecenter {place}", "27.24.10", "G01", "Ci")),
         ("plejecentrene", "hjemmeplejen", "de ældre borgere", "de pårørende", "genoptræningen",
          "sundhedsindsatsen", "rehabiliteringen")),
    Dept("Kultur & Fritid", "KFU", "kulturchef",
         (("Kulturpolitik", 4), ("Idrætspolitik", 4), ("Fritidspolitik", 4)),
         (("Tilskud til {club}", "18.00.00", "Ø40", "Ca"),
          ("Renovering af {hall}", "18.15.00", "G01", "Cd Cr Ör Ba"),
          ("{policy} - udkast til høring", "18.00.00", "P22", "Cd Ch Cr Ör Ba"),
          ("Lokalefordeling {year}/{next}", "18.00.00", "A00", "Ca"),
          ("Status for Biblioteket og kulturhusene {year}", "18.06.00", "A00", "Ci"),
          ("Kulturnat {year} i {district}", "18.20.00", "P20", "Cd Ca")),
         ("foreningerne", "de frivillige", "hallerne", "kulturhusene", "biblioteket",
          "foreningsdeltagelsen", "lokalefordelingen")),
    Dept("Økonomi & Stab", "ØU", "økonomichef",
         (("Indkøbspolitik", 4), ("Digitaliseringsstrategi", 4), ("Finansiel strategi", 4)),
         (("Budgetopfølgning pr. {quarter_end}", "00.30.10", "Ø00", "Ör Ba"),
          ("Anlægsregnskab for {school}", "00.30.14", "A00", "Ör Ba"),
          ("Salg af grund på {street}", "02.34.02", "G01", "Ör Ba"),
          ("{policy} - revision", "00.01.00", "P22", "Ör Ba"),
          ("Låneoptagelse {year}", "00.32.00", "A00", "Öa"),
          ("Forslag til budget {next}-{next4}", "00.30.01", "Ø00", "Öd Ör Bd Ba")),
         ("budgettet", "kassebeholdningen", "anlægsrammen", "udbuddet", "servicerammen",
          "de økonomiske konsekvenser", "likviditeten")),
    Dept("Politik & Ledelse", "CF", "sekretariatschef",
         (("Personalepolitik", 4), ("Lønpolitik", 4), ("Rekrutteringsstrategi", 4)),
         (("Status på {policy}", "81.00.00", "P22", "Fd"),
          ("Kompetenceudvikling for ledere {year}", "81.04.00", "A00", "Fd Fa"),
          ("Onboarding af nye medarbejdere {year}", "81.04.00", "A00", "Fd"),
          ("Sygefravær i {quarter} {year}", "81.03.00", "A00", "Fi"),
          ("{policy} - udkast", "81.00.00", "P22", "Fd Ör Ba"),
          ("Temadrøftelse om {theme}", "00.15.00", "G20", "Fd Fd"),
          ("Arbejdsmiljø og trivsel {year}", "81.08.00", "A00", "Fd Fa")),
         ("lederne", "medarbejderne", "arbejdsmiljøet", "rekrutteringen", "fastholdelsen",
          "kompetenceudviklingen", "organisationen")),
)
DEPT = {d.name: d for d in DEPTS}
COUNCIL_TOPICS = (
    ("Udpegning af nyt medlem til {advisory}", "00.01.00", "A00", "Ba"),
    ("Godkendelse af mødeplan for {next}", "00.01.00", "A00", "Ba"),
    ("Forslag om {theme} i {district}", "00.01.00", "G01", "Bd Ör Ba"),
)
THEMES = ["rekruttering", "borgerinddragelse", "digitalisering", "grøn omstilling", "frivillighed",
          "nærdemokrati", "sammenhængende forløb", "tværgående ledelse"]
DIRECTORS = {"Børn & Skole": "Børn & Velfærd", "Social & Sundhed": "Børn & Velfærd",
             "By & Miljø": "By & Kultur", "Kultur & Fritid": "By & Kultur"}
POST_WORDS = ("chef", "leder", "direktør", "borgmester")
KIND_WORDS = {"d": "drøftelse", "h": "godkendelse til høring", "r": "anbefaling", "a": "godkendelse",
              "i": "orientering"}


def policy_name(base: str, period: int, year: int) -> str:
    """The edition of a policy in force in ``year`` ("Skolepolitik 2018-2021")."""
    start = year - (year - 2002) % period
    return f"{base} {start}-{start + period - 1}"


def slug(text: str) -> str:
    """An ASCII file-name part: "Børne- og Skoleudvalget" -> "boerne-og-skoleudvalget"."""
    text = text.casefold().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join("".join(c if c.isalnum() else " " for c in text).split())


def long_date(d: date) -> str:
    """ "7. september 2016" """
    return f"{d.day}. {MONTHS[d.month - 1]} {d.year}"


# --------------------------------------------------------------------------- calendar
def nth_weekday(year: int, month: int, week: int, weekday: int) -> date:
    """The ``week``-th ``weekday`` (0 = Monday) of a month."""
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (week - 1))


def calendar(seed: int) -> Iterator[tuple[date, Body]]:
    """Every meeting in date order, month after month: no July meetings, now and then one is
    cancelled. A body never meets twice on one day (its meeting days are distinct weeks)."""
    rng = random.Random(seed * 4 + 1)
    year, month = START_YEAR, 1
    while True:
        if month != 7:
            month_meetings = []
            for order, body in enumerate(BODIES):
                for week in body.weeks:
                    if body.kind != "council" and rng.random() < 0.04:
                        continue  # cancelled ("mødet er aflyst")
                    month_meetings.append((nth_weekday(year, month, week, body.weekday), order, body))
            for day, _, body in sorted(month_meetings):
                yield day, body
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


# --------------------------------------------------------------------------- people
@dataclass
class Seat:
    """A place a person holds: a council seat (with party), a post, a consultant's job."""
    kind: str                 # "politician", "director", "chef", "consultant"
    holder: str
    party: str | None = None
    dept: str | None = None   # the department of a chef or consultant; a director's area
    title: str | None = None  # a consultant's job title


class People:
    """Seats and their holders. The number of distinct people ever named grows as
    ``seats + 3·sqrt(k)`` with the document index k: a seat now and then gets a new holder."""

    def __init__(self, rng: random.Random, place_words: set[str]):
        self.rng = rng
        self.used: set[str] = set()
        self.avoid = place_words
        self.seats: list[Seat] = []
        for party in PARTIES:
            self.seats.append(Seat("politician", self.new_name(), party=party))
        self.seats.append(Seat("director", self.new_name(), dept="Kommunaldirektør"))
        for area in sorted(set(DIRECTORS.values())):
            self.seats.append(Seat("director", self.new_name(), dept=area))
        for dept in DEPTS:
            self.seats.append(Seat("chef", self.new_name(), dept=dept.name))
        for i in range(12):
            title = ("konsulent", "projektleder", "specialkonsulent", "teamleder")[i % 4]
            self.seats.append(Seat("consultant", self.new_name(), dept=DEPTS[i % len(DEPTS)].name, title=title))
        self.base = len(self.seats)
        self.ever = len(self.seats)
        self.committees = self._committees()

    def new_name(self) -> str:
        """A name no one has had yet: first name (sometimes two), maybe a middle name, surname."""
        rng = self.rng
        while True:
            first = rng.choice(DOUBLE_FIRST) if rng.random() < 0.06 else rng.choice(FIRST_NAMES)
            parts = [first]
            if rng.random() < 0.3:
                parts.append(self._surname())
            parts.append(self._surname())
            name = " ".join(parts)
            if name not in self.used and parts[-1] not in self.avoid:
                self.used.add(name)
                return name

    def _surname(self) -> str:
        return self.rng.choice(SURNAME_HEADS) + self.rng.choice(SURNAME_TAILS)

    def _committees(self) -> dict[str, list[int]]:
        """Council seat numbers per body, the chair first: the mayor (seat 0) chairs ØU and BR."""
        politicians = [i for i, s in enumerate(self.seats) if s.kind == "politician"]
        out = {"BR": politicians, "ØU": [0] + self.rng.sample(politicians[1:], 6)}
        for abbr in COMMITTEES:
            out[abbr] = self.rng.sample(politicians[1:], 5)
        return out

    def grow(self, k: int) -> None:
        """New holders for some seats, until ``base + 3·sqrt(k)`` people have been named."""
        target = self.base + int(3 * math.sqrt(k))
        while self.ever < target:
            seat = self.rng.choice(self.seats)
            seat.holder = self.new_name()
            self.ever += 1

    def by_kind(self, kind: str, dept: str | None = None) -> list[Seat]:
        return [s for s in self.seats if s.kind == kind and (dept is None or s.dept == dept)]

    def chef(self, dept: str) -> Seat:
        return self.by_kind("chef", dept)[0]

    def members(self, abbr: str) -> list[Seat]:
        """The members of a body, the chair first."""
        if abbr == "CF":
            return self.by_kind("director") + self.by_kind("chef")
        return [self.seats[i] for i in self.committees[abbr]]


def with_party(seat: Seat) -> str:
    return f"{seat.holder} ({seat.party})" if seat.party else seat.holder


def join_names(names: list[str]) -> str:
    """ "A, B og C" """
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " og " + names[-1]


# --------------------------------------------------------------------------- cases
@dataclass
class Treated:
    """One treatment a case has had: where, when, which item, what was decided."""
    body: str
    day: date
    number: int
    remark: str


@dataclass
class Case:
    """A case with its journal number, title, department, remaining route and past treatments."""
    number: str
    title: str
    dept: str
    route: list[tuple[str, str]]
    policy: str | None = None
    history: list[Treated] = field(default_factory=list)
    stage: int = 0


@dataclass
class Item:
    """One agenda item as planned: the case it treats and the kind of treatment."""
    case: Case
    kind: str            # d h r a i, or "standing"
    title: str


class Archive:
    """The generator's state: people, places, case numbers and the cases under way."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed * 4 + 2)
        self.place_rng = random.Random(seed * 4 + 3)
        self.municipality = self._place() + " Kommune"
        self.places = sorted({self._place() for _ in range(40)} - {self.municipality.split()[0]})
        self.people = People(random.Random(seed * 4 + 4), set(self.places))
        self.serials: dict[tuple[str, int], int] = {}
        self.pending: dict[str, list[tuple[date, int, Case]]] = {b.abbr: [] for b in BODIES}
        self.standing: dict[tuple[str, int, str], Case] = {}
        self.cases: dict[str, list[list]] = {}
        self.titles: set[str] = set()
        self.queued = 0

    # -- invented places and numbers
    def _place(self) -> str:
        return self.place_rng.choice(PLACE_HEADS) + self.place_rng.choice(PLACE_TAILS)

    def journal(self, kle: str, facet: str, year: int) -> str:
        """A new KLE journal number of ``year``: serials per subject and year only grow, so no
        number is ever given twice (two-digit years repeat only after a century, the serial not)."""
        key = (kle, year % 100)
        serial = self.serials.get(key, self.rng.randint(1, 30)) + self.rng.randint(1, 4)
        self.serials[key] = serial
        return f"{kle}-{facet}-{serial}-{year % 100:02d}"

    def fill(self, template: str, day: date, dept: Dept) -> tuple[str, str | None]:
        """A topic title with its places filled in, and the policy it names (if any)."""
        rng = self.rng
        place = rng.choice(self.places)
        base, period = rng.choice(dept.policies)
        policy = policy_name(base, period, day.year + 1)
        quarter = rng.randint(1, 3)
        values = {
            "district": place, "place": place, "school": f"{place} Skole", "stream": f"{place} Å",
            "area": f"boligområdet ved {place}vej", "street": f"{place}vej", "hall": f"{place}hallen",
            "club": f"{place} Idrætsforening", "policy": policy, "year": day.year, "next": day.year + 1,
            "next4": day.year + 4, "quarter": f"{quarter}. kvartal",
            "quarter_end": long_date(date(day.year, 3 * quarter + 1, 1) - timedelta(days=1)),
            "theme": rng.choice(THEMES), "advisory": rng.choice(ADVISORY),
        }
        title = template.format(**values)
        title = title[0].upper() + title[1:]
        return title, (policy if "{policy}" in template else None)

    def new_case(self, abbr: str, day: date) -> Case:
        """A case that starts at a meeting of ``abbr``."""
        if abbr == "BR":
            dept, topics = DEPT["Politik & Ledelse"], COUNCIL_TOPICS
        else:
            dept = next(d for d in DEPTS if d.body == abbr)
            topics = dept.topics
        for _ in range(20):  # a title once only, while the pool lasts
            template, kle, facet, route = self.rng.choice(topics)
            title, policy = self.fill(template, day, dept)
            if title not in self.titles:
                break
        self.titles.add(title)
        stages = [(self._body_of(code[0], abbr), code[1]) for code in route.split()]
        return Case(self.journal(kle, facet, day.year), title, dept.name, stages, policy)

    @staticmethod
    def _body_of(code: str, home: str) -> str:
        return {"C": home, "Ö": "ØU", "B": "BR", "F": "CF"}[code]

    def standing_case(self, abbr: str, year: int, what: str) -> Case:
        """The one case number a body's standing item ("Godkendelse af dagsorden") has all year."""
        key = (abbr, year, what)
        if key not in self.standing:
            self.standing[key] = Case(self.journal("00.01.00", "A00", year), what, BODY[abbr].dept, [])
        return self.standing[key]

    # -- planning a meeting
    def plan(self, day: date, body: Body) -> list[Item]:
        """The items of one meeting: approval of the agenda, cases due here, new cases, news."""
        rng = self.rng
        abbr = body.abbr
        items = [Item(self.standing_case(abbr, day.year, "Godkendelse af dagsorden"), "standing",
                      "Godkendelse af dagsorden og referat" if abbr == "CF" else "Godkendelse af dagsorden")]
        # Økonomiudvalget and Byrådet take more: every committee sends its cases on to them
        cap = 7 if body.kind in ("committee", "officials") else 9
        due = sorted(p for p in self.pending[abbr] if p[0] <= day)[:cap]
        for p in due:
            self.pending[abbr].remove(p)
        wanted = rng.randint(5, 7) if body.kind != "council" else rng.randint(3, 5)
        cases = [p[2] for p in due] + [self.new_case(abbr, day) for _ in range(max(0, wanted - len(due)))]
        for case in cases:
            _, kind = case.route[case.stage]
            items.append(Item(case, kind, case.title))
        if rng.random() < 0.6:
            items.append(Item(self.standing_case(abbr, day.year, "Meddelelser"), "standing",
                              "Bordet rundt" if abbr == "CF" else "Meddelelser"))
        items.append(Item(self.standing_case(abbr, day.year, "Eventuelt"), "standing", "Eventuelt"))
        return items

    def advance(self, item: Item, body: Body, day: date, number: int, remark: str) -> None:
        """Record the treatment and send the case on to the next body of its route."""
        case = item.case
        self.cases.setdefault(case.number, []).append([body.name, day.isoformat(), number])
        if item.kind == "standing":
            return
        case.history.append(Treated(body.name, day, number, remark))
        case.stage += 1
        if case.stage < len(case.route):
            nxt = case.route[case.stage][0]
            # after a hearing (eight weeks) or at a revisit the case waits some months; the next
            # political step only for that body's next meeting
            if item.kind == "h":
                wait = self.rng.randint(60, 100)
            else:
                wait = self.rng.randint(40, 140) if nxt == body.abbr else 1
            self.queued += 1
            self.pending[nxt].append((day + timedelta(days=wait), self.queued, case))


# --------------------------------------------------------------------------- writing text
class Writer:
    """Renders one meeting's minutes as plain text, in the sample's layout."""

    def __init__(self, archive: Archive, body: Body, day: date, items: list[Item]):
        self.a = archive
        self.rng = archive.rng
        self.people = archive.people
        self.body = body
        self.day = day
        self.items = items
        self.members = self.people.members(body.abbr)
        n_absent = self.rng.choice([0, 0, 1, 1, 2]) if len(self.members) > 4 else 0
        self.absent = self.rng.sample(self.members[1:], n_absent)
        self.present = [m for m in self.members if m not in self.absent]
        self.named: set[str] = set()
        self.posts: set[str] = set()
        self.holds: set[tuple[str, str]] = set()
        self.presenters: dict[int, list[str]] = {}

    # -- small helpers
    def pick(self, seq):
        return self.rng.choice(seq)

    def person(self, seat: Seat) -> str:
        self.named.add(seat.holder)
        return seat.holder

    def holder(self, title: str, seat: Seat) -> str:
        """A title before a name ("Skolechef Anne Holm"); a post word there (…chef, …leder,
        direktør, borgmester) says who holds which post at this meeting."""
        if title.casefold().endswith(POST_WORDS):
            self.holds.add((seat.holder, title.casefold()))
        return f"{title} {self.person(seat)}"

    def consultant(self, dept: str) -> Seat:
        seats = self.people.by_kind("consultant", dept) or self.people.by_kind("consultant")
        return self.pick(seats)

    def place(self) -> str:
        return self.pick(self.a.places)

    def money(self) -> str:
        return f"{self.rng.randint(2, 95) / 10:.1f}".replace(".", ",") + " mio. kr."

    def body_word(self) -> str:
        return {"committee": "Udvalget", "economy": "Økonomiudvalget", "council": "Byrådet",
                "officials": "Chefforum"}[self.body.kind]

    def proposer(self, item: Item) -> str:
        """Who recommends: the head of the case's department, a director, the chief executive."""
        dept = item.case.dept
        if item.kind == "standing" or (self.body.kind in ("council", "officials") and self.rng.random() < 0.5):
            post = "Kommunaldirektøren"
        elif dept in DIRECTORS and self.rng.random() < 0.3:
            post = f"Direktøren for {DIRECTORS[dept]}"
        else:
            post = self.pick(["Afdelingschefen", "Chefen"]) + f" for {dept}"
        self.posts.add(post)
        return post

    # -- the document
    def render(self) -> tuple[str, list[dict]]:
        """The whole text and the record of its items."""
        titles = [self.item_title(n, it) for n, it in enumerate(self.items, 1)]
        parts = [self.header(), self.attendance(), self.toc(titles)]
        records = []
        for n, (item, title) in enumerate(zip(self.items, titles), 1):
            text, remark = self.item(n, item, title)
            parts.append(text)
            records.append({"number": n, "title": f"{self.body.abbr} - {title}", "case": item.case.number,
                            "kind": item.kind, "presenters": self.presenters.get(n, [])})
            self.a.advance(item, self.body, self.day, n, remark)
        return "\n\n".join(parts) + "\n", records

    def header(self) -> str:
        d = self.day
        when = f"{WEEKDAYS[d.weekday()]} d. {d.day:02d}. {MONTHS[d.month - 1]} {d.year} kl. {self.body.clock}"
        return (f"\n\nREFERAT {self.body.name} d. {d:%d-%m-%Y}\n\n"
                f"Mødedato {when}\n\n"
                f"Mødested {self.body.room}, {self.a.municipality.split()[0]} Rådhus")

    def attendance(self) -> str:
        names = [with_party(m) for m in self.present]
        if self.body.kind != "officials":
            names[0] += " (formand)"
        for m in self.present:
            self.named.add(m.holder)
        lines = [f"Medlemmer: {join_names(names)}",
                 "Afbud: " + (join_names([with_party(m) for m in self.absent]) if self.absent else "Ingen")]
        for m in self.absent:
            self.named.add(m.holder)
        if self.body.kind != "officials":
            others = [self.person(self.people.by_kind("director", "Kommunaldirektør")[0]),
                      self.person(self.people.chef(self.body.dept))]
            lines.append(f"Øvrige deltagere: {join_names(others)}")
        return "\n\n".join(lines)

    def toc(self, titles: list[str]) -> str:
        page, lines = 3, ["Indholdsfortegnelse", ""]
        for title in titles:
            lines.append(f"{self.body.abbr} - {title}.....\t{page}")
            page += self.rng.randint(1, 3)
        return "\n".join(lines)

    def item_title(self, n: int, item: Item) -> str:
        """The title, with a presenter ("v. Karen Brogaard") on some items."""
        title = item.title
        if item.kind == "standing" or self.rng.random() < 0.6:
            return title
        seat = self.consultant(item.case.dept) if self.rng.random() < 0.6 else self.people.chef(item.case.dept)
        self.presenters[n] = [self.person(seat)]
        title += f" v. {seat.holder}"
        if self.body.kind == "officials" and self.rng.random() < 0.3:
            guest = self.consultant(item.case.dept)
            if guest.holder != seat.holder:
                title += f" ({self.person(guest)} deltager)"
        return title

    def item(self, n: int, item: Item, title: str) -> tuple[str, str]:
        """One agenda item and its decision's first sentence (the remark of later history)."""
        head = [f"Punkt {n}: {self.body.abbr} - {title}", item.case.number]
        if item.kind == "standing":
            decision = self.standing_decision(item)
            sections = [("Indstilling", self.proposal(item)), ("Beslutning", decision)]
        else:
            decision = self.decision(item)
            sections = [(self.pick(["Anledning", "Resumé"]), self.summary(item))]
            if item.case.history:
                sections += self.history(item)
            sections += [("Indstilling", self.proposal(item)), ("Sagsfremstilling", self.presentation(item))]
            if self.rng.random() < 0.4:
                sections.append(("Økonomi", self.economy(item)))
            sections.append(("Beslutning", decision))
            if self.rng.random() < 0.7:
                sections.append(("Bilag", self.attachments(item)))
        body = "\n\n".join(f"{h}\n\n{t}" for h, t in sections)
        return "\n\n".join(head) + "\n\n" + body, decision.split("\n")[0]

    # -- sections
    def summary(self, item: Item) -> str:
        case, what = item.case, KIND_WORDS[item.kind]
        first = not case.history
        lines = [f"{case.title} forelægges {'for første gang ' if first else ''}til {what}."]
        if item.kind in ("r", "a") and case.route[-1][0] == "BR" and self.body.abbr != "BR":
            lines.append("Sagen afgøres af Byrådet.")
        if case.policy:
            lines.append(f"Sagen udmønter {case.policy}.")
        return " ".join(lines)

    def history(self, item: Item) -> list[tuple[str, str]]:
        """Earlier treatments: one "Beslutning i <body> den <date>" section each in the council's
        minutes, a "Sagsforløb" list elsewhere."""
        past = item.case.history
        if self.body.kind == "council":
            return [(f"Beslutning i {t.body} den {t.day:%d-%m-%Y}", t.remark) for t in past]
        entries = [f"{t.body}, {long_date(t.day)}, punkt {t.number}\n{t.remark}" for t in past]
        return [("Sagsforløb", "\n\n".join(entries))]

    def proposal(self, item: Item) -> str:
        """ "<post> indstiller,\n\n1. at …" """
        who = self.proposer(item)
        points = self.proposal_points(item)
        return f"{who} indstiller,\n\n" + "\n".join(f"{i}. at {p}" for i, p in enumerate(points, 1))

    def proposal_points(self, item: Item) -> list[str]:
        """The "at …" points of a proposal, by kind of treatment."""
        bw = self.body_word().lower() if self.body.kind == "committee" else self.body_word()
        kind = item.kind
        if kind == "standing":
            return ["dagsordenen godkendes", "referatet fra sidste møde godkendes"]
        if kind == "d":
            return [f"{bw} drøfter forslaget",
                    f"{bw} giver input til det videre arbejde med {self.pick(DEPT[item.case.dept].words)}"]
        if kind == "h":
            return ["forslaget sendes i offentlig høring i otte uger", "høringssvarene forelægges efter høringsperioden"]
        if kind == "r":
            onward = "Byrådet" if self.body.abbr == "ØU" else "Økonomiudvalget og Byrådet"
            return [f"{bw} anbefaler over for {onward}, at forslaget godkendes"]
        if kind == "a" and self.rng.random() < 0.5:
            return ["forslaget godkendes", f"der gives en bevilling på {self.money()}"]
        return ["forslaget godkendes"] if kind == "a" else ["orienteringen tages til efterretning"]

    def presentation(self, item: Item) -> str:
        """Three to six paragraphs: background, people with posts, policies, organisations, money."""
        rng, case, dept = self.rng, item.case, DEPT[item.case.dept]
        other = self.pick([d for d in DEPTS if d.name != case.dept])
        chef = self.people.chef(case.dept)
        cons = self.consultant(case.dept)
        policy = case.policy or policy_name(*self.pick(dept.policies), self.day.year)
        w1, w2 = rng.sample(dept.words, 2)
        # sentences are written only when chosen, so the record names only people the text names
        sentences = [
            lambda: f"{case.dept} har i samarbejde med {other.name} udarbejdet et forslag, der samler de erfaringer, "
                    f"der er gjort med {w1} siden {self.day.year - rng.randint(1, 4)}.",
            lambda: f"Forslaget tager udgangspunkt i {policy}, der sætter rammen for arbejdet med {w2}.",
            lambda: f"{self.holder(dept.chef.capitalize(), chef)} har koordineret arbejdet med {self.pick(UNITS)}, så indsatsen "
                    f"hænger sammen med de øvrige tiltag i {self.place()}.",
            lambda: f"Der har været afholdt {rng.randint(2, 9)} dialogmøder med borgere, foreninger og medarbejdere, "
                    f"og input herfra er indarbejdet i materialet.",
            lambda: f"{self.pick(ORGANISATIONS)} har i {MONTHS[rng.randint(0, 11)]} {self.day.year - 1} udsendt nye "
                    f"anbefalinger på området, som forvaltningen har vurderet i forhold til kommunens praksis.",
            lambda: f"{self.holder(cons.title.capitalize(), cons)} har gennemgået {w1} i {self.place()} og peger på, "
                    f"at {rng.randint(10, 60)} procent af {w2} kan omfattes af indsatsen inden for de første to år.",
            lambda: f"{self.pick(ADVISORY)} har fået forslaget til udtalelse og bakker op om hovedlinjerne.",
            lambda: f"Forvaltningen vurderer, at forslaget kan gennemføres inden for den eksisterende ramme, "
                    f"men at {w2} skal følges tæt det første år.",
            lambda: f"Arbejdet forventes igangsat i {self.pick(['foråret', 'efteråret', 'sommeren'])} {self.day.year + 1} "
                    f"og afsluttet inden udgangen af {self.day.year + 2}.",
            lambda: f"I {self.place()} er der i dag {rng.randint(120, 2400)} borgere i målgruppen, og antallet ventes "
                    f"at stige med {rng.randint(2, 15)} procent frem mod {self.day.year + 5}.",
            lambda: f"{self.pick(UNITS)} og {self.pick(UNITS)} har bidraget med erfaringer fra den daglige drift.",
            lambda: "Sagen har været drøftet i KommuneMED, som bakker op om forslaget.",
            lambda: f"Der er indkommet {rng.randint(3, 40)} høringssvar, blandt andet fra {self.pick(ADVISORY)} og "
                    f"{self.pick(['skolebestyrelserne', 'grundejerforeningerne', 'foreningerne', 'brugerrådene'])}.",
            lambda: f"Forslaget skal ses i sammenhæng med {policy_name(*self.pick(other.policies), self.day.year)}.",
            lambda: f"Det er forvaltningens vurdering, at {w1} og {w2} med fordel kan ses i sammenhæng.",
        ]
        # long agendas (Økonomiudvalget, Byrådet) get shorter texts, to stay near the sample's size
        chosen = rng.sample(sentences, rng.randint(7, 10) if len(self.items) <= 9 else rng.randint(4, 7))
        sentences = [write() for write in chosen]
        paragraphs = [" ".join(sentences[i:i + 3]) for i in range(0, len(sentences), 3)]
        if case.history:
            t = case.history[-1]
            where = "udvalgets" if t.body == self.body.name else f"{t.body}s"
            paragraphs.insert(0, f"Sagen blev senest behandlet på {where} møde den {long_date(t.day)}, "
                                 f"hvor det blev besluttet, at forvaltningen skulle arbejde videre med sagen.")
        if rng.random() < 0.5:
            verbs = ["styrket indsats for", "bedre koordinering af", "ny organisering af", "opfølgning på"]
            paragraphs.append("Forslaget indeholder følgende elementer:\n\n" + "\n".join(
                f"- {self.pick(verbs)} {word}" for word in rng.sample(dept.words, 3)))
        paragraphs.append(self.filler(dept))
        return "\n\n".join(paragraphs)

    def filler(self, dept: Dept) -> str:
        """A longer paragraph of background, so the documents reach the sample's size."""
        rng = self.rng
        w = rng.sample(dept.words, 4)
        return (f"Baggrunden for sagen er, at {w[0]} over de seneste år har ændret sig, og at der er behov for "
                f"at se samlet på {w[1]} og {w[2]}. Forvaltningen har derfor gennemgået de nuværende "
                f"arbejdsgange, talt med {w[3]} og sammenlignet med praksis i {rng.randint(3, 8)} andre kommuner. "
                f"Gennemgangen viser, at der er gode erfaringer at bygge videre på, men også at opgaven i dag "
                f"løses forskelligt fra område til område. Med forslaget samles indsatsen, og der følges op "
                f"{self.pick(['hvert kvartal', 'hvert halve år', 'en gang om året'])} med en kort status til "
                f"{self.pick(['udvalget', 'Chefforum', 'Økonomiudvalget'])}, så det bliver tydeligt, hvad "
                f"indsatsen betyder for borgerne i {self.place()} og resten af kommunen.")

    def economy(self, item: Item) -> str:
        funds = ["den afsatte pulje på området", f"anlægsrammen for {self.day.year + 1}", "kassebeholdningen"]
        return (f"Udgiften er opgjort til {self.money()}, som foreslås finansieret af {self.pick(funds)}. "
                f"Der forventes en årlig driftsudgift på {self.money()} fra {self.day.year + 2}.")

    def attachments(self, item: Item) -> str:
        names = [f"{item.case.title} - notat", f"{item.case.title} - tidsplan",
                 f"Økonomioversigt {self.day.year}", "Høringsnotat med forvaltningens bemærkninger",
                 f"Oversigt over {self.pick(DEPT[item.case.dept].words)}"]
        return "\n\n".join(self.rng.sample(names, self.rng.randint(1, 3)))

    def decision(self, item: Item) -> str:
        """What was decided, by kind of treatment; in political bodies now and then a vote against,
        a reservation or a member who did not take part."""
        rng, bw, abbr = self.rng, self.body_word(), self.body.abbr
        if self.body.kind == "officials":
            return self.officials_decision(item)
        if item.kind == "a":
            text = self.pick(["Godkendt.", f"{bw} godkendte indstillingen."])
        elif item.kind == "r" and abbr == "ØU":
            text = "Anbefales over for Byrådet."
        else:
            text = {"d": f"{bw} drøftede sagen og bad forvaltningen arbejde videre med forslaget.",
                    "h": f"{bw} godkendte, at forslaget sendes i offentlig høring.",
                    "r": f"{bw} anbefaler indstillingen over for Økonomiudvalget og Byrådet.",
                    "i": "Orienteringen blev taget til efterretning."}[item.kind]
        extra = []
        voters = [m for m in self.present[1:] if m.party]
        if item.kind in ("r", "a", "h") and voters and rng.random() < 0.25:
            extra.append(f"{with_party(self.pick(voters))} stemte imod.")
        if voters and rng.random() < 0.1:
            extra.append(f"{with_party(self.pick(voters))} tog forbehold.")
        if voters and rng.random() < 0.06:
            extra.append(f"{with_party(self.pick(voters))} deltog ikke i behandlingen af punktet.")
        return "\n\n".join([text] + extra)

    def officials_decision(self, item: Item) -> str:
        rng = self.rng
        who = self.person(self.people.chef(item.case.dept))
        if item.kind == "i":
            return f"{who} orienterede om status. Chefforum tog orienteringen til efterretning."
        if item.kind == "a":
            return f"Chefforum godkendte oplægget. {who} følger op i afdelingerne."
        words = rng.sample(DEPT[item.case.dept].words, 3)
        bullets = "\n".join(f"- Der skal være fokus på {w}" for w in words)
        return (f"Chefforum drøftede oplægget med følgende kommentarer:\n\n{bullets}\n\n"
                f"{who} samler op til næste møde.")

    def standing_decision(self, item: Item) -> str:
        if item.title.startswith("Godkendelse"):
            return f"{self.body_word()} godkendte dagsordenen."
        if item.title in ("Meddelelser", "Bordet rundt"):
            dept = self.pick(DEPTS)
            lines = [f"{self.holder(dept.chef.capitalize(), self.people.chef(dept.name))} orienterede om "
                     f"{self.pick(THEMES)} og status på {self.pick(UNITS)}."]
            if self.body.kind == "officials":
                ceo = self.people.by_kind("director", "Kommunaldirektør")[0]
                lines.append(f"{self.holder('Kommunaldirektør', ceo)} orienterede om {self.pick(THEMES)}.")
            elif self.body.abbr in ("ØU", "BR") and self.present[0] is self.members[0]:
                lines.append(f"{self.holder('Borgmester', self.members[0])} orienterede om "
                             f"{self.pick(ORGANISATIONS)} og {self.pick(THEMES)}.")
            return "\n\n".join(lines)
        return "Intet."


# --------------------------------------------------------------------------- the archive
def documents(n_docs: int, seed: int = 0, archive: Archive | None = None) -> Iterator[tuple[str, str, dict]]:
    """The first ``n_docs`` documents as ``(file name, text, record)``, in date order. Pass an
    :class:`Archive` of the same seed to read its record of cases (``archive.cases``) afterwards."""
    archive = archive or Archive(seed)
    meetings = calendar(seed)
    for k in range(n_docs):
        day, body = next(meetings)
        archive.people.grow(k)
        items = archive.plan(day, body)
        writer = Writer(archive, body, day, items)
        text, records = writer.render()
        name = f"{slug(body.name)}-{day.isoformat()}.txt"
        record = {"file": name, "body": body.name, "date": day.isoformat(), "items": records,
                  "people": sorted(writer.named), "posts": sorted(writer.posts),
                  "holds": sorted(list(h) for h in writer.holds)}
        yield name, text, record


def write_archive(folder: str | Path, n_docs: int, seed: int = 0, manifest: str | Path | None = None) -> list[Path]:
    """Write ``n_docs`` minutes into ``folder`` and return their paths (in date order).

    With ``manifest``, also write there (keep it outside ``folder``: it is not minutes) a JSON record
    of what was written: per document its body, date, items (number, title, case number), the
    people named and the posts; per case number every (body, date, item) that treated it."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths, records, archive = [], [], Archive(seed)
    for name, text, record in documents(n_docs, seed, archive):
        path = folder / name
        path.write_bytes(text.encode("utf-8"))
        paths.append(path)
        records.append(record)
    if manifest is not None:
        cases = archive.cases
        people = sorted({p for r in records for p in r["people"]})
        data = {"seed": seed, "n_docs": n_docs, "documents": records, "people": people,
                "cases": {k: cases[k] for k in sorted(cases)}}
        Path(manifest).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return paths


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to write the minutes into")
    parser.add_argument("n", type=int, help="number of documents")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--manifest", type=Path, help="also write this JSON record of the archive")
    args = parser.parse_args(argv)
    paths = write_archive(args.out, args.n, args.seed, args.manifest)
    size = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} documents, {size / 1e6:.1f} MB in {args.out}")


if __name__ == "__main__":
    main()
