/* kasir-input-error.h — the error domain for what a person or a message gave us.
 *
 * A value typed at the till, a field of a server's answer, an argument handed to a
 * repository: when it is wrong the caller gets KASIR_INPUT_ERROR with a message a person
 * can read, and nothing was changed. Failures of the database itself stay in
 * KASIR_DATABASE_ERROR, of the network in KASIR_SYNC_ERROR.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KASIR_INPUT_ERROR (kasir_input_error_quark ())

typedef enum
{
  KASIR_INPUT_ERROR_INVALID,       /* malformed, or not allowed here */
  KASIR_INPUT_ERROR_REQUIRED,      /* missing, or empty where something must be given */
  KASIR_INPUT_ERROR_OUT_OF_RANGE,  /* a number outside its bounds */
  KASIR_INPUT_ERROR_TOO_LONG,      /* text longer than its bound */
  KASIR_INPUT_ERROR_STATE,         /* sound, but the thing it acts on has moved on
                                      (already resolved, already closed) */
} KasirInputError;

GQuark kasir_input_error_quark (void);

G_END_DECLS
