/* kasir-shift-cash-repository.h — pay-ins and pay-outs: cash put into or taken out of
 * the drawer during an open shift that is not a sale (petty cash for the shop, more
 * change for the float, or another reason with a note).
 *
 * Recording one writes its row and queues the shift.cash mutation in ONE transaction;
 * when it returns, both are on disk, and when it fails neither is. The drawer's expected
 * cash (kasir_shift_repository_expected()) adds the pay-ins and subtracts the pay-outs.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kasir-database.h"
#include "kasir-models.h"

G_BEGIN_DECLS

typedef enum
{
  KASIR_CASH_IN,
  KASIR_CASH_OUT,
} KasirCashDirection;

typedef enum
{
  KASIR_CASH_REASON_PETTY_CASH,
  KASIR_CASH_REASON_FLOAT,
  KASIR_CASH_REASON_OTHER,
} KasirCashReason;

/* The wire names ("in"/"out"; "petty_cash", "float", "other") and a label for people. */
const char *kasir_cash_direction_to_string (KasirCashDirection direction);
const char *kasir_cash_reason_to_string    (KasirCashReason    reason);
const char *kasir_cash_reason_label        (KasirCashReason    reason);

/* What a shift's drawer saw besides sales and refunds. */
typedef struct
{
  gint64      pay_in_count;
  KasirMoney  paid_in;
  gint64      pay_out_count;
  KasirMoney  paid_out;
} KasirShiftCashTotals;

#define KASIR_TYPE_SHIFT_CASH_REPOSITORY (kasir_shift_cash_repository_get_type ())

G_DECLARE_FINAL_TYPE (KasirShiftCashRepository, kasir_shift_cash_repository, KASIR, SHIFT_CASH_REPOSITORY, GObject)

KasirShiftCashRepository *kasir_shift_cash_repository_new (KasirDatabase *database);

/* Records @amount (> 0) of cash into (KASIR_CASH_IN) or out of the drawer of the open
 * shift @shift_id, by @staff_id (> 0), approved by the manager @approved_by (0: none was
 * needed). A reason of "other" needs a @note. A pay-out larger than the cash the drawer
 * should hold is refused. Bad input and a closed or unknown shift are KASIR_INPUT_ERROR
 * with a message for the person, and write nothing. Returns the new cash id. */
char     *kasir_shift_cash_repository_record (KasirShiftCashRepository  *self,
                                              const char                *shift_id,
                                              gint64                     staff_id,
                                              gint64                     approved_by,
                                              KasirCashDirection         direction,
                                              KasirCashReason            reason,
                                              const char                *note,
                                              KasirMoney                 amount,
                                              GError                   **error);

/* The pay-ins and pay-outs of @shift_id so far. */
gboolean  kasir_shift_cash_repository_totals (KasirShiftCashRepository  *self,
                                              const char                *shift_id,
                                              KasirShiftCashTotals      *out,
                                              GError                   **error);

/* The same on @database, for the shift's other repositories (no transaction of its own). */
gboolean  kasir_shift_cash_totals_read       (KasirDatabase             *database,
                                              const char                *shift_id,
                                              KasirShiftCashTotals      *out,
                                              GError                   **error);

G_END_DECLS
