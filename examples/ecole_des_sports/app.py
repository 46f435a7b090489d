"""École des sports: a sample city application signing families in through the Portail Famille.

Run: ``gunicorn --pythonpath examples ecole_des_sports.app:app`` (see README.md).
"""

from city_app import AppSettings, create_app

app = create_app(AppSettings.from_env("ecole_des_sports", "ECOLE_DES_SPORTS", "http://localhost:5100"))
