"""Write handmade Danish minutes in the layouts of the big Danish publishing systems.

Every document is of invented municipalities, people and case numbers. They are
written at test time (nothing binary is kept in the repository) by:

* fpdf2 (``from fpdf import FPDF``) for the PDFs that imitate eDoc, Acadre, SBSYS
  and a "Sagsforløb"/"Tidligere beslutninger" referat,
* python-docx for the Word referat,
* a plain HTML string for the FirstAgenda publication page, which
  :func:`print_html_to_pdf` also prints to PDF with headless Chromium.

The hand-written gold annotation of each document lives in
``tests/fixtures/layouts/gold/<file name>.json`` (for example
``edoc_referat.pdf.json``); it was written by reading the documents' text, never
by running referatgraf. :func:`check_gold` only confirms that every string in a
gold file occurs verbatim (whitespace collapsed) in the text the generator wrote:
item-level strings inside that item's own text, meeting-level strings anywhere.

Usage::

    python tests/layouts/make_layouts.py OUT_DIR      # write all, then check the gold
    python tests/layouts/make_layouts.py OUT_DIR --text   # also write OUT_DIR/<name>.txt

All text is kept within Latin-1, so the core Helvetica font can stand in where the
DejaVu TTF fonts (Debian package fonts-dejavu-core) are missing.
"""
from __future__ import annotations

import html as _html
import json
import os
import re
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path
from typing import Callable, Iterable

HERE = Path(__file__).resolve().parent
GOLD_DIR = HERE.parent / "fixtures" / "layouts" / "gold"
CHROMIUM = "/usr/bin/chromium"
DEJAVU_DIR = Path("/usr/share/fonts/truetype/dejavu")

NAMES = (
    "edoc_referat.pdf",
    "acadre_referat.pdf",
    "sbsys_dagsorden.pdf",
    "firstagenda_page.html",
    "firstagenda_page.pdf",
    "word_referat.docx",
    "sagsforloeb_referat.pdf",
)


class ChromiumMissing(RuntimeError):
    """Headless Chromium (/usr/bin/chromium) is not installed, so HTML cannot be printed to PDF."""


# --------------------------------------------------------------------------- text record
class Recorder:
    """The text a generator wrote, in reading order, split into segments.

    Segment ``"meeting"`` holds everything outside the items (header block,
    attendance, table of contents); segment ``"<n>"`` holds item ``n`` (its
    heading, case number, sections, sub-items and attachments). Running headers
    and page footers are page furniture and are not recorded.
    """

    def __init__(self) -> None:
        self.segments: dict[str, list[str]] = {"meeting": []}
        self.current = "meeting"

    def seg(self, key: object) -> None:
        self.current = str(key)
        self.segments.setdefault(self.current, [])

    def add(self, text: str) -> None:
        self.segments[self.current].append(text)

    def text(self, key: str | None = None) -> str:
        if key is None:
            return "\n".join("\n".join(parts) for parts in self.segments.values())
        return "\n".join(self.segments.get(key, []))


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _latin1(text: str) -> str:
    text.encode("latin-1")  # every generated string must survive the core-font fallback
    return text


# --------------------------------------------------------------------------- fpdf2 helpers
def _fpdf():
    try:
        from fpdf import FPDF, XPos, YPos
    except ImportError as exc:  # pragma: no cover - the test extra installs fpdf2
        raise ImportError("fpdf2 is needed: pip install -e '.[test]'") from exc
    return FPDF, XPos, YPos


