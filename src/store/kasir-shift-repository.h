/* kasir-shift-repository.h — cashier shifts on this terminal.
 *
 * Opening and closing a shift each write the shift row and queue the shift.open /
 * shift.close mutation in one transaction. At most one shift is open per terminal. Shifts
 * of the outlet also arrive by pull (upsert), which is how a shift closed on the server
 * shows up here.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kasir-models.h"
#include "kasir-database.h"

G_BEGIN_DECLS

#define KASIR_TYPE_SHIFT_REPOSITORY (kasir_shift_repository_get_type ())

G_DECLARE_FINAL_TYPE (KasirShiftRepository, kasir_shift_repository, KASIR, SHIFT_REPOSITORY, GObject)

KasirShiftRepository *kasir_shift_repository_new (KasirDatabase *database);

/* KasirShift* from pull; each checked (UUID id, ids >= 0, valid times, amounts >= 0). */
gboolean    kasir_shift_repository_upsert        (KasirShiftRepository  *self,
                                                  GPtrArray             *shifts,
                                                  GError               **error);
/* NULL with KASIR_DATABASE_ERROR_NOT_FOUND when unknown. */
KasirShift *kasir_shift_repository_get           (KasirShiftRepository  *self,
                                                  const char            *shift_id,
                                                  GError               **error);
/* The open shift of this terminal, or NULL with no error when none is open. */
KasirShift *kasir_shift_repository_get_open      (KasirShiftRepository  *self,
                                                  GError               **error);
/* Opens a shift for @staff_id (> 0) with @opening_float (>= 0) cash in the drawer.
 * Refused while another shift is open on this terminal. Returns the new shift. */
KasirShift *kasir_shift_repository_open_shift    (KasirShiftRepository  *self,
                                                  gint64                 staff_id,
                                                  KasirMoney             opening_float,
                                                  GError               **error);
/* What the drawer should hold per method (KasirPayment*, one per method, cash first;
 * amounts may be 0): cash = opening float + cash taken - change given + pay-ins -
 * pay-outs (kasir-shift-cash-repository.h) - cash refunded;
 * other methods the sum taken minus the sum refunded by that method (refunds of the
 * shift, kasir-refund-repository.h). */
GPtrArray  *kasir_shift_repository_expected      (KasirShiftRepository  *self,
                                                  const char            *shift_id,
                                                  GError               **error);
/* Closes the open shift @shift_id with the amounts counted per method (KasirPayment*,
 * amounts >= 0 allowed here, at most one per method). Queues shift.close with the counted
 * and expected amounts. */
gboolean    kasir_shift_repository_close_shift   (KasirShiftRepository  *self,
                                                  const char            *shift_id,
                                                  gint64                 staff_id,
                                                  GPtrArray             *counted,
                                                  GError               **error);

G_END_DECLS
