package tdpsim.main;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures the methods and constructors of one Java source by counting braces (tests only).
 *
 * <p>A method's length is its lines from the signature (the first line after its annotations) through the closing
 * brace, comments and blank lines included. Comments, string, char and text-block literals are skipped when counting
 * braces. A block opened directly in a class body is a method when its header (the code since the previous semicolon
 * or brace) has a parameter list and no {@code =}, or is a record's compact constructor; methods of nested, local and
 * anonymous classes are measured too. Not a parser: it relies on the code being compilable.
 */
final class MethodLengths {
  /** One measured method: its name, the line of its signature and its length in lines. */
  record Method(String name, int line, int lines) {}

  private enum Kind { CLASS_BODY, ENUM_BODY, METHOD, CODE }

  private static final Pattern TYPE_KEYWORD = Pattern.compile("(^|[^\\w.])(class|interface|enum|record)\\s+\\w");
  private static final Pattern ENDS_WITH_NEW = Pattern.compile("\\bnew\\s+[\\w.]+\\s*(<[^;()]*>)?\\s*$");
  private static final Pattern NAME_BEFORE_PAREN = Pattern.compile("(\\w+)\\s*(<[^()]*>)?\\s*\\($");
  private static final Pattern LAST_WORD = Pattern.compile("(\\w+)\\s*$");

  /** One open brace: what it opened, and for methods where and what. */
  private static final class Frame {
    final Kind kind;
    final String name;
    final int line;
    boolean enumConstantsPending;

    Frame(Kind kind, String name, int line) {
      this.kind = kind;
      this.name = name;
      this.line = line;
      this.enumConstantsPending = kind == Kind.ENUM_BODY;
    }
  }

  private final String src;
  private final List<Method> methods = new ArrayList<>();
  private final Deque<Frame> open = new ArrayDeque<>();
  private final StringBuilder header = new StringBuilder();
  private final List<Integer> headerLines = new ArrayList<>();
  private int pos;
  private int line = 1;

  private MethodLengths(String src) {
    this.src = src;
  }

  /** Every method and constructor of {@code src}, in the order their bodies close. */
  static List<Method> of(String src) {
    MethodLengths m = new MethodLengths(src);
    m.scan();
    return m.methods;
  }

