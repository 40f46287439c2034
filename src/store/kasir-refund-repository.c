/* kasir-refund-repository.c — see the header.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "kasir-database-private.h"
#include "kasir-input-error.h"
#include "kasir-money.h"
#include "kasir-outbox-repository.h"
#include "kasir-refund-repository.h"
#include "kasir-refund-points.h"

struct _KasirRefundRepository
{
  GObject                parent_instance;

  KasirDatabase         *database;
  KasirOutboxRepository *outbox;
  char                  *elsewhere_sale;   /* a sale of another till, or NULL */
  GArray                *elsewhere_qty;    /* what the server says was given back of it */
  GArray                *elsewhere_amount;
};

G_DEFINE_FINAL_TYPE (KasirRefundRepository, kasir_refund_repository, G_TYPE_OBJECT)

static void
kasir_refund_repository_dispose (GObject *object)
{
  KasirRefundRepository *self = KASIR_REFUND_REPOSITORY (object);

  g_clear_object (&self->outbox);
  g_clear_object (&self->database);
  g_clear_pointer (&self->elsewhere_sale, g_free);
  g_clear_pointer (&self->elsewhere_qty, g_array_unref);
  g_clear_pointer (&self->elsewhere_amount, g_array_unref);

  G_OBJECT_CLASS (kasir_refund_repository_parent_class)->dispose (object);
}

static void
kasir_refund_repository_class_init (KasirRefundRepositoryClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kasir_refund_repository_dispose;
}

static void
kasir_refund_repository_init (KasirRefundRepository *self)
{
}

KasirRefundRepository *
kasir_refund_repository_new (KasirDatabase *database)
{
  KasirRefundRepository *self;

  g_return_val_if_fail (KASIR_IS_DATABASE (database), NULL);

  self = g_object_new (KASIR_TYPE_REFUND_REPOSITORY, NULL);
  self->database = g_object_ref (database);
  self->outbox = kasir_outbox_repository_new (database);
  return self;
}

/* What earlier refunds gave back of each line of @sale: quantities and money, one gint64
 * per line in line order. */
static gboolean
load_returned (KasirRefundRepository  *self,
               const KasirSale        *sale,
               GArray                 *qty,
               GArray                 *amount,
               GError                **error)
{
  sqlite3_stmt *stmt;
  int rc;

  gboolean elsewhere = self->elsewhere_sale != NULL && g_str_equal (self->elsewhere_sale, sale->sale_id);

  g_array_set_size (qty, sale->lines->len);
  g_array_set_size (amount, sale->lines->len);
  /* A sale of another till: the server's figures count every refund that reached it, so
   * only this till's refunds of it that are still on their way are added to them. */
  stmt = kasir_database_prepare (self->database,
                                 elsewhere
                                 ? "SELECT l.sale_line_no, SUM (l.qty), SUM (l.amount) "
                                   "FROM refund_lines l JOIN refunds r ON r.refund_id = l.refund_id "
                                   "WHERE r.sale_id = ? AND EXISTS (SELECT 1 FROM outbox o "
                                   "WHERE o.type = 'sale.refund' AND o.type <> 'sale.create' AND o.entity_id = r.sale_id "
                                   "AND o.state IN ('pending', 'in_flight') "
                                   "AND instr (o.payload, r.refund_id) > 0) GROUP BY l.sale_line_no"
                                 : "SELECT l.sale_line_no, SUM (l.qty), SUM (l.amount) "
                                   "FROM refund_lines l JOIN refunds r ON r.refund_id = l.refund_id "
                                   "WHERE r.sale_id = ? GROUP BY l.sale_line_no", error);
  if (stmt == NULL)
    return FALSE;
  kasir_database_bind_text (stmt, 1, sale->sale_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 line_no = sqlite3_column_int64 (stmt, 0);

      if (line_no >= 1 && line_no <= sale->lines->len)
        {
          g_array_index (qty, gint64, line_no - 1) = sqlite3_column_int64 (stmt, 1);
          g_array_index (amount, gint64, line_no - 1) = sqlite3_column_int64 (stmt, 2);
        }
    }
  kasir_database_stmt_done (stmt);
  if (rc != SQLITE_DONE)
    {
      kasir_database_set_error (self->database, rc, "read refunds", error);
      return FALSE;
    }
  if (elsewhere)
    for (guint i = 0; i < sale->lines->len && i < self->elsewhere_qty->len; i++)
      {
        g_array_index (qty, gint64, i) += g_array_index (self->elsewhere_qty, gint64, i);
        g_array_index (amount, gint64, i) += g_array_index (self->elsewhere_amount, gint64, i);
      }
  return TRUE;
}

