package fr.portailfamille.keycloak.dossier;

/**
 * The Keycloak user attributes that carry an account's dossier (declared in
 * the realm's user profile, read by city apps through the {@code dossier}
 * client scope). Their names are typed here and nowhere else in Java; the
 * registration form and the family-info form name their dossier number input
 * after {@link #NUMBER}, as Keycloak names profile fields after attributes.
 */
public final class DossierAttributes {

    /** The dossier number; set only once the bridge recorded the link. */
    public static final String NUMBER = "dossierNumber";
    /** Admin-only: one of {@link DossierStatus}, or absent. */
    public static final String STATUS = "dossierStatus";

    private DossierAttributes() {
    }
}
