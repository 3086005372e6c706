"""``tracker recommend``: a profile and the catalog in, ranked editions with explanations out.

The walk of one call, all in this folder plus the catalog: the profile (:mod:`.profile`,
saved, with this call's options on top) -> the candidate editions (not ended, by kind and
topic) read as plain columns (:mod:`.candidates`, costs from :mod:`.costs`) -> feature
arrays (:mod:`.scoring.features`) -> the vectorised scores and ranking (:mod:`.scoring`)
-> :class:`~.engine.Recommendation` values with each criterion explained
(:mod:`.scoring.explain`). :mod:`.engine` holds the walk; :mod:`.params` the criteria,
modes and documented parameters from ``data/recommend/``.

Nothing is imported here: ``tracker profile set`` reads :mod:`.profile` and :mod:`.params`
without loading NumPy or the scoring kernel.
"""
