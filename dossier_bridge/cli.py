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


@main.command("register-app", help=(
    "Register a city application in Keycloak: an OpenID Connect client (code + PKCE, exact redirect URIs, "
    "back-channel logout, the dossier scope on request), or a SAML client with --saml. Running it again with the "
    "same options changes nothing. Uses an operator's account (KEYCLOAK_OPERATOR_USERNAME, _PASSWORD, _REALM)."))
@click.argument("name")
@click.option("--redirect-uri", "redirect_uris", multiple=True, required=True, metavar="URL",
              help="Exact redirect URI (repeatable); with --saml, the assertion consumer URL (POST binding).")
@click.option("--logout-url", metavar="URL",
              help="Back-channel logout URL, as Keycloak reaches the app; with --saml, the single logout URL.")
@click.option("--post-logout-uri", "post_logout_uris", multiple=True, metavar="URL",
              help="Where the app may send a family after signing out (repeatable, exact).")
@click.option("--title", help="Name shown to families (default: NAME).")
@click.option("--saml", is_flag=True, help="A SAML 2.0 service provider instead of an OpenID Connect client.")
@click.option("--entity-id", help="With --saml: the service provider's entity id (default: NAME).")
@click.option("--sp-certificate", type=click.Path(dir_okay=False, path_type=Path),
              help="With --saml: the SP's signing certificate (PEM); its authentication requests must then be signed.")
@click.option("--no-dossier", is_flag=True, help="Do not offer the dossier number and status to this app.")
@click.option("--rotate-secret", is_flag=True, help="Replace the client secret and show the new one once.")
@click.option("--dry-run", is_flag=True, help="Show what would be created or changed; change nothing.")
def register_app_command(name: str, redirect_uris: tuple[str, ...], logout_url: str | None,
                         post_logout_uris: tuple[str, ...], title: str | None, saml: bool, entity_id: str | None,
                         sp_certificate: Path | None, no_dossier: bool, rotate_secret: bool, dry_run: bool) -> None:
    from dossier_bridge import app_registration as registration

    spec = registration.AppSpec(
        name=name, redirect_uris=redirect_uris, logout_url=logout_url, post_logout_uris=post_logout_uris, title=title,
        saml=saml, entity_id=entity_id, dossier=not no_dossier,
        sp_certificate=_certificate_body(sp_certificate) if sp_certificate else None,
    )
    if errors := registration.problems(spec):
        for error in errors:
            click.echo(f"error: {error}", err=True)
        sys.exit(2)
    settings = _settings()
    with _keycloak_errors(settings):
        registrar = registration.Registrar(_operator_admin(settings))
        plan = registration.plan(spec, registrar.current(spec.client_id))
        _describe(plan, spec, settings, dry_run)
        if dry_run:
            return
        secret = registrar.apply(plan, rotate_secret)
    if secret:
        click.echo(f"client secret (shown once; store it in the app's configuration now): {secret}")
    elif plan.action != "create" and spec.protocol == "openid-connect":
        click.echo("the client secret is unchanged and not shown again (--rotate-secret makes a new one)")


def _describe(plan, spec, settings: Settings, dry_run: bool) -> None:
    verb = {"create": "would create" if dry_run else "creating", "update": "would update" if dry_run else "updating",
            "unchanged": "unchanged:"}[plan.action]
    kind = "SAML client" if spec.saml else "OpenID Connect client"
    click.echo(f"{verb} {kind} {spec.client_id!r} in realm {settings.realm}")
    for change in plan.changes:
        click.echo(f"  {change}")
    if plan.action == "create":
        click.echo(f"  redirect URIs (exact): {', '.join(sorted(set(spec.redirect_uris)))}")
        click.echo(f"  logout: {spec.logout_url or 'none given'}")
        click.echo(f"  scopes always: {', '.join(sorted(plan.shape.default_scopes)) or '-'}; "
                   f"on request: {', '.join(sorted(plan.shape.optional_scopes)) or '-'}")
    realm_url = f"{settings.keycloak_public_url}/realms/{settings.realm}"
    if spec.saml:
        click.echo(f"  identity provider metadata: {realm_url}/protocol/saml/descriptor")
    else:
        click.echo(f"  discovery: {realm_url}/.well-known/openid-configuration")


