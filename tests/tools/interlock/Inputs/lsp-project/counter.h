#include <mutex>
extern std::mutex mu;
extern int counter;
void bump();
