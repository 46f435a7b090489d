"""The bridge's duties about personal data: erasing a deleted account, following Keycloak's deletions, retention."""
