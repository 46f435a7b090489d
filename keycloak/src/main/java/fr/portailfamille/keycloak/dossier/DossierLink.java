package fr.portailfamille.keycloak.dossier;

import org.keycloak.models.UserModel;

import fr.portailfamille.keycloak.bridge.BridgeClient;

/**
 * The one way an account gets its dossier, at sign-up or later: the bridge
 * records the link first, and only then does the account carry the number
 * and the {@code linked} status. An account never shows a dossier the bridge
 * does not know it holds.
 */
public final class DossierLink {

    private final BridgeClient bridge;

    public DossierLink(BridgeClient bridge) {
        this.bridge = bridge;
    }

    /**
     * Links the account to the dossier the bridge's claim names.
     *
     * @return true when the bridge recorded the link and the account now
     *         carries the dossier; false leaves the account untouched
     */
    public boolean link(UserModel user, String claim, String dossierNumber) {
        if (!bridge.link(claim, user.getId(), user.getEmail())) {
            return false;
        }
        user.setSingleAttribute(DossierAttributes.NUMBER, dossierNumber);
        DossierStatus.LINKED.setOn(user);
        return true;
    }
}
