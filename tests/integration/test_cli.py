"""The command line's fixed contract: refs, check, import, export and their exit codes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from drafting.cli import main
from drafting.io.json_format import dumps, loads

SAMPLES = Path(__file__).parents[2] / "drafting" / "samples"
SAMPLE_JSON = SAMPLES / "15754-17.json"
SAMPLE_TEXT = SAMPLES / "15754-17.txt"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def broken_outcome(tmp_path) -> Path:
    """The sample with a revision number typed wrongly: an error the check must find."""
    outcome = loads(SAMPLE_JSON.read_text(encoding="utf-8"))
    outcome.document_number = "15754/2/17 REV 1"
    path = tmp_path / "broken.json"
    path.write_text(dumps(outcome), encoding="utf-8")
    return path


def test_refs_json_gives_one_object_per_argument_with_the_fixed_keys(capsys):
    code, out, _ = run(
        capsys, "refs", "--json", "14260/1/17 REV 1", "ST 14260 2017 REV 1", "14260/2/17 REV 1"
    )
    results = json.loads(out)
    assert [r["input"] for r in results] == ["14260/1/17 REV 1", "ST 14260 2017 REV 1", "14260/2/17 REV 1"]
    assert all(set(r) == {"input", "ok", "canonical", "register", "problems"} for r in results)
    assert results[0] == {
        "input": "14260/1/17 REV 1",
        "ok": True,
        "canonical": "14260/1/17 REV 1",
        "register": "ST 14260 2017 REV 1",
        "problems": [],
    }
    assert results[1]["canonical"] == "14260/1/17 REV 1"
    assert results[2]["ok"] is False
    assert all(set(p) == {"severity", "code", "message", "suggestion"} for p in results[2]["problems"])
    assert any(p["severity"] == "error" for p in results[2]["problems"])
    assert code == 1


def test_refs_suggests_the_canonical_form_of_a_rev_without_its_middle_number(capsys):
    code, out, _ = run(capsys, "refs", "--json", "14260/17 REV 1")
    (result,) = json.loads(out)
    assert any(p["suggestion"] == "14260/1/17 REV 1" for p in result["problems"])


def test_refs_in_text_names_what_is_not_a_reference(capsys):
    code, out, _ = run(capsys, "refs", "hello")
    assert code == 1
    assert "not a reference" in out


def test_check_of_the_sample_reports_its_two_slips_and_exits_zero(capsys):
    code, out, _ = run(capsys, "check", "--json", str(SAMPLE_JSON))
    problems = json.loads(out)
    assert code == 0
    assert not [p for p in problems if p["severity"] == "error"]
    flagged = [p for p in problems if p["severity"] == "warning"]
    assert any("item 10" in p["location"] for p in flagged), flagged
    assert any(
        "item 7" in p["location"] and p["suggestion"] == "as set out in 12583/5/17 REV 5" for p in flagged
    )
    assert len(flagged) == 2, flagged


def test_check_reads_text_and_docx_too(capsys, tmp_path):
    assert run(capsys, "check", str(SAMPLE_TEXT))[0] == 0
    docx = tmp_path / "sample.docx"
    assert run(capsys, "export", str(SAMPLE_JSON), "-o", str(docx))[0] == 0
    code, out, _ = run(capsys, "check", str(docx))
    assert code == 0
    assert "0 error(s), 2 warning(s)" in out


def test_check_exits_one_when_the_outcome_has_errors(capsys, broken_outcome):
    code, out, _ = run(capsys, "check", str(broken_outcome))
    assert code == 1
    assert "document number" in out


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("missing.json", None, "no such file"),
        ("garbage.docx", b"this is not a zip", ""),
        ("bad.json", b"{not json", ""),
        ("wrong.json", b'{"format": "something else"}', ""),
        ("latin.txt", "Brussels, 19 d\xe9cembre".encode("latin-1"), "UTF-8"),
        ("outcome.pdf", b"%PDF-1.4", "cannot read '.pdf'"),
        ("control.json", None, "control character"),
    ],
)
def test_check_exits_two_with_one_line_when_the_file_cannot_be_read(capsys, tmp_path, name, content, reason):
    path = tmp_path / name
    if name == "control.json":
        outcome = loads(SAMPLE_JSON.read_text(encoding="utf-8"))
        outcome.subject = "COSI\x07"
        path.write_text(dumps(outcome), encoding="utf-8")
    elif content is not None:
        path.write_bytes(content)
    code, out, err = run(capsys, "check", str(path))
    assert code == 2
    assert err.startswith("drafting: ")
    assert err.count("\n") == 1
    assert "Traceback" not in err
    assert reason in err


def test_import_writes_json_that_loads_back(capsys, tmp_path):
    target = tmp_path / "out" / "sample.json"
    code, out, _ = run(capsys, "import", str(SAMPLE_TEXT), "-o", str(target))
    assert code == 0
    assert len(loads(target.read_text(encoding="utf-8")).items) == 11


def test_export_strict_refuses_to_write_an_outcome_with_errors(capsys, tmp_path, broken_outcome):
    target = tmp_path / "broken.docx"
    code, _, err = run(capsys, "export", str(broken_outcome), "-o", str(target), "--strict")
    assert code == 1
    assert not target.exists()
    assert "not written" in err


def test_export_without_strict_writes_and_counts_the_errors(capsys, tmp_path, broken_outcome):
    target = tmp_path / "broken.docx"
    code, out, _ = run(capsys, "export", str(broken_outcome), "-o", str(target))
    assert code == 0
    assert target.stat().st_size > 0
    assert "error(s) found" in out and "0 error(s)" not in out


def test_the_installed_console_script_runs():
    script = shutil.which("drafting", path=str(Path(sys.executable).parent))
    assert script, "the drafting console script is not installed beside this Python"
    done = subprocess.run([script, "refs", "15754/17"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0
    assert "ST 15754 2017 INIT" in done.stdout


def test_rules_lists_every_registered_rule_with_its_severity(capsys):
    from drafting.domain.checks import RULES

    code, out, _ = run(capsys, "rules")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == len(list(RULES))
    assert any(line.startswith("wording.as-set-out") and "warning" in line for line in lines)
