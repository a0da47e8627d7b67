"""Text from minutes that looks like console markup ("[udsat]", "[/]") is printed as it stands by
`parse` and `show`: never read as markup, never dropped, never a crash."""
from __future__ import annotations

from typer.testing import CliRunner

from graph.cli import app

MINUTES = ("REFERAT\nByrådet\nMødedato: 4. marts 2024\n\nPunkt 1: Orientering [udsat] [/]\nSagsnr.: 24-000123\n\n"
           "Beslutning\nGodkendt [bold].\n")


def test_bracketed_title_and_decision_text_are_shown_verbatim(tmp_path):
    src = tmp_path / "m.txt"
    src.write_text(MINUTES, encoding="utf-8")
    runner = CliRunner()
    parsed = runner.invoke(app, ["parse", str(src)])
    assert parsed.exit_code == 0 and "Orientering [udsat] [/]" in parsed.stdout
    built = runner.invoke(app, ["build", str(src), "-o", str(tmp_path / "out")])
    assert built.exit_code == 0, built.output
    shown = runner.invoke(app, ["show", "24-000123", "--graph", str(tmp_path / "out")], env={"COLUMNS": "200"})
    assert shown.exit_code == 0, shown.output
    assert "Orientering [udsat] [/]" in shown.stdout and "Godkendt [bold]." in shown.stdout
