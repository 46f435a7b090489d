package fr.portailfamille.keycloak.registration;

import fr.portailfamille.keycloak.bridge.VerifyResult.Outcome;

/** Message keys (theme bundles) shown under the dossier number field for each refusal. */
public final class DossierMessages {

    static final String UNKNOWN_OR_MISMATCH = "dossierNumberUnknownOrMismatch";
    static final String TOO_MANY_ATTEMPTS = "dossierNumberTooManyAttempts";
    static final String ALREADY_LINKED = "dossierNumberAlreadyLinked";
    static final String INVALID_FORMAT = "dossierNumberFormat";
    static final String BRIDGE_UNAVAILABLE = "dossierBridgeUnavailable";

    private DossierMessages() {
    }

    public static String forRefusal(Outcome outcome) {
        return switch (outcome) {
            case NO_MATCH -> UNKNOWN_OR_MISMATCH;
            case RATE_LIMITED -> TOO_MANY_ATTEMPTS;
            case ALREADY_LINKED -> ALREADY_LINKED;
            case INVALID_FORMAT -> INVALID_FORMAT;
            case UNAVAILABLE -> BRIDGE_UNAVAILABLE;
            case MATCH -> throw new IllegalArgumentException("a match is not a refusal");
        };
    }
}
