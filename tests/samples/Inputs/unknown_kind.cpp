// LESSON: Misspelled and unsupported kinds.
// RUN: exit0
int a; // EXPECT: data-rase
int b; // EXPECT: deadlock, data-race
