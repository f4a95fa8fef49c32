/**
 * Ends a run with one plain line, `Tests: N passed, N failed, N skipped`, that any CI
 * reads the same way whatever the runner. A run that executed no test fails.
 */
import type { Reporter, TestModule } from 'vitest/node';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, errors: ReadonlyArray<unknown>): void {
    const count = { passed: 0, failed: 0, skipped: 0, pending: 0 };
    for (const module of modules) {
      for (const test of module.children.allTests()) count[test.result().state] += 1;
    }
    // A file that failed to load has no tests but still failed.
    const brokenFiles = modules.filter((m) => m.state() === 'failed' && [...m.children.allTests()].length === 0).length;
    const failed = count.failed + brokenFiles + errors.length;
    process.stdout.write(`\nTests: ${count.passed} passed, ${failed} failed, ${count.skipped + count.pending} skipped\n`);
    if (count.passed + failed === 0) {
      process.stdout.write('No test ran: that is a failure.\n');
      process.exitCode = 1;
    }
  }
}
