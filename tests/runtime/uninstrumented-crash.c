// A program built without the wrappers that crashes: the crash is a finding that says
// plainly it has no location and why (no trace), with the signal.
// RUN: %clang %s -o %t
// RUN: not %interlock run --format json -- %t > %t.json 2> %t.err
// RUN: FileCheck %s < %t.json
int main(void) {
  volatile int *Null = 0;
  *Null = 1;
  return 0;
}
// CHECK: "check": "interlock-program-crash"
// CHECK: "file": ""
// CHECK: "message": "program died by SIGSEGV; location unknown: it wrote no trace (was it built with interlock-cc/interlock-c++?)"
// CHECK: "signal": "SIGSEGV"
