"""`flask --app app archive export|import FOLDER`: the whole archive as JSON (docs/archive-format.md)."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from drafting import archive as archives

FOLDER = click.Path(file_okay=False, path_type=Path)


@click.group("archive")
def archive() -> None:
    """Back up every outcome, its history, comments and accounts as JSON; restore into an empty database."""


@archive.command("export")
@click.argument("folder", type=FOLDER)
@with_appcontext
def export(folder: Path) -> None:
    """Write the archive into FOLDER (new or empty)."""
    from drafting.web import exports_folder, unit_of_work

    with unit_of_work(reading=True) as uow:
        done = refusing(lambda: archives.export_archive(uow, folder, exports_folder()))
    click.echo(
        f"exported {plural(done.outcomes, 'outcome')}, {plural(done.people, 'account')} and "
        f"{plural(done.exports, 'export record')} to {folder}"
    )
    click.echo(f"{folder / archives.PEOPLE} holds password hashes: keep the folder as safe as the database")
    click.echo(
        f"the .docx files are not in the archive: copy the exports folder ({exports_folder()}) with it"
    )
    warn_about_files(done.docx_missing, done.docx_differing, exports_folder())


@archive.command("import")
@click.argument("folder", type=FOLDER)
@with_appcontext
def import_(folder: Path) -> None:
    """Restore the archive in FOLDER into this database, which must be empty."""
    from drafting.web import exports_folder, unit_of_work

    with unit_of_work(reading=False) as uow:
        done = refusing(lambda: archives.import_archive(uow, folder, exports_folder()))
    click.echo(
        f"imported {plural(done.outcomes, 'outcome')} ({plural(done.items, 'item')}, "
        f"{plural(done.changes, 'history row')}, {plural(done.comments, 'comment')}), "
        f"{plural(done.exports, 'export record')}, {plural(done.people, 'account')}, "
        f"{plural(done.tokens, 'API token')}, {plural(done.templates, 'template')} "
        f"and {plural(done.skeletons, 'skeleton')} from {folder}"
    )
    warn_about_files(done.docx_missing, done.docx_differing, exports_folder())


def refusing(action):
    """Run `action`; a refused archive ends the command with its one-line reason and exit status 1."""
    try:
        return action()
    except archives.ArchiveError as error:
        raise click.ClickException(str(error)) from None
    except OSError as error:  # a folder that cannot be read or written: no traceback for that
        raise click.ClickException(f"{error.filename or 'the folder'}: {error.strerror or error}") from None


def warn_about_files(missing: list[str], differing: list[str], folder: Path) -> None:
    if missing:
        click.echo(
            f"note: {plural(len(missing), 'circulated .docx file')} recorded but not in {folder}, "
            f"first {missing[0]}: copy the exports folder over to download them again"
        )
    if differing:
        click.echo(
            f"note: {plural(len(differing), '.docx file')} in {folder} differ from the one circulated "
            f"(SHA-256), first {differing[0]}"
        )


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
