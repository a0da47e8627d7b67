"""Vocabulary for the extractors, read from data files under graph/data/.

Nothing here is specific to one municipality: the files hold generic Danish
municipal vocabulary (body abbreviations, unit words, post words, first names),
and a user can add aliases without touching code (``extra_aliases``).

Alias files are TSV: ``canonical<TAB>aliases<TAB>abbreviations`` with ``|``
between several aliases. A user alias file has a leading kind column:
``Body|Department|Organisation|Policy|Network<TAB>canonical<TAB>aliases<TAB>abbreviations``.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"

ALIAS_FILES = {"Body": "bodies.tsv", "Department": "departments.tsv", "Organisation": "organisations.tsv"}


@dataclass(frozen=True)
class Named:
    """A canonical name with its aliases (case-insensitive) and abbreviations (case-sensitive)."""

    kind: str
    canonical: str
    aliases: tuple[str, ...] = ()
    abbreviations: tuple[str, ...] = ()
    listed: bool = True  # from a data or user file (False: learned from the document itself)


@dataclass
class Vocabulary:
    first_names: frozenset[str]
    named: list[Named]
    cues: dict[str, frozenset[str]]
    months: dict[str, int]
    # Facts learned from a corpus (see graph.extract.learn_vocabulary), not from data files.
    municipality: str | None = None
    learned: list[Named] = field(default_factory=list)

    def cue(self, category: str) -> frozenset[str]:
        return self.cues.get(category, frozenset())

    def names_of(self, kind: str) -> list[Named]:
        return [n for n in self.named + self.learned if n.kind == kind]

    def is_first_name(self, word: str) -> bool:
        """A first name from the list, or a hyphenated pair of them ("Anne-Mette")."""
        if word in self.first_names:
            return True
        parts = word.split("-")
        return len(parts) == 2 and all(p in self.first_names for p in parts)


def _read_lines(path: Path) -> list[str]:
    return [ln.rstrip("\n") for ln in path.read_text(encoding="utf-8").splitlines()
            if ln.strip() and not ln.lstrip().startswith("#")]


def _split(cell: str) -> tuple[str, ...]:
    return tuple(a.strip() for a in cell.split("|") if a.strip())


def read_alias_file(path: Path, kind: str | None = None) -> list[Named]:
    """Read an alias TSV; ``kind`` None means the file has a leading kind column."""
    out: list[Named] = []
    for line in _read_lines(Path(path)):
        cells = line.split("\t")
        if kind is None:
            if len(cells) < 2:
                continue
            row_kind, cells = cells[0].strip(), cells[1:]
        else:
            row_kind = kind
        cells += [""] * (3 - len(cells))
        if cells[0].strip():
            out.append(Named(row_kind, cells[0].strip(), _split(cells[1]), _split(cells[2])))
    return out


@lru_cache(maxsize=1)
def _base_parts() -> tuple[frozenset[str], tuple[Named, ...], tuple[tuple[str, frozenset[str]], ...], tuple[tuple[str, int], ...]]:
    first = frozenset(_read_lines(DATA / "first_names.txt"))
    named: list[Named] = []
    for kind, fname in ALIAS_FILES.items():
        named += read_alias_file(DATA / fname, kind)
    cues: dict[str, set[str]] = defaultdict(set)
    for line in _read_lines(DATA / "extract_cues.tsv"):
        cat, _, word = line.partition("\t")
        cues[cat.strip()].add(word.strip())
    months: dict[str, int] = {}
    for line in _read_lines(DATA / "danish_months.tsv"):
        name, _, num = line.partition("\t")
        months[name.strip().casefold()] = int(num)
    return (first, tuple(named), tuple((k, frozenset(v)) for k, v in sorted(cues.items())),
            tuple(sorted(months.items())))


def load_vocabulary(extra_aliases: str | Path | None = None) -> Vocabulary:
    """The bundled vocabulary, plus a user alias file (leading kind column) if given."""
    first, named, cues, months = _base_parts()
    extra = read_alias_file(Path(extra_aliases)) if extra_aliases else []
    # the user's entries come first: where they name the same words, they win
    return Vocabulary(first, extra + list(named), dict(cues), dict(months))
