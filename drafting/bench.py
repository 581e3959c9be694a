"""The benchmark: `python -m drafting.bench [--write]`, and `--server` for the web application's figures.

Prints median times for checking and exporting the sample and a generated 200-item outcome,
and the speed of scanning 1 MB of text for references. With --write, records the figures in
docs/performance.md with the machine they came from. Speed is measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from drafting.domain.model import (
    DashList,
    DelegationList,
    Footnote,
    FootnoteMark,
    Item,
    Outcome,
    Paragraph,
    ReferenceLink,
    SubItem,
    SubItemStyle,
    Text,
    passages,
    plain_text,
)

SAMPLE = Path(__file__).parent / "samples" / "15754-17.json"
PERFORMANCE = Path(__file__).resolve().parent.parent / "docs" / "performance.md"

TARGETS = {
    "check: sample": None,
    "export: sample": 40.0,
    "check: 200 items": 20.0,
    "export: 200 items": 250.0,
}


def generated_outcome(count: int = 200) -> Outcome:
    """An outcome of `count` items shaped like real ones: references, dates, lists, sub-items, footnotes."""
    from drafting.io.json_format import loads

    outcome = loads(SAMPLE.read_text(encoding="utf-8"))
    items: list[Item] = [outcome.items[0]]
    for number in range(2, count):
        ref = f"{10000 + number}/{number % 5 + 1}/17 REV {number % 5 + 1}"
        body = [
            Paragraph(
                (
                    Text(f"The Committee endorsed the draft conclusions on topic {number} as set out in "),
                    ReferenceLink(ref),
                    Text(
                        ", which will be submitted to Coreper on 29 November 2017 and to the Council on "
                        f"7 December 2017. Delegations ({number % 3 + 1} in all) "
                        f"took note of {13000 + number}/17."
                    ),
                )
            ),
            DashList(
                [
                    (Text(f"the outcome of the meeting held on {number % 28 + 1} October 2017"),),
                    (Text("the position of "), DelegationList(("DE", "FR", "NL"))),
                ]
            ),
        ]
        item = Item(number, (Text(f"Draft Council conclusions, part {number}"),), blocks=body)
        if number % 10 == 0:
            item.sub_items = [
                SubItem((Text(heading, bold=True),), [Paragraph((Text(body),))])
                for heading, body in (("Information from the Presidency", "Noted."), ("Next steps", "Later."))
            ]
            item.sub_item_style = SubItemStyle.DASHED
        if number % 25 == 0:
            item.heading = item.heading + (FootnoteMark("1"),)
            item.footnotes = [Footnote("1", (Text("Exceptionally in the presence of the Schengen States."),))]
        items.append(item)
    items.append(Item(count, (Text("Any other business"),), [Paragraph((Text("No items were raised."),))]))
    outcome.items = items
    outcome.issue_date = date(2017, 12, 19)
    return outcome


def scanning_text(size: int = 1_000_000) -> str:
    """About `size` characters of outcome prose, from the sample, repeated."""
    prose = "\n".join(plain_text(p.content) for p in passages(generated_outcome(40)))
    return (prose * (size // len(prose) + 1))[:size]


def median_ms(action: Callable[[], object], repeat: int, before: Callable[[], None] | None = None) -> float:
    action()  # warm caches (template, compiled patterns) as a running server would have
    times = []
    for _ in range(repeat):
        if before:
            before()
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def measure(repeat: int = 15) -> dict[str, float]:
    from drafting.domain.checks import check
    from drafting.domain.references import scan_references
    from drafting.domain.rules.document import forget_scans
    from drafting.io.json_format import loads
    from drafting.render import render

    sample = loads(SAMPLE.read_text(encoding="utf-8"))
    large = generated_outcome(200)
    figures = {
        "check: sample": median_ms(lambda: check(sample), repeat),
        "export: sample": median_ms(lambda: render(sample), repeat),
        # A first check scans every text; a later one re-scans only what changed since.
        "check: 200 items": median_ms(lambda: check(large), repeat, before=forget_scans),
        "check: 200 items, unchanged texts": median_ms(lambda: check(large), repeat),
        "export: 200 items": median_ms(lambda: render(large), repeat),
    }
    text = scanning_text()
    scan_ms = median_ms(lambda: scan_references(text), max(3, repeat // 3), before=forget_scans)
    figures["scan: MB/s"] = (len(text.encode("utf-8")) / 1e6) / (scan_ms / 1000)
    return figures


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    python = platform.python_version()
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, {cpu}, Python {python}"


def table(figures: dict[str, float]) -> str:
    rows = ["| measure | median | target |", "|---|---|---|"]
    for name, value in figures.items():
        if name.startswith("scan"):
            rows.append(f"| scanning 1 MB of text for references | {value:.1f} MB/s | ≥ 5 MB/s |")
            continue
        target = TARGETS.get(name)
        rows.append(f"| {name} | {value:.1f} ms | {f'≤ {target:.0f} ms' if target else '—'} |")
    return "\n".join(rows)


def write_performance(figures: dict[str, float]) -> None:
    """Replace the engine section of docs/performance.md, keeping whatever else it holds."""
    body = (
        "## Engine (python -m drafting.bench --write)\n\n"
        f"Measured {date.today().isoformat()} on {machine()}.\n\n{table(figures)}"
    )
    record_section("engine", body)


def record_section(name: str, body: str) -> None:
    """Write `body` between the <!-- name:begin/end --> markers of docs/performance.md."""
    begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
    section = f"{begin}\n{body}\n{end}"
    current = PERFORMANCE.read_text(encoding="utf-8") if PERFORMANCE.exists() else "# Performance\n"
    if begin in current and end in current:
        head, rest = current.split(begin, 1)
        current = head + section + rest.split(end, 1)[1]
    else:
        current = current.rstrip("\n") + "\n\n" + section + "\n"
    PERFORMANCE.write_text(current, encoding="utf-8")


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--repeat", type=int, default=15, help="timed runs per measure")
    options.add_argument("--write", action="store_true", help="record the figures in docs/performance.md")
    options.add_argument(
        "--server",
        action="store_true",
        help="measure the web application under gunicorn instead (drafting.bench_server)",
    )
    args = options.parse_args()
    if args.server:
        from drafting import bench_server

        bench_server.main(write=args.write)
        return
    figures = measure(args.repeat)
    print(machine())
    print(table(figures))
    if args.write:
        write_performance(figures)
        print(f"recorded in {PERFORMANCE}")


if __name__ == "__main__":
    main()
