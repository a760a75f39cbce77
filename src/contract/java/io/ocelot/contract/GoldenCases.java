package io.ocelot.contract;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

/**
 * The golden plan cases ({@code src/test/resources/golden/<case>/}), shared by the two builds that check them: the
 * planner in the plugin build ({@code GoldenPlanTest}) and the {@code ocelot plan} command in the werker build
 * ({@code PlanCommandGoldenTest}). One list of cases and one diff, so both read the folder the same way.
 */
public final class GoldenCases {
    /** Fewer cases than this means the folder was not found or was emptied: a failure, not a quiet pass. */
    public static final int MIN_CASES = 8;

    private GoldenCases() {
    }

    /** The folder below the repository root ({@code ocelot.repo.root}, else {@code defaultRoot}). */
    public static Path folder(String defaultRoot) {
        return Path.of(System.getProperty("ocelot.repo.root", defaultRoot), "src/test/resources/golden");
    }

    /** JUnit parameters {name, folder} of every case, sorted by name. */
    public static Collection<Object[]> of(Path folder) throws IOException {
        List<Object[]> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(folder)) {
            s.filter(Files::isDirectory).sorted()
                    .forEach(p -> out.add(new Object[]{p.getFileName().toString(), p}));
        }
        if (out.size() < MIN_CASES) {
            throw new IllegalStateException("the golden plans must keep at least " + MIN_CASES + " cases in " + folder
                    + "; found " + out.size());
        }
        return out;
    }

    /** A unified diff (golden as {@code a/}, produced as {@code b/}); a lone trailing-newline change is named. */
    public static String unifiedDiff(String name, String expected, String actual) {
        List<String> a = expected.lines().toList();
        List<String> b = actual.lines().toList();
        List<String> diff = UnifiedDiffUtils.generateUnifiedDiff("a/" + name, "b/" + name, a, DiffUtils.diff(a, b), 3);
        if (diff.isEmpty()) {
            return "(the lines are equal; the line endings or the final newline differ)";
        }
        return String.join("\n", diff);
    }
}
