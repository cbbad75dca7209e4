// bump() writes `counter` without `mu`; main.cpp writes it under `mu` in parallel
// (lsp-protocol.test, lsp-neovim.test). counter-fixed.cpp is the fix the tests save.
#include "counter.h"

int counter;

void bump() {
  counter++;
}
