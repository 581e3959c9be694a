"""The command line: `drafting refs | check | import | import-agenda | export | rules | demo`.

Exit codes: 0 done and no error found, 1 errors found (or --strict refused), 2 the input could not be read.
A user never sees a traceback for a file they gave: every read failure is one line on stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from drafting.domain.checks import check
from drafting.domain.problems import Problem, Severity, has_errors
from drafting.io import FormatError, ImportResult
from drafting.io.files import READABLE, read_outcome_file

OK, ERRORS, UNREADABLE = 0, 1, 2
SAMPLE = Path(__file__).parent / "samples" / "15754-17.json"


def unread_problems(result: ImportResult) -> list[Problem]:
    """Lines an importer could not place, as Problems, so they are shown with everything else."""
    return [
        Problem(
            Severity.WARNING,
            "import.unread-line",
            f"line {u.line} was not read ({u.reason}): {u.text[:80]}",
        )
        for u in result.unread
    ]


def print_problems(problems: list[Problem], out) -> None:
    for problem in problems:
        print(problem, file=out)
    counts = {s: sum(p.severity is s for p in problems) for s in Severity}
    print(
        f"{counts[Severity.ERROR]} error(s), {counts[Severity.WARNING]} warning(s), "
        f"{counts[Severity.INFO]} note(s)",
        file=out,
    )


def problem_summary(problem: Problem) -> dict[str, object]:
    return {
        "severity": str(problem.severity),
        "code": problem.code,
        "message": problem.message,
        "suggestion": problem.suggestion,
    }


def command_refs(args: argparse.Namespace) -> int:
    from drafting.domain.references import parse_reference

    results = [parse_reference(text, citing_year=args.year) for text in args.text]
    if args.json:
        payload = [
            {
                "input": parsed.text,
                "ok": parsed.ok,
                "canonical": parsed.canonical,
                "register": parsed.register,
                "problems": [problem_summary(p) for p in parsed.problems],
            }
            for parsed in results
        ]
        print(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        for parsed in results:
            shown = parsed.canonical or "not a reference"
            register = f"  [{parsed.register}]" if parsed.register else ""
            print(f"{parsed.text}: {shown}{register}")
            for problem in parsed.problems:
                line = f"  {problem.severity}: {problem.message}"
                if problem.suggestion:
                    line += f" (did you mean {problem.suggestion}?)"
                print(line)
    return ERRORS if any(not parsed.ok for parsed in results) else OK


def command_check(args: argparse.Namespace) -> int:
    result = read_outcome_file(args.file)
    problems = unread_problems(result) + check(result.outcome)
    if args.agenda:
        from drafting.domain.agenda import agenda_check
        from drafting.io.agenda_import import read_agenda_file

        agenda = read_agenda_file(args.agenda)
        print_unread_agenda(agenda)
        problems += agenda_check(result.outcome, agenda)
    if args.json:
        print(json.dumps([p.to_dict() for p in problems], indent=2, ensure_ascii=False))
    else:
        print_problems(problems, sys.stdout)
    return ERRORS if has_errors(problems) else OK


def command_import(args: argparse.Namespace) -> int:
    from drafting.io.json_format import dumps

    result = read_outcome_file(args.file)
    for problem in unread_problems(result):
        print(problem, file=sys.stderr)
    write_output(args.output, dumps(result.outcome).encode("utf-8"))
    print(f"wrote {args.output} ({len(result.outcome.items)} items)")
    return OK


def print_unread_agenda(agenda) -> None:
    for unread in agenda.unread:
        print(f"warning: line {unread.line}: {unread.text} ({unread.reason})", file=sys.stderr)


def command_import_agenda(args: argparse.Namespace) -> int:
    """A new outcome started from the meeting's provisional agenda."""
    from drafting.io.agenda_import import outcome_from_agenda, read_agenda_file
    from drafting.io.json_format import dumps

    agenda = read_agenda_file(args.file)
    print_unread_agenda(agenda)
    outcome = outcome_from_agenda(agenda)
    write_output(args.output, dumps(outcome).encode("utf-8"))
    source = agenda.document_number or "the agenda"
    print(f"wrote {args.output} ({len(outcome.items)} items from {source})")
    return OK


