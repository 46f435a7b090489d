"""Family requests: what a family without a dossier number tells the city about itself."""
