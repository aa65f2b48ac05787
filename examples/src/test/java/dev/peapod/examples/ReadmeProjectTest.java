package dev.peapod.examples;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's "Use Peapod in your project" is what {@code examples/team-project} uses, so a team that copies it
 * gets a build that works: each XML snippet is in the project's pom as written (line by line, in order), the
 * properties are its {@code junit-platform.properties}, and the runner class is its {@code RunCucumberTest}. The
 * project itself runs in the build (a module of the reactor), so the snippets are known to work together.
 */
class ReadmeProjectTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Path PROJECT = ROOT.resolve("examples/team-project");
    private static final Pattern BLOCK = Pattern.compile("```(\\w+)\\n(.*?)```", Pattern.DOTALL);

    @Test
    void everySnippetOfTheSectionIsInTheTeamProjectAsWritten() throws IOException {
        // given
        String section = section(Files.readString(ROOT.resolve("README.md")), "## Use Peapod in your project");
        List<String> pom = lines(Files.readString(PROJECT.resolve("pom.xml")));
        int xml = 0;
        Matcher block = BLOCK.matcher(section);
        while (block.find()) {
            List<String> snippet = lines(block.group(2));
            // then
            switch (block.group(1)) {
                case "xml" -> {
                    xml++;
                    assertThat(Collections.indexOfSubList(pom, snippet)).as("the README's XML snippet %s in team-project/pom.xml:%n%s",
                            xml, block.group(2)).isNotNegative();
                }
                case "properties" -> assertThat(lines(Files.readString(PROJECT.resolve("src/test/resources/junit-platform.properties"))))
                        .isEqualTo(snippet);
                case "java" -> assertThat(lines(Files.readString(PROJECT.resolve("src/test/java/com/example/shop/RunCucumberTest.java"))))
                        .as("RunCucumberTest").containsSubsequence(snippet);
                case "bash" -> assertThat(snippet).allSatisfy(command -> assertThat(command).startsWith("mvn "));
                default -> throw new AssertionError("a " + block.group(1) + " block the test does not know");
            }
        }
        assertThat(xml).as("XML snippets").isEqualTo(7);
    }

    /** From the heading to the next heading of the same level. */
    static String section(String readme, String heading) {
        int start = readme.indexOf("\n" + heading + "\n");
        assertThat(start).as("the README's %s", heading).isNotNegative();
        int end = readme.indexOf("\n## ", start + heading.length() + 2);
        return readme.substring(start, end < 0 ? readme.length() : end);
    }

    /** The lines stripped of their indentation, blank lines left out. */
    private static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                lines.add(line.strip());
            }
        }
        return lines;
    }
}
