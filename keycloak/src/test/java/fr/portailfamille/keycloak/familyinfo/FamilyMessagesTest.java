package fr.portailfamille.keycloak.familyinfo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The bundles shipped in the jar: every key the form or the bridge uses, in French and in English. */
class FamilyMessagesTest {

    private static final Path MESSAGES = Path.of("src", "main", "resources", "theme-resources", "messages");
    private static final Path TEMPLATE = Path.of("src", "main", "resources", "theme-resources", "templates", "family-info.ftl");

    private static Properties bundle(String locale) throws IOException {
        Properties bundle = new Properties();
        try (Reader in = new InputStreamReader(Files.newInputStream(MESSAGES.resolve("messages_" + locale + ".properties")),
                StandardCharsets.UTF_8)) {
            bundle.load(in);
        }
        return bundle;
    }

    private static List<String> keysOfTheForm() throws IOException {
        List<String> keys = new ArrayList<>(FamilyMessages.BRIDGE_KEYS);
        keys.add(FamilyMessages.BRIDGE_UNAVAILABLE);
        keys.add(FamilyMessages.CORRECT_BELOW);
        keys.add(FamilyMessages.GENERIC_INVALID);
        keys.add(FamilyMessages.STAFF_MESSAGE_UNAVAILABLE);
        Matcher used = Pattern.compile("msg\\(\"(family[A-Za-z]+)\"").matcher(Files.readString(TEMPLATE));
        while (used.find()) {
            keys.add(used.group(1));
        }
        return keys;
    }

    @Test
    void everyKeyHasAFrenchAndAnEnglishText() throws IOException {
        for (String locale : new String[] {"fr", "en"}) {
            Properties bundle = bundle(locale);
            for (String key : keysOfTheForm()) {
                assertTrue(bundle.containsKey(key), key + " missing in messages_" + locale);
                assertFalse(bundle.getProperty(key).isBlank(), key + " empty in messages_" + locale);
            }
        }
    }

    @Test
    void bothLanguagesHaveTheSameKeys() throws IOException {
        assertEquals(bundle("fr").keySet(), bundle("en").keySet());
    }

    @Test
    void theDesignsLabelsAreTheFrenchTexts() throws IOException {
        Properties fr = bundle("fr");
        assertEquals("Adresse", fr.getProperty("familyAddress"));
        assertEquals("Code postal", fr.getProperty("familyPostalCode"));
        assertEquals("Ville", fr.getProperty("familyTown"));
        assertEquals("Téléphone", fr.getProperty("familyPhone"));
        // Keycloak formats these with MessageFormat: a doubled apostrophe shows as one.
        assertEquals("Nom de l''enfant", fr.getProperty("familyChildLastName"));
        assertEquals("Prénom de l''enfant", fr.getProperty("familyChildFirstName"));
        assertEquals("Date de naissance", fr.getProperty("familyChildBirthDate"));
        assertEquals("École (le cas échéant)", fr.getProperty("familyChildSchool"));
        assertEquals("Le service est momentanément indisponible. Vos informations sont conservées : "
                + "réessayez dans quelques minutes.", fr.getProperty(FamilyMessages.BRIDGE_UNAVAILABLE));
    }
}
