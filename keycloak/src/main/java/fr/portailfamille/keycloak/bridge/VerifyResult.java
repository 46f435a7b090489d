package fr.portailfamille.keycloak.bridge;

/** The bridge's answer to a dossier check, as the registration form needs it. */
public record VerifyResult(Outcome outcome, String claim, String dossierNumber) {

    public enum Outcome {
        MATCH, NO_MATCH, ALREADY_LINKED, INVALID_FORMAT, RATE_LIMITED, UNAVAILABLE
    }

    public static VerifyResult of(Outcome outcome) {
        return new VerifyResult(outcome, null, null);
    }
}
