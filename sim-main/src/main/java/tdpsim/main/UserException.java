package tdpsim.main;

/** A user mistake: printed as one line, exit code 2, never a stack trace. */
public final class UserException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UserException(String message) {
    super(message);
  }
}
