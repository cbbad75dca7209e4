// LESSON: The header must come first.
int main() {}
// RUN: exit0
// EXPECT-NONE
