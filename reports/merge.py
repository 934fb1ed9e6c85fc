"""Three-way merge of one wizard step's answers, so that co-editors never lose each other's work.

A step's answers are a flat dict, one entry per answer (a field of the report, one cell of one
table row: "<table>:row12:<column>", one SDG: "sdgs-row_3"), as reports/wizard/bound.py
`Bound.state` makes it. A row that is not there has no entries. Three states meet when a
page saved from an older version comes back:

- base: the step as it was when the page was loaded (the revision the page names);
- mine: what the page sends;
- theirs: the step as saved now.

An answer only I changed takes mine, one only they changed takes theirs, and one both changed
the same way is simply kept. One both changed differently is a conflict: never decided here,
it is shown to the person saving. Without a base (a page older than the revisions kept) every
difference is a conflict: nothing is overwritten on a guess.
"""

from dataclasses import dataclass, field

State = dict[str, str]
# An answer that is not there (a row removed, or added by the other side): not the same as "".
MISSING = None


@dataclass(frozen=True)
class Merge:
    # The merged answers, the other person's where we both changed an answer.
    merged: State
    # The same, mine where we both changed an answer: what the form shows after a conflict.
    preferring_mine: State
    conflicts: list[str] = field(default_factory=list)
    # What only the other person changed, and is kept: said so to the person saving.
    theirs_kept: list[str] = field(default_factory=list)


def merge(base: State | None, mine: State, theirs: State) -> Merge:
    merged: State = {}
    preferring_mine: State = {}
    conflicts: list[str] = []
    theirs_kept: list[str] = []
    # Their order first (it is the saved order of the rows), then what only I added.
    for key in [*theirs, *(key for key in mine if key not in theirs)]:
        my_value, their_value = mine.get(key, MISSING), theirs.get(key, MISSING)
        base_value = base.get(key, MISSING) if base is not None else _UNKNOWN
        if my_value in (their_value, base_value):
            kept, preferred = their_value, their_value
            if my_value != their_value:
                theirs_kept.append(key)
        elif their_value == base_value:
            kept, preferred = my_value, my_value
        else:
            conflicts.append(key)
            kept, preferred = their_value, my_value
        if kept is not MISSING:
            merged[key] = kept
        if preferred is not MISSING:
            preferring_mine[key] = preferred
    return Merge(merged, preferring_mine, conflicts, theirs_kept)


# Equal to no answer: with no base, nobody's answer is known to be unchanged.
_UNKNOWN = object()
