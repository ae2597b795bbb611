/**
 * A web-test-runner reporter that prints one plain line, `N passed, N failed`, when the
 * process exits. The runner's own summary lives inside a redrawn progress line that CI logs
 * do not keep, and writes made in `stop()` are swallowed by its terminal handling.
 * A test file that cannot be imported (or throws outside a test) counts as one failure.
 */
function countTests(suite, counts) {
  if (!suite) return;
  for (const test of suite.tests ?? []) {
    if (test.skipped) continue;
    if (test.passed) counts.passed += 1;
    else counts.failed += 1;
  }
  for (const child of suite.suites ?? []) countTests(child, counts);
}

export function summaryReporter() {
  let counts = { passed: 0, failed: 0 };
  let started = false;
  const print = () => {
    if (started) process.stdout.write(`\n${counts.passed} passed, ${counts.failed} failed\n`);
  };
  return {
    start() {
      started = true;
      process.once('exit', print);
    },
    onTestRunFinished({ sessions }) {
      counts = { passed: 0, failed: 0 };
      for (const session of sessions) {
        const before = counts.failed;
        countTests(session.testResults, counts);
        const brokenFile = !session.passed && counts.failed === before;
        if (brokenFile) counts.failed += 1;
      }
    },
  };
}
