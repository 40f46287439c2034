/* kasir-refund-repository.h — refunds of this till's sales, offline.
 *
 * kasir_refund_repository_commit() is the moment a refund becomes real, as a sale's
 * commit is for a sale: in ONE transaction (synchronous=FULL) it checks every picked line
 * against what was sold minus what earlier refunds gave back, works out the money per
 * line, writes the refund, its lines and payments, puts restocked goods back into the
 * local stock, and appends the sale.refund mutation to the outbox. When it returns a
 * refund, that refund is on disk and queued for the server; when it returns NULL nothing
 * of it was kept.
 *
 * Money per line: giving back what is left of a line gives back what is left of its
 * total (so a line refunded in parts adds up to exactly its total); part of it gives
 * back total × qty / sold, rounded down. Unless the caller gives the payments (a split),
 * the refund goes back as points as far as points paid for the sale and are not given
 * back yet, the rest by the sale's other method when it had one, in cash otherwise.
 *
 * Points (kasir-refund-points.h): a refund of a member's sale takes back the refunded
 * share of the points the sale earned, and money going back as points gives back the
 * points that paid for it; the member's balance on the till follows in the same
 * transaction.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kasir-database.h"
#include "kasir-models.h"
#include "kasir-protocol.h"

G_BEGIN_DECLS

/* One sale line to give back: its line number (1 = the first), how many, and whether
 * the goods are written off (damaged) instead of going back into stock. */
typedef struct
{
  guint     line_no;
  gint64    qty;
  gboolean  write_off;
} KasirRefundPick;

#define KASIR_TYPE_REFUND_REPOSITORY (kasir_refund_repository_get_type ())

G_DECLARE_FINAL_TYPE (KasirRefundRepository, kasir_refund_repository, KASIR, REFUND_REPOSITORY, GObject)

KasirRefundRepository *kasir_refund_repository_new (KasirDatabase *database);

/* For a sale of another till (@sale_id), what the server says refunds gave back of each
 * line (gint64 per line in line order, quantities and money): added to this till's own
 * refunds of it that have not reached the server yet, by the functions below. */
void         kasir_refund_repository_set_returned_elsewhere (KasirRefundRepository *self,
                                                             const char            *sale_id,
                                                             GArray                *qty,
                                                             GArray                *amount);

/* How many of each line of @sale earlier refunds gave back: gint64 per line, in line
 * order (index 0 is line 1). */
GArray      *kasir_refund_repository_returned_qty (KasirRefundRepository  *self,
                                                   const KasirSale        *sale,
                                                   GError                **error);

/* Commits a refund of @picks (@n_picks of them, each line at most once) of @sale, as
 * described above. @payments (nullable): KasirPayment* adding up to the refund's total.
 * @reason may be "" but not NULL; @staff_id gives the money back; @approved_by is the
 * manager who approved it (0: none was needed); @shift_id (nullable) the shift it counts
 * in. Bad input (no line, an unknown line, a quantity of 0 or below, more than is left of
 * a line, payments that do not add up) is KASIR_INPUT_ERROR with a message for the
 * person, and writes nothing. */
KasirRefund *kasir_refund_repository_commit       (KasirRefundRepository  *self,
                                                   const KasirSale        *sale,
                                                   const KasirRefundPick  *picks,
                                                   guint                   n_picks,
                                                   GPtrArray              *payments,
                                                   const char             *reason,
                                                   gint64                  staff_id,
                                                   gint64                  approved_by,
                                                   const char             *shift_id,
                                                   GError                **error);

/* What kasir_refund_repository_commit() would give back for @picks now, without writing
 * anything: the same money per line (the last part of a line takes what is left of its
 * total), so that a split typed against it adds up. Picks commit would refuse are
 * refused alike. */
gboolean     kasir_refund_repository_preview_total (KasirRefundRepository  *self,
                                                    const KasirSale        *sale,
                                                    const KasirRefundPick  *picks,
                                                    guint                   n_picks,
                                                    KasirMoney             *out_total,
                                                    GError                **error);

/* The money refunds of @sale gave back so far. */
gboolean     kasir_refund_repository_refunded_total (KasirRefundRepository *self,
                                                     const char            *sale_id,
                                                     KasirMoney            *out_total,
                                                     GError               **error);

G_END_DECLS
