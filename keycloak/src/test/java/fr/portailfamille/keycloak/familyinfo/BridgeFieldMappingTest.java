package fr.portailfamille.keycloak.familyinfo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.models.utils.FormMessage;

import fr.portailfamille.keycloak.bridge.FamilyRequestResult.FieldError;

class BridgeFieldMappingTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "address, address", "postal_code, postalCode", "town, town", "phone, phone",
            "second_parent.last_name, parent2LastName", "second_parent.first_name, parent2FirstName",
            "second_parent.email, parent2Email", "second_parent.phone, parent2Phone",
            "children.0.last_name, child0LastName", "children.0.first_name, child0FirstName",
            "children.3.birth_date, child3BirthDate", "children.11.school, child11School",
            // List-level child errors go on the children section.
            "children, children"})
    void eachBridgePathHasItsField(String path, String field) {
        assertEquals(field, BridgeFieldMapping.formField(path));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"account.email", "children.12.last_name", "children.0.shoe_size", "second_parent.school",
            "second_parent"})
    void unknownPathsGoOnTheWholeForm(String path) {
        assertNull(BridgeFieldMapping.formField(path));
    }

    @Test
    void errorsBecomeFormMessagesInOrder() {
        List<FormMessage> messages = BridgeFieldMapping.toFormMessages(List.of(
                new FieldError("children.0.birth_date", "familyErrorBirthDateFuture"),
                new FieldError("children", "familyErrorNoChild"),
                new FieldError("whatever", "")));
        assertEquals("child0BirthDate", messages.get(0).getField());
        assertEquals("familyErrorBirthDateFuture", messages.get(0).getMessage());
        assertEquals("children", messages.get(1).getField());
        assertEquals(FormMessage.GLOBAL, messages.get(2).getField());
        assertEquals(FamilyMessages.GENERIC_INVALID, messages.get(2).getMessage());
    }
}
