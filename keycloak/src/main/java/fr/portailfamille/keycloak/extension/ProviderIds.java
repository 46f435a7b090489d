package fr.portailfamille.keycloak.extension;

/**
 * The ids under which the extension's providers are registered: the realm
 * file's flows and required actions name them, and the registration step
 * hands unlinked accounts to the family-info required action by its id.
 */
public final class ProviderIds {

    /** The registration form action that checks the dossier number. */
    public static final String DOSSIER_NUMBER_VALIDATION = "dossier-number-validation";
    /** The required action that collects family information. */
    public static final String FAMILY_INFO = "family-info";
    /** The sign-in form whose refusal of a locked account costs what an unknown user's costs. */
    public static final String EVEN_TIMING_LOGIN_FORM = "even-timing-username-password-form";

    private ProviderIds() {
    }
}
