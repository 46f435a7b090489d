package fr.portailfamille.keycloak.dossier;

import java.util.Optional;

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

    /**
     * Records the account's pending sign-up link, if it still has one; when
     * the bridge did not record it the link stays pending (the next try is the
     * family's first sign-in, see {@link #settlePending}).
     *
     * The {@code family-info} required action stays on the account: the
     * family's first sign-in ends it without showing anything, the account
     * being linked. The job after the sign-up and that first sign-in may run at
     * the same moment, and if both deleted the required action's row, the
     * second transaction would fail, which could be the family's sign-in.
     *
     * @return true when the account is now linked
     */
    public boolean completePending(UserModel user) {
        Optional<PendingLink> pending = PendingLink.of(user);
        if (pending.isEmpty() || !link(user, pending.get().claim(), pending.get().dossierNumber())) {
            return false;
        }
        PendingLink.clearFrom(user);
        return true;
    }

    /**
     * The last try, at the family's first sign-in: the pending link is recorded
     * now or given up (the family form then asks for the number or the family).
     *
     * @return true when the account is now linked
     */
    public boolean settlePending(UserModel user) {
        if (PendingLink.of(user).isEmpty()) {
            return false;
        }
        if (completePending(user)) {
            return true;
        }
        PendingLink.clearFrom(user);
        return false;
    }
}
