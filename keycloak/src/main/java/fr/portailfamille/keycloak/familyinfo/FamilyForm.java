package fr.portailfamille.keycloak.familyinfo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.ws.rs.core.MultivaluedMap;

/**
 * What the family typed in the family-info form, exactly as typed: read from
 * the posted form or from the bridge's copy of the last submission, changed
 * by the add/remove child buttons, and handed to the template or the bridge.
 * No validation here: the bridge decides.
 */
public final class FamilyForm {

    public static final int MAX_CHILDREN = 12;

    static final String ADDRESS = "address";
    static final String POSTAL_CODE = "postalCode";
    static final String TOWN = "town";
    static final String PHONE = "phone";
    static final String PARENT2_LAST_NAME = "parent2LastName";
    static final String PARENT2_FIRST_NAME = "parent2FirstName";
    static final String PARENT2_EMAIL = "parent2Email";
    static final String PARENT2_PHONE = "parent2Phone";
    static final String CHILD_COUNT = "childCount";
    static final String IDEMPOTENCY_KEY = "idempotencyKey";
    static final String CHILDREN = "children";

    /** The family-level fields, in form order, with their names in the bridge's body. */
    static final Map<String, String> FAMILY_FIELDS = orderedMap(
            ADDRESS, "address", POSTAL_CODE, "postal_code", TOWN, "town", PHONE, "phone");
    static final Map<String, String> SECOND_PARENT_FIELDS = orderedMap(
            PARENT2_LAST_NAME, "last_name", PARENT2_FIRST_NAME, "first_name",
            PARENT2_EMAIL, "email", PARENT2_PHONE, "phone");
    /** Per child: the suffix of {@code child{i}<Suffix>} and the bridge's name. */
    static final Map<String, String> CHILD_FIELDS = orderedMap(
            "LastName", "last_name", "FirstName", "first_name", "BirthDate", "birth_date", "School", "school");

    private static final Pattern KEY_FORMAT = Pattern.compile("[A-Za-z0-9-]{16,64}");

    private final Map<String, String> values = new LinkedHashMap<>();
    private final List<Map<String, String>> children = new ArrayList<>();
    private String idempotencyKey;

    private FamilyForm(String idempotencyKey) {
        this.idempotencyKey = idempotencyKey;
        for (String field : FAMILY_FIELDS.keySet()) {
            values.put(field, "");
        }
        for (String field : SECOND_PARENT_FIELDS.keySet()) {
            values.put(field, "");
        }
    }

    /** A fresh form: nothing typed, one child row, a new submission attempt. */
    public static FamilyForm empty() {
        FamilyForm form = new FamilyForm(newKey());
        form.children.add(emptyChild());
        return form;
    }

    /**
     * The posted form. Keeps the attempt's idempotency key when it looks like
     * one of ours, so that a retry of the same attempt stores one request.
     */
    public static FamilyForm parse(MultivaluedMap<String, String> posted) {
        String key = posted.getFirst(IDEMPOTENCY_KEY);
        FamilyForm form = new FamilyForm(key != null && KEY_FORMAT.matcher(key).matches() ? key : newKey());
        for (String field : form.values.keySet()) {
            form.values.put(field, nullToEmpty(posted.getFirst(field)));
        }
        int count = clamp(parseInt(posted.getFirst(CHILD_COUNT)));
        for (int i = 0; i < count; i++) {
            Map<String, String> child = new LinkedHashMap<>();
            for (String suffix : CHILD_FIELDS.keySet()) {
                child.put(suffix, nullToEmpty(posted.getFirst(childField(i, suffix))));
            }
            form.children.add(child);
        }
        return form;
    }

