# The dossier bridge (web and worker share this image).
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 BRIDGE_ENV=production
WORKDIR /app
COPY pyproject.toml README.md ./
COPY dossier_bridge dossier_bridge
# The RGAA audit the accessibility statement (/accessibilite) is computed from.
COPY docs/accessibility /app/docs/accessibility
ENV BRIDGE_ACCESSIBILITY_AUDIT_DIR=/app/docs/accessibility
RUN pip install --no-cache-dir . && useradd --system --uid 10001 bridge
USER bridge
EXPOSE 5000
CMD ["sh", "-c", "dossier-bridge db-upgrade && exec gunicorn --bind 0.0.0.0:5000 --workers 4 --threads 4 --access-logfile - 'dossier_bridge.app:create_app()'"]
