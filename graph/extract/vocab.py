"""Vocabulary for the extractors, read from data files under graph/data/.

Nothing here is specific to one municipality: the files hold generic Danish
municipal vocabulary (body abbreviations, unit words, post words, first names),
and a user can add aliases without touching code (``extra_aliases``).

Alias files are TSV: ``canonical<TAB>aliases<TAB>abbreviations`` with ``|``
between several aliases. A user alias file has a leading kind column:
``Body|Department|Organisation|Policy|Network<TAB>canonical<TAB>aliases<TAB>abbreviations``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from graph.datafiles import entry_lines, lines, rows

ALIAS_FILES = {"Body": "bodies.tsv", "Department": "departments.tsv", "Organisation": "organisations.tsv"}

# Kinds a user alias row may name: ontology classes whose mentions the extractor finds by name.
ALIAS_KINDS = ("Body", "Department", "Network", "Organisation", "Policy")


class AliasFileError(ValueError):
    """A user alias file row the extractor cannot use (the message names file:line)."""


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
    # the words of each cue category in file order, for rules where order matters (weekdays)
    cue_order: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def cue(self, category: str) -> frozenset[str]:
        return self.cues.get(category, frozenset())

    def cue_list(self, category: str) -> tuple[str, ...]:
        """The words of a cue category in the order of ``extract_cues.tsv``."""
        return self.cue_order.get(category, ())

    def names_of(self, kind: str) -> list[Named]:
        return [n for n in self.named + self.learned if n.kind == kind]

    def is_first_name(self, word: str) -> bool:
        """A first name from the list, or a hyphenated pair of them ("Anne-Mette")."""
        if word in self.first_names:
            return True
        parts = word.split("-")
        return len(parts) == 2 and all(p in self.first_names for p in parts)


def _split(cell: str) -> tuple[str, ...]:
    return tuple(a.strip() for a in cell.split("|") if a.strip())


def alias_kinds() -> tuple[str, ...]:
    """The kinds a user alias file may use, each checked against the ontology's classes."""
    from graph.ontology import load

    ont = load()
    return tuple(ont.cls(k).name for k in ALIAS_KINDS)


def _named_rows(cells_of: list[tuple[int, list[str]]], kind: str | None, where: str) -> list[Named]:
    out: list[Named] = []
    kinds = alias_kinds() if kind is None else ()
    for n, cells in cells_of:
        if kind is None:
            if len(cells) < 2:
                raise AliasFileError(f"{where}:{n}: no tab between the columns; a row is kind<TAB>canonical name"
                                     "[<TAB>aliases[<TAB>abbreviations]]")
            row_kind, cells = cells[0].strip(), cells[1:]
            if row_kind not in kinds:
                raise AliasFileError(f"{where}:{n}: unknown kind {row_kind!r}; known kinds: {', '.join(kinds)}")
        else:
            row_kind = kind
        cells = cells + [""] * (3 - len(cells))
        if cells[0].strip():
            out.append(Named(row_kind, cells[0].strip(), _split(cells[1]), _split(cells[2])))
    return out


def read_alias_file(path: Path, kind: str | None = None) -> list[Named]:
    """Read a user alias TSV; ``kind`` None means the file has a leading kind column.

    Raises :class:`AliasFileError` (naming file:line) for a file that is not UTF-8, a row
    without tabs, or a row whose kind is not one of :func:`alias_kinds` (which it lists).
    """
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise AliasFileError(f"{path}:{line}: not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the file as UTF-8") from None
    # line numbers for the error message: entry_lines (the one rule for comments and blanks) per line
    numbered = [(n, line.split("\t")) for n, line in enumerate(text.splitlines(), 1) if entry_lines(line)]
    return _named_rows(numbered, kind, str(path))


@lru_cache(maxsize=1)
def _base_parts() -> tuple[frozenset[str], tuple[Named, ...], tuple[tuple[str, tuple[str, ...]], ...], tuple[tuple[str, int], ...]]:
    first = frozenset(lines("first_names.txt"))
    named: list[Named] = []
    for kind, fname in ALIAS_FILES.items():
        named += _named_rows([(n, list(r)) for n, r in enumerate(rows(fname), 1)], kind, fname)
    cues: dict[str, list[str]] = {}
    for row in rows("extract_cues.tsv"):
        words = cues.setdefault(row[0], [])
        word = row[1] if len(row) > 1 else ""
        if word not in words:
            words.append(word)
    months = {row[0].casefold(): int(row[1]) for row in rows("danish_months.tsv")}
    return (first, tuple(named), tuple((k, tuple(v)) for k, v in sorted(cues.items())),
            tuple(sorted(months.items())))


def load_vocabulary(extra_aliases: str | Path | None = None) -> Vocabulary:
    """The bundled vocabulary, plus a user alias file (leading kind column) if given."""
    first, named, cues, months = _base_parts()
    extra = read_alias_file(Path(extra_aliases)) if extra_aliases else []
    # the user's entries come first: where they name the same words, they win
    return Vocabulary(first, extra + list(named), {k: frozenset(v) for k, v in cues}, dict(months),
                      cue_order=dict(cues))
