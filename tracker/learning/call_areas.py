"""The area of a workshop's call for papers, read with the talk tagger (:mod:`tracker.learning.areas`).

The tagger was fitted on paper titles. A call is no title: it is a name and a list of topics,
each about as long as one. Read whole, its dozens of phrases sum the small weights of words
every call repeats ("data", "learning") into a sure answer, and the carrying ratios fitted for
titles (data mining as the second area at 8% of the best) carry a second area for nearly every
call: 75 of the 180 bundled workshop series (ICLR, ICML, NeurIPS) carried data mining.

So a call is read as what the tagger knows: each distinct phrase (the name, each topic) is
tagged as a title, and the call's likelihood of an area is the mean over its phrases. Before
that, the words that name the conference's own field or the format are dropped
(:data:`FIELD_WORDS`): an ML venue's titles rarely say "machine learning", "ML" or "AI", so
the tagger learnt them as marks of applied KDD titles ("machine learning" weighs +3.1 for data
mining, -0.7 for machine learning) and "workshop" as one of SIGIR/ECIR's; in a call at an ML
conference they say where it is held, not what it is about. The tagger weighs its areas the
same (its training was balanced); a call at an ML conference is not as likely to be about any
area, so machine learning's mean is weighed :data:`ML_PRIOR` times (then all are normalised).
The call carries its best area, and the second when at least :data:`SECOND_RATIO` as likely:
the mean of many phrases is far flatter than one title's likelihoods, so the titles' ratios do
not apply. Both numbers were chosen on the development half of
``tests/fixtures/workshop_areas/judged.csv`` (calls judged by hand; its held-out half judges
the choice, in tests/catalog_query/test_workshop_areas.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from tracker.learning.areas import AreaGuess, default_model
from tracker.text import fold

#: Words naming the field of the workshops' conferences (and the format): no evidence of area.
FIELD_WORDS = re.compile(r"\b(?:machine[- ]learning|ml|artificial intelligence|ai|workshops?)\b", re.I)
#: Machine learning's weight against the other areas for a call at an ML conference (a prior).
ML_PRIOR = 2.0
#: The second area's likelihood against the best's at which a call carries it too.
SECOND_RATIO = 0.7


def phrases(texts: Iterable[str]) -> list[str]:
    """The distinct phrases of a call (a topic two calls of a series share counts once), the
    field's own words dropped; those with no word left are dropped too."""
    out: dict[str, str] = {}
    for text in texts:
        kept = " ".join(FIELD_WORDS.sub(" ", text).split())
        if kept:
            out.setdefault(fold(kept), kept)
    return list(out.values())


def call_areas(texts: Iterable[str]) -> list[AreaGuess]:
    """The areas of one call (its names and topics, see :func:`phrases`): see :func:`areas_of_calls`."""
    return areas_of_calls([texts])[0]


def areas_of_calls(calls: Iterable[Iterable[str]]) -> list[list[AreaGuess]]:
    """For each call (its names and topics, see :func:`phrases`): the best area, and the second
    when at least SECOND_RATIO as likely; each scored by its mean likelihood over the phrases
    the tagger knows a word of, machine learning's weighed ML_PRIOR times (none when it knows no
    word of any). All the calls' phrases are read in one matrix product."""
    import numpy as np

    model = default_model()
    read = [[p for p in phrases(texts) if model.columns(p)] for texts in calls]
    flat = [p for found in read for p in found]
    if not flat:
        return [[] for _ in read]
    probabilities = model.probabilities(flat)
    ends = np.cumsum([len(found) for found in read])
    ml = model.labels.index("machine-learning")
    out: list[list[AreaGuess]] = []
    for found, end in zip(read, ends, strict=True):
        if not found:
            out.append([])
            continue
        mean = probabilities[end - len(found) : end].mean(axis=0)
        mean[ml] *= ML_PRIOR
        mean /= mean.sum()
        order = [int(c) for c in mean.argsort()[::-1][:2]]
        if mean[order[1]] < SECOND_RATIO * mean[order[0]]:
            order = order[:1]
        columns = model.columns(" ".join(found))
        terms = [model.pushing_terms(columns, c) for c in order]
        out.append([AreaGuess(model.labels[c], float(mean[c]), t) for c, t in zip(order, terms, strict=True)])
    return out
