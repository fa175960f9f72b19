package dev.bpg.server;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The gateway's background threads: daemons, named, and periodic tasks that survive a failure. */
final class Threads {
  private static final Logger LOG = LoggerFactory.getLogger(Threads.class);

  private Threads() {}

  static ScheduledExecutorService daemonScheduler(String name) {
    return Executors.newSingleThreadScheduledExecutor(daemon(name));
  }

  static ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Runs a periodic task so that a failure is logged and the next run still happens. */
  static void quietly(String task, Runnable body) {
    try {
      body.run();
    } catch (RuntimeException e) {
      LOG.warn("The {} failed: {}", task, e.getMessage(), e);
    }
  }
}
