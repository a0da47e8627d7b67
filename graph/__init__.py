"""referatgraf: Danish municipal meeting minutes (referater) as a traceable knowledge graph.

The package is a library; ``graph.cli`` is a thin command-line layer over it.
See ARCHITECTURE.md for the pipeline: sources → structure → extract → resolve →
build → export → query.
"""

__version__ = "0.1.0"
