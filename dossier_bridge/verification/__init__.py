"""Sign-up with a dossier number: the name check, rate limits, claims and account links."""
