package fr.portailfamille.keycloak.registration;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.keycloak.models.KeycloakSession;

/** A stand-in Keycloak session that keeps its attributes, as one request's session does. */
final class SessionAttributes {

    private SessionAttributes() {
    }

    static KeycloakSession session() {
        Map<String, Object> attributes = new ConcurrentHashMap<>();
        KeycloakSession session = mock(KeycloakSession.class);
        doAnswer(call -> attributes.put(call.getArgument(0), call.getArgument(1)))
                .when(session).setAttribute(anyString(), any());
        when(session.getAttribute(anyString())).thenAnswer(call -> attributes.get(call.<String>getArgument(0)));
        when(session.removeAttribute(anyString())).thenAnswer(call -> attributes.remove(call.<String>getArgument(0)));
        return session;
    }
}
