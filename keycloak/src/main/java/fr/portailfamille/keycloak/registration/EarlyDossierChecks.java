package fr.portailfamille.keycloak.registration;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;

import fr.portailfamille.keycloak.bridge.BridgeClient;
import fr.portailfamille.keycloak.bridge.VerifyResult;

/**
 * A registration's dossier check, asked of the bridge as soon as the form
 * arrives ({@link DossierCheckStart}) and answered to the validation step
 * ({@link DossierNumberValidation}) once Keycloak has validated the rest of
 * the form: the family waits for the longer of the two, not for both.
 *
 * The check runs on a small pool of its own that never queues: a check that
 * finds every thread busy is not started early, and the validation step asks
 * the bridge itself, as it does when no check was started (a realm whose flow
 * lacks the start step). Keycloak's shared executors queue beyond four
 * threads, which under a burst of sign-ups would make a family wait longer
 * than asking directly.
 */
public class EarlyDossierChecks implements AutoCloseable {

    /** The request's check in flight, kept on the Keycloak session between the two steps. */
    static final String ATTRIBUTE = "portail-famille.early-dossier-check";
    static final int MAX_PARALLEL = 32;
    /** Beyond the bridge client's own timeouts (connection from the pool, connect, read). */
    private static final long AWAIT_MARGIN_MILLIS = 1000;

    private static final Logger LOG = Logger.getLogger(EarlyDossierChecks.class);

    private record Started(DossierCheck check, Future<Answer> answer) {
    }

    private record Answer(VerifyResult result, long tookNanos) {
    }

    private final ExecutorService pool;
    private final long awaitMillis;

    EarlyDossierChecks(ExecutorService pool, long awaitMillis) {
        this.pool = pool;
        this.awaitMillis = awaitMillis;
    }

    /** Checks on at most {@code maxParallel} threads, awaited as long as the bridge client may take. */
    static EarlyDossierChecks create(int bridgeTimeoutMillis, int maxParallel) {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(0, maxParallel, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                task -> {
                    Thread thread = new Thread(task, "portail-famille-dossier-check-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        return new EarlyDossierChecks(pool, 3L * bridgeTimeoutMillis + AWAIT_MARGIN_MILLIS);
    }

    /**
     * Asks the bridge now, on the pool. {@code bridge} must not need the
     * session: it is used on another thread.
     */
    void start(KeycloakSession session, BridgeClient bridge, DossierCheck check) {
        try {
            Future<Answer> answer = pool.submit(() -> {
                long started = System.nanoTime();
                VerifyResult result = check.askBridge(bridge);
                return new Answer(result, System.nanoTime() - started);
            });
            session.setAttribute(ATTRIBUTE, new Started(check, answer));
        } catch (RejectedExecutionException busy) {
            LOG.debug("dossier check not started early: every thread is busy; the validation step asks the bridge");
        }
    }

    /** The bridge's answer to {@code check}: the one started early for it, or asked now. */
    VerifyResult answer(KeycloakSession session, DossierCheck check, BridgeClient bridge) {
        Object kept = session.removeAttribute(ATTRIBUTE);
        if (!(kept instanceof Started started) || !started.check().equals(check)) {
            return check.askBridge(bridge);
        }
        long waiting = System.nanoTime();
        try {
            Answer answer = started.answer().get(awaitMillis, TimeUnit.MILLISECONDS);
            LOG.debugf("dossier check: %.1f ms at the bridge, %.1f ms of it waited for", answer.tookNanos() / 1e6,
                    (System.nanoTime() - waiting) / 1e6);
            return answer.result();
        } catch (TimeoutException e) {
            started.answer().cancel(true);
            LOG.warnf("dossier bridge gave no answer to a dossier check within %d ms", awaitMillis);
        } catch (ExecutionException e) {
            LOG.warnf("dossier check failed: %s", e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return VerifyResult.of(VerifyResult.Outcome.UNAVAILABLE);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
