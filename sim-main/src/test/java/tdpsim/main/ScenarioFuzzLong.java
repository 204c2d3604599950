package tdpsim.main;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The long fuzz of issue 18, not run by a plain {@code mvn verify} (the name does not end in Test): run it with
 * {@code mvn -B -pl sim-main -am -Pfuzz verify}.
 */
class ScenarioFuzzLong {
  private final ScenarioFuzzTest fuzz = new ScenarioFuzzTest();

  @Property(tries = 5000)
  void manyMutatedScenariosLoadOrFailInOneLine(@ForAll @IntRange(min = 0, max = 99) int scenario,
      @ForAll @IntRange(min = 0, max = ScenarioMutations.KINDS - 1) int kind, @ForAll long seed) throws Exception {
    fuzz.aMutatedScenarioLoadsOrFailsInOneLine(scenario, kind, seed);
  }

  @Property(tries = 200)
  void manyMutatedScenariosRunOrFailInOneLine(@ForAll @IntRange(min = 0, max = 99) int scenario,
      @ForAll @IntRange(min = 0, max = ScenarioMutations.KINDS - 1) int kind, @ForAll long seed) throws Exception {
    ScenarioFuzzTest.runOnce(scenario, kind, seed);
  }
}
