package fr.portailfamille.keycloak.familyinfo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.keycloak.models.utils.FormMessage;

import fr.portailfamille.keycloak.bridge.FamilyRequestResult.FieldError;

/**
 * Puts each of the bridge's errors beside its form field: the bridge names
 * fields by their path in the request body ({@code children.0.birth_date}),
 * the form by its input names ({@code child0BirthDate}). Mechanical: an
 * unknown path becomes a message for the whole form.
 */
public final class BridgeFieldMapping {

    private static final Pattern CHILD_PATH = Pattern.compile("children\\.(\\d{1,2})\\.([a-z_]+)");
    private static final String SECOND_PARENT_PREFIX = "second_parent.";

    private BridgeFieldMapping() {
    }

    /** The form field for a bridge path; {@code null} means the whole form (Keycloak's "global"). */
    public static String formField(String path) {
        if (path == null || path.isBlank()) {
            return null;
        }
        if (path.equals("children")) {
            return FamilyForm.CHILDREN;
        }
        String family = keyFor(FamilyForm.FAMILY_FIELDS, path);
        if (family != null) {
            return family;
        }
        if (path.startsWith(SECOND_PARENT_PREFIX)) {
            return keyFor(FamilyForm.SECOND_PARENT_FIELDS, path.substring(SECOND_PARENT_PREFIX.length()));
        }
        Matcher child = CHILD_PATH.matcher(path);
        if (child.matches()) {
            int index = Integer.parseInt(child.group(1));
            String suffix = keyFor(FamilyForm.CHILD_FIELDS, child.group(2));
            if (suffix != null && index < FamilyForm.MAX_CHILDREN) {
                return FamilyForm.childField(index, suffix);
            }
        }
        return null;
    }

    /** The bridge's errors as form messages, in the bridge's order. */
    public static List<FormMessage> toFormMessages(List<FieldError> errors) {
        List<FormMessage> messages = new ArrayList<>();
        for (FieldError error : errors) {
            String key = error.messageKey() == null || error.messageKey().isBlank()
                    ? FamilyMessages.GENERIC_INVALID : error.messageKey();
            messages.add(new FormMessage(formField(error.path()), key));
        }
        return messages;
    }

    private static String keyFor(Map<String, String> fields, String bridgeName) {
        for (Map.Entry<String, String> entry : fields.entrySet()) {
            if (entry.getValue().equals(bridgeName)) {
                return entry.getKey();
            }
        }
        return null;
    }
}
