package com.vendhub.realtime.bench.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/**
 * The import rules of the module READMEs that Maven cannot check. Maven refuses an undeclared
 * dependency, but bench declares the broker module and so could reach any of its internals, and a
 * type may move into {@code schema} in a package that still says what it must not import. Every
 * reference to a project package in code (imports and fully qualified names, not strings) is checked.
 */
class ModuleImportsTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Pattern REFERENCE = Pattern.compile("\\bcom\\.vendhub\\.realtime\\.(\\w+)((?:\\.\\w+)*)");
    private static final Pattern STRING_LITERAL = Pattern.compile("\"(?:[^\"\\\\\\n]|\\\\.)*\"");
    /**
     * bench's only way into broker: the assembly, the settings records it is built from, wherever their
     * concern lives, and the product's embedded database that the ingest and fan-out benchmarks measure on
     * (bench/README.md).
     */
    private static final Pattern BENCH_MAY_USE_OF_BROKER = Pattern.compile(
            "(\\.app\\.VendhubServer|\\.db\\.EmbeddedDatabase|\\.db\\.EmbeddedDurability"
                    + "|(\\.\\w+)+\\.\\w+(Settings|Tuning))\\b.*");

    @Test
    void benchUsesOnlyTheBrokersPublicAssembly() {
        List<String> offences = new ArrayList<>();
        for (Reference r : references("bench")) {
            if (r.module().equals("broker") && !BENCH_MAY_USE_OF_BROKER.matcher(r.rest()).matches()) {
                offences.add(r.toString());
            }
        }
        assertThat(offences).as("bench imports broker internals").isEmpty();
    }

    @Test
    void schemaImportsNothingOfTheProject() {
        assertThat(offences("schema", "schema")).isEmpty();
    }

    @Test
    void ingestImportsOnlySchema() {
        assertThat(offences("ingest", "ingest", "schema")).isEmpty();
    }

    @Test
    void fanoutImportsOnlySchema() {
        assertThat(offences("fanout", "fanout", "schema")).isEmpty();
    }

    @Test
    void theSimulatorImportsOnlySchema() {
        assertThat(offences("firmware-sim", "sim", "schema")).isEmpty();
    }

    @Test
    void theRuleSeesAnImportInCodeButNotInAString() {
        String code = "import com.vendhub.realtime.broker.db.EmbeddedDatabase;\n"
                + "String main = \"com.vendhub.realtime.broker.cli.Vendhub\";\n";
        assertThat(references(Path.of("X.java"), code)).extracting(Reference::module, Reference::rest)
                .containsExactly(Tuple.tuple("broker", ".db.EmbeddedDatabase"));
    }

    /** References of {@code module}'s main and test code to project packages other than {@code allowed}. */
    private static List<String> offences(String module, String... allowed) {
        List<String> offences = new ArrayList<>();
        for (Reference r : references(module)) {
            if (!List.of(allowed).contains(r.module())) {
                offences.add(r.toString());
            }
        }
        return offences;
    }

    private static List<Reference> references(String module) {
        Path src = ROOT.resolve(module).resolve("src");
        assertThat(src).as("sources of " + module).isDirectory();
        List<Reference> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(src)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                out.addAll(references(file, Files.readString(file)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static List<Reference> references(Path file, String code) {
        String withoutStrings = STRING_LITERAL.matcher(code).replaceAll("\"\"");
        List<Reference> out = new ArrayList<>();
        for (String line : withoutStrings.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("package ") || trimmed.startsWith("*") || trimmed.startsWith("//")
                    || trimmed.startsWith("/*")) {
                continue; // its own package, and javadoc that names a class is no dependency
            }
            Matcher m = REFERENCE.matcher(line);
            while (m.find()) {
                out.add(new Reference(file, m.group(1), m.group(2)));
            }
        }
        return out;
    }

    private record Reference(Path file, String module, String rest) {
        @Override
        public String toString() {
            return ROOT.relativize(file.toAbsolutePath()) + ": com.vendhub.realtime." + module + rest;
        }
    }
}
