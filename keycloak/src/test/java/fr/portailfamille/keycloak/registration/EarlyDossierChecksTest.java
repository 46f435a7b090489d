package fr.portailfamille.keycloak.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keycloak.models.KeycloakSession;

import fr.portailfamille.keycloak.bridge.BridgeClient;
import fr.portailfamille.keycloak.bridge.VerifyResult;
import fr.portailfamille.keycloak.bridge.VerifyResult.Outcome;

/** The check asked at the head of the registration form and answered to its validation step. */
class EarlyDossierChecksTest {

    private static final DossierCheck CHECK =
            new DossierCheck("104233", "Lefèvre", "Camille", "c@example.org", "203.0.113.9", (String) null);
    private static final VerifyResult MATCH = new VerifyResult(Outcome.MATCH, "claim-1", "104233", null);

    private final BridgeClient bridge = mock(BridgeClient.class);
    private final KeycloakSession session = SessionAttributes.session();
    private EarlyDossierChecks checks = EarlyDossierChecks.create(2000, 2);

    @AfterEach
    void stopThePool() {
        checks.close();
    }

    private void bridgeAnswers(VerifyResult answer, AtomicReference<Thread> askedOn) {
        when(bridge.verify(any(), any(), any(), any(), any(), (String) any())).thenAnswer(call -> {
            askedOn.set(Thread.currentThread());
            return answer;
        });
    }

    @Test
    void aStartedCheckIsAskedOnAnotherThreadOnceAndItsAnswerGiven() {
        AtomicReference<Thread> askedOn = new AtomicReference<>();
        bridgeAnswers(MATCH, askedOn);
        checks.start(session, bridge, CHECK);
        assertEquals(MATCH, checks.answer(session, CHECK, bridge));
        verify(bridge, times(1)).verify("104233", "Lefèvre", "Camille", "c@example.org", "203.0.113.9", (String) null);
        assertNotEquals(Thread.currentThread(), askedOn.get());
        assertNull(session.getAttribute(EarlyDossierChecks.ATTRIBUTE), "an answer is given once");
    }

    @Test
    void withoutAStartedCheckTheBridgeIsAskedThere() {
        // A realm whose registration form lacks the start step still checks the number.
        AtomicReference<Thread> askedOn = new AtomicReference<>();
        bridgeAnswers(MATCH, askedOn);
        assertEquals(MATCH, checks.answer(session, CHECK, bridge));
        assertEquals(Thread.currentThread(), askedOn.get());
    }

    @Test
    void aCheckStartedForOtherInputsIsNotTheAnswer() {
        AtomicReference<Thread> askedOn = new AtomicReference<>();
        bridgeAnswers(VerifyResult.of(Outcome.NO_MATCH), askedOn);
        checks.start(session, bridge, CHECK);
        DossierCheck other = new DossierCheck("104233", "Lefèvre", "Paul", "c@example.org", "203.0.113.9", (String) null);
        checks.answer(session, other, bridge);
        verify(bridge).verify("104233", "Lefèvre", "Paul", "c@example.org", "203.0.113.9", (String) null);
    }

    @Test
    void whenEveryThreadIsBusyTheCheckIsAskedByTheValidationStep() throws InterruptedException {
        checks.close();
        checks = EarlyDossierChecks.create(2000, 1);
        CountDownLatch release = new CountDownLatch(1);
        BridgeClient slow = mock(BridgeClient.class);
        when(slow.verify(any(), any(), any(), any(), any(), (String) any())).thenAnswer(call -> {
            release.await(5, TimeUnit.SECONDS);
            return MATCH;
        });
        checks.start(SessionAttributes.session(), slow, CHECK);
        try {
            AtomicReference<Thread> askedOn = new AtomicReference<>();
            bridgeAnswers(MATCH, askedOn);
            checks.start(session, bridge, CHECK);
            assertNull(session.getAttribute(EarlyDossierChecks.ATTRIBUTE), "a busy pool starts nothing");
            assertEquals(MATCH, checks.answer(session, CHECK, bridge));
            assertEquals(Thread.currentThread(), askedOn.get());
        } finally {
            release.countDown();
        }
    }

    @Test
    void aBridgeThatNeverAnswersIsUnavailableAfterTheWait() {
        checks.close();
        checks = new EarlyDossierChecks(java.util.concurrent.Executors.newSingleThreadExecutor(), 50);
        CountDownLatch never = new CountDownLatch(1);
        when(bridge.verify(any(), any(), any(), any(), any(), (String) any())).thenAnswer(call -> {
            never.await(5, TimeUnit.SECONDS);
            return MATCH;
        });
        checks.start(session, bridge, CHECK);
        VerifyResult answer = checks.answer(session, CHECK, bridge);
        assertEquals(Outcome.UNAVAILABLE, answer.outcome());
        assertTrue(never.getCount() == 1, "the family was not kept waiting for the bridge");
    }
}
