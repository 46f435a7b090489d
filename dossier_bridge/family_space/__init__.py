"""The family's own space: what the city knows, corrections, its data, its lost dossier number."""
