"""A deadline's label as a person reads it: the catalogs' common English labels, translated.

The upstream catalogs label deadlines in English ("Paper Submission", "Camera-ready
deadline"). Stored as written (a fact of its source), a label is shown translated when it is
one of the labels they use most: compared without case, hyphens or a note of the round
("(Round 1)", "(Second Cycle)": the round is shown on its own). Any other label — a
conference's own wording, "Journal track" — is shown as its source writes it. A deadline with
no label is named by its type.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from tracker.i18n import N_, _

# The labels of the bundled catalog's deadlines used at least twice (2026), lower case, as
# :func:`_normalised` writes them: about three in four labelled deadlines.
COMMON_LABELS = frozenset(
    (
        N_("paper submission"),
        N_("paper submission deadline"),
        N_("full paper submission"),
        N_("full paper submission deadline"),
        N_("full paper due"),
        N_("papers due"),
        N_("paper submission extended"),
        N_("final submission deadline"),
        N_("abstract submission"),
        N_("abstract submission deadline"),
        N_("abstract deadline"),
        N_("abstract registration deadline"),
        N_("abstract/metadata due"),
        N_("camera ready deadline"),
        N_("camera ready submission"),
        N_("camera ready due"),
        N_("camera ready papers due"),
        N_("camera ready paper submission"),
        N_("final paper submission deadline"),
        N_("revised version due"),
        N_("author notification"),
        N_("author notification date"),
        N_("notification of acceptance"),
        N_("paper acceptance notification"),
        N_("acceptance notification"),
        N_("paper notification"),
        N_("notification"),
        N_("final notification"),
        N_("notifications to authors"),
        N_("final decisions"),
        N_("decision notification"),
        N_("rebuttal period start"),
        N_("rebuttal period starts"),
        N_("rebuttal period end"),
        N_("rebuttal period ends"),
        N_("author response period start"),
        N_("author response period end"),
        N_("author response deadline"),
        N_("reviews released"),
        N_("reviews released to authors"),
        N_("arr reviews available"),
        N_("arr commitment deadline"),
        N_("supplementary materials"),
        N_("supplementary material deadline"),
        N_("supplementary materials deadline"),
        N_("author registration deadline"),
        N_("early registration deadline"),
        N_("withdrawal deadline"),
        N_("first round"),
        N_("second round"),
        N_("third round"),
    )
)

_ROUND_NOTE = re.compile(r"\s*\([^)]*\b(?:round|cycle)\b[^)]*\)", re.IGNORECASE)
_ESTIMATED = " (estimated)"


def _normalised(label: str) -> str:
    text = _ROUND_NOTE.sub("", label.removesuffix(_ESTIMATED)).replace("-", " ")
    return " ".join(text.casefold().split())


def shown_label(label: str | None, kind: str, gettext: Callable[[str], str] | None = None) -> str:
    """``label`` in the interface's language (``gettext``: a web page's), else as its source wrote it.

    English text is unchanged: the label as written, or the type ("camera ready") without one.
    """
    look_up = gettext or _
    if not label:
        return look_up(kind.replace("_", " "))
    key = _normalised(label)
    translated = look_up(key) if key in COMMON_LABELS else key
    if translated == key:  # English, or a label of the source's own
        return label
    return translated + (look_up(_ESTIMATED) if label.endswith(_ESTIMATED) else "")
