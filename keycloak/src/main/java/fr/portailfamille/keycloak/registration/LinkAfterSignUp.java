package fr.portailfamille.keycloak.registration;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.jboss.logging.Logger;
import org.keycloak.executors.ExecutorsProvider;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import fr.portailfamille.keycloak.bridge.BridgeClient;
import fr.portailfamille.keycloak.dossier.DossierLink;
import fr.portailfamille.keycloak.dossier.PendingLink;
import fr.portailfamille.keycloak.extension.ProviderIds;

/**
 * Records a new account's dossier link shortly after Keycloak has committed
 * the sign-up, on one of Keycloak's own worker threads: the family's request
 * then waits for the bridge once (the check), not twice.
 *
 * The account keeps its pending link ({@link PendingLink}) until the bridge
 * has recorded the link, and shows no dossier before; its {@code family-info}
 * required action lasts until the family's first sign-in, which ends it
 * without a page once the account is linked. The job starts a second after
 * the commit, so that it does not take the processor from the family's next
 * page ("activez votre compte", with its e-mail); the family needs that
 * e-mail before it can sign in. Whichever comes first, the job or the
 * family's first sign-in, records the link; if the bridge refuses it (another
 * parent's account won the race) the family form asks for the number or the
 * family.
 */
public class LinkAfterSignUp {

    /** Keycloak's executor for these jobs. */
    static final String EXECUTOR = "portail-famille-dossier-links";
    static final long DELAY_MILLIS = 1000;

    private static final Logger LOG = Logger.getLogger(LinkAfterSignUp.class);
    private static final Executor LATER = CompletableFuture.delayedExecutor(DELAY_MILLIS, TimeUnit.MILLISECONDS);

    /** Which account the job links, once the sign-up's own session is gone. */
    record Account(String realmId, String userId) {
    }

    private final Function<KeycloakSession, BridgeClient> bridges;

    /** {@code bridges}: a client for the job's own session. */
    public LinkAfterSignUp(Function<KeycloakSession, BridgeClient> bridges) {
        this.bridges = bridges;
    }

    /** Keeps the link pending on the account and asks for it once the sign-up is committed. */
    public void schedule(KeycloakSession session, RealmModel realm, UserModel user, String claim, String dossierNumber) {
        new PendingLink(dossierNumber, claim).storeOn(user);
        user.addRequiredAction(ProviderIds.FAMILY_INFO);
        Account account = new Account(realm.getId(), user.getId());
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        Executor executor = session.getProvider(ExecutorsProvider.class).getExecutor(EXECUTOR);
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                // The wait is the JDK's timer; the work, Keycloak's executor (which refuses it once stopping).
                LATER.execute(() -> submit(executor, () -> run(factory, account)));
            }

            @Override
            protected void rollbackImpl() {
                // No account, nothing to link; the bridge's claim expires unused.
            }
        });
    }

    private void run(KeycloakSessionFactory factory, Account account) {
        try {
            KeycloakModelUtils.runJobInTransaction(factory, job -> complete(job, account));
        } catch (RuntimeException e) {
            LOG.warnf("dossier link of user %s not recorded yet (%s); it will be at the family's first sign-in",
                    account.userId(), e.toString());
        }
    }

    private static void submit(Executor executor, Runnable job) {
        try {
            executor.execute(job);
        } catch (RejectedExecutionException e) {
            LOG.warnf("dossier link not started (Keycloak is stopping); it will be at the family's first sign-in");
        }
    }

    /** The job: the pending link, if the family's sign-in has not recorded it already. */
    boolean complete(KeycloakSession session, Account account) {
        RealmModel realm = session.realms().getRealm(account.realmId());
        if (realm == null) {
            return false;
        }
        session.getContext().setRealm(realm);
        UserModel user = session.users().getUserById(realm, account.userId());
        if (user == null || PendingLink.of(user).isEmpty()) {
            return false; // deleted meanwhile, or linked at sign-in
        }
        if (!new DossierLink(bridges.apply(session)).completePending(user)) {
            LOG.warnf("dossier link of user %s not recorded by the bridge; tried again at first sign-in", account.userId());
            return false;
        }
        return true;
    }
}
