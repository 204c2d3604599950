package tdpsim.loadgen.scenario;

import java.util.List;

/**
 * Did-you-mean suggestions: the Levenshtein distance between two names and the candidate nearest to a mistyped one.
 * The one place for it: scenario keys ({@link UnknownKeys}) and sweep keys use it alike.
 */
public final class EditDistance {
  private EditDistance() {}

  /** The candidate with the smallest edit distance to {@code key} (first in order on ties), or null if none. */
  public static String nearest(String key, List<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int distance = of(key, candidate);
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return best;
  }

  /** Levenshtein distance (insert, delete, substitute each cost 1), two-row dynamic programme. */
  public static int of(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitute, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
