package fr.portailfamille.keycloak.familyinfo;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;

import fr.portailfamille.keycloak.bridge.BridgeClient;
import fr.portailfamille.keycloak.bridge.FamilyRequestLookup;
import fr.portailfamille.keycloak.bridge.FamilyRequestResult;
import fr.portailfamille.keycloak.dossier.DossierAttributes;
import fr.portailfamille.keycloak.dossier.DossierLink;
import fr.portailfamille.keycloak.dossier.DossierStatus;
import fr.portailfamille.keycloak.extension.ProviderIds;
import fr.portailfamille.keycloak.identity.FranceConnectIdentity;

import jakarta.ws.rs.core.MultivaluedMap;

/**
 * Required action {@code family-info}: a family signed up without a dossier
 * number (or staff asked it for more information, or it signed in with
 * FranceConnect and has no dossier yet) gives its dossier number or its
 * family information, which the bridge stores as a family request for staff
 * review. A sign-up with a number carries the action until its first
 * sign-in: a link still pending then is recorded first, and the linked
 * family is asked nothing. The form's buttons are plain submits (no
 * JavaScript): add a child, remove one, send, or use a dossier number. For a
 * FranceConnect account the page shows the adult's identity as FranceConnect
 * gave it, and the bridge gets that identity with the number or the request.
 */
public class FamilyInfoAction implements RequiredActionProvider {

    static final String ACTION = "action";
    static final String ACTION_ADD_CHILD = "add-child";
    static final String ACTION_REMOVE_CHILD = "remove-child-";
    static final String ACTION_DOSSIER_NUMBER = "dossier-number";
    /** Draw the form again as sent: the theme gives back what a family typed before the page expired. */
    static final String ACTION_KEEP = "keep";
    /** The recovery form's input, named after the attribute like the registration form's. */
    static final String FIELD_DOSSIER_NUMBER = DossierAttributes.NUMBER;

    static final String NOTE_STAFF_MESSAGE = "portail-famille.staff-message";

    private final BridgeClient bridge;

    public FamilyInfoAction(BridgeClient bridge) {
        this.bridge = bridge;
    }

    @Override
    public void evaluateTriggers(RequiredActionContext context) {
        UserModel user = context.getUser();
        if (DossierStatus.INFO_REQUESTED.isSetOn(user) || needsDossierStep(context, user)) {
            user.addRequiredAction(ProviderIds.FAMILY_INFO);
        }
    }

    /** Signed in with FranceConnect, and neither linked to a dossier nor waiting for staff: offer the dossier step. */
    private static boolean needsDossierStep(RequiredActionContext context, UserModel user) {
        return user.getFirstAttribute(DossierAttributes.STATUS) == null
                && FranceConnectIdentity.isLinked(context.getSession(), context.getRealm(), user);
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        // A sign-up with a dossier number whose link is not recorded yet: now, or the form asks.
        new DossierLink(bridge).settlePending(context.getUser());
        if (DossierStatus.LINKED.isSetOn(context.getUser())) {
            // Linked since the action was set (by staff or a dossier number): nothing to ask.
            context.success();
            return;
        }
        context.challenge(prefilledPage(context).render(context.form()));
    }

    @Override
    public void processAction(RequiredActionContext context) {
        MultivaluedMap<String, String> posted = context.getHttpRequest().getDecodedFormParameters();
        String action = posted.getFirst(ACTION);
        if (ACTION_DOSSIER_NUMBER.equals(action)) {
            recoverDossier(context, posted.getFirst(FIELD_DOSSIER_NUMBER));
            return;
        }
        FamilyForm family = FamilyForm.parse(posted);
        // Staff's message stays on screen while the family corrects its data.
        String staffMessage = context.getAuthenticationSession().getAuthNote(NOTE_STAFF_MESSAGE);
        Optional<FranceConnectIdentity> identity = FranceConnectIdentity.of(context.getUser());
        if (ACTION_ADD_CHILD.equals(action)) {
            FamilyInfoPage page = page(family, staffMessage, identity);
            if (!family.addChild()) {
                page.error(FamilyMessages.TOO_MANY_CHILDREN);
            }
            context.challenge(page.render(context.form()));
            return;
        }
        if (ACTION_KEEP.equals(action)) {
            context.challenge(page(family, staffMessage, identity).render(context.form()));
            return;
        }
        if (action != null && action.startsWith(ACTION_REMOVE_CHILD)) {
            family.removeChild(parseIndex(action.substring(ACTION_REMOVE_CHILD.length())));
            context.challenge(page(family, staffMessage, identity).render(context.form()));
            return;
        }
        submit(context, family, staffMessage, identity);
    }

