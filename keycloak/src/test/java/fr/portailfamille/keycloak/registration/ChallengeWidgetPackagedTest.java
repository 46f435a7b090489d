package fr.portailfamille.keycloak.registration;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.junit.jupiter.api.Test;

/**
 * The registration page loads ALTCHA's widget from the extension's theme
 * resources: a jar built without it (npm packages not installed) would show
 * the challenge to nobody, so the build fails instead.
 */
class ChallengeWidgetPackagedTest {

    @Test
    void theWidgetAndItsLicenceAreInTheJar() {
        assertNotNull(getClass().getResource("/theme-resources/resources/vendor/altcha/altcha.i18n.min.js"),
                "node_modules/altcha is missing: run `make deps` (npm ci) before building the extension");
        assertNotNull(getClass().getResource("/theme-resources/resources/vendor/altcha/LICENSE.txt"));
    }
}
