"""The dossier registry: the import format, the import itself, numbers."""