void
kasir_refund_repository_set_returned_elsewhere (KasirRefundRepository *self,
                                                const char            *sale_id,
                                                GArray                *qty,
                                                GArray                *amount)
{
  g_return_if_fail (KASIR_IS_REFUND_REPOSITORY (self));
  g_return_if_fail (sale_id != NULL && qty != NULL && amount != NULL);
  g_return_if_fail (qty->len == amount->len);

  g_free (self->elsewhere_sale);
  self->elsewhere_sale = g_strdup (sale_id);
  g_clear_pointer (&self->elsewhere_qty, g_array_unref);
  g_clear_pointer (&self->elsewhere_amount, g_array_unref);
  self->elsewhere_qty = g_array_ref (qty);
  self->elsewhere_amount = g_array_ref (amount);
}

GArray *
kasir_refund_repository_returned_qty (KasirRefundRepository  *self,
                                      const KasirSale        *sale,
                                      GError                **error)
{
  g_autoptr(GArray) qty = g_array_new (FALSE, TRUE, sizeof (gint64));
  g_autoptr(GArray) amount = g_array_new (FALSE, TRUE, sizeof (gint64));

  g_return_val_if_fail (KASIR_IS_REFUND_REPOSITORY (self), NULL);
  g_return_val_if_fail (sale != NULL, NULL);

  if (!load_returned (self, sale, qty, amount, error))
    return NULL;
  return g_steal_pointer (&qty);
}

gboolean
kasir_refund_repository_refunded_total (KasirRefundRepository *self,
                                        const char            *sale_id,
                                        KasirMoney            *out_total,
                                        GError               **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (KASIR_IS_REFUND_REPOSITORY (self), FALSE);

  stmt = kasir_database_prepare (self->database,
                                 "SELECT COALESCE (SUM (total), 0) FROM refunds WHERE sale_id = ?",
                                 error);
  if (stmt == NULL)
    return FALSE;
  kasir_database_bind_text (stmt, 1, sale_id);
  rc = sqlite3_step (stmt);
  *out_total = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  kasir_database_stmt_done (stmt);
  if (rc != SQLITE_ROW)
    {
      kasir_database_set_error (self->database, rc, "read refunds", error);
      return FALSE;
    }
  return TRUE;
}

/* total × qty / sold, rounded down, without overflowing: total and sold are bounded by
 * the protocol, so each part stays well inside 64 bits. */
static KasirMoney
share_of (KasirMoney total,
          gint64     qty,
          gint64     sold)
{
  return total / sold * qty + (total % sold) * qty / sold;
}

/* The money of @amounts (gint64 per line), also left in *@out. */
static KasirMoney
sum_amounts (GArray     *amounts,
             KasirMoney *out)
{
  *out = 0;
  for (guint i = 0; i < amounts->len; i++)
    if (!kasir_money_add (*out, g_array_index (amounts, gint64, i), out))
      *out = G_MAXINT64;
  return *out;
}

/* Checks @picks against @sale and what was returned before, and makes the refund's
 * lines. */
