package org.em4j.kernel;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * Where a cache line starts in a freshly allocated {@code double[]}, so that the kernels' scratch
 * arrays can start their vectors on one.
 *
 * <p>A 64-byte vector (AVX-512, eight doubles) read from an address that is not a multiple of 64
 * spans two cache lines, which costs the load unit twice. HotSpot aligns objects only to 8 bytes,
 * so where an array's elements start is left to the allocator and changes from one allocation to
 * the next and when the collector moves the array: on one chunk of the full-covariance E-step at
 * D = 64, line-aligned scratch arrays took 14.1-14.9 ms against 15.4-17.9 ms at any other offset
 * (docs/performance.md, "Round 4"). Java cannot ask an array's address, but when the JVM is
 * started with {@code -XX:ObjectAlignmentInBytes=64} (as em4j's launchers do) every object starts
 * on a cache line, so element {@link #DOUBLE_PAD} of any {@code double[]} does too, whatever the
 * collector does. Otherwise {@code DOUBLE_PAD} is 0 and nothing changes but the speed: the pad
 * moves where the kernels' numbers are stored, never how they are computed.
 */
public final class Alignment {
  /** Bytes per cache line, and per vector of the widest vector unit the kernels use. */
  public static final int LINE = 64;

  /**
   * Doubles to skip at the start of a {@code double[]} so that the next element starts a cache
   * line; 0 when the JVM does not align objects to cache lines or does not say how.
   */
  public static final int DOUBLE_PAD = doublePad();

  private Alignment() {}

  private static int doublePad() {
    try {
      HotSpotDiagnosticMXBean vm =
          ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      if (vm == null) {
        return 0;
      }
      int objectAlignment = Integer.parseInt(vm.getVMOption("ObjectAlignmentInBytes").getValue());
      boolean compactHeaders = flag(vm, "UseCompactObjectHeaders");
      boolean compressedClasses = flag(vm, "UseCompressedClassPointers");
      return doublePad(objectAlignment, arrayBaseOffset(compactHeaders, compressedClasses));
    } catch (RuntimeException | LinkageError e) {
      // Not HotSpot, or no jdk.management module: no pad, the same results.
      return 0;
    }
  }

  private static boolean flag(HotSpotDiagnosticMXBean vm, String name) {
    try {
      return Boolean.parseBoolean(vm.getVMOption(name).getValue());
    } catch (IllegalArgumentException e) {
      // Not a flag of this JVM (UseCompactObjectHeaders exists from JDK 24 on).
      return false;
    }
  }

  /**
   * Byte offset of element 0 of a {@code double[]} in HotSpot's object layout: a mark word, a
   * class word (4 bytes when compressed, none with compact headers) and the 4-byte length, rounded
   * up to 8 bytes.
   */
  static int arrayBaseOffset(boolean compactHeaders, boolean compressedClassPointers) {
    int header = compactHeaders ? 8 : compressedClassPointers ? 12 : 16;
    return (header + 4 + 7) / 8 * 8;
  }

  /**
   * Doubles from element 0 to the first element on a cache line, when every object starts at a
   * multiple of {@code objectAlignment} bytes and element 0 is {@code baseOffset} bytes in; 0 when
   * objects are not aligned to cache lines.
   */
  static int doublePad(int objectAlignment, int baseOffset) {
    if (objectAlignment % LINE != 0) {
      return 0;
    }
    return (LINE - baseOffset % LINE) % LINE / Double.BYTES;
  }
}
