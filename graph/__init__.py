"""referatgraf: Danish municipal meeting minutes (referater) as a traceable knowledge graph.

The package is a library; ``graph.cli`` is a thin command-line layer over it.
See ARCHITECTURE.md for the pipeline: sources → structure → extract → resolve →
build → export → query.

Four calls do what the commands of the same names do (:mod:`graph.api`)::

    import graph
    result = graph.build("minutes/")                 # BuildResult; result.graph is the networkx graph
    graph.build("minutes/", out="out/", formats="all")   # … and write the exports, as `referatgraf build`
    graph.sparql("cases-at-several-meetings", result).rows
    graph.path("81.04.00-A00-1-16", "81.04.00-A00-3-19", graph=result)
    graph.show("00.01.10-A00-3-16", graph=result)    # what `referatgraf show --json` prints

They are imported on first use, so ``import graph`` stays fast.

>>> import graph
>>> sorted(graph.__all__)
['__version__', 'build', 'path', 'show', 'sparql']
>>> graph.build.__module__, graph.show.__module__
('graph.api', 'graph.api')
"""
__version__ = "0.1.0"
__all__ = ["__version__", "build", "sparql", "path", "show"]
_API = ("build", "sparql", "path", "show")


def __getattr__(name: str):
    if name in _API:
        from graph import api

        return getattr(api, name)
    raise AttributeError(f"module 'graph' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(__all__))
