package io.ocelot.core.lang;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the known name a user most likely meant ("stage" → "stages", "machinetag" → "machineTag") by Levenshtein
 * distance, ignoring case. A suggestion is only made when it is close enough to be a typo: a far-fetched guess
 * ("foo" → "env") misleads more than it helps.
 */
public final class KeySuggester {
    private KeySuggester() {
    }

    public static Optional<String> nearest(String typed, Collection<String> known) {
        String t = typed.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(t, k.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        // one edit for short names, up to a third of the name for longer ones (two for "buildtol" → "buildTool")
        int allowed = Math.max(1, Math.min(3, best.length() / 3));
        return bestDistance <= allowed ? Optional.of(best) : Optional.empty();
    }

    /** Plain Levenshtein distance (insert, delete, substitute each cost 1); two rows, O(|a|·|b|). */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] swap = prev;
            prev = cur;
            cur = swap;
        }
        return prev[b.length()];
    }
}
