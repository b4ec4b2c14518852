"""A Scorecard is immutable and shared between threads; scoring releases the GIL."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pandas as pd

from conftest import EXAMPLES


def test_threads_share_one_scorecard(card):
    frame = pd.read_csv(EXAMPLES / "partners.csv")
    expected = card.score(frame).to_json()
    shuffled = frame.sample(frac=1, random_state=3)
    expected_shuffled = card.score(shuffled).to_json()
    start = threading.Barrier(8)

    def work(i: int) -> bool:
        start.wait()
        ok = True
        for _ in range(20):
            if i % 2:
                ok &= card.score(frame).to_json() == expected
            else:
                ok &= card.score(shuffled).to_json() == expected_shuffled
        return ok

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert all(pool.map(work, range(8)))


def test_scoring_releases_the_gil(card):
    """While one thread is inside the native scoring call, another thread keeps running Python code."""
    import time

    import numpy as np

    from partnerscore import _frames

    n = 300_000
    frame = pd.DataFrame({"id": [f"P{i}" for i in range(n)], "revenue": np.arange(n, dtype=float)})
    columns = _frames.pandas_columns(frame)
    ticks: list[float] = []
    done = threading.Event()

    def ticker():
        while not done.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.0005)

    thread = threading.Thread(target=ticker)
    thread.start()
    try:
        time.sleep(0.01)
        start = time.perf_counter()
        card._native.score("frame", columns)
        end = time.perf_counter()
    finally:
        done.set()
        thread.join()
    assert end - start > 0.02, "the call is long enough to see ticks"
    inside = [t for t in ticks if start < t < end]
    assert len(inside) >= 3, f"{len(inside)} ticks while scoring for {end - start:.3f}s"
