/* kasir-pin-guard.h — checks staff PINs and enforces the lockout after wrong ones.
 *
 * The lockout is per staff member, not per till. A PIN names nobody, so a wrong one
 * counts against everyone it might have been meant for (the guard's scope: all active
 * staff, or only those of one role, such as the managers a manager approval asks for).
 * Five wrong PINs lock each of them out for 60 seconds, then 120, 240 … for every
 * further lockout. A right PIN clears only its owner's count: a cashier's own PIN never
 * clears the count that guesses at a manager's PIN built up. A locked-out person's PIN
 * is answered like a wrong one until the time is over. Counts and lockout ends are kept
 * in the encrypted database (settings repository), so quitting the program does not
 * reset them. PINs are checked with Argon2id in a worker thread.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kasir-database.h"
#include "kasir-models.h"
#include "kasir-roles.h"

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

/* A guard whose scope is every active staff member (the lock screen). */
KasirPinGuard *kasir_pin_guard_new               (KasirDatabase       *database);
/* A guard whose wrong PINs count against the active staff of @role only (NULL: all). */
KasirPinGuard *kasir_pin_guard_new_for_role      (KasirDatabase       *database,
                                                  const char          *role);
/* A guard whose wrong PINs count against the active staff who may approve @kind
 * (kasir-roles.h): a supervisor's approval asks supervisors and managers. */
KasirPinGuard *kasir_pin_guard_new_for_approval  (KasirDatabase       *database,
                                                  KasirApproveKind     kind);
/* Replaces the clock (tests move time forward). NULL restores the real one. */
void           kasir_pin_guard_set_clock         (KasirPinGuard       *self,
                                                  KasirClockFunc       clock,
                                                  gpointer             user_data);
/* Seconds until PINs are checked again: 0 while anyone in the scope may still try,
 * otherwise the shortest lockout left among them. */
gint64         kasir_pin_guard_get_seconds_left  (KasirPinGuard       *self);
/* The most wrong PINs counted against anyone in the scope who is not locked out. */
guint          kasir_pin_guard_get_failed_count  (KasirPinGuard       *self);
/* One staff member's lockout left (0 when none) and wrong PINs counted against them. */
gint64         kasir_pin_guard_get_staff_seconds_left (KasirPinGuard *self,
                                                       gint64         staff_id);
guint          kasir_pin_guard_get_staff_failed_count (KasirPinGuard *self,
                                                       gint64         staff_id);

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
