"""The locale of a web request (``?lang=``, then the session, then the browser) and ``_("key")`` in templates."""

from __future__ import annotations

from flask import Flask, request, session
from markupsafe import Markup

from dossier_bridge.i18n import DEFAULT_LOCALE, LOCALES, message


def current_locale() -> str:
    chosen = request.args.get("lang")
    if chosen in LOCALES:
        session["lang"] = chosen
        return chosen
    if session.get("lang") in LOCALES:
        return session["lang"]
    return request.accept_languages.best_match(LOCALES, default=DEFAULT_LOCALE) or DEFAULT_LOCALE


def translate(key: str, **values: object) -> str:
    """The text of `key` in the request's locale, French when a translation is missing."""
    return message(current_locale(), key, **values)


def lang_of(content_locale: str = DEFAULT_LOCALE) -> Markup:
    """` lang="fr"` on content written in one language (the city's names, news, staff messages)
    shown on a page in another; nothing when the page is in that language (RGAA 8.7)."""
    return Markup(' lang="{}"').format(content_locale) if content_locale != current_locale() else Markup("")


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(_=translate, current_locale=current_locale, lang_of=lang_of)
