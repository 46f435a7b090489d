package fr.portailfamille.keycloak.bridge;

/**
 * The bridge's answer to a dossier check, as the registration form needs it.
 * {@code challenge} is the proof-of-work challenge (JSON) that comes with some
 * refusals for too many attempts: solving it lets the family's next try through.
 */
public record VerifyResult(Outcome outcome, String claim, String dossierNumber, String challenge) {

    public enum Outcome {
        MATCH, NO_MATCH, ALREADY_LINKED, INVALID_FORMAT, RATE_LIMITED, UNAVAILABLE
    }

    public static VerifyResult of(Outcome outcome) {
        return new VerifyResult(outcome, null, null, null);
    }

    public static VerifyResult rateLimited(String challenge) {
        return new VerifyResult(Outcome.RATE_LIMITED, null, null, challenge);
    }

    public boolean hasChallenge() {
        return challenge != null && !challenge.isBlank();
    }
}
