package tdpsim.main.progress;

/** Shows nothing (--quiet, or output piped into a script that wants only the report). */
enum QuietProgress implements Progress {
  INSTANCE;

  @Override
  public void start(String task, long total) {}

  @Override
  public void step(long done, long events, long virtualNs) {}

  @Override
  public void finish() {}
}
