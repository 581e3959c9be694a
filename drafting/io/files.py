"""Reading an outcome from a file of any kind the project knows, chosen by its extension."""

from __future__ import annotations

from pathlib import Path

from drafting.domain.characters import UnholdableText
from drafting.io import FormatError, ImportResult

READABLE = (".json", ".txt", ".md", ".docx")

# Large enough for any real outcome (the sample is 12 KB as text); refusing more keeps a
# mistaken upload of a whole archive from eating the server's memory.
MAX_BYTES = 20 * 1024 * 1024


def read_outcome_bytes(data: bytes, suffix: str) -> ImportResult:
    """Build an outcome from a file's content; FormatError says in one line why it cannot."""
    suffix = suffix.lower()
    if len(data) > MAX_BYTES:
        raise FormatError(f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB")
    try:
        if suffix == ".docx":
            from drafting.io.docx_import import import_docx

            return import_docx(data)
        text = decode_text(data)
        if suffix == ".json":
            from drafting.io.json_format import loads

            return ImportResult(loads(text))
        if suffix in (".txt", ".md"):
            from drafting.io.text_import import import_text

            return import_text(text)
    except UnholdableText as refused:
        raise FormatError(str(refused)) from refused
    raise FormatError(f"cannot read '{suffix or 'no extension'}' files; use one of {', '.join(READABLE)}")


def decode_text(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FormatError(f"the file is not UTF-8 text (byte {error.start} cannot be read)") from error


def file_bytes(path: Path) -> bytes:
    """What a file holds; FormatError saying why in one line when it cannot be read."""
    try:
        return path.read_bytes()
    except FileNotFoundError as error:
        raise FormatError(f"no such file: {path}") from error
    except IsADirectoryError as error:
        raise FormatError(f"{path} is a folder, not a file") from error
    except OSError as error:
        raise FormatError(f"cannot read {path}: {error.strerror or error}") from error


def read_outcome_file(path: str | Path) -> ImportResult:
    path = Path(path)
    return read_outcome_bytes(file_bytes(path), path.suffix)
