package tdpsim.actors;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Opt-in: the tests whose outcome depends on how the actors' threads interleave, each repeated
 * {@code -Dtdpsim.stress.repeats} times (default 100, 188 s here), one fresh test instance per run. CI ran two
 * such tests for a long time before they failed (a lost write in about 1 run of 20, a fault latency in about 1
 * of 300): a single pass of {@code mvn verify} does not show a rare interleaving. Not part of
 * {@code mvn verify} (the name does not match surefire's default includes); run with
 * {@code mvn -B -pl actors -am -Pstress test [-Dtdpsim.stress.repeats=N]}. The classes below use no JUnit
 * lifecycle methods per test, so invoking their test methods on a new instance is what JUnit does; methods that
 * take parameters are left out.
 */
class ConcurrencyStressLong {
  private static final List<String> CLASSES = List.of(
      "tdpsim.actors.migration.MigrationActorTest",
      "tdpsim.actors.machine.ZapPathTest",
      "tdpsim.actors.machine.MachineGuardianTest",
      "tdpsim.actors.machine.PriOutstandingTest",
      "tdpsim.actors.machine.RfcAndCoverageTest",
      "tdpsim.actors.machine.EntityFootprintTest",
      "tdpsim.actors.iommu.PageRequestGroupTest");

  @TestFactory
  List<DynamicTest> everyTestRepeated() throws ReflectiveOperationException {
    int repeats = Integer.getInteger("tdpsim.stress.repeats", 100);
    List<DynamicTest> tests = new ArrayList<>();
    for (String name : CLASSES) {
      Class<?> type = Class.forName(name);
      Constructor<?> ctor = type.getDeclaredConstructor();
      ctor.setAccessible(true);
      Method[] methods = type.getDeclaredMethods();
      Arrays.sort(methods, Comparator.comparing(Method::getName));
      for (Method m : methods) {
        boolean isTest = m.isAnnotationPresent(Test.class) || m.isAnnotationPresent(RepeatedTest.class);
        if (!isTest || m.getParameterCount() > 0) {
          continue;
        }
        m.setAccessible(true);
        tests.add(DynamicTest.dynamicTest(type.getSimpleName() + "." + m.getName() + " x" + repeats,
            () -> repeat(ctor, m, repeats)));
      }
    }
    return tests;
  }

  private static void repeat(Constructor<?> ctor, Method m, int repeats) throws Throwable {
    for (int i = 1; i <= repeats; i++) {
      try {
        m.invoke(ctor.newInstance());
      } catch (InvocationTargetException e) {
        throw new AssertionError("run " + i + " of " + repeats + ": " + e.getCause(), e.getCause());
      }
    }
  }
}