  private void scan() {
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (src.startsWith("//", pos)) {
        skipTo("\n", 2, false);
      } else if (src.startsWith("/*", pos)) {
        skipTo("*/", 2, true);
      } else if (src.startsWith("\"\"\"", pos)) {
        skipTo("\"\"\"", 3, true);
        appendHeader('"');
      } else if (c == '"' || c == '\'') {
        skipLiteral(c);
        appendHeader(c);
      } else if (c == '{') {
        openBrace();
        pos++;
      } else if (c == '}') {
        closeBrace();
        pos++;
      } else if (c == ';') {
        if (!open.isEmpty()) {
          open.peek().enumConstantsPending = false;
        }
        clearHeader();
        pos++;
      } else {
        appendHeader(c);
        if (c == '\n') {
          line++;
        }
        pos++;
      }
    }
  }

  /** Moves past {@code end} (or to it, for line comments) after an opening of {@code from} chars, counting lines. */
  private void skipTo(String end, int from, boolean pastEnd) {
    int e = src.indexOf(end, pos + from);
    int stop = e < 0 ? src.length() : (pastEnd ? e + end.length() : e);
    for (int i = pos; i < stop; i++) {
      if (src.charAt(i) == '\n') {
        line++;
      }
    }
    pos = stop;
  }

  private void skipLiteral(char quote) {
    pos++;
    while (pos < src.length() && src.charAt(pos) != quote) {
      pos += src.charAt(pos) == '\\' ? 2 : 1;
    }
    pos++;
  }

  private void appendHeader(char c) {
    header.append(c);
    headerLines.add(line);
  }

  private void clearHeader() {
    header.setLength(0);
    headerLines.clear();
  }

  private void openBrace() {
    Frame parent = open.peek();
    String h = header.toString();
    Frame f;
    if (TYPE_KEYWORD.matcher(h).find()) {
      f = new Frame(h.matches("(?s).*\\benum\\s.*") ? Kind.ENUM_BODY : Kind.CLASS_BODY, null, 0);
    } else if (isAnonymousClassHeader(h)) {
      f = new Frame(Kind.CLASS_BODY, null, 0);
    } else if (parent != null && parent.enumConstantsPending) {
      f = new Frame(Kind.CLASS_BODY, null, 0);
    } else if (parent != null && (parent.kind == Kind.CLASS_BODY || parent.kind == Kind.ENUM_BODY)) {
      f = memberBlock(h);
    } else {
      f = new Frame(Kind.CODE, null, 0);
    }
    open.push(f);
    clearHeader();
  }

  /** A block opened directly in a class body: a method, a constructor, an initializer or a field's value. */
  private Frame memberBlock(String h) {
    int start = skipAnnotations(h);
    String sig = h.substring(start).trim();
    if (sig.isEmpty() || sig.equals("static") || hasTopLevel(sig, '=')) {
      return new Frame(Kind.CODE, null, 0);
    }
    int paren = topLevelIndex(sig, '(');
    Matcher m = paren < 0 ? LAST_WORD.matcher(sig) : NAME_BEFORE_PAREN.matcher(sig.substring(0, paren + 1));
    String name = m.find() ? m.group(1) : sig;
    int firstChar = start;
    while (Character.isWhitespace(h.charAt(firstChar))) {
      firstChar++;
    }
    return new Frame(Kind.METHOD, name, headerLines.get(firstChar));
  }

  private void closeBrace() {
    Frame f = open.poll();
    if (f != null && f.kind == Kind.METHOD) {
      methods.add(new Method(f.name, f.line, line - f.line + 1));
    }
    clearHeader();
  }

  /** Whether {@code h} ends in {@code new Type(...)}, so the brace opens an anonymous class body. */
  private static boolean isAnonymousClassHeader(String h) {
    String t = h.stripTrailing();
    if (!t.endsWith(")")) {
      return false;
    }
    int depth = 0;
    for (int i = t.length() - 1; i >= 0; i--) {
      depth += t.charAt(i) == ')' ? 1 : t.charAt(i) == '(' ? -1 : 0;
      if (depth == 0) {
        return ENDS_WITH_NEW.matcher(t.substring(0, i)).find();
      }
    }
    return false;
  }

  /**
   * The index in {@code h} after its leading annotations ({@code @Name} or {@code @Name(...)}); a leading {@code )}
   * is the tail of an annotation whose array argument's braces already cleared the header.
   */
  private static int skipAnnotations(String h) {
    int i = 0;
    while (true) {
      while (i < h.length() && (Character.isWhitespace(h.charAt(i)) || h.charAt(i) == ')')) {
        i++;
      }
      if (i >= h.length() || h.charAt(i) != '@' || h.startsWith("@interface", i)) {
        return i;
      }
      i++;
      while (i < h.length() && (Character.isJavaIdentifierPart(h.charAt(i)) || h.charAt(i) == '.')) {
        i++;
      }
      int j = i;
      while (j < h.length() && Character.isWhitespace(h.charAt(j))) {
        j++;
      }
      if (j < h.length() && h.charAt(j) == '(') {
        i = matchingParen(h, j) + 1;
      }
    }
  }

  private static int matchingParen(String h, int open) {
    int depth = 0;
    for (int i = open; i < h.length(); i++) {
      depth += h.charAt(i) == '(' ? 1 : h.charAt(i) == ')' ? -1 : 0;
      if (depth == 0) {
        return i;
      }
    }
    return h.length() - 1;
  }

  private static boolean hasTopLevel(String s, char c) {
    return topLevelIndex(s, c) >= 0;
  }

  /** The first {@code c} outside parentheses (for '(' itself: the first opening one). */
  private static int topLevelIndex(String s, char c) {
    int depth = 0;
    for (int i = 0; i < s.length(); i++) {
      char x = s.charAt(i);
      if (x == c && depth == 0) {
        return i;
      }
      depth += x == '(' ? 1 : x == ')' ? -1 : 0;
    }
    return -1;
  }
}
