"""The production topology on one machine, without containers (`make prod-like`).

PostgreSQL (two databases) and Redis from Debian, Keycloak built once and
started twice as one cluster, two bridges under gunicorn and two workers,
HAProxy terminating TLS in front of them, MailDev playing the city's SMTP
relay. Same variables, same proxy configuration and same health checks as
docker-compose.yml.
"""
