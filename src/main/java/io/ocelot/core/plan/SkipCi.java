package io.ocelot.core.plan;

import java.util.List;
import java.util.regex.Pattern;

/** The {@code [skip ci]} / {@code [ci skip]} convention (any case) shared with GitHub, GitLab and Bitbucket Pipelines. */
final class SkipCi {
    private static final Pattern MARKER = Pattern.compile("\\[(?:skip ci|ci skip)]", Pattern.CASE_INSENSITIVE);
    private static final int SUBJECT_MAX = 72;

    private SkipCi() {
    }

    /** The no-build reason naming the commit that asked, or null when no message carries the marker. */
    static String find(List<String> commitMessages) {
        for (String m : commitMessages) {
            var matcher = MARKER.matcher(m);
            if (matcher.find()) {
                String subject = m.strip().lines().findFirst().orElse("");
                if (subject.length() > SUBJECT_MAX) {
                    subject = subject.substring(0, SUBJECT_MAX - 3) + "...";
                }
                return matcher.group() + " in commit message '" + subject + "'";
            }
        }
        return null;
    }
}
