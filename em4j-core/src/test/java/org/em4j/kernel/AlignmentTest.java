package org.em4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AlignmentTest {
  @Test
  void theArrayHeaderIsSixteenBytesUnlessClassPointersAreFullWords() {
    // HotSpot's double[]: mark word, class word, length; elements start on 8 bytes.
    assertEquals(16, Alignment.arrayBaseOffset(false, true));
    assertEquals(24, Alignment.arrayBaseOffset(false, false));
    assertEquals(16, Alignment.arrayBaseOffset(true, false));
  }

  @Test
  void thePadReachesTheNextCacheLineOnlyWhenObjectsStartOnOne() {
    assertEquals(6, Alignment.doublePad(64, 16)); // 16 + 6 * 8 = 64
    assertEquals(5, Alignment.doublePad(64, 24)); // 24 + 5 * 8 = 64
    assertEquals(6, Alignment.doublePad(128, 16));
    assertEquals(0, Alignment.doublePad(64, 64));
    assertEquals(0, Alignment.doublePad(8, 16));
    assertEquals(0, Alignment.doublePad(32, 16));
  }

  @Test
  void theLayoutRuleGivesThisJvmsArrayBaseOffset() throws ReflectiveOperationException {
    var vm =
        java.lang.management.ManagementFactory.getPlatformMXBean(
            com.sun.management.HotSpotDiagnosticMXBean.class);
    boolean compressed =
        Boolean.parseBoolean(vm.getVMOption("UseCompressedClassPointers").getValue());
    boolean compact;
    try {
      compact = Boolean.parseBoolean(vm.getVMOption("UseCompactObjectHeaders").getValue());
    } catch (IllegalArgumentException e) {
      compact = false; // JDK 17 has no such flag
    }
    java.lang.reflect.Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
    f.setAccessible(true);
    sun.misc.Unsafe unsafe = (sun.misc.Unsafe) f.get(null);
    assertEquals(
        unsafe.arrayBaseOffset(double[].class), Alignment.arrayBaseOffset(compact, compressed));
  }

  @Test
  void thisJvmsPadMatchesItsObjectAlignment() {
    // Surefire starts the tests with the launchers' flags (-XX:ObjectAlignmentInBytes=64).
    int alignment =
        Integer.parseInt(
            java.lang.management.ManagementFactory.getPlatformMXBean(
                    com.sun.management.HotSpotDiagnosticMXBean.class)
                .getVMOption("ObjectAlignmentInBytes")
                .getValue());
    assertEquals(alignment % 64 == 0 ? 6 : 0, Alignment.DOUBLE_PAD);
  }
}