def _make_pdf_class():
    FPDF, XPos, YPos = _fpdf()

    class MinutesPDF(FPDF):
        """An A4 page writer that records what it writes in a :class:`Recorder`."""

        def __init__(self, rec: Recorder, running_header: Callable | None = None,
                     running_footer: Callable | None = None, serif: bool = False,
                     margins: tuple[float, float, float] = (20, 18, 20), bottom: float = 22):
            super().__init__(format="A4", unit="mm")
            self.rec = rec
            self._rh = running_header
            self._rf = running_footer
            self.set_margins(*margins)
            self.set_auto_page_break(True, margin=bottom)
            self.fam = self._fonts(serif)
            self.set_title("Referat")
            self.set_creator("referatgraf tests/layouts")

        def _fonts(self, serif: bool) -> str:
            base = "DejaVuSerif" if serif else "DejaVuSans"
            regular, bold = DEJAVU_DIR / f"{base}.ttf", DEJAVU_DIR / f"{base}-Bold.ttf"
            if regular.is_file() and bold.is_file():
                self.add_font("DejaVu", "", str(regular))
                self.add_font("DejaVu", "B", str(bold))
                italic = DEJAVU_DIR / (f"{base}-Italic.ttf" if serif else f"{base}-Oblique.ttf")
                self.add_font("DejaVu", "I", str(italic if italic.is_file() else regular))
                return "DejaVu"
            return "times" if serif else "helvetica"

        # page furniture -------------------------------------------------
        def header(self):
            if self._rh:
                self._rh(self)

        def footer(self):
            if self._rf:
                self._rf(self)

        # writing ----------------------------------------------------------
        def font(self, style: str = "", size: float = 10) -> None:
            self.set_font(self.fam, style, size)

        def line(self, text: str, style: str = "", size: float = 10, h: float = 5,
                 align: str = "L", record: bool = True, indent: float = 0) -> None:
            """One logical line (wrapped by fpdf2 if it is too long)."""
            self.font(style, size)
            if indent:
                self.set_x(self.l_margin + indent)
            self.multi_cell(0, h, _latin1(text), align=align,
                            new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            if record:
                self.rec.add(text)

        def para(self, text: str, size: float = 10, h: float = 5, after: float = 2.5,
                 style: str = "", indent: float = 0) -> None:
            self.line(text, style=style, size=size, h=h, indent=indent)
            self.ln(after)

        def gap(self, h: float = 3) -> None:
            self.ln(h)

        def cells(self, widths: Iterable[float], texts: Iterable[str], h: float = 5,
                  style: str = "", size: float = 10) -> None:
            """Texts side by side in fixed-width cells on one line (columns, tables)."""
            self.font(style, size)
            widths, texts = list(widths), list(texts)
            for i, (w, t) in enumerate(zip(widths, texts)):
                last = i == len(widths) - 1
                self.cell(w, h, _latin1(t),
                          new_x=XPos.LMARGIN if last else XPos.RIGHT,
                          new_y=YPos.NEXT if last else YPos.TOP)
            for t in texts:
                if t:
                    self.rec.add(t)

        def line_(self, x1, y1, x2, y2):
            FPDF.line(self, x1, y1, x2, y2)

        def room(self) -> float:
            """Height left on the current page above the bottom margin."""
            return self.page_break_trigger - self.get_y()

    return MinutesPDF


def _new_pdf(rec: Recorder, **kw):
    return _make_pdf_class()(rec, **kw)


# =========================================================================== a. eDoc
def _edoc(path: Path) -> Recorder:
    """eDoc (Fujitsu/KMD) referat: number alone on a line, title below, Sagsnr./Dok.nr. lines."""
    rec = Recorder()

    def running_header(pdf):
        pdf.set_y(8)
        pdf.font("", 8)
        for text in ("Teknik- og Miljøudvalget", "Referat", "Dato: 04.12.2012",
                     f"Side {pdf.page_no()} af {{nb}}"):
            pdf.cell(0, 3.6, text, align="R", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
        pdf.line_(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
        pdf.ln(5)

    def running_footer(pdf):
        pdf.set_y(-15)
        pdf.font("", 7.5)
        pdf.cell(0, 4, "Fjordby Kommune  ·  Rådhustorvet 1  ·  Telefon 70 20 30 40", align="C")

    pdf = _new_pdf(rec, running_header=running_header, running_footer=running_footer,
                   margins=(22, 14, 22), bottom=24)
    pdf.add_page()

    # header block -----------------------------------------------------------
    pdf.line("Fjordby Kommune", "B", 11, h=6)
    pdf.gap(2)
    pdf.line("Referat", "B", 20, h=10)
    pdf.line("Teknik- og Miljøudvalget", "B", 14, h=8)
    pdf.gap(2)
    pdf.line("Mødedato: tirsdag den 4. december 2012, kl. 13:00")
    pdf.line("Mødested: Mødelokale 2, Fjordby Rådhus")
    pdf.line("Sluttidspunkt: kl. 15:20")
    pdf.gap(4)
    pdf.line("Deltagere:", "B")
    for name in ("Jens Peter Lund (A), formand", "Birgitte Skov Nielsen (V), næstformand",
                 "Anders Holm (C)", "Lene Vestergaard (F)", "Mogens Damgaard (O)"):
        pdf.line(name, indent=4)
    pdf.gap(1)
    pdf.line("Afbud:", "B")
    pdf.line("Karina Bech (B)", indent=4)
    pdf.gap(1)
    pdf.line("Fra forvaltningen deltog:", "B")
    pdf.line("Poul Erik Thygesen, direktør for Teknik og Miljø", indent=4)
    pdf.line("Hanne Kirkegaard, chef for Plan og Byg (punkt 2)", indent=4)
    pdf.gap(6)

    def item_head(number: int, title_lines: list[str], sagsnr: str, doknr: str):
        rec.seg(number)
        pdf.line(f"{number}.", "B", 12, h=6)
        pdf.gap(5)
        for t in title_lines:
            pdf.line(t, "B", 12, h=6)
        pdf.gap(2)
        pdf.line(f"Sagsnr.: {sagsnr}", size=9, h=4.5)
        pdf.line(f"Dok.nr.: {doknr}", size=9, h=4.5)
        pdf.gap(3)

    def section(name: str):
        pdf.gap(1)
        pdf.line(name, "B", 10.5, h=6)

    # 1 ----------------------------------------------------------------------
    item_head(1, ["Godkendelse af dagsorden"], "2012-000118", "2012-121904")
    section("Beslutning")
    pdf.para("Dagsordenen blev godkendt.")
    pdf.gap(5)

    # 2 ----------------------------------------------------------------------
    item_head(2, ["Lokalplan nr. 312 for et boligområde ved Kirkebakken i",
                  "Nørre Fjordby - forslag til offentlig fremlæggelse"],
              "2012-004512", "2012-123456")
    section("Sagsfremstilling")
    pdf.para("Lokalplanarbejdet blev igangsat i sommeren 2012 på baggrund af en henvendelse fra "
             "grundejeren, Kirkebakken Udvikling ApS. Lokalplanområdet omfatter ca. 4,2 ha "
             "landbrugsjord nord for Kirkebakken og er i Kommuneplan 2009 udlagt til boligformål "
             "(rammeområde 3.B.12).")
    pdf.para("Forslaget giver mulighed for op til 38 tæt-lave boliger i to etager samt 12 "
             "parcelhusgrunde. Vejadgang sker fra Kirkebakken via en ny fordelingsvej, og der "
             "udlægges et sammenhængende grønt område langs Møllebækken, som også skal fungere "
             "som regnvandsbassin i overensstemmelse med kommunens Klimatilpasningsplan 2012.")
    pdf.para("Fjordby Forsyning A/S har i forbindelse med forhøringen oplyst, at området kan "
             "kloakeres med separatsystem, og at der skal etableres et forsinkelsesbassin med en "
             "kapacitet svarende til en 10-års regnhændelse. Vej og Park har vurderet, at krydset "
             "mellem Kirkebakken og Fjordbyvej skal ombygges med en venstresvingsbane, før den "
             "sidste etape af området kan tages i brug. Anlægsudgiften til krydset afholdes af "
             "grundejeren efter en udbygningsaftale, som Plan og Byg forhandler parallelt med "
             "høringen. Fjordegnens Museum har foretaget en arkæologisk forundersøgelse af hele "
             "området uden væsentlige fund, og museet har derfor frigivet arealet til byggeri, "
             "dog med den sædvanlige anmeldepligt efter museumsloven, hvis der under "
             "jordarbejdet skulle dukke fortidsminder op.")
    pdf.para("Der er udarbejdet en miljøscreening af lokalplanforslaget efter lov om miljøvurdering "
             "af planer og programmer. Screeningen viser, at planen ikke kan få væsentlig "
             "indvirkning på miljøet, og forvaltningen vurderer derfor, at der ikke skal "
             "udarbejdes en egentlig miljøvurdering.")
    pdf.para("Efter den offentlige fremlæggelse forventes forslaget at kunne behandles endeligt i "
             "Teknik- og Miljøudvalget den 7. maj 2013, i Økonomiudvalget den 15. maj 2013 og i "
             "Byrådet den 29. maj 2013.")
    section("Indstilling")
    pdf.line("Direktøren for Teknik og Miljø indstiller, at")
    for t in ("1. forslag til Lokalplan nr. 312 godkendes og sendes i offentlig høring i 8 uger,",
              "2. der ikke udarbejdes miljøvurdering af planforslaget, og",
              "3. der afholdes borgermøde i Nørre Fjordby Forsamlingshus i høringsperioden."):
        pdf.line(t, indent=4)
    pdf.gap(2)
    section("Beslutning")
    pdf.line("Indstillingen blev godkendt med den tilføjelse, at forvaltningen inden den endelige "
             "vedtagelse undersøger muligheden for en sti langs Møllebækken til Nørre Fjordby Skole.")
    pdf.para("Lene Vestergaard (F) stemte imod med henvisning til tabet af landbrugsjord.")
    section("Bilag")
    for t in ("2012-123457 - Situationsplan", "2012-123458 - Forslag til Lokalplan nr. 312",
              "2012-123461 - Miljøscreening af lokalplanforslaget"):
        pdf.line(t, indent=4)
    pdf.gap(6)

    # 3 ----------------------------------------------------------------------
    item_head(3, ["Regulativ for vintervedligeholdelse og renholdelse af veje 2012-2013"],
              "2012-003977", "2012-119930")
    section("Sagsfremstilling")
    pdf.para("Kommunen skal efter vinterloven have et regulativ, der beskriver serviceniveauet for "
             "snerydning og glatførebekæmpelse på de kommunale veje og stier. Vej og Park har "
             "revideret det gældende regulativ fra 2010, så det afspejler den nye opdeling af "
             "vejnettet i tre klasser.")
    pdf.para("Veje i klasse I, herunder busruterne og adgangsvejene til Fjordby Station, ryddes og "
             "saltes døgnet rundt. Veje i klasse II ryddes mellem kl. 5 og kl. 22, mens boligveje i "
             "klasse III først ryddes, når klasse I og II er farbare. Cykelstierne langs Strandvejen "
             "og Fjordbyvej opgraderes til klasse I efter ønske fra Fjordby Handelsstandsforening "
             "og Cykelklubben Fjordby Ryttere.")
    pdf.para("Entreprenøraftalen med Fjordby Vejservice ApS udløber den 30. april 2013 og forlænges "
             "til og med vintersæsonen 2013-2014.")
    section("Økonomi")
    pdf.para("Vintertjenesten er budgetteret med 6,8 mio. kr. årligt. Opgraderingen af cykelstierne "
             "skønnes at koste 0,4 mio. kr., som afholdes inden for den eksisterende ramme ved at "
             "reducere saltningen af kommunale parkeringspladser.")
    section("Indstilling")
    pdf.para("Forvaltningen indstiller, at regulativet godkendes med virkning fra den 1. januar 2013.")
    section("Beslutning")
    pdf.para("Godkendt.")
    section("Bilag")
    pdf.line("2012-119931 - Regulativ for vintervedligeholdelse og renholdelse af veje 2012-2013",
             indent=4)
    pdf.gap(6)

    # 4 ----------------------------------------------------------------------
    item_head(4, ["Meddelelser"], "2012-000121", "2012-124002")
    section("Sagsfremstilling")
    pdf.para("Formanden orienterede om, at Byrådet holder temamøde om Affaldsplan 2013-2024 den "
             "15. januar 2013 kl. 17:00 på Fjordby Rådhus.")
    pdf.para("Direktøren for Teknik og Miljø orienterede om status for byggeriet af den nye "
             "genbrugsstation i Vesterhavn, hvor Fjordby Renovation I/S forventer åbning i marts 2013.")
    pdf.para("Mogens Damgaard (O) spurgte til vintertjenesten på Skovvej. Vej og Park svarer "
             "skriftligt.")
    section("Beslutning")
    pdf.para("Taget til efterretning.")

    pdf.output(str(path))
    return rec


# =========================================================================== b. Acadre
def _acadre(path: Path) -> Recorder:
    """Acadre MM referat: 'DD-MM-YYYY HH:MM' dates, two-column member list, per-body decisions."""
    rec = Recorder()

    def running_header(pdf):
        pdf.set_y(9)
        pdf.font("", 8)
        pdf.cell(90, 4, "Hedelund Kommune", new_x="RIGHT", new_y="TOP")
        pdf.cell(0, 4, "Byrådet 06-10-2016 13:00", align="R", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(8)

    def running_footer(pdf):
        pdf.set_y(-14)
        pdf.font("", 8)
        pdf.cell(0, 4, f"Side {pdf.page_no()} af {{nb}}", align="R")

    pdf = _new_pdf(rec, running_header=running_header, running_footer=running_footer,
                   margins=(20, 16, 20), bottom=20)
    pdf.add_page()
    pdf.line("Referat", "B", 18, h=9)
    pdf.line("Byrådet", "B", 14, h=7)
    pdf.gap(3)
    pdf.cells((38, 0), ("Mødetidspunkt:", "06-10-2016 13:00"))
    pdf.cells((38, 0), ("Sluttidspunkt:", "06-10-2016 16:05"))
    pdf.cells((38, 0), ("Mødested:", "Byrådssalen, Hedelund Rådhus"))
    pdf.gap(4)
    pdf.line("Medlemmer:", "B")
    left = ["Kirsten Møller Dahl (A) - formand", "Torben Lykke (A)", "Susanne Brix (A)",
            "Niels Ove Kamp (A)", "Jette Rosendahl (V)", "Hans Jørgen Bisgaard (V)",
            "Anne-Mette Friis (V)"]
    right = ["Bent Kragh (O)", "Lise Hvam Winther (O)", "Morten Schou (C)", "Camilla Ravn (B)",
             "Peter Juul Eskildsen (F)", "Rikke Fogh (Ø)", ""]
    for a, b in zip(left, right):
        pdf.cells((85, 0), (a, b))
    pdf.gap(2)
    pdf.cells((20, 0), ("Afbud:", "Ole Stampe (V), Dorthe Aagaard (A)"))
    pdf.gap(8)

    def item_head(number: int, title: str, label: str, journal: str):
        rec.seg(number)
        pdf.gap(2)
        pdf.line(f"{number}. {title}", "B", 12, h=6)
        pdf.line(f"{label} {journal}", size=9, h=5)
        pdf.gap(2)

    def section(name: str):
        pdf.gap(1)
        pdf.line(name, "B", 10, h=6)

    item_head(1, "Godkendelse af dagsorden", "Sags nr.:", "16/10021")
    section("Beslutning i Byrådet den 06-10-2016")
    pdf.para("Dagsordenen blev godkendt.")

    item_head(2, "Ny skolestruktur i Hedelund Syd - endelig beslutning", "Sags nr.:", "16/12345")
    section("Sagsfremstilling")
    pdf.para("Forslaget om en ny skolestruktur i Hedelund Syd har været i offentlig høring fra den "
             "1. juli til den 26. august 2016.")
    pdf.para("Forslaget indebærer, at Lundby Skole og Bjerglund Skole fra skoleåret 2017/18 lægges "
             "sammen til én skole med to afdelinger under fælles ledelse, og at udskolingen samles "
             "i Lundby. Skovbrynets Børnehus flytter ind i de ledige lokaler på "
             "Bjerglund Skole.")
    pdf.para("Der er indkommet 41 høringssvar, heriblandt fra skolebestyrelserne på begge skoler, "
             "Hedelund Lærerkreds og Handicaprådet. Høringssvarene er samlet i bilag 2 med "
             "forvaltningens bemærkninger. Et gennemgående tema er skolevejen, og Børn og Læring "
             "foreslår derfor, at der etableres en skolebus mellem Bjerglund og Lundby i morgen- og "
             "eftermiddagstimerne.")
    pdf.para("Sammenlægningen forventes at give en årlig besparelse på 2,9 mio. kr. fra 2018, når "
             "den fulde effekt er indfaset. Besparelsen indgår i Budget 2017-2020.")
    section("Indstilling")
    pdf.line("Direktionen indstiller, at")
    for t in ("1. Lundby Skole og Bjerglund Skole lægges sammen fra den 1. august 2017,",
              "2. der etableres skolebus mellem Bjerglund og Lundby, og",
              "3. Skovbrynets Børnehus flytter til de ledige lokaler på Bjerglund Skole."):
        pdf.line(t, indent=4)
    pdf.gap(2)
    section("Beslutning i Børne- og Skoleudvalget den 07-09-2016")
    pdf.para("Udvalget anbefaler indstillingen over for Byrådet. Camilla Ravn (B) tog forbehold.")
    section("Beslutning i Økonomiudvalget den 21-09-2016")
    pdf.line("Anbefales.")
    pdf.para("Fraværende: Morten Schou (C)")
    section("Beslutning i Byrådet den 06-10-2016")
    pdf.para("Indstillingen blev godkendt med 10 stemmer for (A, V, O og C) og 2 stemmer imod (F og "
             "Ø). Camilla Ravn (B) undlod at stemme.")
    section("Bilag")
    pdf.line("Bilag 1: Forslag til ny skolestruktur i Hedelund Syd", indent=4)
    pdf.line("Bilag 2: Høringssvar med forvaltningens bemærkninger", indent=4)
    pdf.gap(4)

    item_head(3, "Anlægsbevilling til renovering af Hedelund Svømmehal", "J.nr.:", "16/8810")
    section("Sagsfremstilling")
    pdf.para("Hedelund Svømmehal fra 1974 har behov for en gennemgribende renovering af "
             "bassinteknik, ventilation og omklædningsrum. Kultur og Fritid har i samarbejde med "
             "rådgivningsfirmaet Brandt & Vinge Ingeniører udarbejdet et projekt med en samlet "
             "anlægsudgift på 18,5 mio. kr.")
    pdf.para("Der er i investeringsoversigten afsat 16,0 mio. kr. i 2017. Den resterende "
             "finansiering på 2,5 mio. kr. foreslås tilvejebragt ved et tilskud fra Lokale- og "
             "Anlægsfonden på 1,5 mio. kr. og ved at overføre 1,0 mio. kr. fra puljen til "
             "energibesparende tiltag.")
    pdf.para("Svømmehallen forventes lukket fra den 1. maj til den 31. oktober 2017. Hedelund "
             "Svømmeklub og skolerne tilbydes træningstider i Vestby Svømmecenter i lukkeperioden.")
    section("Økonomi")
    pdf.para("Anlægsbevillingen på 18,5 mio. kr. gives til stedsbevilling 0.32.31 Svømmehaller og "
             "finansieres som beskrevet i sagsfremstillingen.")
    section("Indstilling")
    pdf.line("Direktøren for Kultur og Fritid indstiller, at")
    pdf.line("1. der gives en anlægsbevilling på 18,5 mio. kr. til renovering af Hedelund "
             "Svømmehal, og", indent=4)
    pdf.line("2. rådighedsbeløbet frigives i 2017.", indent=4)
    pdf.gap(2)
    section("Beslutning i Byrådet den 06-10-2016")
    pdf.para("Godkendt.")

    item_head(4, "Udpegning af nyt medlem til Folkeoplysningsudvalget", "J.nr.:", "16/11240")
    section("Sagsfremstilling")
    pdf.para("Jette Rosendahl (V) har meddelt, at hun ønsker at udtræde af Folkeoplysningsudvalget "
             "på grund af travlhed i sit erhverv. Den valggruppe, der i sin tid indstillede Jette "
             "Rosendahl, har peget på Anne-Mette Friis (V) som nyt medlem for den resterende del af "
             "valgperioden.")
    pdf.para("Efter kommunestyrelseslovens § 28 træffer Byrådet beslutning om udtræden og udpegning.")
    section("Indstilling")
    pdf.line("Borgmesteren indstiller, at")
    pdf.line("1. Jette Rosendahl (V) fritages for hvervet som medlem af Folkeoplysningsudvalget, og",
             indent=4)
    pdf.line("2. Anne-Mette Friis (V) udpeges som nyt medlem af Folkeoplysningsudvalget.", indent=4)
    pdf.gap(2)
    section("Beslutning i Byrådet den 06-10-2016")
    pdf.para("Godkendt.")

    item_head(5, "Lukket punkt: Salg af grund", "J.nr.:", "16/11873")
    section("Beslutning i Byrådet den 06-10-2016")
    pdf.para("Byrådet godkendte salget af grunden på de vilkår, der fremgår af sagen.")

    pdf.output(str(path))
    return rec


# =========================================================================== c. SBSYS
_SBSYS_TOC = [
    ("101", "Godkendelse af dagsorden", 0),
    ("102", "Orientering fra formanden og forvaltningen", 0),
    ("103", "Fritidspolitik 2018-2021 - godkendelse efter høring", 0),
    ("103.1", "Høringssvar fra Stenvig Idrætsråd", 1),
    ("103.2", "Høringssvar fra Folkeoplysningsudvalget", 1),
    ("104", "Forslag fra Enhedslisten om gratis svømning for børn under 12 år", 0),
    ("105", "Eventuelt", 0),
]


def _sbsys(path: Path, pages: dict[str, int] | None = None) -> tuple[Recorder, dict[str, int]]:
    """SBSYS dagsorden: TOC with page numbers, 'NNN Title' items over the year, Oplæg:/Referat:."""
    rec = Recorder()
    found: dict[str, int] = {}

    def running_header(pdf):
        if pdf.page_no() == 1:
            return
        pdf.set_y(9)
        pdf.font("", 8)
        pdf.cell(0, 4, "Stenvig Kommune  -  Kultur- og Fritidsudvalget  -  Dagsorden  -  "
                 "12. marts 2018", new_x="LMARGIN", new_y="NEXT")
        pdf.line_(pdf.l_margin, pdf.get_y() + 1, pdf.w - pdf.r_margin, pdf.get_y() + 1)
        pdf.ln(8)

    def running_footer(pdf):
        pdf.set_y(-14)
        pdf.font("", 8)
        pdf.cell(0, 4, f"Side {pdf.page_no()}", align="C")

    pdf = _new_pdf(rec, running_header=running_header, running_footer=running_footer,
                   serif=True, margins=(24, 18, 24), bottom=22)
    pdf.add_page()
    pdf.gap(18)
    pdf.line("Stenvig Kommune", "B", 12, h=6)
    pdf.gap(10)
    pdf.line("DAGSORDEN", "B", 24, h=12)
    pdf.gap(2)
    pdf.line("Kultur- og Fritidsudvalget", "B", 15, h=8)
    pdf.gap(8)
    pdf.cells((30, 0), ("Dato:", "Mandag den 12. marts 2018"))
    pdf.cells((30, 0), ("Tidspunkt:", "Kl. 16:00"))
    pdf.cells((30, 0), ("Sted:", "Mødelokale B, Stenvig Rådhus"))
    pdf.gap(14)
    pdf.line("Indholdsfortegnelse", "B", 12, h=7)
    pdf.gap(2)
    pdf.font("", 10)
    for number, title, level in _SBSYS_TOC:
        page = (pages or {}).get(number, 0)
        indent = 8 * level
        label = f"{number} {title}"
        width = pdf.w - pdf.l_margin - pdf.r_margin - indent - 8
        dots = "." * max(3, int((width - pdf.get_string_width(label + " ")) / pdf.get_string_width(".")))
        pdf.set_x(pdf.l_margin + indent)
        pdf.cell(width, 6, _latin1(f"{label} {dots}"), new_x="RIGHT", new_y="TOP")
        pdf.cell(8, 6, str(page or ""), align="R", new_x="LMARGIN", new_y="NEXT")
        rec.add(f"{label} {dots} {page}")

    def item_head(number: str, title: str, journal: str, owner: str | None):
        rec.seg(int(number))
        pdf.add_page()
        found[number] = pdf.page_no()
        pdf.line(f"{number} {title}", "B", 13, h=7)
        pdf.gap(2)
        pdf.line(f"Sagsnr.: {journal}", size=9, h=4.5)
        if owner:
            pdf.line(f"Sagsansvarlig: {owner}", size=9, h=4.5)
        pdf.gap(4)

    def sub_item(number: str, title: str):
        if pdf.room() < 30:
            pdf.add_page()
        found[number] = pdf.page_no()
        pdf.gap(2)
        pdf.line(f"{number} {title}", "B", 11, h=6)
        pdf.gap(1)

    def section(name: str):
        pdf.gap(1)
        pdf.line(name, "B", 10.5, h=6)

    def caps(text: str):
        pdf.gap(1)
        pdf.line(text, "B", 9.5, h=5.5)

    item_head("101", "Godkendelse af dagsorden", "00.01.00-A00-12-18", "Lotte Brink")
    section("Oplæg:")
    pdf.para("Dagsordenen forelægges til godkendelse.")
    caps("INDSTILLING FRA DIREKTIONEN")
    pdf.para("Direktionen indstiller, at dagsordenen godkendes.")
    section("Referat:")
    pdf.gap(10)

    pdf.gap(6)
    rec.seg(102)
    found["102"] = pdf.page_no()
    pdf.line("102 Orientering fra formanden og forvaltningen", "B", 13, h=7)
    pdf.gap(2)
    pdf.line("Sagsnr.: 00.01.00-A00-13-18", size=9, h=4.5)
    pdf.line("Sagsansvarlig: Lotte Brink", size=9, h=4.5)
    pdf.gap(4)
    section("Oplæg:")
    pdf.para("Formanden orienterer om dialogmødet med Stenvig Idrætsråd den 26. februar 2018.")
    pdf.para("Kulturchef Mikkel Agerskov orienterer om status på ansøgningerne til Kulturpuljen 2018 "
             "og om Kulturnat i Stenvig den 21. september 2018.")
    caps("INDSTILLING FRA DIREKTIONEN")
    pdf.para("Direktionen indstiller, at orienteringen tages til efterretning.")
    section("Referat:")
    pdf.gap(10)

    item_head("103", "Fritidspolitik 2018-2021 - godkendelse efter høring", "18.00.00-P22-1-17",
              "Mikkel Agerskov")
    section("Oplæg:")
    pdf.para("Udkastet til Fritidspolitik 2018-2021 har været i høring hos foreningerne, Stenvig "
             "Idrætsråd og Folkeoplysningsudvalget fra den 15. december 2017 til den 2. februar 2018.")
    pdf.para("Der er modtaget 17 høringssvar. De fleste høringssvar støtter politikkens fire "
             "indsatsområder: bevægelse i hverdagen, frivillighed, faciliteter og fællesskaber for "
             "udsatte børn og unge. Flere foreninger, herunder Stenvig Boldklub og "
             "Gymnastikforeningen Sølyst, efterspørger en mere fleksibel fordeling af haltider.")
    pdf.para("Forvaltningen har på baggrund af høringen tilføjet et afsnit om samarbejdet med "
             "skolerne om den understøttende undervisning, jf. kommunens Børne- og Ungepolitik. "
             "Høringssvarene fra de to råd er gengivet nedenfor.")
    sub_item("103.1", "Høringssvar fra Stenvig Idrætsråd")
    pdf.para("Idrætsrådet anbefaler, at der afsættes midler til en facilitetsstrategi, og at rådet "
             "inddrages i arbejdet med den. Rådet bakker i øvrigt op om målet om, at 75 pct. af "
             "kommunens børn er medlem af en forening.")
    sub_item("103.2", "Høringssvar fra Folkeoplysningsudvalget")
    pdf.para("Folkeoplysningsudvalget bakker op om politikken og foreslår, at frivillighedsindsatsen "
             "følges op med en årlig frivillighedsfest i samarbejde med Frivilligcenter Stenvig.")
    caps("INDSTILLING FRA DIREKTIONEN")
    pdf.line("Direktionen indstiller, at")
    pdf.line("1. Fritidspolitik 2018-2021 godkendes med de ændringer, der fremgår af bilag 2, og",
             indent=4)
    pdf.line("2. politikken evalueres i 2020.", indent=4)
    pdf.gap(2)
    section("Referat:")
    pdf.gap(10)
    section("Bilag:")
    pdf.line("Bilag 1: Fritidspolitik 2018-2021 (endelig udgave)", indent=4)
    pdf.line("Bilag 2: Høringsnotat", indent=4)

    item_head("104", "Forslag fra Enhedslisten om gratis svømning for børn under 12 år",
              "18.15.00-G01-7-18", "Lotte Brink")
    section("Oplæg:")
    caps("BESLUTNINGSFORSLAG FRA ENHEDSLISTEN")
    pdf.para("Pia Krogh (Ø) har den 19. februar 2018 på vegne af Enhedslisten fremsendt følgende "
             "forslag:")
    pdf.para("\"Enhedslisten foreslår, at børn under 12 år får gratis adgang til Stenvig Svømmehal i "
             "weekender og skoleferier fra den 1. juni 2018.\"", indent=6)
    pdf.para("Forvaltningen har vurderet, at forslaget vil medføre en indtægtsnedgang på ca. "
             "310.000 kr. årligt. Forslaget er ikke finansieret inden for udvalgets ramme og skal i "
             "givet fald behandles i Økonomiudvalget.")
    caps("INDSTILLING FRA DIREKTIONEN")
    pdf.para("Direktionen indstiller, at udvalget drøfter forslaget og tager stilling til, om det "
             "skal indgå i budgetlægningen for 2019.")
    section("Referat:")
    pdf.gap(10)

    pdf.gap(6)
    rec.seg(105)
    found["105"] = pdf.page_no()
    pdf.line("105 Eventuelt", "B", 13, h=7)
    pdf.gap(2)
    pdf.line("Sagsnr.: 00.01.00-A00-14-18", size=9, h=4.5)
    pdf.gap(4)
    section("Referat:")
    pdf.gap(10)

    pdf.output(str(path))
    return rec, found


def _sbsys_two_pass(path: Path) -> Recorder:
    _, pages = _sbsys(path)
    rec, again = _sbsys(path, pages)
    assert again == pages, "SBSYS table of contents moved between passes"
    return rec


# =========================================================================== g. Sagsforløb referat
def _sagsforloeb(path: Path) -> Recorder:
    """Referat with 'Resume', a 'Sagsforløb' list broken by a page, 'Tidligere beslutninger',
    'Beslutninger' and a Tillægsdagsorden."""
    rec = Recorder()

    def running_header(pdf):
        pdf.set_y(8)
        pdf.font("", 8)
        pdf.cell(0, 4, "Vesterå Kommune", new_x="LMARGIN", new_y="NEXT")
        pdf.cell(0, 4, "Klima- og Miljøudvalget  |  Referat  |  13. juni 2024", new_x="LMARGIN",
                 new_y="NEXT")
        pdf.ln(7)

    def running_footer(pdf):
        pdf.set_y(-13)
        pdf.font("", 8)
        pdf.cell(0, 4, f"{pdf.page_no()}", align="R")

    pdf = _new_pdf(rec, running_header=running_header, running_footer=running_footer,
                   margins=(25, 14, 25), bottom=20)
    pdf.add_page()
    pdf.line("Referat", "B", 18, h=9)
    pdf.line("Klima- og Miljøudvalget", "B", 13, h=7)
    pdf.gap(3)
    pdf.line("Mødedato: torsdag den 13. juni 2024 kl. 16.30")
    pdf.line("Mødested: Udvalgsværelse 3, Vesterå Rådhus")
    pdf.gap(2)
    pdf.line("Til stede: Maren Holst (A), formand, Thomas Bækgaard (V), Ditte Lyng (F), Ole Hjort "
             "(A), Yvonne Kjeldsen (O)")
    pdf.line("Fraværende: Simon Aagaard (C)")
    pdf.gap(6)

    def item_head(number: int, title: str, journal: str):
        rec.seg(number)
        pdf.gap(2)
        pdf.line(f"{number}. {title}", "B", 12, h=6)
        pdf.line(f"Sagsnummer: {journal}", size=9, h=5)
        pdf.gap(2)

    def section(name: str):
        pdf.gap(1)
        pdf.line(name, "B", 10.5, h=6)

    item_head(1, "Godkendelse af dagsorden og tillægsdagsorden", "00.01.00-A00-31-24")
    section("Beslutninger")
    pdf.para("Dagsordenen og tillægsdagsordenen blev godkendt.")

    item_head(2, "Spildevandsplan 2024-2030 - endelig vedtagelse", "06.00.05-P19-3-23")
    section("Resume")
    pdf.para("Forslag til Spildevandsplan 2024-2030 har været i offentlig høring i otte uger. "
             "Udvalget skal tage stilling til høringssvarene og anbefale planen til endelig "
             "vedtagelse i Byrådet.")
    section("Sagsfremstilling")
    pdf.para("Der er indkommet 23 høringssvar. Hovedparten kommer fra grundejere i Sønderby og "
             "Kærgård, hvor planen forudsætter separatkloakering inden 2028. Grundejerforeningen "
             "Kærgård Vest og Landboforeningen Vesterå ønsker en længere frist og økonomisk støtte "
             "til omlægning af de private stikledninger.")
    pdf.para("Vesterå Forsyning A/S har i sit høringssvar oplyst, at selskabet kan tilbyde "
             "grundejerne en afdragsordning over ti år. Miljøstyrelsen har ingen bemærkninger til "
             "planen.")
    pdf.para("Natur og Miljø anbefaler, at fristen for separatkloakering i Kærgård forlænges til "
             "2030, mens den fastholdes i Sønderby, hvor aflastningerne til Vesterå Å er størst. "
             "Ændringen er indarbejdet i vedtagelsesudgaven, jf. Vandområdeplan 2021-2027 og "
             "kommunens Klimahandleplan 2022.")
    pdf.para("En separatkloakering betyder, at regnvand fra tage og befæstede arealer ledes i en "
             "ledning for sig, mens spildevandet fra køkken og bad ledes til renseanlægget. "
             "Grundejeren afholder selv udgiften til at omlægge ledningerne på egen grund, mens "
             "forsyningen betaler for ledningerne i vejen. Udgiften for en typisk parcelhusgrund "
             "er opgjort til mellem 40.000 og 80.000 kr.")
    section("Sagsforløb")
    entries = [
        ("Klima- og Miljøudvalget, 7. december 2023, punkt 5",
         "Udvalget drøftede principperne for separatkloakering og bad om et notat om økonomien for "
         "grundejerne."),
        ("Klima- og Miljøudvalget, 18. januar 2024, punkt 3",
         "Forslaget blev anbefalet over for Økonomiudvalget og Byrådet."),
    ]
    for head, remark in entries:
        pdf.line(head, "B", 10)
        pdf.para(remark, after=1.5)
    # the Økonomiudvalget entry is cut by the page: date on this page, item number on the next
    pdf.line("Økonomiudvalget, 29. januar 2024,", "B", 10)
    pdf.add_page()
    pdf.line("punkt 11", "B", 10)
    pdf.para("Anbefalet.", after=1.5)
    pdf.line("Byrådet, 7. februar 2024, punkt 8", "B", 10)
    pdf.para("Forslaget blev godkendt og sendt i offentlig høring fra den 12. februar til den 8. "
             "april 2024.", after=1.5)
    section("Indstilling")
    pdf.line("Forvaltningen indstiller, at Klima- og Miljøudvalget anbefaler over for "
             "Økonomiudvalget og Byrådet, at")
    pdf.line("1. Spildevandsplan 2024-2030 vedtages endeligt med de ændringer, der fremgår af "
             "høringsnotatet, og", indent=4)
    pdf.line("2. fristen for separatkloakering i Kærgård forlænges til 2030.", indent=4)
    pdf.gap(2)
    section("Beslutninger")
    pdf.line("Indstillingen blev tiltrådt, og sagen oversendes til Økonomiudvalget og Byrådet.")
    pdf.para("Yvonne Kjeldsen (O) tog forbehold for punkt 2.")

    item_head(3, "Handleplan for biodiversitet 2024-2027", "01.05.00-P22-2-24")
    section("Resume")
    pdf.para("Udvalget skal godkende en handleplan for biodiversitet, der udmønter naturpolitikken "
             "\"Mere natur i Vesterå\".")
    section("Tidligere beslutninger")
    pdf.line("Klima- og Miljøudvalget den 11. april 2024, punkt 6:", "B")
    pdf.para("Udvalget godkendte, at forvaltningen udarbejder en handleplan med udgangspunkt i de "
             "fem indsatsområder, og at Grønt Råd inddrages.", after=1.5)
    pdf.line("Byrådet den 24. april 2024, punkt 12:", "B")
    pdf.para("Byrådet frigav 1,2 mio. kr. fra puljen til grøn omstilling til handleplanens første "
             "år.")
    section("Sagsfremstilling")
    pdf.para("Handleplanen indeholder 14 konkrete indsatser, bl.a. omlægning af 35 ha kommunale "
             "græsarealer til vild natur, udtagning af lavbundsjorder ved Vesterå Å og et "
             "samarbejde med Vesterå Jagtforening og DOF Vesterå om overvågning af ynglefugle.")
    pdf.para("Grønt Råd har i sit høringssvar af 21. maj 2024 anbefalet planen med enkelte "
             "tilføjelser om skovrejsning, som er indarbejdet.")
    section("Indstilling")
    pdf.para("Forvaltningen indstiller, at handleplanen godkendes.")
    section("Beslutninger")
    pdf.para("Godkendt med den tilføjelse, at Grønt Råd årligt orienteres om fremdriften.")
    section("Bilag")
    pdf.line("Handleplan for biodiversitet 2024-2027", indent=4)
    pdf.line("Grønt Råds høringssvar", indent=4)
    pdf.gap(6)

    rec.seg("meeting")
    pdf.line("Tillægsdagsorden", "B", 14, h=8)
    pdf.gap(2)

    item_head(4, "Høringssvar om udvidelse af Vesterå Havn", "01.11.20-P16-1-24")
    section("Resume")
    pdf.para("Kystdirektoratet har sendt en ansøgning fra Vesterå Havn A/S om udvidelse af havnen i "
             "høring med frist den 20. juni 2024. Punktet er optaget på en tillægsdagsorden, fordi "
             "høringsfristen ligger før udvalgets næste møde.")
    section("Sagsfremstilling")
    pdf.para("Udvidelsen omfatter en ny kaj på 280 meter og opfyldning af ca. 6 ha søterritorium. "
             "Natur og Miljø vurderer, at projektet kan påvirke Natura 2000-området Vesterå Fjord, "
             "og foreslår, at kommunen i sit høringssvar beder om en supplerende "
             "konsekvensvurdering.")
    section("Indstilling")
    pdf.para("Forvaltningen indstiller, at udvalget godkender udkastet til høringssvar.")
    section("Beslutninger")
    pdf.para("Udkastet til høringssvar blev godkendt med en tilføjelse om hensynet til "
             "fritidsfiskeriet.")

    pdf.output(str(path))
    return rec


# =========================================================================== d. FirstAgenda page
_FA_CSS = """
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 14px; color: #1d1d1b; margin: 0; }
.fa-topbar { background: #0b3d5c; color: #fff; display: flex; align-items: center; padding: 10px 24px; }
.fa-brand { font-weight: bold; font-size: 18px; margin-right: 32px; }
.fa-nav a, .fa-tabs a { color: inherit; text-decoration: none; margin-right: 18px; }
.fa-breadcrumb { padding: 8px 24px; font-size: 12px; color: #555; }
.fa-tabs { padding: 0 24px; border-bottom: 1px solid #ccc; }
.fa-tabs a { display: inline-block; padding: 6px 10px; }
.fa-tabs a.active { border-bottom: 3px solid #0b3d5c; font-weight: bold; }
main { padding: 8px 24px 24px; max-width: 900px; }
.fa-meeting-head h1 { margin: 8px 0 4px; font-size: 26px; }
.fa-meeting-head p { margin: 2px 0; }
.fa-actions { margin: 10px 0; }
.fa-btn { font-size: 12px; border: 1px solid #0b3d5c; background: #fff; color: #0b3d5c;
          padding: 2px 8px; margin-left: 6px; border-radius: 3px; }
.fa-participants { display: flex; gap: 48px; margin: 12px 0; }
.fa-participants ul { margin: 2px 0; padding-left: 18px; }
.fa-label { font-weight: bold; margin-top: 6px; }
table.fa-overview { border-collapse: collapse; margin: 8px 0 16px; }
table.fa-overview td { padding: 3px 10px 3px 0; vertical-align: top; }
table.fa-overview td.no { font-weight: bold; width: 2em; }
.fa-item { border-top: 2px solid #0b3d5c; margin-top: 18px; padding-top: 4px; }
.fa-item h2 { font-size: 19px; margin: 6px 0 2px; }
.fa-caseno { font-size: 12px; color: #555; margin-bottom: 6px; }
.fa-item h3 { font-size: 15px; margin: 12px 0 4px; }
.fa-item p { margin: 4px 0; }
.fa-history p { margin: 0; }
.fa-att-count { font-size: 12px; color: #555; }
ul.fa-attachments { list-style: none; padding-left: 0; }
ul.fa-attachments li { margin: 3px 0; }
.fa-badge { font-size: 10px; background: #c00; color: #fff; padding: 1px 4px; border-radius: 2px; }
@page { size: A4; margin: 16mm 14mm; }
@media print { .fa-topbar { background: #fff; color: #0b3d5c; border-bottom: 2px solid #0b3d5c; } }
"""


class _Html:
    """Build an HTML body while recording its text in reading order."""

    def __init__(self, rec: Recorder):
        self.rec = rec
        self.parts: list[str] = []

    def raw(self, markup: str) -> None:
        self.parts.append(markup)

    def el(self, tag: str, text: str, cls: str | None = None, record: bool = True, **attrs) -> None:
        attr = f' class="{cls}"' if cls else ""
        attr += "".join(f' {k.replace("_", "-")}="{_html.escape(v)}"' for k, v in attrs.items())
        self.parts.append(f"<{tag}{attr}>{_html.escape(_latin1(text))}</{tag}>")
        if record:
            self.rec.add(text)

    def lines(self, tag: str, lines: list[str], cls: str | None = None) -> None:
        """One element whose lines are separated by <br> (no blank line between them)."""
        attr = f' class="{cls}"' if cls else ""
        self.parts.append(f"<{tag}{attr}>" + "<br>\n".join(_html.escape(_latin1(x)) for x in lines)
                          + f"</{tag}>")
        for x in lines:
            self.rec.add(x)

    def ol(self, lines: list[str]) -> None:
        self.parts.append("<ol>" + "".join(f"<li>{_html.escape(_latin1(x))}</li>" for x in lines)
                          + "</ol>")
        for x in lines:
            self.rec.add(x)

    def attachments(self, names: list[str]) -> None:
        self.el("div", f"{len(names)} bilag", "fa-att-count", record=False)
        self.raw('<ul class="fa-attachments">')
        for n in names:
            self.raw(f'<li><a href="#" class="fa-att-name">{_html.escape(_latin1(n))}</a> '
                     '<span class="fa-badge">PDF</span> '
                     '<a href="#" class="fa-btn">Hent som PDF</a> '
                     '<button class="fa-btn" type="button">Kopier link</button></li>')
            self.rec.add(n)
        self.raw("</ul>")


_FA_ITEMS = [
    (1, "Godkendelse af dagsorden"),
    (2, "Budgetopfølgning pr. 31. august 2025"),
    (3, "Lokalplan 1.45 og kommuneplantillæg nr. 12 for boliger ved Gammel Havn - endelig vedtagelse"),
    (4, "Meddelelser"),
]


def _firstagenda_html() -> tuple[str, Recorder]:
    """A FirstAgenda Publication page (dagsordener.<kommune>.dk) of an open referat."""
    rec = Recorder()
    h = _Html(rec)
    h.raw('<header class="fa-topbar"><div class="fa-brand">Lyngmose Kommune</div>'
          '<nav class="fa-nav" aria-label="Hovedmenu"><a href="#">Forside</a>'
          '<a href="#">Politik</a><a href="#">Dagsordener og referater</a>'
          '<a href="#">Søg</a></nav></header>')
    h.raw('<nav class="fa-breadcrumb" aria-label="Brødkrumme"><a href="#">Forside</a> / '
          '<a href="#">Dagsordener og referater</a> / <a href="#">Kommunalbestyrelsen</a> / '
          '<span>Åbent referat</span></nav>')
    h.raw('<nav class="fa-tabs"><a href="#">Dagsorden</a>'
          '<a href="#" class="active" aria-current="page">Referat</a></nav>')
    h.raw("<main>")
    h.raw('<div class="fa-meeting-head">')
    h.el("h1", "Kommunalbestyrelsen")
    h.el("p", "Mødedato: onsdag den 1. oktober 2025 kl. 15.45")
    h.el("p", "Mødested: Kommunalbestyrelsessalen, Lyngmose Rådhus")
    h.raw('<div class="fa-actions"><a href="#" class="fa-btn">Hent som PDF</a>'
          '<button class="fa-btn" type="button">Print</button>'
          '<button class="fa-btn" type="button">Abonnér</button></div></div>')

    present = ["Henrik Toft (A)", "Marianne Lund Krog (A)", "Jesper Bonde (A)",
               "Helle Skovgaard (A)", "Kasper Mølholm (A)", "Ib Rask (V)", "Tina Fuglsang (V)",
               "Rasmus Brink Olesen (V)", "Charlotte Hviid (C)", "Søren Hald (C)",
               "Maja Dalsgaard (F)", "Nadia El-Amin (B)", "Lars Winge (Ø)"]
    absent = ["Knud Erik Thorsen (O)", "Birthe Vinther (D)"]
    h.raw('<section class="fa-participants"><div>')
    h.el("div", "Tilstede", "fa-label")
    h.raw("<ul>" + "".join(f"<li>{_html.escape(p)}</li>" for p in present) + "</ul></div><div>")
    for p in present:
        rec.add(p)
    h.el("div", "Fraværende", "fa-label")
    h.raw("<ul>" + "".join(f"<li>{_html.escape(p)}</li>" for p in absent) + "</ul></div></section>")
    for p in absent:
        rec.add(p)

    h.el("h2", "Punkter på dagsordenen")
    h.raw('<table class="fa-overview">')
    for n, t in _FA_ITEMS:
        h.raw(f'<tr><td class="no">{n}</td><td><a href="#punkt-{n}">{_html.escape(t)}</a></td></tr>')
        rec.add(f"{n}\n{t}")
    h.raw("</table>")

    def item(n: int, case: str):
        rec.seg(n)
        h.raw(f'<article class="fa-item" id="punkt-{n}">')
        h.el("h2", f"Punkt {n}: {dict(_FA_ITEMS)[n]}")
        h.el("div", case, "fa-caseno")

    # 1
    item(1, "EMN-2025-000871")
    h.el("h3", "Indstilling")
    h.el("p", "Borgmesteren indstiller, at dagsordenen godkendes.")
    h.el("h3", "Beslutning")
    h.el("p", "Godkendt.")
    h.raw("</article>")

    # 2
    item(2, "EMN-2025-001234")
    h.el("h3", "Sagsforløb")
    h.lines("p", ["Udvalg: Økonomiudvalget", "Dato: 15.09.2025", "Punktnummer: 7",
                  "Anbefales over for Kommunalbestyrelsen. Fraværende: Ib Rask (V)"], "fa-history")
    h.el("h3", "Sagsfremstilling")
    h.el("p", "Budgetopfølgningen pr. 31. august 2025 viser et forventet merforbrug på driften på "
              "14,2 mio. kr. Merforbruget skyldes især det specialiserede socialområde, hvor "
              "udgifterne til botilbud og borgerstyret personlig assistance stiger, samt flere elever "
              "i specialklasser.")
    h.el("p", "Center for Økonomi og Styring vurderer, at merforbruget kan reduceres til 6,5 mio. kr. "
              "ved at fastholde det gældende ansættelsesstop og ved at udskyde en række mindre "
              "anlægsprojekter, herunder renoveringen af Nørremarkskolens faglokaler.")
    h.el("p", "Servicerammen forventes overholdt. Kassebeholdningen efter 12-dages-reglen er opgjort "
              "til 87 mio. kr.")
    h.el("h3", "Indstilling")
    h.el("p", "Kommunaldirektøren indstiller, at")
    h.ol(["budgetopfølgningen pr. 31. august 2025 tages til efterretning, og",
          "de foreslåede tilpasninger godkendes."])
    h.el("h3", "Beslutning")
    h.el("p", "Budgetopfølgningen blev taget til efterretning, og de foreslåede tilpasninger blev "
              "godkendt.")
    h.el("h3", "Bilag")
    h.attachments(["Budgetopfølgning pr. 31. august 2025 - samlet oversigt",
                   "Specialiseret socialområde - udgiftsudvikling 2023-2025"])
    h.raw("</article>")

    # 3
    item(3, "EMN-2025-000412")
    h.el("h3", "Sagsforløb")
    h.lines("p", ["Udvalg: Plan- og Miljøudvalget", "Dato: 08.09.2025", "Punktnummer: 4",
                  "Anbefales med de ændringer, der fremgår af sagen.",
                  "Udvalg: Økonomiudvalget", "Dato: 15.09.2025", "Punktnummer: 9", "Anbefales."],
            "fa-history")
    h.el("h3", "Sagsfremstilling")
    h.el("p", "Forslag til Lokalplan 1.45 og Kommuneplantillæg nr. 12 har været i offentlig høring "
              "fra den 2. juni til den 11. august 2025. Planerne giver mulighed for ca. 140 boliger i "
              "op til fire etager på den tidligere værftsgrund ved Gammel Havn samt en offentlig "
              "havnepromenade.")
    h.el("p", "Der er modtaget 9 høringssvar, bl.a. fra Grundejerforeningen Havnely, Danmarks "
              "Naturfredningsforening Lyngmose og Lyngmose Forsyning. Høringssvarene handler "
              "primært om bygningshøjder, parkering og oversvømmelsesrisiko.")
    h.el("p", "Plan og Byg anbefaler, at bebyggelsen mod Havnegade sænkes fra fire til tre etager, "
              "og at sokkelkoten hæves til 2,4 meter over havniveau i overensstemmelse med "
              "Klimatilpasningsplan 2023-2030. Ændringerne er så begrænsede, at planerne kan "
              "vedtages uden fornyet høring.")
    h.el("h3", "Indstilling")
    h.el("p", "Direktøren for Teknik og Miljø indstiller, at")
    h.ol(["Lokalplan 1.45 og Kommuneplantillæg nr. 12 vedtages endeligt med de ændringer, der "
          "fremgår af høringsnotatet, og",
          "høringssvarene besvares som foreslået i høringsnotatet."])
    h.el("h3", "Beslutning")
    h.el("p", "Godkendt. Lars Winge (Ø) stemte imod.")
    h.el("h3", "Bilag")
    h.attachments(["Lokalplan 1.45 - vedtagelsesudgave", "Kommuneplantillæg nr. 12",
                   "Høringsnotat med forvaltningens bemærkninger"])
    h.raw("</article>")

    # 4
    item(4, "EMN-2025-000872")
    h.el("h3", "Sagsfremstilling")
    h.el("p", "Borgmester Henrik Toft orienterede om dialogmødet med Lyngmose Erhvervsråd den 22. "
              "september 2025.")
    h.el("p", "Kommunaldirektør Susanne Vad orienterede om, at Lyngmose Kommune har modtaget tilsagn "
              "fra Social- og Boligstyrelsen om 3,2 mio. kr. til en tidlig indsats for børnefamilier "
              "i Nørremark.")
    h.el("h3", "Beslutning")
    h.el("p", "Meddelelserne blev taget til efterretning.")
    h.raw("</article>")
    h.raw("</main>")
    h.raw('<footer class="fa-footer"><p>Lyngmose Kommune &middot; Rådhuspladsen 2 &middot; '
          'Tlf. 70 11 22 33</p><p>Tilgængelighedserklæring &middot; Cookies</p></footer>')

    doc = ("<!DOCTYPE html>\n<html lang=\"da\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
           "<title>Åbent referat - Kommunalbestyrelsen - 01.10.2025 - Lyngmose Kommune</title>\n"
           f"<style>{_FA_CSS}</style>\n</head>\n<body>\n" + "\n".join(h.parts) + "\n</body>\n</html>\n")
    return doc, rec


def print_html_to_pdf(html_path: Path | str, pdf_path: Path | str, chromium: str = CHROMIUM,
                      timeout: float = 120) -> Path:
    """Print an HTML file to PDF with headless Chromium (browser-made page breaks, no header/footer).

    Raises :class:`ChromiumMissing` when ``chromium`` is not an executable file.
    """
    html_path, pdf_path = Path(html_path).resolve(), Path(pdf_path).resolve()
    if not (os.path.isfile(chromium) and os.access(chromium, os.X_OK)):
        raise ChromiumMissing(f"{chromium} is missing: apt-get install chromium "
                              "(scripts/install_system_deps.sh)")
    pdf_path.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="rg-print-") as profile:
        cmd = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
               "--print-to-pdf-no-header", "--disable-dev-shm-usage", "--no-first-run",
               "--disable-extensions", "--disable-background-networking",
               f"--user-data-dir={profile}", f"--print-to-pdf={pdf_path}", html_path.as_uri()]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    if not pdf_path.is_file() or pdf_path.stat().st_size == 0:
        raise RuntimeError(f"chromium wrote no PDF (exit {proc.returncode}): {proc.stderr[-2000:]}")
    return pdf_path


# =========================================================================== f. Word
def _word(path: Path) -> Recorder:
    """A Word referat: Heading 1 items 'Punkt N: Title', Heading 2 sections, '<Udvalg>s beslutning'."""
    try:
        import docx
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Pt
    except ImportError as exc:  # pragma: no cover
        raise ImportError("python-docx is needed: pip install python-docx") from exc
    rec = Recorder()
    d = docx.Document()
    d.core_properties.title = "Referat - Social- og Sundhedsudvalget - 14.03.2023"
    d.core_properties.author = "Bøgely Kommune"
    d.styles["Normal"].font.name = "Calibri"
    d.styles["Normal"].font.size = Pt(11)

    sec = d.sections[0]
    hp = sec.header.paragraphs[0]
    hp.text = "Bøgely Kommune  ·  Social- og Sundhedsudvalget  ·  Referat 14.03.2023"
    hp.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    fp = sec.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fp.add_run("Side ")
    run = fp.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)

    def p(text: str, style: str | None = None, bold_label: str | None = None):
        para = d.add_paragraph(style=style)
        if bold_label:
            para.add_run(bold_label).bold = True
            para.add_run(" " + text)
            rec.add(f"{bold_label} {text}")
        else:
            para.add_run(_latin1(text))
            rec.add(text)
        return para

    def heading(text: str, level: int):
        d.add_heading(_latin1(text), level=level)
        rec.add(text)

    p("Bøgely Kommune")
    d.add_heading("Referat", level=0)
    rec.add("Referat")
    p("Social- og Sundhedsudvalget").runs[0].bold = True
    p("tirsdag den 14. marts 2023 kl. 15.00", bold_label="Mødedato:")
    p("Udvalgsværelse 1, Bøgely Rådhus", bold_label="Mødested:")
    p("Gitte Haugaard (A), formand, Frank Møller Lauritsen (V), Sofie Brandt (A), Jakob Stein (Ø), "
      "Henriette Als (C)", bold_label="Mødedeltagere:")
    p("Kristian Dyhr (V)", bold_label="Afbud:")
    p("Maria Thorup", bold_label="Sekretær:")

    decision = "Social- og Sundhedsudvalgets beslutning den 14.03.2023"

    rec.seg(1)
    heading("Punkt 1: Godkendelse af dagsorden", 1)
    p("Sagsnr.: 2023-00398")
    heading(decision, 2)
    p("Godkendt.")

    rec.seg(2)
    heading("Punkt 2: Demensstrategi 2023-2026 (Tove Riis deltager)", 1)
    p("Sagsnr.: 2023-00456")
    heading("Sagsfremstilling", 2)
    p("Social- og Sundhedsudvalget har bedt Sundhed og Omsorg udarbejde en ny demensstrategi, der "
      "afløser Demenshandleplan 2018-2022. Strategien er udarbejdet i samarbejde med Ældrerådet, "
      "Alzheimerforeningen Bøgely og pårørende til borgere med demens.")
    p("Strategien har tre spor: tidlig opsporing og udredning i samarbejde med almen praksis, et "
      "styrket tilbud til pårørende samt demensvenlige plejecentre. Som første konkrete tiltag "
      "foreslås det, at Plejecenter Lærkehaven omdannes til et demenscenter med 32 pladser i 2024.")
    p("Demenskoordinator Tove Riis deltager under punktet og fortæller om erfaringerne fra "
      "demensteamet.")
    heading("Ældrerådets høringssvar", 2)
    p("Ældrerådet støtter strategien og lægger vægt på, at der afsættes ressourcer til aflastning af "
      "pårørende.")
    heading("Økonomi", 2)
    p("Omdannelsen af Plejecenter Lærkehaven koster 4,1 mio. kr. i anlæg, som foreslås finansieret af "
      "puljen til velfærdsteknologi i investeringsoversigten. Driften holdes inden for den "
      "eksisterende ramme.")
    heading("Indstilling", 2)
    p("Direktøren for Sundhed og Omsorg indstiller, at")
    p("Demensstrategi 2023-2026 godkendes, og", style="List Number")
    p("der arbejdes videre med omdannelsen af Plejecenter Lærkehaven til et demenscenter.",
      style="List Number")
    heading("Social- og Sundhedsudvalgets beslutning den 07.02.2023", 2)
    p("Udsat med henblik på høring i Ældrerådet.")
    heading(decision, 2)
    p("Indstillingen blev godkendt. Udvalget ønsker en status på strategien i foråret 2024.")
    heading("Bilag", 2)
    p("Demensstrategi 2023-2026")
    p("Ældrerådets høringssvar af 1. marts 2023")

    rec.seg(3)
    heading("Punkt 3: Tilsynsrapporter fra plejecentrene 2022", 1)
    p("Sagsnr.: 2023-00311")
    heading("Sagsfremstilling", 2)
    p("Styrelsen for Patientsikkerhed har i 2022 gennemført tilsyn på tre af kommunens fem "
      "plejecentre: Plejecenter Lærkehaven, Bøgely Plejehjem og Solsikken. Der blev ikke gjort "
      "kritiske fund. På Solsikken blev der givet en henstilling om medicinhåndtering, som er fulgt op "
      "med undervisning af personalet.")
    p("Kommunens eget uanmeldte tilsyn, som udføres af revisionsfirmaet Holm & Krag, har desuden "
      "besøgt alle fem plejecentre. Rapporterne viser generelt høj tilfredshed hos beboere og "
      "pårørende.")
    heading("Indstilling", 2)
    p("Direktøren for Sundhed og Omsorg indstiller, at tilsynsrapporterne tages til efterretning.")
    heading(decision, 2)
    p("Taget til efterretning.")

    rec.seg(4)
    heading("Punkt 4: Lukket: Klage over afgørelse om hjælpemiddel", 1)
    p("Sagsnr.: 2023-00502")
    heading(decision, 2)
    p("Udvalget besluttede at fastholde afgørelsen.")

    rec.seg(5)
    heading("Punkt 5: Eventuelt", 1)
    p("Sagsnr.: 2023-00399")
    heading(decision, 2)
    p("Jakob Stein (Ø) spurgte til ventetiden på genoptræning. Forvaltningen svarer på næste møde.")

    d.save(str(path))
    return rec


# =========================================================================== all
def _write_all(out_dir: Path, strict: bool = False) -> tuple[dict[str, Path], dict[str, Recorder]]:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    texts: dict[str, Recorder] = {}

    def done(name: str, rec: Recorder) -> None:
        written[name] = out_dir / name
        texts[name] = rec

    done("edoc_referat.pdf", _edoc(out_dir / "edoc_referat.pdf"))
    done("acadre_referat.pdf", _acadre(out_dir / "acadre_referat.pdf"))
    done("sbsys_dagsorden.pdf", _sbsys_two_pass(out_dir / "sbsys_dagsorden.pdf"))
    page, rec = _firstagenda_html()
    (out_dir / "firstagenda_page.html").write_text(page, encoding="utf-8")
    done("firstagenda_page.html", rec)
    try:
        print_html_to_pdf(out_dir / "firstagenda_page.html", out_dir / "firstagenda_page.pdf")
        done("firstagenda_page.pdf", rec)
    except ChromiumMissing as exc:
        if strict:
            raise
        warnings.warn(f"firstagenda_page.pdf skipped: {exc}")
    done("word_referat.docx", _word(out_dir / "word_referat.docx"))
    done("sagsforloeb_referat.pdf", _sagsforloeb(out_dir / "sagsforloeb_referat.pdf"))
    return written, texts


def make_all(out_dir: Path, strict: bool = False) -> dict[str, Path]:
    """Write every layout document into ``out_dir``; return {file name: path}.

    ``firstagenda_page.pdf`` needs headless Chromium: without it the document is
    left out of the result (with a warning), or :class:`ChromiumMissing` is raised
    when ``strict`` is true.
    """
    return _write_all(out_dir, strict)[0]


def source_texts(out_dir: Path) -> dict[str, dict[str, str]]:
    """Write the documents and return {file name: {segment: text as generated}}."""
    _, texts = _write_all(out_dir)
    return {name: {key: rec.text(key) for key in rec.segments} for name, rec in texts.items()}


def load_gold(name: str) -> dict:
    """The hand-written gold annotation of document ``name`` (e.g. 'edoc_referat.pdf')."""
    return json.loads((GOLD_DIR / f"{name}.json").read_text(encoding="utf-8"))


_ITEM_STRING_LISTS = ("sections", "bilag", "presenters", "persons", "role_mentions", "departments",
                      "bodies", "organisations", "policies", "networks")


def check_gold(gold: dict, segments: dict[str, str]) -> list[str]:
    """Problems with one gold file: strings that are not verbatim in the generated text."""
    problems: list[str] = []
    whole = _norm("\n".join(segments.values()))

    def need(value, where: str, text: str, label: str) -> None:
        if value is None:
            return
        if not isinstance(value, str):
            problems.append(f"{label}: not a string: {value!r}")
        elif _norm(value) not in text:
            problems.append(f"{label}: {value!r} is not verbatim in {where}")

    meeting = gold["meeting"]
    need(meeting.get("body"), "the document", whole, "meeting.body")
    need(meeting.get("place"), "the document", whole, "meeting.place")
    for a in meeting.get("attendance", []):
        need(a["name"], "the document", whole, "meeting.attendance")
        if a.get("role") not in ("present", "absent"):
            problems.append(f"meeting.attendance: bad role {a!r}")
    for entry in gold.get("toc", []):
        need(entry, "the document", whole, "toc")
    for item in gold["items"]:
        key = str(item["number"])
        text = _norm(segments.get(key, ""))
        where = f"item {key}"
        if not text:
            problems.append(f"{where}: no such item in the generated text")
            continue
        for field in ("title", "journal_number", "proposer", "decision"):
            need(item.get(field), where, text, f"{where}.{field}")
        for field in _ITEM_STRING_LISTS:
            for value in item.get(field, []):
                need(value, where, text, f"{where}.{field}")
        for ref in item.get("meeting_refs", []):
            need(ref["text"], where, text, f"{where}.meeting_refs")
        for h in item.get("case_history", []):
            need(h["body"], where, text, f"{where}.case_history")
    return problems


def check_all_gold(out_dir: Path, texts: dict[str, dict[str, str]] | None = None
                   ) -> dict[str, list[str]]:
    """{file name: problems} for every gold file, against freshly generated documents."""
    texts = source_texts(out_dir) if texts is None else texts
    report: dict[str, list[str]] = {}
    for name in NAMES:
        path = GOLD_DIR / f"{name}.json"
        if not path.is_file():
            report[name] = ["no gold file"]
            continue
        gold = load_gold(name)
        problems = [] if gold.get("source") == name else [f"source is {gold.get('source')!r}"]
        if name in texts:
            problems += check_gold(gold, texts[name])
        report[name] = problems
    return report


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    dump = "--text" in args
    args = [a for a in args if a != "--text"]
    if len(args) != 1:
        print("usage: make_layouts.py OUT_DIR [--text]", file=sys.stderr)
        return 2
    out = Path(args[0])
    written, texts = _write_all(out)
    for name, path in written.items():
        print(f"wrote {path}")
        if dump:
            rec = texts[name]
            (out / f"{name}.txt").write_text(
                "\n\n".join(f"=== {k}\n{rec.text(k)}" for k in rec.segments), encoding="utf-8")
    bad = 0
    segs = {name: {k: rec.text(k) for k in rec.segments} for name, rec in texts.items()}
    for name, problems in check_all_gold(out, segs).items():
        if name not in written:
            print(f"{name}: not written, gold not checked")
            continue
        for problem in problems:
            print(f"{name}: {problem}")
        bad += len(problems)
    print("gold check: " + ("all strings verbatim" if not bad else f"{bad} problem(s)"))
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
