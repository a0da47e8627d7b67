"""Chair-type posts (formand, næstformand, ...) are one post per body: handmade minutes of two
committees of an invented municipality (tests/fixtures/resolve/), each with its own "formanden"
and a named chair ("Formand X Y")."""
from __future__ import annotations

from pathlib import Path

import pytest

from graph.pipeline import build

FIXTURES = Path(__file__).parent / "fixtures" / "resolve"


@pytest.fixture(scope="module")
def two_committees():
    result = build([FIXTURES])
    assert not result.problems
    return result


def _posts(result):
    return {e.key: e for e in result.resolution.entities if e.kind == "Post"}


def _chair_of(result, body):
    chairs = [e for e in _posts(result).values() if e.attrs.get("postOf") == body]
    assert len(chairs) == 1, [e.key for e in chairs]
    return chairs[0]


def test_two_committees_chairs_are_two_posts(two_committees):
    tmu = _chair_of(two_committees, "Teknik- og Miljøudvalget")
    bsu = _chair_of(two_committees, "Børne- og Skoleudvalget")
    assert tmu.key != bsu.key
    assert not any(key == "formand" for key in _posts(two_committees))  # no municipality-wide chair


def test_bare_formanden_is_the_chair_of_the_body_whose_minutes_say_it(two_committees):
    tmu = _chair_of(two_committees, "Teknik- og Miljøudvalget")
    assert {m.span.doc for m in tmu.mentions if m.surface == "Formanden"} == {"tmu-2024-02-06.txt"}
    assert tmu.label == "Formanden for Teknik- og Miljøudvalget"  # a view tells the two chairs apart


def test_named_chair_holds_the_post_of_the_meetings_body(two_committees):
    by_person = {h.person.key: h.post for h in two_committees.resolution.holds}
    assert by_person["Anders Holm"].attrs["postOf"] == "Teknik- og Miljøudvalget"
    assert by_person["Grete Lind"].attrs["postOf"] == "Børne- og Skoleudvalget"


def test_chair_of_a_named_body_in_other_minutes_is_that_bodys_post(two_committees):
    # TMU's minutes say "Formanden for Børne- og Skoleudvalget"; BSU's own say "Formanden for udvalget"
    bsu = _chair_of(two_committees, "Børne- og Skoleudvalget")
    docs = {m.span.doc for m in bsu.mentions}
    assert docs == {"tmu-2024-02-06.txt", "bsu-2024-02-07.txt"}
    assert any(m.surface == "Formanden for udvalget" for m in bsu.mentions)


def test_chair_post_is_linked_to_its_body_node_in_the_graph(two_committees):
    G = two_committees.graph
    for post, data in G.nodes(data=True):
        if data["type"] != "Post" or not data["label"].startswith("Formand"):
            continue
        bodies = [v for _, v, k in G.out_edges(post, keys=True) if k == "postOf"]
        assert len(bodies) == 1 and G.nodes[bodies[0]]["type"] == "Body"
        # the same Body node the meetings of that body hang on
        assert any(k == "meetingOf" for _, _, k in G.in_edges(bodies[0], keys=True))
    posts_iris = [n for n, d in G.nodes(data=True) if d["type"] == "Post" and d["label"].startswith("Formand")]
    assert len(posts_iris) == 2


def test_udvalget_after_a_chair_word_is_not_a_body_of_its_own(two_committees):
    G = two_committees.graph
    assert not [n for n, d in G.nodes(data=True) if d["type"] == "Body" and d["label"].casefold() == "udvalget"]


def test_a_chair_in_minutes_without_a_body_is_not_merged_with_other_documents():
    from graph.model import Mention, Span
    from graph.resolve.posts import resolve_posts

    posts = [Mention("Post", "Formanden", Span(doc, 10, 19, "Formanden"), attrs={"role": "formand"})
             for doc in ("a.txt", "b.txt")]
    entities: dict = {}
    resolve_posts(posts, {}, entities, {}, {}, {"a.txt": "", "b.txt": ""})
    assert len([k for k in entities if k[0] == "Post"]) == 2


def test_a_municipality_wide_post_stays_one_post_across_bodies():
    from graph.model import Mention, Span
    from graph.resolve.posts import resolve_posts

    posts = [Mention("Post", "Kommunaldirektøren", Span(doc, 0, 18, "Kommunaldirektøren"),
                     attrs={"role": "kommunaldirektør"}) for doc in ("a.txt", "b.txt")]
    entities: dict = {}
    resolve_posts(posts, {}, entities, {}, {}, {"a.txt": "Økonomiudvalget", "b.txt": "Byrådet"})
    assert [k for k in entities] == [("Post", "kommunaldirektør")]
    assert "postOf" not in entities[("Post", "kommunaldirektør")].attrs
