"""Staff import of the billing export (`/review/import`): upload, see the report, confirm, follow the import.

The file is stored as a job and the worker reads it (see
``registry.import_jobs``): first a dry run whose report staff read before
anything changes, then, once confirmed, the import itself. The job page
shows the progress; it reloads itself (an HTTP ``Refresh``, no JavaScript)
only while staff follow it, and says how to stop that. Every form carries
the CSRF token that the application's CSRF protection checks before any of
these views runs.
"""

from __future__ import annotations

import io

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_wtf.csrf import CSRFError, validate_csrf
from werkzeug.exceptions import RequestEntityTooLarge
from wtforms import ValidationError

from dossier_bridge.db import transaction
from dossier_bridge.models import ImportJob, ImportStatus
from dossier_bridge.registry import import_jobs
from dossier_bridge.web.context import sessions
from dossier_bridge.web.staff_auth import current_member, staff_required

blueprint = Blueprint("imports", __name__, url_prefix="/review/import")

# Seconds between two reloads of a job page being followed.
FOLLOW_EVERY = 3
# Findings listed on the page; the CSV report holds them all.
SHOWN_FINDINGS = 300


@blueprint.get("/")
@staff_required
def index():
    return _index_page()


def _index_page(error: str | None = None, status: int = 200):
    with sessions()() as session:
        jobs = import_jobs.recent(session)
        rows = [(job, import_jobs.report_of(job)) for job in jobs]
        return render_template("review/import.html", rows=rows, error=error,
                               max_mb=import_jobs.MAX_FILE_BYTES // 2**20), status


@blueprint.post("/")
@staff_required
def upload():
    # An export is far larger than any other form: this request alone gets
    # the import's limit, then the form token is checked as CSRF protection
    # would have (it is exempted below, since it would read the body first).
    request.max_content_length = import_jobs.MAX_FILE_BYTES + 2**20
    try:
        validate_csrf(request.form.get("csrf_token"))
        uploaded = request.files.get("fichier")
    except RequestEntityTooLarge:
        return _index_page("importErrorTooLarge", 413)
    except ValidationError as exc:
        raise CSRFError(exc.args[0] if exc.args else "CSRF") from None
    if uploaded is None or not uploaded.filename:
        return _index_page("importErrorNoFile", 422)
    content = uploaded.stream.read(import_jobs.MAX_FILE_BYTES + 1)
    try:
        with transaction(sessions()) as session:
            job = import_jobs.submit(session, current_member(), uploaded.filename, content)
            job_id = job.id
    except import_jobs.EmptyFile:
        return _index_page("importErrorEmptyFile", 422)
    except import_jobs.FileTooLarge:
        return _index_page("importErrorTooLarge", 413)
    return redirect(url_for("imports.show", job_id=job_id, suivre=1), code=303)


@blueprint.record_once
def _exempt_upload_from_csrf_protection(state) -> None:
    state.app.extensions["csrf"].exempt(upload)


@blueprint.get("/<int:job_id>")
@staff_required
def show(job_id: int):
    return _job_page(job_id)


def _job_page(job_id: int, error: str | None = None, status: int = 200):
    following = request.args.get("suivre") == "1"
    with sessions()() as session:
        job = session.get(ImportJob, job_id)
        if job is None:
            abort(404)
        report = import_jobs.report_of(job)
        page = render_template("review/import_job.html", job=job, report=report, error=error,
                               following=following and job.status.running, every=FOLLOW_EVERY,
                               shown=SHOWN_FINDINGS, ImportStatus=ImportStatus)
    response = Response(page, status=status)
    if following and job.status.running:
        response.headers["Refresh"] = str(FOLLOW_EVERY)
    return response


@blueprint.post("/<int:job_id>/confirmer")
@staff_required
def confirm(job_id: int):
    with transaction(sessions()) as session:
        confirmed = import_jobs.confirm(session, job_id, current_member())
    if not confirmed:
        return _job_page(job_id, error="importErrorNotWaiting", status=409)
    return redirect(url_for("imports.show", job_id=job_id, suivre=1), code=303)


@blueprint.post("/<int:job_id>/annuler")
@staff_required
def cancel(job_id: int):
    with transaction(sessions()) as session:
        cancelled = import_jobs.cancel(session, job_id)
    if not cancelled:
        return _job_page(job_id, error="importErrorNotWaiting", status=409)
    return redirect(url_for("imports.show", job_id=job_id), code=303)


@blueprint.get("/<int:job_id>/rapport.csv")
@staff_required
def report_csv(job_id: int):
    with sessions()() as session:
        job = session.get(ImportJob, job_id)
        if job is None or job.report is None:
            abort(404)
        report = import_jobs.report_of(job)
        name = job.file_name.rsplit(".", 1)[0]
    assert report is not None
    out = io.StringIO()
    report.write_csv(out)
    # With a byte order mark, spreadsheets read the accents right.
    body = "\ufeff" + out.getvalue()
    safe_name = "".join(c if c.isalnum() or c in "-_" else "_" for c in name)[:80] or "import"
    return Response(body, mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="rapport-{safe_name}-{job_id}.csv"'})

