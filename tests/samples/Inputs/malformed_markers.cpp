// LESSON: Markers that do not parse.
// RUN: aborts
int a; // EXPECT data-race
int b; // EXPECT:
int c; //EXPECT: data-race
// EXPECT: missing-join
int d; // EXPECT: data-race, data-race
int e; // EXPECT: data-race,
