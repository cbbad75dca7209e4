// The program's own exit status is part of the result: a field of JSON ("program")
// and SARIF (the run's properties), and with --fail-on-exit a finding.
// RUN: %bindir/interlock-c++ %s -o %t
// RUN: %interlock run --format json -- %t > %t.json 2> %t.err
// RUN: FileCheck %s --check-prefix=JSON < %t.json
// RUN: FileCheck %s --check-prefix=SUMMARY < %t.err
// RUN: %interlock run --format sarif -- %t 2>/dev/null | FileCheck %s --check-prefix=SARIF
// RUN: not %interlock run --fail-on-exit -- %t 2>/dev/null | FileCheck %s --check-prefix=FAIL
int main() { return 3; }
// JSON: "findings": []
// JSON: "program": {
// JSON-NEXT: "exit_status": 3
// SUMMARY: exited with status 3
// SARIF: "executionSuccessful": true
// SARIF: "properties": {
// SARIF-NEXT: "programExitStatus": 3
// FAIL: error: program exited with status 3 [interlock-program-exit]
