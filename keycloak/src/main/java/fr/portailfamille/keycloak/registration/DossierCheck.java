package fr.portailfamille.keycloak.registration;

import fr.portailfamille.keycloak.bridge.BridgeClient;
import fr.portailfamille.keycloak.bridge.VerifyResult;

import jakarta.ws.rs.core.MultivaluedMap;

/** What the bridge checks for a registration form: the typed dossier number and who claims it. */
record DossierCheck(String number, String lastName, String firstName, String email, String clientIp,
                    String challengeSolution) {

    /** The check a posted registration form asks for, or null when the family typed no number. */
    static DossierCheck typedIn(MultivaluedMap<String, String> form, String clientIp) {
        String typed = form.getFirst(DossierNumberValidation.FIELD);
        if (typed == null || typed.isBlank()) {
            return null;
        }
        return new DossierCheck(typed.trim(), form.getFirst("lastName"), form.getFirst("firstName"),
                form.getFirst("email"), clientIp, form.getFirst(DossierNumberValidation.CHALLENGE_FIELD));
    }

    VerifyResult askBridge(BridgeClient bridge) {
        return bridge.verify(number, lastName, firstName, email, clientIp, challengeSolution);
    }
}
