package fr.portailfamille.keycloak.familyinfo;

import java.util.Optional;

import org.jboss.logging.Logger;
import org.keycloak.models.UserModel;

import fr.portailfamille.keycloak.bridge.BridgeClient;
import fr.portailfamille.keycloak.bridge.VerifyResult;
import fr.portailfamille.keycloak.bridge.VerifyResult.Outcome;
import fr.portailfamille.keycloak.registration.DossierMessages;

/**
 * "Vous avez retrouvé votre numéro de dossier ?": the same check as at
 * sign-up (the account's names and e-mail, the client address), then the same
 * link. The bridge decides; refusals get the sign-up's messages.
 */
public final class DossierNumberRecovery {

    static final String ATTRIBUTE_NUMBER = "dossierNumber";
    static final String ATTRIBUTE_STATUS = "dossierStatus";
    static final String STATUS_LINKED = "linked";

    private static final Logger LOG = Logger.getLogger(DossierNumberRecovery.class);

    private final BridgeClient bridge;

    public DossierNumberRecovery(BridgeClient bridge) {
        this.bridge = bridge;
    }

    /** Links the account on a match; otherwise the message key to show on the dossier number field. */
    public Optional<String> recover(UserModel user, String typedNumber, String clientIp) {
        if (typedNumber == null || typedNumber.isBlank()) {
            return Optional.of(DossierMessages.forRefusal(Outcome.INVALID_FORMAT));
        }
        VerifyResult result = bridge.verify(typedNumber.trim(), user.getLastName(), user.getFirstName(),
                user.getEmail(), clientIp);
        if (result.outcome() != Outcome.MATCH) {
            return Optional.of(DossierMessages.forRefusal(result.outcome()));
        }
        if (!bridge.link(result.claim(), user.getId(), user.getEmail())) {
            LOG.warnf("dossier link of user %s not recorded by the bridge; the family may retry", user.getId());
            return Optional.of(DossierMessages.forRefusal(Outcome.UNAVAILABLE));
        }
        user.setSingleAttribute(ATTRIBUTE_NUMBER, result.dossierNumber());
        user.setSingleAttribute(ATTRIBUTE_STATUS, STATUS_LINKED);
        return Optional.empty();
    }
}
