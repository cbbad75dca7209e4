// LESSON: Nothing to see.
// RUN: may-hang
// EXPECT-NONE
const char *text = "// EXPECT: not-a-kind"; // a marker-like string literal is not a comment
int main() { return text[0] == '/' ? 0 : 1; }
