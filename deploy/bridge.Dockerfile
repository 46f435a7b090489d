# The dossier bridge (web, worker and migrations share this image).
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 BRIDGE_ENV=production BRIDGE_BIND=0.0.0.0:5000
WORKDIR /app
COPY pyproject.toml README.md ./
COPY dossier_bridge dossier_bridge
# The RGAA audit the accessibility statement (/accessibilite) is computed from.
COPY docs/accessibility /app/docs/accessibility
ENV BRIDGE_ACCESSIBILITY_AUDIT_DIR=/app/docs/accessibility
RUN pip install --no-cache-dir . && useradd --system --uid 10001 bridge
USER bridge
EXPOSE 5000
# Same server settings as `make prod-like`: dossier_bridge/gunicorn_conf.py. Migrations are
# the `bridge-migrate` service's job (docker-compose.yml), once, before the bridges start.
CMD ["gunicorn", "-c", "python:dossier_bridge.gunicorn_conf", "dossier_bridge.app:create_app()"]
