/* kasir-input-error.c — see kasir-input-error.h.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kasir-input-error.h"

G_DEFINE_QUARK (kasir-input-error-quark, kasir_input_error)
