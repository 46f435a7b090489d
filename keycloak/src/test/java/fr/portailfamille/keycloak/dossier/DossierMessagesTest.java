package fr.portailfamille.keycloak.dossier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import fr.portailfamille.keycloak.bridge.VerifyResult.Outcome;

class DossierMessagesTest {

    @Test
    void unknownNumberAndWrongNameShareOneMessage() {
        assertEquals("dossierNumberUnknownOrMismatch", DossierMessages.forRefusal(Outcome.NO_MATCH));
    }

    @Test
    void everyRefusalHasAFrenchAndAnEnglishText() throws IOException {
        for (String locale : new String[] {"fr", "en"}) {
            Properties bundle = new Properties();
            Path file = Path.of("..", "themes", "portail-famille", "login", "messages", "messages_" + locale + ".properties");
            try (InputStream in = Files.newInputStream(file)) {
                bundle.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
            }
            for (Outcome outcome : Outcome.values()) {
                if (outcome != Outcome.MATCH) {
                    String key = DossierMessages.forRefusal(outcome);
                    assertEquals(true, bundle.containsKey(key), key + " missing in " + file);
                }
            }
        }
    }

    @Test
    void aMatchIsNotARefusal() {
        assertThrows(IllegalArgumentException.class, () -> DossierMessages.forRefusal(Outcome.MATCH));
    }
}
