// RUN: sometimes
// EXPECT-NONE
int main() {}
