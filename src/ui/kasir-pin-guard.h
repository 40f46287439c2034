/* kasir-pin-guard.h — checks staff PINs and enforces the lockout after wrong ones.
 *
 * Five wrong PINs in a row lock the till for 60 seconds, then 120, 240 … for every
 * further lockout, until a right PIN resets the count. The count and the end of the
 * lockout are kept in the encrypted database (settings repository), so quitting the
 * program does not reset them. PINs are checked with Argon2id in a worker thread.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kasir-database.h"
#include "kasir-models.h"

G_BEGIN_DECLS

#define KASIR_PIN_GUARD_MAX_ATTEMPTS  5
#define KASIR_PIN_GUARD_FIRST_LOCKOUT 60 /* seconds */

#define KASIR_PIN_GUARD_ERROR (kasir_pin_guard_error_quark ())

typedef enum
{
  KASIR_PIN_GUARD_ERROR_WRONG_PIN,  /* no active staff member has this PIN */
  KASIR_PIN_GUARD_ERROR_LOCKED_OUT, /* too many wrong PINs; wait */
  KASIR_PIN_GUARD_ERROR_NO_STAFF,   /* nobody may use this till yet */
} KasirPinGuardError;

GQuark kasir_pin_guard_error_quark (void);

/* Wall-clock seconds since the Unix epoch; the lockout must outlast a restart. */
typedef gint64 (*KasirClockFunc) (gpointer user_data);

#define KASIR_TYPE_PIN_GUARD (kasir_pin_guard_get_type ())

G_DECLARE_FINAL_TYPE (KasirPinGuard, kasir_pin_guard, KASIR, PIN_GUARD, GObject)

KasirPinGuard *kasir_pin_guard_new               (KasirDatabase       *database);
/* Replaces the clock (tests move time forward). NULL restores the real one. */
void           kasir_pin_guard_set_clock         (KasirPinGuard       *self,
                                                  KasirClockFunc       clock,
                                                  gpointer             user_data);
/* Seconds until PINs are accepted again; 0 when not locked out. */
gint64         kasir_pin_guard_get_seconds_left  (KasirPinGuard       *self);
/* Wrong PINs since the last right one or lockout. */
guint          kasir_pin_guard_get_failed_count  (KasirPinGuard       *self);

/* Finds the active staff member whose PIN this is. */
void           kasir_pin_guard_verify_async      (KasirPinGuard       *self,
                                                  const char          *pin,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
KasirStaff    *kasir_pin_guard_verify_finish     (KasirPinGuard       *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

G_END_DECLS
