"""The dossier bridge of the Portail Famille.

Importing the package loads nothing else, so the console script and the
worker do not pay for Flask. The web application is
``dossier_bridge.app:create_app()``.
"""
