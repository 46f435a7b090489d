package fr.portailfamille.keycloak.dossier;

import java.util.Optional;

import org.keycloak.models.UserModel;

/**
 * A sign-up that matched a dossier and whose link the bridge has not recorded
 * yet: the dossier number and the bridge's claim, kept on the account itself
 * (an unmanaged attribute, which the realm's user profile shows to admins
 * only), so that whichever comes first links it: the job Keycloak runs just
 * after the sign-up, or the family's first sign-in.
 */
public record PendingLink(String dossierNumber, String claim) {

    /** Unmanaged: never in a token, never editable by the family. */
    static final String ATTRIBUTE = "dossierPendingLink";
    // Dossier numbers are digits and claims URL-safe base64 with dots: neither holds a space.
    private static final String SEPARATOR = " ";

    public static Optional<PendingLink> of(UserModel user) {
        String stored = user.getFirstAttribute(ATTRIBUTE);
        if (stored == null) {
            return Optional.empty();
        }
        String[] parts = stored.split(SEPARATOR, 2);
        return parts.length == 2 ? Optional.of(new PendingLink(parts[0], parts[1])) : Optional.empty();
    }

    public void storeOn(UserModel user) {
        user.setSingleAttribute(ATTRIBUTE, dossierNumber + SEPARATOR + claim);
    }

    public static void clearFrom(UserModel user) {
        user.removeAttribute(ATTRIBUTE);
    }
}
