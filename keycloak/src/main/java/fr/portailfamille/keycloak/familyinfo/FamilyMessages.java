package fr.portailfamille.keycloak.familyinfo;

import java.util.List;

/** Message keys of the family-info form (bundles in theme-resources/messages). */
public final class FamilyMessages {

    /** The bridge could not be reached: data kept, retry later. */
    public static final String BRIDGE_UNAVAILABLE = "familyBridgeUnavailable";
    /** Top-of-form notice when fields need correcting. */
    public static final String CORRECT_BELOW = "familyErrorsBelow";
    /** A refusal the bridge gave without a message key. */
    public static final String GENERIC_INVALID = "familyErrorInvalid";
    /** Staff asked for more information but their message could not be fetched. */
    public static final String STAFF_MESSAGE_UNAVAILABLE = "familyStaffMessageUnavailable";
    /** The form already has as many children as it may have. */
    public static final String TOO_MANY_CHILDREN = "familyErrorTooManyChildren";

    /** Every key the bridge may send in a 422 answer. */
    public static final List<String> BRIDGE_KEYS = List.of(
            "familyErrorRequired",
            "familyErrorTooLong",
            "familyErrorCharacters",
            "familyErrorPostalCode",
            "familyErrorPhone",
            "familyErrorEmail",
            "familyErrorDate",
            "familyErrorBirthDateFuture",
            "familyErrorBirthDateTooOld",
            "familyErrorNoChild",
            TOO_MANY_CHILDREN,
            "familyErrorSecondParentIncomplete");

    private FamilyMessages() {
    }
}
