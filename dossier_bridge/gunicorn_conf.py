"""gunicorn settings every start path of the bridge uses (`gunicorn --config python:dossier_bridge.gunicorn_conf`).

The access log keeps what an operator needs (who, when, which page, the
answer, how long) and not what a query string or a referrer may carry: a
staff search (`/review/?q=<family name>`) must not end up in the log.
"""

accesslog = "-"
# Client address, time, method, path without its query string, protocol, status, size, duration.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)s'
