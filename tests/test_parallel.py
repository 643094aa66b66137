"""The order-preserving map over worker processes, and what it leaves of the parent's GC state."""
from __future__ import annotations

import gc

import pytest

from cleaner.parallel import BATCH, ordered_map


def _double(batch: list[int]) -> list[int]:
    return [x * 2 for x in batch]


def _nothing() -> None:
    pass


@pytest.fixture
def thawed():
    if gc.get_freeze_count():
        pytest.skip("something in this process froze objects already")


def test_results_come_in_input_order_and_the_parent_is_thawed_after(thawed):
    assert list(ordered_map(_double, range(10 * BATCH + 3), 2, _nothing, ())) == [x * 2 for x in range(10 * BATCH + 3)]
    assert gc.get_freeze_count() == 0
    stopped = ordered_map(_double, range(100), 2, _nothing, ())
    assert next(stopped) == 0
    stopped.close()  # a consumer that stops early
    assert gc.get_freeze_count() == 0


def test_objects_the_application_froze_itself_stay_frozen(thawed):
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert list(ordered_map(_double, range(20), 2, _nothing, ())) == [x * 2 for x in range(20)]
        # still frozen: a thaw would empty the permanent generation (frozen objects that die
        # meanwhile leave it, so the count may fall by a few)
        assert gc.get_freeze_count() > frozen // 2
    finally:
        gc.unfreeze()