static gboolean
make_lines (const KasirSale        *sale,
            const KasirRefundPick  *picks,
            guint                   n_picks,
            GArray                 *returned_qty,
            GArray                 *returned_amount,
            KasirRefund            *refund,
            GError                **error)
{
  g_autofree gboolean *seen = g_new0 (gboolean, sale->lines->len + 1);

  if (n_picks == 0)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_REQUIRED,
                   "%s", _("Choose at least one item to give back."));
      return FALSE;
    }
  for (guint i = 0; i < n_picks; i++)
    {
      const KasirRefundPick *pick = &picks[i];
      const KasirSaleLine *line;
      KasirRefundLine *rl;
      gint64 left;

      if (pick->line_no < 1 || pick->line_no > sale->lines->len || seen[pick->line_no])
        {
          g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                       _("Line %u is not a line of receipt %s, or is given twice."),
                       pick->line_no, sale->receipt_no);
          return FALSE;
        }
      seen[pick->line_no] = TRUE;
      line = sale->lines->pdata[pick->line_no - 1];
      left = line->qty - g_array_index (returned_qty, gint64, pick->line_no - 1);
      if (pick->qty <= 0)
        {
          g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_OUT_OF_RANGE,
                       _("The quantity to give back of “%s” must be more than 0."),
                       line->name != NULL ? line->name : "");
          return FALSE;
        }
      if (pick->qty > left)
        {
          g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_OUT_OF_RANGE,
                       g_dngettext (GETTEXT_PACKAGE,
                                    "Only %" PRId64 " of “%s” can still be given back.",
                                    "Only %" PRId64 " of “%s” can still be given back.",
                                    left),
                       left, line->name != NULL ? line->name : "");
          return FALSE;
        }
      rl = g_new0 (KasirRefundLine, 1);
      rl->product_id = line->product_id;
      rl->line_no = pick->line_no;
      rl->qty = pick->qty;
      rl->write_off = pick->write_off ? 1 : 0;
      rl->amount = pick->qty == left
                   ? line->total - g_array_index (returned_amount, gint64, pick->line_no - 1)
                   : share_of (line->total, pick->qty, line->qty);
      rl->amount = MAX (rl->amount, 0);
      g_ptr_array_add (refund->lines, rl);
      refund->total += rl->amount;
    }
  return TRUE;
}

/* The method the sale was paid with besides points, when it was one; cash otherwise. */
static KasirPaymentMethod
other_method (const KasirSale *sale)
{
  KasirPaymentMethod method = KASIR_PAYMENT_POINTS;

  for (guint i = 0; i < sale->payments->len; i++)
    {
      const KasirPayment *p = sale->payments->pdata[i];

      if (p->method == KASIR_PAYMENT_POINTS || p->method == method)
        continue;
      if (method != KASIR_PAYMENT_POINTS)
        return KASIR_PAYMENT_CASH;
      method = p->method;
    }
  return method == KASIR_PAYMENT_POINTS ? KASIR_PAYMENT_CASH : method;
}

/* The caller's payments, or by default the sale's own methods: points first, as far as
 * points paid for the sale and no refund gave them back yet (@points_left), then the
 * sale's other method when it had one, cash otherwise. */
