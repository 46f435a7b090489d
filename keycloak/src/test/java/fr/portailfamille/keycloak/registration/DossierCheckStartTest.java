package fr.portailfamille.keycloak.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.authentication.FormAction;
import org.keycloak.authentication.FormActionFactory;
import org.keycloak.authentication.ValidationContext;
import org.keycloak.common.ClientConnection;
import org.keycloak.events.EventBuilder;
import org.keycloak.http.HttpRequest;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;

import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

/** The head of the registration form: starts the dossier check, never refuses the form. */
class DossierCheckStartTest {

    private final List<DossierCheck> started = new ArrayList<>();
    private final KeycloakSession session = mock(KeycloakSession.class);
    private final DossierCheckStart step = new DossierCheckStart((s, check) -> started.add(check));
    private final ValidationContext validation = mock(ValidationContext.class);
    private final RealmModel realm = mock(RealmModel.class);
    private final MultivaluedMap<String, String> posted = new MultivaluedHashMap<>();
    private final AuthenticationExecutionModel start = execution("dossier-number-check-start", 10, Requirement.REQUIRED);

    private static AuthenticationExecutionModel execution(String provider, int priority, Requirement requirement) {
        AuthenticationExecutionModel model = new AuthenticationExecutionModel();
        model.setAuthenticator(provider);
        model.setPriority(priority);
        model.setRequirement(requirement);
        model.setParentFlow("registration-form");
        return model;
    }

    private void formHas(AuthenticationExecutionModel... steps) {
        when(realm.getAuthenticationExecutionsStream("registration-form")).thenAnswer(call -> Stream.of(steps));
    }

    @BeforeEach
    void wire() {
        HttpRequest request = mock(HttpRequest.class);
        ClientConnection connection = mock(ClientConnection.class);
        when(request.getDecodedFormParameters()).thenReturn(posted);
        when(connection.getRemoteAddr()).thenReturn("203.0.113.9");
        when(validation.getHttpRequest()).thenReturn(request);
        when(validation.getConnection()).thenReturn(connection);
        when(validation.getSession()).thenReturn(session);
        when(validation.getRealm()).thenReturn(realm);
        when(validation.getExecution()).thenReturn(start);
        when(validation.getEvent()).thenReturn(mock(EventBuilder.class, RETURNS_SELF));
        posted.putSingle("firstName", "Camille");
        posted.putSingle("lastName", "Lefèvre");
        posted.putSingle("email", "c@example.org");
        formHas(start, execution("registration-user-creation", 20, Requirement.REQUIRED),
                execution("dossier-number-validation", 80, Requirement.REQUIRED));
    }

    @Test
    void aTypedNumberIsCheckedAtOnceAndTheFormGoesOn() {
        posted.putSingle("dossierNumber", " 104233 ");
        step.validate(validation);
        assertEquals(List.of(new DossierCheck("104233", "Lefèvre", "Camille", "c@example.org", "203.0.113.9", null)),
                started);
        verify(validation).success();
        verify(validation, never()).error(anyString());
    }

    @Test
    void withoutANumberNothingIsAsked() {
        step.validate(validation);
        assertTrue(started.isEmpty());
        verify(validation).success();
    }

    @Test
    void withoutALaterValidationStepNothingIsAsked() {
        // A check nobody reads would still spend one of the family's attempts.
        posted.putSingle("dossierNumber", "104233");
        formHas(execution("dossier-number-validation", 5, Requirement.REQUIRED), start,
                execution("registration-user-creation", 20, Requirement.REQUIRED));
        step.validate(validation);
        formHas(start, execution("dossier-number-validation", 80, Requirement.DISABLED));
        step.validate(validation);
        assertTrue(started.isEmpty());
    }

    @Test
    void withTheValidationStepSwitchedOffOnTheServerTheStartStepAsksNothing() {
        KeycloakSessionFactory factories = mock(KeycloakSessionFactory.class);
        when(session.getKeycloakSessionFactory()).thenReturn(factories);
        when(factories.getProviderFactory(FormAction.class, "dossier-number-validation")).thenReturn(null);
        posted.putSingle("dossierNumber", "104233");
        new DossierCheckStartFactory().create(session).validate(validation);
        verify(validation).success();
        verify(session, never()).setAttribute(anyString(), any());
    }

    @Test
    void factoryIsListedForServiceLoadingUnderTheIdTheRealmNames() throws IOException {
        assertEquals("dossier-number-check-start", new DossierCheckStartFactory().getId());
        String path = "META-INF/services/" + FormActionFactory.class.getName();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(path)) {
            String listed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(listed.contains(DossierCheckStartFactory.class.getName()));
        }
    }
}
