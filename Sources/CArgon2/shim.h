#ifndef DRAIZER_CARGON2_SHIM_H
#define DRAIZER_CARGON2_SHIM_H
#include <argon2.h>
#endif
