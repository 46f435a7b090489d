package fr.portailfamille.keycloak.bridge;

/**
 * What an identity provider vouched for, sent with a dossier check so that
 * the bridge applies its rules for such identities (given names, usage name,
 * birth date). Collected by Keycloak, judged by the bridge.
 *
 * @param source    the bridge's name of the provider ({@code franceconnect})
 * @param birthDate {@code YYYY-MM-DD}, or null
 * @param usageName the usage name, or null
 */
public record IdentityEvidence(String source, String birthDate, String usageName) {
}
