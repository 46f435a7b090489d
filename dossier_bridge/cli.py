"""The `dossier-bridge` console script (operators' words are English)."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path

import click

from dossier_bridge.config import ConfigError, Settings


@click.group(help="Portail Famille dossier bridge.")
def main() -> None:
    pass


@main.command("db-upgrade", help="Apply the database migrations.")
def db_upgrade() -> None:
    from dossier_bridge.migrate import upgrade

    upgrade(_settings().database_url)
    click.echo("database is up to date")


@main.command("import-dossiers", help="Import the billing system's dossier export (CSV).")
@click.argument("csv_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the whole report to this CSV file (French, for staff's spreadsheet).")
@click.option("--strict", is_flag=True, help="Refuse the whole file if any row needs a warning or is skipped.")
@click.option("--dry-run", is_flag=True, help="Read the file and count what would change; change nothing.")
def import_dossiers_command(csv_file: Path, report_path: Path | None, strict: bool, dry_run: bool) -> None:
    from sqlalchemy.exc import SQLAlchemyError

    from dossier_bridge.registry.import_run import run_import

    data = _read_bytes_or_exit(csv_file)
    try:
        with _database() as sessions:
            report = run_import(sessions, data, csv_file.name, dry_run=dry_run, strict=strict)
    except SQLAlchemyError as exc:
        # The import is one transaction: it was rolled back, the registry is as it was.
        click.echo(f"error: the database refused the import ({exc.__class__.__name__}: {str(exc).splitlines()[0]}); "
                   "nothing was imported", err=True)
        sys.exit(1)
    _print_findings(csv_file, report.lines_en(), report_path)
    if report_path is not None:
        with report_path.open("w", encoding="utf-8-sig", newline="") as out:
            report.write_csv(out)
    click.echo(f"{csv_file}: {report.summary_en()}")
    if report.refused:
        reason = "warnings in strict mode" if report.status == "refused_strict" else f"{len(report.errors)} error(s)"
        click.echo(f"error: {csv_file} refused ({reason}); nothing was imported", err=True)
        sys.exit(1)


@main.command("find-duplicates", help="List likely duplicate dossiers of an import file (CSV); no database needed.")
@click.argument("csv_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--min-score", type=click.FloatRange(0, 1), default=None, help="Lowest score listed (default: configured).")
def find_duplicates_command(csv_file: Path, min_score: float | None) -> None:
    """The file is read as the import reads it: imperfect rows take part with whatever they have."""
    from dossier_bridge.matching.dedup import families_of, find_duplicate_pairs
    from dossier_bridge.matching.report import gc_paused, write_pairs
    from dossier_bridge.registry.csv_format import parse_export

    config = _settings().matching
    data = _read_bytes_or_exit(csv_file)
    with gc_paused():
        parsed = parse_export(data, csv_file.name)
        report = parsed.report
        del data
        _print_findings(csv_file, report.lines_en(), None)
        if report.refused:
            click.echo(f"error: {csv_file} cannot be read as a dossier export; no duplicate search was made", err=True)
            sys.exit(1)
        families = families_of(parsed.records)
        # The parsed rows are dropped before the scoring workers fork: they
        # would otherwise be copied into each of them.
        del parsed
        write_pairs(find_duplicate_pairs(families, config, min_score), sys.stdout)
    click.echo(f"{csv_file}: {report.rows_read} rows read, {report.dossiers_read} dossiers compared; "
               f"{len(report.warnings)} warnings, {len(report.skipped)} rows skipped", err=True)


@main.command("duplicates-report", help="List likely duplicate dossiers of the registry, with reasons (CSV).")
@click.option("--min-score", type=click.FloatRange(0, 1), default=None, help="Lowest score listed (default: configured).")
def duplicates_report_command(min_score: float | None) -> None:
    from dossier_bridge.matching.report import registry_duplicates, write_registry_report

    config = _settings().matching
    rows = _in_one_transaction(lambda session: registry_duplicates(session, min_score, config))
    write_registry_report(rows, sys.stdout)


@main.command("matching-reindex", help="Recompute the duplicate-detection keys of the whole registry.")
def matching_reindex_command() -> None:
    from dossier_bridge.matching.index import rebuild_keys_on

    count = _in_one_transaction(lambda session: rebuild_keys_on(session.connection()))
    click.echo(f"{count} dossiers indexed")


@main.command("import-news", help="Load news items for the login page from a JSON file (idempotent).")
@click.argument("json_file", type=click.Path(dir_okay=False, path_type=Path))
def import_news_command(json_file: Path) -> None:
    from dossier_bridge.news_import import NewsFileError, import_news, read_news_file

    records = _read_or_exit(json_file, read_news_file, NewsFileError)
    created, changed = _in_one_transaction(lambda session: import_news(session, records))
    click.echo(f"{json_file}: {len(records)} news items read; {created} created, {changed} changed")


@main.command("worker", help="Run the background jobs (account activation follow-up, e-mail outbox) until stopped.")
def worker_command() -> None:
    from dossier_bridge import logs
    from dossier_bridge.migrate import upgrade
    from dossier_bridge.worker import run_forever

    logs.configure()
    settings = _settings()
    upgrade(settings.database_url)
    run_forever(settings)


@contextmanager
def _database():
    """The database brought up to date, as a session factory."""
    from dossier_bridge.db import make_engine, make_session_factory
    from dossier_bridge.migrate import upgrade

    settings = _settings()
    upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    try:
        yield make_session_factory(engine)
    finally:
        engine.dispose()


def _in_one_transaction(work):
    """Run `work(session)` as one all-or-nothing transaction on the up-to-date database."""
    from dossier_bridge.db import transaction

    with _database() as sessions, transaction(sessions) as session:
        return work(session)


def _read_bytes_or_exit(path: Path) -> bytes:
    if not path.is_file():
        click.echo(f"error: {path}: no such file", err=True)
        sys.exit(2)
    try:
        return path.read_bytes()
    except OSError as exc:
        click.echo(f"error: {path}: {exc.strerror or 'cannot be read'}", err=True)
        sys.exit(2)


# Longer lists of findings go to the --report file rather than the terminal.
_CONSOLE_FINDINGS = 200


def _print_findings(path: Path, lines: list[str], report_path: Path | None) -> None:
    for line in lines[:_CONSOLE_FINDINGS]:
        click.echo(f"{path}: {line}", err=True)
    if len(lines) > _CONSOLE_FINDINGS:
        where = f"see {report_path}" if report_path else "import-dossiers --dry-run --report FILE.csv lists them all"
        click.echo(f"{path}: ... and {len(lines) - _CONSOLE_FINDINGS} more ({where})", err=True)


def _read_or_exit(path: Path, reader, error_type, consequence: str = "nothing was imported"):
    if not path.is_file():
        click.echo(f"error: {path}: no such file", err=True)
        sys.exit(2)
    try:
        return reader(path)
    except error_type as exc:
        for error in exc.errors:
            click.echo(f"{path}: {error}", err=True)
        click.echo(f"error: {path} has {len(exc.errors)} error(s); {consequence}", err=True)
        sys.exit(1)


def _settings() -> Settings:
    try:
        return Settings.from_env()
    except ConfigError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
