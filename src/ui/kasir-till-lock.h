/* kasir-till-lock.h — locks the main window behind the PIN pad.
 *
 * Locking swaps the window's content for the lock screen and keeps the content (and so
 * the cart and everything else) alive: locking never discards data. The till locks on
 * request (Ctrl+L) and after the auto-lock-minutes setting without input; any key,
 * click, touch or pointer movement over the window counts as input.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kasir-pin-guard.h"

G_BEGIN_DECLS

#define KASIR_TYPE_TILL_LOCK (kasir_till_lock_get_type ())

G_DECLARE_FINAL_TYPE (KasirTillLock, kasir_till_lock, KASIR, TILL_LOCK, GObject)

/* "unlocked" (gpointer const KasirStaff*) after a right PIN; "locked" when locking. */
KasirTillLock    *kasir_till_lock_new               (AdwApplicationWindow *window,
                                                     KasirPinGuard        *guard);
void              kasir_till_lock_lock              (KasirTillLock        *self);
/* Signs @staff in without asking for a PIN: only for a manager who has just chosen it
 * (asking again at once is no check, only a chore). */
void              kasir_till_lock_unlock_as         (KasirTillLock        *self,
                                                     const KasirStaff     *staff);
gboolean          kasir_till_lock_get_locked        (KasirTillLock        *self);
/* Who unlocked the till last; NULL while locked. */
const KasirStaff *kasir_till_lock_get_staff         (KasirTillLock        *self);
/* Minutes without input before locking; 0 never locks by itself. */
void              kasir_till_lock_set_idle_minutes  (KasirTillLock        *self,
                                                     guint                 minutes);
/* The same in seconds, for a finer setting (and tests). */
void              kasir_till_lock_set_idle_seconds  (KasirTillLock        *self,
                                                     guint                 seconds);
GtkWidget        *kasir_till_lock_get_screen        (KasirTillLock        *self);
void              kasir_till_lock_keep_visible      (KasirTillLock        *self,
                                                     GtkWindow            *window);

G_END_DECLS
