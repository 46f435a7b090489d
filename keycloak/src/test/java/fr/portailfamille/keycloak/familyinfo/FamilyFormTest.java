package fr.portailfamille.keycloak.familyinfo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

class FamilyFormTest {

    private static final String KEY = "0b6f3c1e-5d2a-4c8e-9f1a-2b3c4d5e6f70";

    private static MultivaluedMap<String, String> posted(String... pairs) {
        MultivaluedMap<String, String> form = new MultivaluedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            form.putSingle(pairs[i], pairs[i + 1]);
        }
        return form;
    }

    private static MultivaluedMap<String, String> twoChildren() {
        return posted("idempotencyKey", KEY, "childCount", "2",
                "address", "3 rue des Lisses", "postalCode", "28000", "town", "Chartres", "phone", "0237000000",
                "parent2LastName", "Martin", "parent2FirstName", "Karim",
                "child0LastName", "Lefèvre", "child0FirstName", "Jules", "child0BirthDate", "04/09/2017", "child0School", "Jules Ferry",
                "child1LastName", "Lefèvre", "child1FirstName", "Inès", "child1BirthDate", "12/01/2020");
    }

    @Test
    void anEmptyFormHasOneChildRowAndAFreshKey() {
        FamilyForm form = FamilyForm.empty();
        assertEquals(1, form.childCount());
        assertEquals("", form.value("address"));
        assertTrue(form.idempotencyKey().length() >= 16);
        assertNotEquals(form.idempotencyKey(), FamilyForm.empty().idempotencyKey());
    }

    @Test
    void parsesEveryRowAsTyped() {
        FamilyForm form = FamilyForm.parse(twoChildren());
        assertEquals(2, form.childCount());
        assertEquals("3 rue des Lisses", form.value("address"));
        assertEquals("Karim", form.value("parent2FirstName"));
        assertEquals("", form.value("parent2Email"));
        assertEquals("Jules Ferry", form.childValue(0, "School"));
        assertEquals("Inès", form.childValue(1, "FirstName"));
        assertEquals("", form.childValue(1, "School"));
        assertEquals(KEY, form.idempotencyKey());
    }

    @Test
    void aMissingOrStrangeKeyIsReplaced() {
        assertNotEquals("x", FamilyForm.parse(posted("idempotencyKey", "x")).idempotencyKey());
        assertTrue(FamilyForm.parse(posted()).idempotencyKey().length() >= 16);
        assertFalse(FamilyForm.parse(posted("idempotencyKey", "\"><script>alert(1)</script>")).idempotencyKey().contains("<"));
    }

    @Test
    void theChildCountIsKeptBetweenOneAndTwelve() {
        assertEquals(1, FamilyForm.parse(posted("childCount", "0")).childCount());
        assertEquals(1, FamilyForm.parse(posted("childCount", "-3")).childCount());
        assertEquals(1, FamilyForm.parse(posted("childCount", "lots")).childCount());
        assertEquals(12, FamilyForm.parse(posted("childCount", "5000")).childCount());
    }

    @Test
    void addingAChildKeepsEverythingTypedAndStopsAtTwelve() {
        FamilyForm form = FamilyForm.parse(twoChildren());
        assertTrue(form.addChild());
        assertEquals(3, form.childCount());
        assertEquals("", form.childValue(2, "LastName"));
        assertEquals("Inès", form.childValue(1, "FirstName"));
        assertEquals("Chartres", form.value("town"));
        assertEquals(KEY, form.idempotencyKey());
        while (form.childCount() < FamilyForm.MAX_CHILDREN) {
            assertTrue(form.addChild());
        }
        assertFalse(form.addChild());
        assertEquals(FamilyForm.MAX_CHILDREN, form.childCount());
    }

    @Test
    void removingAChildShiftsTheNextRowsUpAndKeepsTheFirst() {
        MultivaluedMap<String, String> typed = twoChildren();
        typed.putSingle("childCount", "3");
        typed.putSingle("child2FirstName", "Léa");
        FamilyForm form = FamilyForm.parse(typed);
        form.removeChild(1);
        assertEquals(2, form.childCount());
        assertEquals("Léa", form.childValue(1, "FirstName"));
        form.removeChild(0);
        form.removeChild(7);
        assertEquals(2, form.childCount());
        assertEquals("Jules", form.childValue(0, "FirstName"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theBridgeBodyFollowsTheContract() {
        Map<String, Object> body = FamilyForm.parse(twoChildren()).toBridgeBody("user-1", "Lefèvre", "Camille", "c@example.org");
        assertEquals("user-1", body.get("keycloak_user_id"));
        assertEquals(KEY, body.get("idempotency_key"));
        assertEquals(Map.of("last_name", "Lefèvre", "first_name", "Camille", "email", "c@example.org"), body.get("account"));
        assertEquals("28000", body.get("postal_code"));
        assertEquals(Map.of("last_name", "Martin", "first_name", "Karim", "email", "", "phone", ""), body.get("second_parent"));
        List<Map<String, Object>> children = (List<Map<String, Object>>) body.get("children");
        assertEquals(2, children.size());
        assertEquals(Map.of("last_name", "Lefèvre", "first_name", "Jules", "birth_date", "04/09/2017", "school", "Jules Ferry"),
                children.get(0));
        assertEquals(List.of("keycloak_user_id", "idempotency_key", "account", "address", "postal_code", "town", "phone",
                "second_parent", "children"), List.copyOf(body.keySet()));
    }

    @Test
    void theSubmittedCopyPrefillsTheFormForANewAttempt() throws Exception {
        String submitted = "{\"account\":{\"last_name\":\"Lefèvre\"},\"address\":\"3 rue des Lisses\",\"postal_code\":\"28000\","
                + "\"town\":\"Chartres\",\"phone\":\"0237000000\",\"second_parent\":{\"last_name\":\"Martin\",\"first_name\":null},"
                + "\"children\":[{\"last_name\":\"Lefèvre\",\"first_name\":\"Jules\",\"birth_date\":\"04/09/2017\",\"school\":\"\"},"
                + "{\"last_name\":\"Lefèvre\",\"first_name\":\"Inès\",\"birth_date\":\"12/01/2020\"}]}";
        FamilyForm form = FamilyForm.fromSubmitted(new ObjectMapper().readTree(submitted));
        assertEquals("3 rue des Lisses", form.value("address"));
        assertEquals("Martin", form.value("parent2LastName"));
        assertEquals("", form.value("parent2FirstName"));
        assertEquals(2, form.childCount());
        assertEquals("Inès", form.childValue(1, "FirstName"));
        assertEquals("", form.childValue(1, "School"));
        assertEquals(1, FamilyForm.fromSubmitted(new ObjectMapper().readTree("{\"children\":[]}")).childCount());
        assertEquals(1, FamilyForm.fromSubmitted(null).childCount());
    }

    @Test
    @SuppressWarnings("unchecked")
    void theTemplateModelNamesEachRowsFields() {
        Map<String, Object> model = FamilyForm.parse(twoChildren()).toTemplateModel();
        assertEquals("2", model.get("childCount"));
        assertEquals(KEY, model.get("idempotencyKey"));
        assertEquals(true, model.get("canAddChild"));
        List<Map<String, Object>> rows = (List<Map<String, Object>>) model.get("children");
        assertEquals("child1BirthDate", rows.get(1).get("fieldBirthDate"));
        assertEquals("12/01/2020", rows.get(1).get("valueBirthDate"));
        assertEquals(false, rows.get(0).get("removable"));
        assertEquals(true, rows.get(1).get("removable"));
        assertEquals("2", rows.get(1).get("number"));
    }
}
