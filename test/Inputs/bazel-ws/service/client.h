#pragma once
#include <ctx/context.h>

bool fetch(const ctx::Context &parent);
