package fr.portailfamille.keycloak.dossier;

import fr.portailfamille.keycloak.bridge.VerifyResult;
import fr.portailfamille.keycloak.bridge.VerifyResult.Outcome;

/**
 * Message keys (theme bundles) shown under the dossier number field for each
 * refusal of the bridge: the same at sign-up and in the family-info form.
 */
public final class DossierMessages {

    public static final String UNKNOWN_OR_MISMATCH = "dossierNumberUnknownOrMismatch";
    public static final String TOO_MANY_ATTEMPTS = "dossierNumberTooManyAttempts";
    /** Too many attempts on this number (perhaps by someone else): solve the challenge to try again. */
    public static final String CHALLENGE = "dossierNumberChallenge";
    public static final String ALREADY_LINKED = "dossierNumberAlreadyLinked";
    public static final String INVALID_FORMAT = "dossierNumberFormat";
    public static final String BRIDGE_UNAVAILABLE = "dossierBridgeUnavailable";

    private DossierMessages() {
    }

    public static String forRefusal(VerifyResult result) {
        return result.outcome() == Outcome.RATE_LIMITED && result.hasChallenge() ? CHALLENGE : forRefusal(result.outcome());
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