def _certificate_body(path: Path) -> str:
    """The base64 body of a PEM certificate, as Keycloak stores it."""
    try:
        text = path.read_text(encoding="ascii")
    except (OSError, UnicodeError) as exc:
        click.echo(f"error: {path}: cannot read the certificate ({exc})", err=True)
        sys.exit(2)
    lines = [line.strip() for line in text.splitlines()]
    try:
        body = lines[lines.index("-----BEGIN CERTIFICATE-----") + 1: lines.index("-----END CERTIFICATE-----")]
    except ValueError:
        click.echo(f"error: {path}: not a PEM certificate (BEGIN/END CERTIFICATE lines)", err=True)
        sys.exit(2)
    return "".join(body)


def _operator_admin(settings: Settings):
    from keycloak import KeycloakAdmin

    from dossier_bridge.config import OperatorCredentials

    operator = OperatorCredentials.from_env()
    if not operator.username:
        click.echo("error: set KEYCLOAK_OPERATOR_USERNAME (and KEYCLOAK_OPERATOR_PASSWORD) to an operator's Keycloak "
                   "account allowed to manage clients; the bridge's service account is not", err=True)
        sys.exit(2)
    password = operator.password
    if not password:
        if not sys.stdin.isatty():
            click.echo("error: set KEYCLOAK_OPERATOR_PASSWORD", err=True)
            sys.exit(2)
        password = click.prompt(f"Keycloak password of {operator.username}", hide_input=True)
    return KeycloakAdmin(server_url=f"{settings.keycloak_url}/", username=operator.username, password=password,
                         realm_name=settings.realm, user_realm_name=operator.realm, timeout=15)


class _keycloak_errors:
    """Keycloak's refusals and absences as one English line each, never a traceback."""

    def __init__(self, settings: Settings):
        self._settings = settings

    def __enter__(self):
        return self

    def __exit__(self, kind, exc, _trace) -> bool:
        from keycloak.exceptions import KeycloakAuthenticationError, KeycloakConnectionError, KeycloakError

        from dossier_bridge.app_registration import RegistrationError

        if exc is None:
            return False
        if isinstance(exc, RegistrationError):
            message = str(exc)
        elif isinstance(exc, KeycloakAuthenticationError) or _is_refused_sign_in(exc):
            message = "Keycloak refused the operator's user name or password (KEYCLOAK_OPERATOR_*)"
        elif isinstance(exc, KeycloakConnectionError):
            message = f"cannot reach Keycloak at {self._settings.keycloak_url} (KEYCLOAK_URL)"
        elif isinstance(exc, KeycloakError) and getattr(exc, "response_code", None) == 403:
            message = (f"the operator's account may not manage clients of realm {self._settings.realm}: give it "
                       f"realm-management's manage-clients and view-clients roles")
        elif isinstance(exc, KeycloakError):
            message = f"Keycloak refused the change ({getattr(exc, 'response_code', '?')}): {_short(exc)}"
        else:
            return False
        click.echo(f"error: {message}; nothing more was changed", err=True)
        sys.exit(1)


def _is_refused_sign_in(exc: BaseException) -> bool:
    """The operator's password grant refused (Keycloak answers 400 invalid_grant, or 401)."""
    body = getattr(exc, "error_message", b"")
    body = body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body)
    return getattr(exc, "response_code", None) in (400, 401) and "invalid_grant" in body


def _short(exc: Exception) -> str:
    text = str(exc).replace("\n", " ")
    return text if len(text) <= 300 else text[:300] + "…"


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
