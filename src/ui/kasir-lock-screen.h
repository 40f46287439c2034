/* kasir-lock-screen.h — the PIN pad shown at start and whenever the till locks.
 *
 * Touch-sized digit buttons, and the keyboard's digits, Backspace, Enter and Escape work
 * too. A PIN is checked by KasirPinGuard in a worker thread; while the guard holds a
 * lockout the pad is disabled and counts down.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kasir-pin-guard.h"

G_BEGIN_DECLS

#define KASIR_TYPE_LOCK_SCREEN (kasir_lock_screen_get_type ())

G_DECLARE_FINAL_TYPE (KasirLockScreen, kasir_lock_screen, KASIR, LOCK_SCREEN, AdwBin)

/* "unlocked" (gpointer KasirStaff*, owned by the screen for the signal's duration) is
 * emitted when a right PIN was entered. */
GtkWidget  *kasir_lock_screen_new         (KasirPinGuard   *guard);
void        kasir_lock_screen_reset       (KasirLockScreen *self);
/* Types one key of the pad: '0'–'9', '\b' (erase) or '\n' (enter). */
void        kasir_lock_screen_press       (KasirLockScreen *self,
                                           char             key);
/* Handles a key press (digits, Backspace, Enter, Escape); TRUE when it was used. */
gboolean    kasir_lock_screen_handle_key  (KasirLockScreen *self,
                                           guint            keyval,
                                           GdkModifierType  state);
const char *kasir_lock_screen_get_message (KasirLockScreen *self);
gboolean    kasir_lock_screen_get_busy    (KasirLockScreen *self);

G_END_DECLS
