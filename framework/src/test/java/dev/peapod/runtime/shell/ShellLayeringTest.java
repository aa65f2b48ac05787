package dev.peapod.runtime.shell;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import java.nio.file.FileSystems;
import java.nio.file.Path;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The shell never names the host's files, processes or network: a script acts only on the
 * container's Jimfs and the caller's {@link Network} (DESIGN §6). Same import as LayeringTest, so
 * ArchUnit reads the classes once.
 */
@AnalyzeClasses(packages = "dev.peapod", importOptions = ImportOption.DoNotIncludeTests.class)
class ShellLayeringTest {
    @ArchTest
    static final ArchRule SHELL_STAYS_OFF_THE_HOST = noClasses().that().resideInAPackage("dev.peapod.runtime.shell..")
            .should().dependOnClassesThat().belongToAnyOf(java.io.File.class, FileSystems.class, java.nio.file.Paths.class,
                    ProcessBuilder.class, Runtime.class, Thread.class, java.net.Socket.class, java.net.URL.class,
                    java.net.http.HttpClient.class)
            .orShould().callMethod(Path.class, "of", String.class, String[].class)
            .because("a script acts only on the container's Jimfs and the caller's Network (DESIGN §6)");
}
