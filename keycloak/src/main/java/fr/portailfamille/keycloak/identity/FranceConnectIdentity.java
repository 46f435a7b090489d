package fr.portailfamille.keycloak.identity;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import fr.portailfamille.keycloak.bridge.IdentityEvidence;

/**
 * The identity FranceConnect gave for an account, as the realm's identity
 * provider mappers store it at each FranceConnect sign-in: admin-only user
 * attributes that no form of the family's can change (the account's own
 * first and last names can be). Read here, judged by the bridge.
 *
 * @param givenNames all given names, space-separated ("Camille Marie")
 * @param familyName the birth name
 * @param usageName  the usage name, or null when FranceConnect has none
 * @param birthDate  {@code YYYY-MM-DD}, or null
 */
public record FranceConnectIdentity(String givenNames, String familyName, String usageName, String birthDate) {

    /** The realm's identity provider alias (realm-export.json). */
    public static final String IDP_ALIAS = "franceconnect";
    /** The bridge's name for identities FranceConnect vouched for. */
    public static final String SOURCE = "franceconnect";

    /** The admin-only attributes the realm's mappers fill (declared in the user profile). */
    public static final String GIVEN_NAMES = "franceconnectGivenNames";
    public static final String FAMILY_NAME = "franceconnectFamilyName";
    public static final String USAGE_NAME = "franceconnectUsageName";
    public static final String BIRTH_DATE = "franceconnectBirthdate";

    private static final DateTimeFormatter FRENCH_DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");

    /** Whether the account signs in with FranceConnect (its identity provider link exists). */
    public static boolean isLinked(KeycloakSession session, RealmModel realm, UserModel user) {
        return session.users().getFederatedIdentity(realm, user, IDP_ALIAS) != null;
    }

    /** The identity stored on the account, when FranceConnect gave one. */
    public static Optional<FranceConnectIdentity> of(UserModel user) {
        String given = blankToNull(user.getFirstAttribute(GIVEN_NAMES));
        String family = blankToNull(user.getFirstAttribute(FAMILY_NAME));
        if (given == null || family == null) {
            return Optional.empty();
        }
        return Optional.of(new FranceConnectIdentity(given, family, blankToNull(user.getFirstAttribute(USAGE_NAME)),
                blankToNull(user.getFirstAttribute(BIRTH_DATE))));
    }

    /** What the bridge weighs besides the names. */
    public IdentityEvidence evidence() {
        return new IdentityEvidence(SOURCE, birthDate, usageName);
    }

    /** The identity in a family request's body ({@code identity}). */
    public Map<String, Object> toBridgeBody() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("source", SOURCE);
        body.put("given_names", givenNames);
        body.put("family_name", familyName);
        body.put("usage_name", usageName == null ? "" : usageName);
        body.put("birth_date", birthDate == null ? "" : birthDate);
        return body;
    }

    /** As the family-info page shows it: strings only, the birth date written the French way. */
    public Map<String, String> toTemplateModel() {
        Map<String, String> model = new LinkedHashMap<>();
        model.put("givenNames", givenNames);
        model.put("familyName", familyName);
        model.put("usageName", usageName == null || usageName.equalsIgnoreCase(familyName) ? "" : usageName);
        model.put("birthDate", frenchDate(birthDate));
        return model;
    }

    private static String frenchDate(String iso) {
        if (iso == null) {
            return "";
        }
        try {
            return LocalDate.parse(iso).format(FRENCH_DATE);
        } catch (DateTimeParseException e) {
            return iso;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