    private void submit(RequiredActionContext context, FamilyForm family, String staffMessage,
            Optional<FranceConnectIdentity> identity) {
        UserModel user = context.getUser();
        Map<String, Object> body = family.toBridgeBody(user.getId(), user.getLastName(), user.getFirstName(), user.getEmail());
        identity.ifPresent(fc -> body.put("identity", fc.toBridgeBody()));
        FamilyRequestResult result = bridge.submitFamilyRequest(body);
        context.getEvent().detail("family_request", result.outcome().name().toLowerCase());
        switch (result.outcome()) {
            case STORED -> {
                DossierStatus.PENDING_REVIEW.setOn(user);
                context.success();
            }
            case ALREADY_DECIDED -> context.success();
            case INVALID -> {
                List<FormMessage> errors = BridgeFieldMapping.toFormMessages(result.errors());
                FamilyInfoPage page = page(family, staffMessage, identity);
                if (errors.stream().noneMatch(error -> FormMessage.GLOBAL.equals(error.getField()))) {
                    page.error(FamilyMessages.CORRECT_BELOW);
                }
                context.challenge(page.fieldErrors(errors).render(context.form()));
            }
            case UNAVAILABLE -> context.challenge(page(family, staffMessage, identity)
                    .error(FamilyMessages.BRIDGE_UNAVAILABLE).render(context.form()));
        }
    }

    private static FamilyInfoPage page(FamilyForm family, String staffMessage, Optional<FranceConnectIdentity> identity) {
        return new FamilyInfoPage(family).staffMessage(staffMessage).identity(identity.orElse(null));
    }

    private void recoverDossier(RequiredActionContext context, String typed) {
        Optional<String> refusal = new DossierNumberRecovery(bridge)
                .recover(context.getUser(), typed, context.getConnection().getRemoteAddr());
        context.getEvent().detail("dossier_check", refusal.orElse("match"));
        if (refusal.isEmpty()) {
            context.success();
            return;
        }
        context.form().addError(new FormMessage(FIELD_DOSSIER_NUMBER, refusal.get()));
        context.challenge(prefilledPage(context).dossierNumber(typed).render(context.form()));
    }

    /** The form as the bridge last saw it (with staff's message), or empty with one child row. */
    private FamilyInfoPage prefilledPage(RequiredActionContext context) {
        return requestPage(context).identity(FranceConnectIdentity.of(context.getUser()).orElse(null));
    }

    private FamilyInfoPage requestPage(RequiredActionContext context) {
        FamilyRequestLookup current = bridge.currentFamilyRequest(context.getUser().getId());
        context.getAuthenticationSession().removeAuthNote(NOTE_STAFF_MESSAGE);
        return switch (current.outcome()) {
            case FOUND -> {
                // The bridge's request statuses use the account's status values.
                String staffMessage = DossierStatus.INFO_REQUESTED.value().equals(current.status())
                        ? current.staffMessage() : null;
                if (staffMessage != null && !staffMessage.isBlank()) {
                    context.getAuthenticationSession().setAuthNote(NOTE_STAFF_MESSAGE, staffMessage);
                }
                yield new FamilyInfoPage(FamilyForm.fromSubmitted(current.submitted())).staffMessage(staffMessage);
            }
            case NONE -> new FamilyInfoPage(FamilyForm.empty());
            case UNAVAILABLE -> {
                FamilyInfoPage page = new FamilyInfoPage(FamilyForm.empty());
                if (DossierStatus.INFO_REQUESTED.isSetOn(context.getUser())) {
                    page.error(FamilyMessages.STAFF_MESSAGE_UNAVAILABLE);
                }
                yield page;
            }
        };
    }

    private static int parseIndex(String raw) {
        try {
            return Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public void close() {
    }
}
