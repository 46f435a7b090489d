package fr.portailfamille.keycloak.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.keycloak.authentication.FormActionFactory;

class DossierNumberValidationFactoryTest {

    @Test
    void providerIdIsTheOneTheRealmFlowNames() {
        assertEquals("dossier-number-validation", new DossierNumberValidationFactory().getId());
    }

    @Test
    void factoryIsListedForServiceLoading() throws IOException {
        String path = "META-INF/services/" + FormActionFactory.class.getName();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(path)) {
            String listed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(listed.contains(DossierNumberValidationFactory.class.getName()));
        }
    }
}
