"""Development and test stack: starts the services listed in `services.ALL_SERVICES` as local processes.

Used by `make run` / `make stop` and by the pytest session fixture, so that
both start the services the same way.
"""
