#include "shared.h"
int a() { return shared(ctx::Background()); }
