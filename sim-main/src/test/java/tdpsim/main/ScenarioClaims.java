package tdpsim.main;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The directional outcomes each library scenario promises ({@code scenarios/claims.txt}; format in its header),
 * evaluated against a run's {@code report.json}. Tests only.
 */
final class ScenarioClaims {
  /** One claim: {@code lhs op rhs}, or {@code term exists} when {@code op} is "exists". */
  record Claim(String scenario, int line, String text, String lhs, String op, String rhs) {}

  private ScenarioClaims() {}

  static List<Claim> load(Path file) throws IOException {
    List<Claim> claims = new ArrayList<>();
    List<String> lines = Files.readAllLines(file);
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i).strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      String[] parts = l.split("\\s+", 2);
      if (parts.length < 2) {
        throw new IllegalArgumentException(file + ":" + (i + 1) + ": no claim after the scenario name");
      }
      String expr = parts[1];
      if (expr.endsWith(" exists")) {
        claims.add(new Claim(parts[0], i + 1, expr, expr.substring(0, expr.length() - 7).strip(), "exists", ""));
        continue;
      }
      Claim c = null;
      for (String op : new String[] {"<=", ">=", "==", "!=", "<", ">"}) {
        int at = expr.indexOf(" " + op + " ");
        if (at >= 0) {
          c = new Claim(parts[0], i + 1, expr, expr.substring(0, at).strip(), op,
              expr.substring(at + op.length() + 2).strip());
          break;
        }
      }
      if (c == null) {
        throw new IllegalArgumentException(file + ":" + (i + 1) + ": no comparison in '" + expr + "'");
      }
      claims.add(c);
    }
    return claims;
  }

  /** Null if the claim holds on {@code report}, else what was found. */
  static String check(Claim c, JsonNode report) {
    JsonNode modes = report.get("modes");
    if (c.op().equals("exists")) {
      JsonNode v = node(modes, c.lhs(), c);
      boolean present = v != null && !v.isNull() && !(v.isTextual() && v.asText().isBlank());
      return present ? null : c.lhs() + " is missing";
    }
    double l = eval(modes, c.lhs(), c);
    double r = eval(modes, c.rhs(), c);
    boolean ok = switch (c.op()) {
      case "<" -> l < r;
      case "<=" -> l <= r;
      case ">" -> l > r;
      case ">=" -> l >= r;
      case "==" -> l == r;
      case "!=" -> l != r;
      default -> throw new IllegalArgumentException("op " + c.op());
    };
    return ok ? null : String.format(Locale.ROOT, "%s: %s = %s, %s = %s", c.text(), c.lhs(), fmt(l), c.rhs(),
        fmt(r));
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }

  /** {@code [number *] term [+ term ...]}. */
  private static double eval(JsonNode modes, String expr, Claim c) {
    double factor = 1;
    String sum = expr;
    int star = expr.indexOf('*');
    if (star >= 0) {
      factor = Double.parseDouble(expr.substring(0, star).strip());
      sum = expr.substring(star + 1);
    }
    double total = 0;
    for (String term : sum.split("\\+")) {
      total += term(modes, term.strip(), c);
    }
    return factor * total;
  }

  private static double term(JsonNode modes, String term, Claim c) {
    if (!term.contains(":")) {
      return Double.parseDouble(term);
    }
    String mode = term.substring(0, term.indexOf(':'));
    String path = term.substring(term.indexOf(':') + 1);
    if (path.equals("tableBytes")) {
      return term(modes, mode + ":tables.tdp.bytes", c) + term(modes, mode + ":tables.iommu.bytes", c);
    }
    JsonNode v = node(modes, term, c);
    if (v == null || v.isNull()) {
      return 0;
    }
    if (!v.isNumber()) {
      throw new AssertionError(c.scenario() + " line " + c.line() + ": " + term + " is not a number: " + v);
    }
    return v.asDouble();
  }

  /** The node at {@code mode:path}; null below a null; fails if the mode did not run or a key is unknown. */
  private static JsonNode node(JsonNode modes, String term, Claim c) {
    String mode = term.substring(0, term.indexOf(':'));
    JsonNode v = modes.get(mode);
    if (v == null) {
      throw new AssertionError(c.scenario() + " line " + c.line() + ": mode " + mode + " did not run");
    }
    for (String key : term.substring(term.indexOf(':') + 1).split("\\.")) {
      if (v.isNull()) {
        return null;
      }
      JsonNode next = v.get(key);
      if (next == null) {
        throw new AssertionError(c.scenario() + " line " + c.line() + ": no '" + key + "' in " + term);
      }
      v = next;
    }
    return v;
  }
}
