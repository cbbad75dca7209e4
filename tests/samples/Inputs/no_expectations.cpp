// LESSON: Forgot to say what to expect.
// RUN: exit0
int main() {}
