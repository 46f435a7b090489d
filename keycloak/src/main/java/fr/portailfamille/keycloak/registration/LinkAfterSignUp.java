package fr.portailfamille.keycloak.registration;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
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
import fr.portailfamille.keycloak.extension.ProviderIds;

/**
 * Records a new account's dossier link once Keycloak has committed the
 * sign-up, on one of Keycloak's own worker threads: the family's request
 * then waits for the bridge once (the check), not twice.
 *
 * Until the bridge has recorded the link the account carries the
 * {@code family-info} required action and no dossier, as a sign-up without
 * number does. The link takes milliseconds; the family needs its activation
 * e-mail before it can sign in. Should the bridge refuse the link (another
 * parent's account won the race) or the node stop before asking, the family
 * is asked for its number or its family at first sign-in, never shown a
 * dossier the bridge does not hold.
 */
public class LinkAfterSignUp {

    /** Keycloak's executor for these jobs ({@code --spi-executors--default--...} sizes it). */
    static final String EXECUTOR = "portail-famille-dossier-links";

    private static final Logger LOG = Logger.getLogger(LinkAfterSignUp.class);

    /** What the job needs once the sign-up's own session is gone. */
    record PendingLink(String realmId, String userId, String claim, String dossierNumber) {
    }

    private final Function<KeycloakSession, BridgeClient> bridges;

    /** {@code bridges}: a client for the job's own session. */
    public LinkAfterSignUp(Function<KeycloakSession, BridgeClient> bridges) {
        this.bridges = bridges;
    }

    /** Marks the account as waiting for its link and asks for the link once the sign-up is committed. */
    public void schedule(KeycloakSession session, RealmModel realm, UserModel user, String claim, String dossierNumber) {
        user.addRequiredAction(ProviderIds.FAMILY_INFO);
        PendingLink pending = new PendingLink(realm.getId(), user.getId(), claim, dossierNumber);
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        ExecutorService executor = session.getProvider(ExecutorsProvider.class).getExecutor(EXECUTOR);
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                submit(executor, () -> run(factory, pending));
            }

            @Override
            protected void rollbackImpl() {
                // No account, nothing to link; the bridge's claim expires unused.
            }
        });
    }

    private void run(KeycloakSessionFactory factory, PendingLink pending) {
        try {
            KeycloakModelUtils.runJobInTransaction(factory, job -> complete(job, pending));
        } catch (RuntimeException e) {
            LOG.warnf("dossier link of user %s failed (%s); the family will be asked at first sign-in",
                    pending.userId(), e.toString());
        }
    }

    private static void submit(ExecutorService executor, Runnable job) {
        try {
            executor.execute(job);
        } catch (RejectedExecutionException e) {
            LOG.warnf("dossier link not started (Keycloak is stopping); the family will be asked at first sign-in");
        }
    }

    /** The job: the bridge records the link, then the account carries the dossier and needs no family form. */
    boolean complete(KeycloakSession session, PendingLink pending) {
        RealmModel realm = session.realms().getRealm(pending.realmId());
        if (realm == null) {
            return false;
        }
        session.getContext().setRealm(realm);
        UserModel user = session.users().getUserById(realm, pending.userId());
        if (user == null) {
            LOG.infof("user %s deleted before its dossier link", pending.userId());
            return false;
        }
        if (!new DossierLink(bridges.apply(session)).link(user, pending.claim(), pending.dossierNumber())) {
            LOG.warnf("user %s created without its dossier link; continuing as a sign-up without number",
                    pending.userId());
            return false;
        }
        user.removeRequiredAction(ProviderIds.FAMILY_INFO);
        return true;
    }
}