    /** The last submission as the bridge returns it, to be corrected: a new attempt. */
    public static FamilyForm fromSubmitted(JsonNode submitted) {
        FamilyForm form = new FamilyForm(newKey());
        if (submitted == null || !submitted.isObject()) {
            form.children.add(emptyChild());
            return form;
        }
        FAMILY_FIELDS.forEach((field, json) -> form.values.put(field, text(submitted.path(json))));
        JsonNode parent = submitted.path("second_parent");
        SECOND_PARENT_FIELDS.forEach((field, json) -> form.values.put(field, text(parent.path(json))));
        for (JsonNode child : submitted.path("children")) {
            if (form.children.size() == MAX_CHILDREN) {
                break;
            }
            Map<String, String> row = new LinkedHashMap<>();
            CHILD_FIELDS.forEach((suffix, json) -> row.put(suffix, text(child.path(json))));
            form.children.add(row);
        }
        if (form.children.isEmpty()) {
            form.children.add(emptyChild());
        }
        return form;
    }

    public static String childField(int index, String suffix) {
        return "child" + index + suffix;
    }

    /** Adds an empty child row; false when the form already has the most rows it may have. */
    public boolean addChild() {
        if (children.size() >= MAX_CHILDREN) {
            return false;
        }
        children.add(emptyChild());
        return true;
    }

    /** Removes a row; the first row always stays, so that the form keeps one child. */
    public void removeChild(int index) {
        if (index >= 1 && index < children.size()) {
            children.remove(index);
        }
    }

    public int childCount() {
        return children.size();
    }

    public String value(String field) {
        return values.get(field);
    }

    public String childValue(int index, String suffix) {
        return children.get(index).get(suffix);
    }

    public String idempotencyKey() {
        return idempotencyKey;
    }

    /**
     * The contract's POST body. Every row is sent, empty or not, so that the
     * bridge's {@code children.N} errors point at row N of the form.
     */
    public Map<String, Object> toBridgeBody(String keycloakUserId, String lastName, String firstName, String email) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("keycloak_user_id", keycloakUserId);
        body.put("idempotency_key", idempotencyKey);
        Map<String, Object> account = new LinkedHashMap<>();
        account.put("last_name", nullToEmpty(lastName));
        account.put("first_name", nullToEmpty(firstName));
        account.put("email", nullToEmpty(email));
        body.put("account", account);
        FAMILY_FIELDS.forEach((field, json) -> body.put(json, values.get(field).trim()));
        Map<String, Object> parent = new LinkedHashMap<>();
        SECOND_PARENT_FIELDS.forEach((field, json) -> parent.put(json, values.get(field).trim()));
        body.put("second_parent", parent);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map<String, String> child : children) {
            Map<String, Object> row = new LinkedHashMap<>();
            CHILD_FIELDS.forEach((suffix, json) -> row.put(json, child.get(suffix).trim()));
            rows.add(row);
        }
        body.put("children", rows);
        return body;
    }

    /** The form as the template reads it: plain maps, lists and strings. */
    public Map<String, Object> toTemplateModel() {
        Map<String, Object> model = new LinkedHashMap<>(values);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < children.size(); i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("index", String.valueOf(i));
            row.put("number", String.valueOf(i + 1));
            row.put("removable", i > 0);
            for (String suffix : CHILD_FIELDS.keySet()) {
                row.put("field" + suffix, childField(i, suffix));
                row.put("value" + suffix, children.get(i).get(suffix));
            }
            rows.add(row);
        }
        model.put(CHILDREN, rows);
        model.put(CHILD_COUNT, String.valueOf(children.size()));
        model.put(IDEMPOTENCY_KEY, idempotencyKey);
        model.put("canAddChild", children.size() < MAX_CHILDREN);
        model.put("maxChildren", String.valueOf(MAX_CHILDREN));
        return model;
    }

    private static Map<String, String> emptyChild() {
        Map<String, String> child = new LinkedHashMap<>();
        for (String suffix : CHILD_FIELDS.keySet()) {
            child.put(suffix, "");
        }
        return child;
    }

    private static String newKey() {
        return UUID.randomUUID().toString();
    }

    private static int clamp(int count) {
        return Math.max(1, Math.min(MAX_CHILDREN, count));
    }

    private static int parseInt(String raw) {
        try {
            return raw == null ? 1 : Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static String text(JsonNode node) {
        return node.isValueNode() && !node.isNull() ? node.asText() : "";
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    private static Map<String, String> orderedMap(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
