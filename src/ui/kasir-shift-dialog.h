/* kasir-shift-dialog.h — opening and closing the cash drawer session.
 *
 * With no shift open the dialog asks for the opening float; with one open it shows what
 * the drawer should hold per way of paying, takes the counted amounts (showing, as they
 * are typed, how much over or short each is), prints an X report, closes the shift after
 * a confirm step that lists the count against what was expected, then shows the Z report.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kasir-till-dialog.h"

#include "kasir-database.h"
#include "kasir-models.h"

G_BEGIN_DECLS

#define KASIR_TYPE_SHIFT_DIALOG (kasir_shift_dialog_get_type ())

G_DECLARE_FINAL_TYPE (KasirShiftDialog, kasir_shift_dialog, KASIR, SHIFT_DIALOG, KasirTillDialog)

/* "shift-changed" (const char *shift_id or NULL) is emitted after a shift was opened or
 * closed, once its mutation is in the outbox. */
/* Opens or closes the shift of @context's signed-in staff, on its database, in its
 * currency. */
KasirShiftDialog *kasir_shift_dialog_new            (GtkWindow        *parent,
                                                     KasirTillContext *context);
/* The amounts as typed, for the keyboard and for tests. */
void              kasir_shift_dialog_set_float_text (KasirShiftDialog   *self,
                                                     const char         *text);
void              kasir_shift_dialog_set_counted_text (KasirShiftDialog   *self,
                                                       KasirPaymentMethod  method,
                                                       const char         *text);
gboolean          kasir_shift_dialog_open_shift     (KasirShiftDialog   *self,
                                                     GError            **error);
gboolean          kasir_shift_dialog_close_shift    (KasirShiftDialog   *self,
                                                     GError            **error);
/* The counted amount typed for @method minus what the drawer should hold by it (over
 * when above 0, short below); FALSE while nothing readable is typed. */
gboolean          kasir_shift_dialog_get_over_short (KasirShiftDialog   *self,
                                                     KasirPaymentMethod  method,
                                                     KasirMoney         *difference);
/* The X report now, or the Z report once closed. */
char             *kasir_shift_dialog_get_report_text (KasirShiftDialog  *self);

G_END_DECLS
