package fr.portailfamille.keycloak.dossier;

import org.keycloak.models.UserModel;

/**
 * The values of {@link DossierAttributes#STATUS}, as the design fixes them.
 * The bridge sets most of them; the extension sets {@link #LINKED} and
 * {@link #PENDING_REVIEW} and reads {@link #INFO_REQUESTED}.
 */
public enum DossierStatus {

    LINKED("linked"),
    PENDING_REVIEW("pending_review"),
    INFO_REQUESTED("info_requested"),
    REJECTED("rejected");

    private final String value;

    DossierStatus(String value) {
        this.value = value;
    }

    /** The attribute's value, as stored in Keycloak and sent in tokens. */
    public String value() {
        return value;
    }

    public boolean isSetOn(UserModel user) {
        return value.equals(user.getFirstAttribute(DossierAttributes.STATUS));
    }

    public void setOn(UserModel user) {
        user.setSingleAttribute(DossierAttributes.STATUS, value);
    }
}
