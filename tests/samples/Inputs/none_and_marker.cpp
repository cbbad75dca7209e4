// LESSON: Claims to be correct but carries a marker.
// RUN: exit0
// EXPECT-NONE
int x; // EXPECT: data-race
