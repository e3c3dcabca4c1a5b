package org.segstream.inference.model;

import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts libtorch's large CPU tensors on transparent huge pages. libtorch allocates a forward pass's
 * activations afresh and glibc hands blocks that large back to the kernel when they are freed, so
 * every pass faults its activations in again a 4 KB page at a time: on the project's 2-vCPU VM a
 * third of a CPU forward pass went to the kernel. libtorch's own {@code THP_MEM_ALLOC_ENABLE=1}
 * aligns allocations of 2 MB and more to 2 MB and asks the kernel for huge pages there (madvise),
 * 512 times fewer faults, for a little more memory. libtorch reads the variable once, at its first
 * allocation, and Java cannot set a variable of its own process, so this sets it through libc
 * before the engine loads. A value the caller's environment gives is kept: 0 turns it off.
 */
final class HugePages {
  static final String VARIABLE = "THP_MEM_ALLOC_ENABLE";
  private static final Logger LOG = LoggerFactory.getLogger(HugePages.class);
  private static final Path KERNEL_MODE = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");

  private HugePages() {}

  /** Before libtorch allocates its first tensor: from {@link SegmentationModel}'s static initializer, so once. */
  static void forLibtorch() {
    if (!Platform.isLinux()) {
      return;
    }
    String given = System.getenv(VARIABLE);
    if (given != null) {
      LOG.info("{}={} from the environment, kept", VARIABLE, given);
      return;
    }
    try {
      int failed = NativeLibrary.getInstance(Platform.C_LIBRARY_NAME).getFunction("setenv")
          .invokeInt(new Object[] {VARIABLE, "1", 0});
      if (failed != 0) {
        LOG.warn("could not set {}=1: libtorch's tensors stay on 4 KB pages", VARIABLE);
        return;
      }
    } catch (RuntimeException | LinkageError e) {
      LOG.warn("could not set {}=1 ({}): libtorch's tensors stay on 4 KB pages", VARIABLE, e.toString());
      return;
    }
    String mode = kernelMode();
    if ("never".equals(mode)) {
      LOG.info("{}=1, but this kernel's transparent huge pages are off (never): no effect", VARIABLE);
    } else {
      LOG.info("{}=1: libtorch's tensors of 2 MB and more on transparent huge pages (kernel mode {})", VARIABLE, mode);
    }
  }

  /** The kernel's THP mode, the bracketed word of its setting, or "unknown". */
  static String kernelMode() {
    try {
      Matcher m = Pattern.compile("\\[(\\w+)]").matcher(Files.readString(KERNEL_MODE));
      return m.find() ? m.group(1) : "unknown";
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
