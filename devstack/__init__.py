"""Development and test stack: starts Keycloak, MailDev and the bridge as local processes.

Used by `make run` / `make stop` and by the pytest session fixture, so that
both start the services the same way.
"""
