/* kasir-pin-rules.h — what makes a new PIN acceptable for a role.
 *
 * A PIN is typed twice, both the same; it is digits only, at most 12, and at least 4 for
 * a cashier and 6 for a supervisor or a manager (whose PIN approves what others may not
 * do). Checked before the PIN is hashed or anything is stored.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KASIR_PIN_MAX_DIGITS 12

/* The fewest digits a PIN of @role ("cashier", "supervisor", "manager") has; 0 for an
 * unknown role. */
guint    kasir_pin_min_digits (const char  *role);
/* TRUE when @pin is a PIN @role may have and @again is the same; otherwise
 * KASIR_INPUT_ERROR with a message naming the problem (never the PIN itself). */
gboolean kasir_pin_check_new  (const char  *role,
                               const char  *pin,
                               const char  *again,
                               GError     **error);

G_END_DECLS
