"""Restauration scolaire: a second sample city application on the same accounts (single sign-on).

Run: ``gunicorn --pythonpath examples restauration_scolaire.app:app`` (see README.md).
"""

from city_app import AppSettings, create_app

app = create_app(AppSettings.from_env("restauration_scolaire", "RESTAURATION_SCOLAIRE", "http://localhost:5101"))
