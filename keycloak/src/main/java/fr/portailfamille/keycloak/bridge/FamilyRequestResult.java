package fr.portailfamille.keycloak.bridge;

import java.util.List;

/** The bridge's answer to a family request submission, as the family-info form needs it. */
public record FamilyRequestResult(Outcome outcome, List<FieldError> errors) {

    public enum Outcome {
        /** Stored (201) or already stored under the same idempotency key (200). */
        STORED,
        /** 422: nothing stored, the errors say what to correct. */
        INVALID,
        /** 409: staff already decided on this family's request; nothing left to do. */
        ALREADY_DECIDED,
        /** No clear answer: the family keeps its data and retries. */
        UNAVAILABLE
    }

    /** One refusal of the bridge: its path in the request body and a message key. */
    public record FieldError(String path, String messageKey) {
    }

    public FamilyRequestResult {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public static FamilyRequestResult of(Outcome outcome) {
        return new FamilyRequestResult(outcome, List.of());
    }
}
