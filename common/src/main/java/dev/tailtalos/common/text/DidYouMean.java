package dev.tailtalos.common.text;

import org.apache.commons.text.similarity.LevenshteinDistance;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** The known name closest to a mistyped one, for "did you mean …" in errors (edit distance, case-insensitive). */
public final class DidYouMean {

    private DidYouMean() {
    }

    /** The closest candidate within a third of the input's length (at least 2 edits), if any. */
    public static Optional<String> closest(String input, Collection<String> candidates) {
        if (input == null || input.isEmpty()) {
            return Optional.empty();
        }
        int limit = Math.max(2, input.length() / 3);
        LevenshteinDistance distance = new LevenshteinDistance(limit);
        String lower = input.toLowerCase(java.util.Locale.ROOT);
        return candidates.stream()
                .filter(c -> distance.apply(lower, c.toLowerCase(java.util.Locale.ROOT)) >= 0)
                .min(Comparator.comparingInt((String c) -> distance.apply(lower, c.toLowerCase(java.util.Locale.ROOT)))
                        .thenComparing(Comparator.naturalOrder()));
    }

    /** {@code " (did you mean \"x\"?)"}, or an empty string when nothing is close. */
    public static String hint(String input, Collection<String> candidates) {
        return closest(input, candidates).map(c -> " (did you mean \"" + c + "\"?)").orElse("");
    }
}