def command_export(args: argparse.Namespace) -> int:
    from drafting.render import render

    result = read_outcome_file(args.file)
    problems = unread_problems(result) + check(result.outcome)
    if args.strict and has_errors(problems):
        print_problems(problems, sys.stderr)
        print(f"not written: {args.output} (--strict and the outcome has errors)", file=sys.stderr)
        return ERRORS
    write_output(args.output, render(result.outcome))
    errors = sum(p.is_error for p in problems)
    print(f"wrote {args.output} ({len(result.outcome.items)} items, {errors} error(s) found by the check)")
    return OK


def command_rules(args: argparse.Namespace) -> int:
    """The rules the check runs, so the secretariat can see (and tune) what it looks for."""
    from drafting.domain.checks import RULES

    for one in RULES:
        print(f"{one.code:32} {one.severity:8} {one.description}")
    return OK


def command_demo(args: argparse.Namespace) -> int:
    """What `make run` shows until the browser editor exists: the sample's check and its .docx."""
    from drafting.render import render

    result = read_outcome_file(SAMPLE)
    print(f"Outcome {result.outcome.document_number}: {result.outcome.subject.replace(chr(10), ' ')}")
    print_problems(check(result.outcome), sys.stdout)
    target = Path(args.exports) / "15754-17.docx"
    write_output(target, render(result.outcome))
    print(f"wrote {target}")
    return OK


def write_output(path: str | Path, data: bytes) -> None:
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    except OSError as error:
        raise FormatError(f"cannot write {path}: {error.strerror or error}") from error


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="drafting", description="Check and export outcomes of proceedings.")
    commands = top.add_subparsers(dest="command", required=True)

    refs = commands.add_parser("refs", help="check document references")
    refs.add_argument("--json", action="store_true", help="one JSON object per reference")
    refs.add_argument("--year", type=int, default=None, help="year of the citing document")
    refs.add_argument("text", nargs="+", help="references in any form")
    refs.set_defaults(run=command_refs)

    readable = ", ".join(READABLE)
    checking = commands.add_parser("check", help="check an outcome")
    checking.add_argument("--json", action="store_true", help="the problems as JSON")
    checking.add_argument("file", help=f"the outcome ({readable})")
    checking.add_argument("--agenda", help="also compare with the meeting's agenda (.txt, .md or .docx)")
    checking.set_defaults(run=command_check)

    importing = commands.add_parser("import", help="read an outcome into the JSON format")
    importing.add_argument("file", help=f"the outcome ({readable})")
    importing.add_argument("-o", "--output", required=True, help="the JSON file to write")
    importing.set_defaults(run=command_import)

    agenda = commands.add_parser("import-agenda", help="start an outcome from the meeting's agenda")
    agenda.add_argument("file", help="the provisional agenda (.txt, .md or .docx)")
    agenda.add_argument("-o", "--output", required=True, help="the JSON file to write")
    agenda.set_defaults(run=command_import_agenda)

    exporting = commands.add_parser("export", help="write the Word document")
    exporting.add_argument("file", help=f"the outcome ({readable})")
    exporting.add_argument("-o", "--output", required=True, help="the .docx file to write")
    exporting.add_argument("--strict", action="store_true", help="write nothing when the check finds errors")
    exporting.set_defaults(run=command_export)

    listing = commands.add_parser("rules", help="list the rules the check runs")
    listing.set_defaults(run=command_rules)

    demo = commands.add_parser("demo", help="check the sample outcome and write its .docx")
    demo.add_argument("--exports", default="exports", help="folder for the .docx")
    demo.set_defaults(run=command_demo)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except FormatError as error:
        print(f"drafting: {error}", file=sys.stderr)
        return UNREADABLE


if __name__ == "__main__":
    sys.exit(main())
