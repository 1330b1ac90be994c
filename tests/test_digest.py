"""What changed, for people: the sentence at the top of an edition and the grouped list."""

from __future__ import annotations

from sitrep.outputs import digest
from sitrep.review.changes import Change


def test_sentence_names_revised_figures_then_counts_the_rest() -> None:
    changes = [
        Change("revised", "figures", "killed-1300", "killed / all (Monitor)", ("more than 1,000 -> more than 1,300",)),
        Change("corrected", "figures", "f2", "killed / civilians (Monitor)", ("label: a -> b",)),
        Change("added", "events", "e1", "Clashes"),
        Change("added", "events", "e2", "Burial"),
        Change("added", "sources", "s1", "Agency"),
        Change("removed", "media", "m1", "Smoke rises"),
        Change("added", "editions", "3", "3: headline"),  # the edition itself is not news
    ]

    class F:  # what figure_title reads
        label = "Total killed"

    assert digest.sentence(changes, {"killed-1300": F()}) == (
        "Total killed revised from more than 1,000 to more than 1,300; new: 2 events and 1 source; "
        "withdrawn: 1 photo caption; 1 correction"
    )
    assert digest.sentence([], {}) == "no change in the facts"


def test_groups_keep_every_change_with_figures_first() -> None:
    long_title = "x" * 300
    changes = [Change("added", "events", f"e{i}", long_title) for i in range(30)]
    changes.append(Change("added", "figures", "f", "killed / all"))
    groups = digest.groups(changes)
    assert [g.heading for g in groups] == ["Figures (1)", "Events (30)"]
    assert sum(len(g.changes) for g in groups) == 31
    assert all(c.title == long_title for c in groups[1].changes)  # never cut short
