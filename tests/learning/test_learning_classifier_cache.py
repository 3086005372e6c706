"""The topic classifier's cache on disk: the user's own, written privately, read as arrays only."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

PLANTED = "Masked autoencoders for self-supervised pretraining"


def _planted_cache(path: Path) -> None:
    """A well-formed cache whose every label is 'planted-topic': read back, it would say so."""
    import numpy as np

    from tracker.learning import classifier

    real = classifier.default_model()
    np.savez(
        path,
        terms=np.array(real.terms),
        idf=real.idf,
        weights=real.weights,
        bias=real.bias,
        labels=np.array(["planted-topic"] * len(real.labels)),
    )


def _fresh_topics() -> list[str]:
    from tracker.learning import classifier

    classifier.default_model.cache_clear()
    return [topic for topic, _score, _terms in classifier.classify(PLANTED)]


def test_the_cache_is_written_0600_in_a_0700_folder_even_under_umask_000() -> None:
    from tracker.learning import classifier

    classifier.default_model.cache_clear()
    old = os.umask(0)
    try:
        classifier.default_model()
    finally:
        os.umask(old)
    path = classifier._cache_file()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_a_cache_others_can_write_is_not_read_but_rebuilt() -> None:
    from tracker.learning import classifier

    path = classifier._cache_file()
    assert "planted-topic" not in _fresh_topics()  # the honest cache, written by the first call
    _planted_cache(path)
    path.chmod(0o600)
    assert _fresh_topics()[0] == "planted-topic"  # the test's premise: such a cache is used as is
    _planted_cache(path)
    path.chmod(0o666)
    assert "planted-topic" not in _fresh_topics()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # rebuilt and written again, privately
    assert "planted-topic" not in _fresh_topics()


def test_a_cache_owned_by_someone_else_is_not_read() -> None:
    from tracker.learning import classifier

    if os.geteuid() != 0:
        pytest.skip("giving a file to another user needs root")
    path = classifier._cache_file()
    _fresh_topics()
    _planted_cache(path)
    os.chown(path, 4242, -1)
    path.chmod(0o600)
    assert "planted-topic" not in _fresh_topics()
    assert path.stat().st_uid == 0


def test_a_cache_holding_a_pickle_is_never_unpickled(tmp_path: Path) -> None:
    import numpy as np

    from tracker.learning import classifier

    class Trap:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.mkdir, (str(tmp_path / "unpickled"),))  # what loading the pickle would run

    path = classifier._cache_file()
    _fresh_topics()
    with path.open("wb") as handle:
        np.savez(handle, terms=np.array([Trap()], dtype=object), idf=np.zeros(1))
    path.chmod(0o600)
    assert _fresh_topics()
    assert not (tmp_path / "unpickled").exists()
    with np.load(path, allow_pickle=False) as data:
        assert data["idf"].shape == (len(data["terms"]),)  # rebuilt: plain arrays again
