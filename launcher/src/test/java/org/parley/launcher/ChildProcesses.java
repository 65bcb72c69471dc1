package org.parley.launcher;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** The processes a test starts ({@code @RegisterExtension}): none outlives the test, whatever fails. */
final class ChildProcesses implements AfterEachCallback {

    private final List<Process> started = new ArrayList<>();

    Process start(ProcessBuilder builder) throws IOException {
        Process p = builder.start();
        started.add(p);
        return p;
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        for (Process p : started) {
            p.destroyForcibly();
            p.waitFor();
        }
        started.clear();
    }
}
