#include "shared.h"
int b() { return shared(ctx::TODO()); }
