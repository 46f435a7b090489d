package fr.portailfamille.keycloak.familyinfo;

import java.util.Optional;

import org.jboss.logging.Logger;
import org.keycloak.models.UserModel;

import fr.portailfamille.keycloak.bridge.BridgeClient;
import fr.portailfamille.keycloak.bridge.VerifyResult;
import fr.portailfamille.keycloak.bridge.VerifyResult.Outcome;
import fr.portailfamille.keycloak.dossier.DossierLink;
import fr.portailfamille.keycloak.dossier.DossierMessages;
import fr.portailfamille.keycloak.identity.FranceConnectIdentity;

/**
 * "Vous avez retrouvé votre numéro de dossier ?": the same check as at
 * sign-up (the account's names and e-mail, the client address), then the same
 * link. For an account FranceConnect vouched for, the names and birth date
 * are FranceConnect's, not the account's editable ones. The bridge decides;
 * refusals get the sign-up's messages.
 */
public final class DossierNumberRecovery {

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
        Optional<FranceConnectIdentity> identity = FranceConnectIdentity.of(user);
        VerifyResult result = identity
                .map(fc -> bridge.verify(typedNumber.trim(), fc.familyName(), fc.givenNames(), user.getEmail(), clientIp,
                        fc.evidence()))
                .orElseGet(() -> bridge.verify(typedNumber.trim(), user.getLastName(), user.getFirstName(),
                        user.getEmail(), clientIp));
        if (result.outcome() != Outcome.MATCH) {
            return Optional.of(DossierMessages.forRefusal(result.outcome()));
        }
        if (!new DossierLink(bridge).link(user, result.claim(), result.dossierNumber())) {
            LOG.warnf("dossier link of user %s not recorded by the bridge; the family may retry", user.getId());
            return Optional.of(DossierMessages.forRefusal(Outcome.UNAVAILABLE));
        }
        return Optional.empty();
    }
}
