// The K&R heap's host tests again, built with KDEBUG: poisoning and red
// zones on, and the cases that expect them to catch misuse.
#define KDEBUG
#include "tests/test_kr.c"
