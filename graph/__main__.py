"""``python -m graph`` does the same as ``referatgraf``."""
from graph.cli import app

app(prog_name="referatgraf")
