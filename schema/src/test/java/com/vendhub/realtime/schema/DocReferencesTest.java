package com.vendhub.realtime.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every place that sends a reader to the documentation sends them somewhere that exists: a comment's
 * {@code docs/<file>.md, "<heading>"} names an existing file and heading, and a Markdown link
 * {@code [text](<file>.md#anchor)} in the README or {@code docs/} resolves. The product's external contract is
 * one of those docs ({@code docs/contract.md}, a plain copy of the shared folder's), cited the same way; a
 * heading may be cited without its trailing parenthesis ({@code "Telemetry payload"} for "Telemetry payload (the
 * seed's types)"). Checked over the whole repository from the lowest module, so a stale reference fails the build
 * before anything else is tested.
 */
class DocReferencesTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Set<String> SOURCE_SUFFIXES = Set.of(".java", ".sh", ".xml", ".mjs", ".js", ".properties");
    /** A comment's reference; the heading may continue on the next comment line. */
    private static final Pattern CODE_REFERENCE = Pattern.compile("docs/([a-z-]+)\\.md(?:,\\s*\"([^\"]+)\")?");
    private static final Pattern MARKDOWN_LINK = Pattern.compile("\\]\\(([^)#\\s]*\\.md)?(?:#([^)\\s]+))?\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.+?)\\s*$");
    /** A heading's trailing remark in parentheses, which a citation may leave out. */
    private static final Pattern TRAILING_REMARK = Pattern.compile("\\s*\\([^()]*\\)$");
    /**
     * A citation of the contract that names no file ({@code contract, "MQTT"}, {@code contract "REST"},
     * {@code contract, REST}, {@code contract's "Delivery guarantees"}), so that nothing checks its heading.
     */
    private static final Pattern UNCHECKED_CONTRACT_CITATION =
            Pattern.compile("(?<![/.\\w])contract(?:'s)?(?:,\\s*|\\s+)\\(?(?:\"|(?:MQTT|REST|Socket)\\b)");

    @Test
    void everyReferenceInTheCodeNamesAnExistingDocAndHeading() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path file : files(p -> SOURCE_SUFFIXES.stream().anyMatch(s -> p.toString().endsWith(s)))) {
            String text = joinedLines(file);
            // Spelled in two halves so that this file does not match itself.
            if (text.contains("README" + ", \"") || text.contains("docs/" + "hardening")) {
                broken.add(ROOT.relativize(file) + ": cites an old README section or a removed working note");
            }
            Matcher m = CODE_REFERENCE.matcher(text);
            while (m.find()) {
                Path doc = ROOT.resolve("docs").resolve(m.group(1) + ".md");
                if (!Files.isRegularFile(doc)) {
                    broken.add(ROOT.relativize(file) + ": no " + ROOT.relativize(doc));
                } else if (m.group(2) != null && !headings(doc).contains(normalize(m.group(2)))) {
                    broken.add(ROOT.relativize(file) + ": no heading \"" + m.group(2) + "\" in " + ROOT.relativize(doc));
                }
            }
        }
        assertThat(broken).isEmpty();
    }

    @Test
    void everyCitationOfTheContractNamesItsFileSoThatItsHeadingIsChecked() throws IOException {
        List<String> unchecked = new ArrayList<>();
        for (Path file : files(p -> p.toString().endsWith(".md")
                || SOURCE_SUFFIXES.stream().anyMatch(s -> p.toString().endsWith(s)))) {
            if (file.endsWith(Path.of("schema", "DocReferencesTest.java"))) {
                continue; // its own javadoc shows the forms it refuses
            }
            String text = joinedLines(file);
            Matcher m = UNCHECKED_CONTRACT_CITATION.matcher(text);
            while (m.find()) {
                unchecked.add(ROOT.relativize(file) + ": \"" + text.substring(m.start(), Math.min(text.length(), m.end() + 30))
                        + "\" (cite docs/contract.md, \"<heading>\", or link contract.md#<anchor> from a doc)");
            }
        }
        assertThat(unchecked).isEmpty();
    }

    @Test
    void everyMarkdownLinkBetweenTheDocsResolves() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path file : files(p -> p.toString().endsWith(".md"))) {
            Matcher m = MARKDOWN_LINK.matcher(Files.readString(file, StandardCharsets.UTF_8));
            while (m.find()) {
                Path target = m.group(1) == null ? file : file.getParent().resolve(m.group(1)).normalize();
                if (!Files.isRegularFile(target)) {
                    broken.add(ROOT.relativize(file) + ": no " + m.group(1));
                } else if (m.group(2) != null && !anchors(target).contains(m.group(2))) {
                    broken.add(ROOT.relativize(file) + ": no #" + m.group(2) + " in " + ROOT.relativize(target));
                }
            }
        }
        assertThat(broken).isEmpty();
    }

    /** The file with its lines joined and comment markers dropped, so that a heading broken over two lines reads as one. */
    private static String joinedLines(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8).replaceAll("\\R\\s*(?:\\*(?!/)|//|#)?\\s*", " ");
    }

    private static List<Path> files(java.util.function.Predicate<Path> wanted) throws IOException {
        try (Stream<Path> all = Files.walk(ROOT)) {
            return all.filter(Files::isRegularFile)
                    .filter(p -> ROOT.relativize(p).toString().split("/").length > 0)
                    .filter(p -> {
                        String rel = ROOT.relativize(p).toString();
                        return !rel.startsWith(".git/") && !rel.contains("/target/") && !rel.startsWith("target/")
                                && !rel.contains("node_modules/");
                    })
                    .filter(wanted).toList();
        }
    }

    private static Set<String> headings(Path doc) {
        return headingLines(doc).stream()
                .flatMap(h -> Stream.of(h, TRAILING_REMARK.matcher(h).replaceFirst("")))
                .map(DocReferencesTest::normalize)
                .collect(Collectors.toSet());
    }

    /** GitHub's anchors: lower case, punctuation other than hyphens and spaces dropped, spaces as hyphens. */
    private static Set<String> anchors(Path doc) {
        return headingLines(doc).stream()
                .map(h -> h.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'))
                .collect(Collectors.toSet());
    }

    private static List<String> headingLines(Path doc) {
        try {
            List<String> out = new ArrayList<>();
            boolean fenced = false;
            for (String line : Files.readAllLines(doc, StandardCharsets.UTF_8)) {
                if (line.startsWith("```")) {
                    fenced = !fenced;
                }
                Matcher m = HEADING.matcher(line);
                if (!fenced && m.matches()) {
                    out.add(m.group(1));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String normalize(String heading) {
        return heading.replace("`", "").trim().toLowerCase(Locale.ROOT);
    }
}
