# The dossier bridge (web, worker and migrations share this image).
# The base image is pinned by digest; Python packages come from the hashed lock files.
FROM python:3.11-slim-bookworm@sha256:0bee7276f83efd4a1ee05bbbf4281d95ed28e079220a9457f25a93e3f1e3c31b
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 BRIDGE_ENV=production BRIDGE_BIND=0.0.0.0:5000
WORKDIR /app
COPY requirements/build.txt requirements/bridge.txt requirements/
RUN pip install --no-cache-dir --require-hashes -r requirements/build.txt -r requirements/bridge.txt
COPY pyproject.toml README.md ./
COPY dossier_bridge dossier_bridge
# The RGAA audit the accessibility statement (/accessibilite) is computed from.
COPY docs/accessibility /app/docs/accessibility
ENV BRIDGE_ACCESSIBILITY_AUDIT_DIR=/app/docs/accessibility
RUN pip install --no-cache-dir --no-deps --no-build-isolation . && useradd --system --uid 10001 bridge
USER bridge
EXPOSE 5000
# Same server settings as `make prod-like`: dossier_bridge/gunicorn_conf.py. Migrations are
# the `bridge-migrate` service's job (docker-compose.yml), once, before the bridges start.
CMD ["gunicorn", "-c", "python:dossier_bridge.gunicorn_conf", "dossier_bridge.app:create_app()"]
