// LESSON: Two RUN lines.
// RUN: exit0
// RUN: hangs
// EXPECT-NONE
int main() {}
