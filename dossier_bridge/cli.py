"""The `dossier-bridge` console script (operators' words are English)."""

from __future__ import annotations

import sys
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
def import_dossiers_command(csv_file: Path) -> None:
    from dossier_bridge.registry.csv_format import ImportFileError, read_dossier_file
    from dossier_bridge.registry.importer import import_dossiers

    records = _read_or_exit(csv_file, read_dossier_file, ImportFileError)
    report = _in_one_transaction(lambda session: import_dossiers(session, records))
    click.echo(
        f"{csv_file}: {len(records)} dossiers read; {report.dossiers_created} dossiers created, "
        f"{report.persons_created} persons created, {report.persons_updated} updated, "
        f"{report.persons_unchanged} unchanged"
    )


@main.command("find-duplicates", help="List likely duplicate dossiers of an import file (CSV); no database needed.")
@click.argument("csv_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--min-score", type=click.FloatRange(0, 1), default=None, help="Lowest score listed (default: configured).")
def find_duplicates_command(csv_file: Path, min_score: float | None) -> None:
    from dossier_bridge.matching.dedup import families_of, find_duplicate_pairs
    from dossier_bridge.matching.report import gc_paused, write_pairs
    from dossier_bridge.registry.csv_format import ImportFileError, read_dossier_file

    config = _settings().matching
    with gc_paused():
        # The parsed rows are dropped before the scoring workers fork: they
        # would otherwise be copied into each of them.
        families = _read_or_exit(csv_file, lambda path: families_of(read_dossier_file(path)), ImportFileError,
                                 "no duplicate search was made")
        write_pairs(find_duplicate_pairs(families, config, min_score), sys.stdout)


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


def _in_one_transaction(work):
    """Bring the database up to date, then run `work(session)` as one all-or-nothing transaction."""
    from dossier_bridge.db import make_engine, make_session_factory, transaction
    from dossier_bridge.migrate import upgrade

    settings = _settings()
    upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    try:
        with transaction(make_session_factory(engine)) as session:
            return work(session)
    finally:
        engine.dispose()


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
