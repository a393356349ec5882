package com.vendhub.realtime.bench.soak;

import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code bench/run-soak.sh [--minutes 30] [--short | --ci] [--machines N] [--dashboards N] [--no-poison]
 * [--jar broker/target/vendhub.jar] [--out bench/target/soak]}: the soak (see
 * docs/performance.md, "Soak"). Prints the one-page summary, writes it to {@code bench/target/soak-summary.md}
 * (with {@code --out DIR}: {@code DIR/soak-summary.md}),
 * and exits 0 when every invariant held, 1 otherwise.
 */
public final class SoakBenchmark {

    private static final Path DEFAULT_SUMMARY = Path.of("bench", "target", "soak-summary.md");

    private SoakBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        SoakSettings settings = SoakSettings.full(SoakSettings.DEFAULT_DURATION);
        Path jar = Path.of("broker", "target", "vendhub.jar");
        Integer minutes = null;
        Integer machines = null;
        Integer dashboards = null;
        boolean noPoison = false;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--minutes" -> minutes = Integer.parseInt(args[++i]);
                case "--short" -> settings = SoakSettings.shortRun();
                case "--ci" -> settings = SoakSettings.ci(settings.outDir());
                case "--machines" -> machines = Integer.parseInt(args[++i]);
                case "--dashboards" -> dashboards = Integer.parseInt(args[++i]);
                case "--no-poison" -> noPoison = true;
                case "--jar" -> jar = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> {
                    System.err.println("unknown option " + args[i] + "; usage: bench/run-soak.sh [--minutes 30] [--short | --ci] "
                            + "[--machines 2000] [--dashboards 2000] [--no-poison] [--jar broker/target/vendhub.jar] "
                            + "[--out bench/target/soak]");
                    System.exit(2);
                }
            }
        }
        if (minutes != null) {
            if (minutes < 1 || minutes > 24 * 60) {
                throw new IllegalArgumentException("--minutes must be within 1..1440");
            }
            settings = settings.withDuration(Duration.ofMinutes(minutes));
        }
        if (machines != null || dashboards != null) {
            settings = settings.withSize(machines != null ? machines : settings.machines(),
                    dashboards != null ? dashboards : settings.dashboards());
        }
        if (noPoison) {
            settings = settings.withPoisonEvery(Duration.ZERO);
        }
        if (out != null) {
            settings = settings.withOutDir(out);
        }
        SoakRun.Result result = new SoakRun(settings, jar, System.out::println).run();
        String summary = result.report().markdown();
        Path written = settings.outDir().resolve("soak-summary.md");
        if (out == null) {
            // The documented place: bench/target/soak-summary.md (the run's files stay in bench/target/soak/run-*).
            written = DEFAULT_SUMMARY;
            java.nio.file.Files.writeString(written, summary);
        }
        System.out.println();
        System.out.println(summary);
        System.out.println("written to " + written + " and " + result.dir());
        System.exit(result.passed() ? 0 : 1);
    }
}
