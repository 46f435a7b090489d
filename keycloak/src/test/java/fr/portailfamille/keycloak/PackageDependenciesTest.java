package fr.portailfamille.keycloak;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The extension's packages depend on each other one way: the two providers
 * ({@code registration}, {@code familyinfo}) on what they share
 * ({@code dossier}, {@code extension}), and those on the bridge client.
 *
 * Checked twice: on the compiled classes (ArchUnit), and on the sources'
 * references, because javac inlines constants such as a provider id, so that
 * a cycle made only of constants leaves no trace in the class files.
 */
class PackageDependenciesTest {

    private static final String ROOT = "fr.portailfamille.keycloak";
    private static final Path MAIN_SOURCES = Path.of("src", "main", "java");
    private static final Pattern REFERENCE = Pattern.compile(Pattern.quote(ROOT) + "\\.([a-z0-9_]+)\\.");

    private static final JavaClasses MAIN_CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    @Test
    void noPackageCycleBetweenTheClasses() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(MAIN_CLASSES);
    }

    @Test
    void noPackageCycleBetweenTheSources() {
        Map<String, Set<String>> uses = sourceDependencies();
        assertTrue(uses.keySet().containsAll(List.of("bridge", "dossier", "extension", "registration", "familyinfo")),
                "the source walk found " + uses.keySet());
        for (String start : uses.keySet()) {
            List<String> cycle = cycleFrom(start, uses, new ArrayList<>());
            assertEquals(List.of(), cycle, "package cycle: " + String.join(" -> ", cycle));
        }
    }

    @Test
    void theProvidersDoNotUseEachOther() {
        noClasses().that().resideInAPackage(ROOT + ".registration..")
                .should().dependOnClassesThat().resideInAPackage(ROOT + ".familyinfo..")
                .check(MAIN_CLASSES);
        noClasses().that().resideInAPackage(ROOT + ".familyinfo..")
                .should().dependOnClassesThat().resideInAPackage(ROOT + ".registration..")
                .check(MAIN_CLASSES);
    }

    @Test
    void theBridgeClientKnowsNothingOfTheSteps() {
        noClasses().that().resideInAPackage(ROOT + ".bridge..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        ROOT + ".registration..", ROOT + ".familyinfo..", ROOT + ".dossier..", ROOT + ".extension..")
                .check(MAIN_CLASSES);
    }

    /** Top-level package under ROOT -> the other top-level packages its sources name (imports, qualified names). */
    private static Map<String, Set<String>> sourceDependencies() {
        Path rootDir = MAIN_SOURCES.resolve(ROOT.replace('.', '/'));
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(rootDir)) {
            files.filter(file -> file.toString().endsWith(".java")).forEach(file -> {
                String from = rootDir.relativize(file).getName(0).toString();
                Set<String> targets = uses.computeIfAbsent(from, key -> new TreeSet<>());
                for (String line : read(file).split("\n")) {
                    if (line.startsWith("package ")) {
                        continue;
                    }
                    Matcher reference = REFERENCE.matcher(line);
                    while (reference.find()) {
                        if (!reference.group(1).equals(from)) {
                            targets.add(reference.group(1));
                        }
                    }
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return uses;
    }

    /** A path back to the path's first package, or an empty list. */
    private static List<String> cycleFrom(String at, Map<String, Set<String>> uses, List<String> path) {
        if (!path.isEmpty() && at.equals(path.get(0))) {
            List<String> cycle = new ArrayList<>(path);
            cycle.add(at);
            return cycle;
        }
        if (path.contains(at)) {
            return List.of();
        }
        path.add(at);
        for (String next : uses.getOrDefault(at, Set.of())) {
            List<String> cycle = cycleFrom(next, uses, path);
            if (!cycle.isEmpty()) {
                return cycle;
            }
        }
        path.remove(path.size() - 1);
        return List.of();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