static gboolean
make_payments (const KasirSale  *sale,
               GPtrArray        *payments,
               KasirMoney        points_left,
               KasirRefund      *refund,
               GError          **error)
{
  KasirMoney sum = 0;

  if (payments == NULL)
    {
      KasirMoney as_points = MIN (points_left, refund->total);

      if (as_points > 0)
        g_ptr_array_add (refund->payments, kasir_payment_new (KASIR_PAYMENT_POINTS, as_points));
      if (refund->total - as_points > 0)
        g_ptr_array_add (refund->payments, kasir_payment_new (other_method (sale), refund->total - as_points));
      return TRUE;
    }
  for (guint i = 0; i < payments->len; i++)
    {
      const KasirPayment *p = payments->pdata[i];

      if (p->amount <= 0 || !kasir_money_add (sum, p->amount, &sum))
        {
          g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_OUT_OF_RANGE,
                       "%s", _("Every amount given back must be more than 0."));
          return FALSE;
        }
      g_ptr_array_add (refund->payments, kasir_payment_copy (p));
    }
  if (sum != refund->total)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   "%s", _("The amounts given back do not add up to the refund."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_refund (KasirRefundRepository  *self,
              const KasirRefund      *refund,
              const KasirRefundPick  *picks,
              const char             *shift_id,
              GError                **error)
{
  KasirDatabase *db = self->database;
  g_autoptr(JsonNode) payload = NULL;
  sqlite3_stmt *stmt;
  gint64 outlet_id = 0;

  stmt = kasir_database_prepare (db, "INSERT INTO refunds (refund_id, sale_id, shift_id, staff_id, "
                                 "approved_by, reason, total, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                 error);
  if (stmt == NULL)
    return FALSE;
  kasir_database_bind_text (stmt, 1, refund->refund_id);
  kasir_database_bind_text (stmt, 2, refund->sale_id);
  kasir_database_bind_text (stmt, 3, shift_id);
  sqlite3_bind_int64 (stmt, 4, refund->staff_id);
  sqlite3_bind_int64 (stmt, 5, refund->approved_by);
  kasir_database_bind_text (stmt, 6, refund->reason);
  sqlite3_bind_int64 (stmt, 7, refund->total);
  kasir_database_bind_text (stmt, 8, refund->created_at);
  if (!kasir_database_step_done (db, stmt, "write refund", error))
    return FALSE;

  if (!kasir_database_query_int64 (db, "SELECT outlet_id FROM sync_state WHERE id = 1", &outlet_id, error))
    return FALSE;
  for (guint i = 0; i < refund->lines->len; i++)
    {
      const KasirRefundLine *l = refund->lines->pdata[i];

      stmt = kasir_database_prepare (db, "INSERT INTO refund_lines (refund_id, line_no, sale_line_no, "
                                     "product_id, qty, amount, write_off) VALUES (?, ?, ?, ?, ?, ?, ?)",
                                     error);
      if (stmt == NULL)
        return FALSE;
      kasir_database_bind_text (stmt, 1, refund->refund_id);
      sqlite3_bind_int (stmt, 2, i + 1);
      sqlite3_bind_int (stmt, 3, picks[i].line_no);
      sqlite3_bind_int64 (stmt, 4, l->product_id);
      sqlite3_bind_int64 (stmt, 5, l->qty);
      sqlite3_bind_int64 (stmt, 6, l->amount);
      sqlite3_bind_int (stmt, 7, l->write_off ? 1 : 0);
      if (!kasir_database_step_done (db, stmt, "write refund line", error))
        return FALSE;

      /* Goods back on the shelf count at once; the server's count replaces it on the
       * next pull. */
      if (outlet_id > 0 && !l->write_off)
        {
          stmt = kasir_database_prepare (db, "UPDATE stock SET qty = qty + ? "
                                         "WHERE product_id = ? AND outlet_id = ?", error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, l->qty);
          sqlite3_bind_int64 (stmt, 2, l->product_id);
          sqlite3_bind_int64 (stmt, 3, outlet_id);
          if (!kasir_database_step_done (db, stmt, "update stock", error))
            return FALSE;
        }
    }
  for (guint i = 0; i < refund->payments->len; i++)
    {
      const KasirPayment *p = refund->payments->pdata[i];

      stmt = kasir_database_prepare (db, "INSERT INTO refund_payments (refund_id, line_no, method, amount) "
                                     "VALUES (?, ?, ?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      kasir_database_bind_text (stmt, 1, refund->refund_id);
      sqlite3_bind_int (stmt, 2, i + 1);
      kasir_database_bind_text (stmt, 3, kasir_payment_method_to_string (p->method));
      sqlite3_bind_int64 (stmt, 4, p->amount);
      if (!kasir_database_step_done (db, stmt, "write refund payment", error))
        return FALSE;
    }

  payload = kasir_protocol_encode_refund (refund);
  return kasir_outbox_repository_enqueue_in_transaction (self->outbox, KASIR_MUTATION_SALE_REFUND,
                                                         refund->sale_id, payload, NULL, error) != 0;
}

gboolean
kasir_refund_repository_preview_total (KasirRefundRepository  *self,
                                       const KasirSale        *sale,
                                       const KasirRefundPick  *picks,
                                       guint                   n_picks,
                                       KasirMoney             *out_total,
                                       GError                **error)
{
  g_autoptr(KasirRefund) refund = g_new0 (KasirRefund, 1);
  g_autoptr(GArray) returned_qty = g_array_new (FALSE, TRUE, sizeof (gint64));
  g_autoptr(GArray) returned_amount = g_array_new (FALSE, TRUE, sizeof (gint64));

  g_return_val_if_fail (KASIR_IS_REFUND_REPOSITORY (self), FALSE);
  g_return_val_if_fail (sale != NULL && sale->sale_id != NULL, FALSE);
  g_return_val_if_fail (picks != NULL || n_picks == 0, FALSE);
  g_return_val_if_fail (out_total != NULL, FALSE);

  *out_total = 0;
  refund->lines = g_ptr_array_new_with_free_func (g_free);
  refund->payments = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_payment_free);
  if (!load_returned (self, sale, returned_qty, returned_amount, error) ||
      !make_lines (sale, picks, n_picks, returned_qty, returned_amount, refund, error))
    return FALSE;
  *out_total = refund->total;
  return TRUE;
}

KasirRefund *
kasir_refund_repository_commit (KasirRefundRepository  *self,
                                const KasirSale        *sale,
                                const KasirRefundPick  *picks,
                                guint                   n_picks,
                                GPtrArray              *payments,
                                const char             *reason,
                                gint64                  staff_id,
                                gint64                  approved_by,
                                const char             *shift_id,
                                GError                **error)
{
  g_autoptr(KasirRefund) refund = g_new0 (KasirRefund, 1);
  g_autoptr(GArray) returned_qty = g_array_new (FALSE, TRUE, sizeof (gint64));
  g_autoptr(GArray) returned_amount = g_array_new (FALSE, TRUE, sizeof (gint64));
  KasirMoney refunded_before = 0;
  KasirMoney points_left = 0;

  g_return_val_if_fail (KASIR_IS_REFUND_REPOSITORY (self), NULL);
  g_return_val_if_fail (sale != NULL && sale->sale_id != NULL, NULL);
  g_return_val_if_fail (picks != NULL || n_picks == 0, NULL);
  g_return_val_if_fail (reason != NULL, NULL);

  refund->refund_id = kasir_uuid_new ();
  refund->sale_id = g_strdup (sale->sale_id);
  refund->reason = g_strdup (reason);
  refund->staff_id = staff_id;
  refund->approved_by = approved_by;
  refund->created_at = kasir_now_rfc3339 ();
  refund->lines = g_ptr_array_new_with_free_func (g_free);
  refund->payments = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_payment_free);

  /* The check and the write are one transaction: a second refund of the same line, made
   * at the same moment, sees this one. */
  if (!kasir_database_begin (self->database, error))
    return NULL;
  if (!load_returned (self, sale, returned_qty, returned_amount, error) ||
      !make_lines (sale, picks, n_picks, returned_qty, returned_amount, refund, error) ||
      !kasir_refund_points_left (self->database, sale, &points_left, error) ||
      !make_payments (sale, payments, points_left, refund, error) ||
      !kasir_refund_points_apply (self->database, sale, refund,
                                  sum_amounts (returned_amount, &refunded_before), error) ||
      !write_refund (self, refund, picks, shift_id, error))
    {
      kasir_database_rollback (self->database);
      return NULL;
    }
  /* A commit that fails has rolled back already. */
  if (!kasir_database_commit (self->database, error))
    return NULL;
  return g_steal_pointer (&refund);
}
