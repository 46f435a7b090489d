package fr.portailfamille.keycloak.bridge;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The family's current request as the bridge holds it: its status, the
 * message staff left for the family, and what was submitted (the POST body's
 * shape, without the account id and the idempotency key).
 */
public record FamilyRequestLookup(Outcome outcome, String status, String staffMessage, JsonNode submitted) {

    public enum Outcome {
        FOUND, NONE, UNAVAILABLE
    }

    public static FamilyRequestLookup of(Outcome outcome) {
        return new FamilyRequestLookup(outcome, null, null, null);
    }
}
