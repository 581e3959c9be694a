"""The server benchmark says whether the disk stalled while the drafters saved."""

from __future__ import annotations

import time

from drafting.bench_server import DiskWatch


def test_the_watch_times_flushes_while_it_runs_and_stops_with_the_block():
    with DiskWatch() as disk:
        # Waited for, not timed: a loaded machine or a stalling disk makes each flush slower.
        deadline = time.monotonic() + 30
        while len(disk.flushes) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
    counted = len(disk.flushes)
    time.sleep(0.3)  # several periods: a watch still running would have flushed again

    assert counted >= 3
    assert all(ms >= 0 for ms in disk.flushes)
    assert len(disk.flushes) == counted  # stopped on leaving the block


def test_the_note_counts_the_slow_flushes_and_names_the_longest():
    disk = DiskWatch()
    disk.flushes = [0.4, 0.6, 180.0, 0.5, 75.0]

    note = disk.note()

    assert "(5 in all)" in note
    assert "(5 in all): 2 took over 50 ms (longest 180 ms)" in note


def test_the_note_says_when_the_disk_never_stalled():
    disk = DiskWatch()
    disk.flushes = [0.4, 0.6, 1.2]

    assert "none took over 50 ms (longest 1 ms)" in disk.note()
