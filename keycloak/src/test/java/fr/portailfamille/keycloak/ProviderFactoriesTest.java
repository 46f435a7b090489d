package fr.portailfamille.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockingDetails;
import static org.mockito.Mockito.when;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.keycloak.Config;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.w3c.dom.Document;

import fr.portailfamille.keycloak.bridge.BridgeSettings;
import fr.portailfamille.keycloak.familyinfo.FamilyInfoActionFactory;
import fr.portailfamille.keycloak.registration.DossierNumberValidationFactory;

/**
 * The options both provider factories read are declared, and the admin
 * console's server info shows the jar's version and the options in force.
 */
class ProviderFactoriesTest {

    static Stream<Supplier<ProviderFactory<?>>> factories() {
        return Stream.of(DossierNumberValidationFactory::new, FamilyInfoActionFactory::new);
    }

    /** The options a factory asks its configuration for when Keycloak starts it. */
    private static Set<String> optionsRead(ProviderFactory<?> factory) {
        Config.Scope scope = mock(Config.Scope.class);
        factory.init(scope);
        return mockingDetails(scope).getInvocations().stream()
                .map(invocation -> (String) invocation.getArgument(0))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> names(List<ProviderConfigProperty> options) {
        return options.stream().map(ProviderConfigProperty::getName).collect(Collectors.toCollection(TreeSet::new));
    }

    @ParameterizedTest
    @MethodSource("factories")
    void everyOptionAFactoryReadsIsDeclaredWithALabelAndAHelpText(Supplier<ProviderFactory<?>> make) {
        assertEquals(optionsRead(make.get()), names(BridgeSettings.options()));
        for (ProviderConfigProperty option : BridgeSettings.options()) {
            assertFalse(option.getLabel() == null || option.getLabel().isBlank(), option.getName());
            assertFalse(option.getHelpText() == null || option.getHelpText().isBlank(), option.getName());
        }
    }

    @Test
    void theFormActionDeclaresItsSpiOptions() {
        assertEquals(names(BridgeSettings.options()), names(new DossierNumberValidationFactory().getConfigMetadata()));
    }

    @Test
    void theRequiredActionKeepsItsPerRealmSettingsFreeOfServerOptions() {
        // For a required action, getConfigMetadata() fills the admin console's
        // per-realm "Configure" dialog: Keycloak's own setting stays, the
        // server-wide bridge options would be inert there.
        Set<String> perRealm = names(new FamilyInfoActionFactory().getConfigMetadata());
        assertEquals(names(RequiredActionFactory.MAX_AUTH_AGE_CONFIG_PROPERTIES), perRealm);
    }

    @Test
    void theSecretIsDeclaredSecretAndTheOthersHaveTheirDefault() {
        Map<String, ProviderConfigProperty> declared = BridgeSettings.options().stream()
                .collect(Collectors.toMap(ProviderConfigProperty::getName, option -> option));
        assertTrue(declared.get("bridge-secret").isSecret());
        assertEquals("http://127.0.0.1:5000", declared.get("bridge-url").getDefaultValue());
        assertEquals(2000, declared.get("bridge-timeout-ms").getDefaultValue());
    }

    @ParameterizedTest
    @MethodSource("factories")
    void serverInfoShowsTheJarsVersionAndTheOptionsInForceButNeverTheSecret(Supplier<ProviderFactory<?>> make)
            throws Exception {
        ProviderFactory<?> factory = make.get();
        Config.Scope scope = mock(Config.Scope.class);
        when(scope.get("bridge-url")).thenReturn("http://bridge:5000/");
        when(scope.get("bridge-secret")).thenReturn("s3cret-value");
        when(scope.getInt(eq("bridge-timeout-ms"), any())).thenReturn(1500);
        factory.init(scope);

        Map<String, String> info = ((ServerInfoAwareProviderFactory) factory).getOperationalInfo();

        assertEquals(pomVersion(), info.get("version"));
        assertEquals("http://bridge:5000", info.get("bridge-url"));
        assertEquals("1500", info.get("bridge-timeout-ms"));
        assertEquals("set", info.get("bridge-secret"));
        assertFalse(info.containsValue("s3cret-value"));
        assertTrue(info.keySet().containsAll(names(BridgeSettings.options())), info.toString());
    }

    /** The project's version as the pom gives it: the jar must say the same. */
    static String pomVersion() throws Exception {
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
        String version = XPathFactory.newInstance().newXPath().evaluate("/*[local-name()='project']/*[local-name()='version']", pom);
        assertNotEquals("", version);
        return version;
    }
}
