package dev.dbmigrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * The driver's logger is set on the warm-up thread; whoever connects waits for it, so the level is
 * in place before the driver can log: off without --verbose, warnings with it.
 */
class WarmupTest {

  @Test
  void the_driver_is_quiet_unless_verbose_once_the_warm_up_says_so() {
    Warmup.start(false);
    Warmup.driverLogQuiet();
    assertEquals(Level.OFF, Logger.getLogger("org.postgresql").getLevel());
    assertEquals(Level.OFF, Warmup.driverLog().getLevel());

    // A second start in the same process (tests run many commands in one) is waited for too.
    Warmup.start(true);
    Warmup.driverLogQuiet();
    assertEquals(Level.WARNING, Logger.getLogger("org.postgresql").getLevel());
  }
}
