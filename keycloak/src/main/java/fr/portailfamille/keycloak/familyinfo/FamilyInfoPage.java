package fr.portailfamille.keycloak.familyinfo;

import java.util.ArrayList;
import java.util.List;

import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.utils.FormMessage;

import fr.portailfamille.keycloak.identity.FranceConnectIdentity;

import jakarta.ws.rs.core.Response;

/**
 * Renders family-info.ftl: the family form (as typed or prefilled), staff's
 * message if any, the dossier-number way out, the adult's identity when
 * FranceConnect gave it, and the messages to show.
 */
public final class FamilyInfoPage {

    public static final String TEMPLATE = "family-info.ftl";

    private final FamilyForm family;
    private final List<FormMessage> messages = new ArrayList<>();
    private String staffMessage;
    private String dossierNumber = "";
    private FranceConnectIdentity identity;

    public FamilyInfoPage(FamilyForm family) {
        this.family = family;
    }

    public FamilyInfoPage staffMessage(String message) {
        this.staffMessage = message == null || message.isBlank() ? null : message;
        return this;
    }

    /** What was typed in the dossier-number form, shown again beside its error. */
    public FamilyInfoPage dossierNumber(String typed) {
        this.dossierNumber = typed == null ? "" : typed;
        return this;
    }

    /** The identity FranceConnect gave (shown, not typed), or null for an account without one. */
    public FamilyInfoPage identity(FranceConnectIdentity identity) {
        this.identity = identity;
        return this;
    }

    /** A message for the whole form, shown at its top. */
    public FamilyInfoPage error(String key) {
        messages.add(new FormMessage(null, key));
        return this;
    }

    public FamilyInfoPage fieldErrors(List<FormMessage> fieldMessages) {
        messages.addAll(fieldMessages);
        return this;
    }

    public Response render(LoginFormsProvider form) {
        if (!messages.isEmpty()) {
            form.setErrors(messages);
        }
        form.setAttribute("family", family.toTemplateModel());
        form.setAttribute("staffMessage", staffMessage);
        form.setAttribute("recoveryDossierNumber", dossierNumber);
        form.setAttribute("franceconnect", identity == null ? null : identity.toTemplateModel());
        return form.createForm(TEMPLATE);
    }
}
