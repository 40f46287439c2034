/* kasir-shift-report-repository.c — sums over the sales of one shift.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kasir-payment-method.h"
#include "kasir-database-private.h"
#include "kasir-sale-keys.h"
#include "kasir-shift-cash-repository.h"
#include "kasir-shift-report-repository.h"

struct _KasirShiftReportRepository
{
  GObject        parent_instance;
  KasirDatabase *database;
};

G_DEFINE_FINAL_TYPE (KasirShiftReportRepository, kasir_shift_report_repository, G_TYPE_OBJECT)

void
kasir_shift_summary_free (KasirShiftSummary *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->taken, g_ptr_array_unref);
  g_free (self);
}

static void
kasir_shift_report_repository_dispose (GObject *object)
{
  KasirShiftReportRepository *self = KASIR_SHIFT_REPORT_REPOSITORY (object);

  g_clear_object (&self->database);

  G_OBJECT_CLASS (kasir_shift_report_repository_parent_class)->dispose (object);
}

static void
kasir_shift_report_repository_class_init (KasirShiftReportRepositoryClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kasir_shift_report_repository_dispose;
}

static void
kasir_shift_report_repository_init (KasirShiftReportRepository *self)
{
}

KasirShiftReportRepository *
kasir_shift_report_repository_new (KasirDatabase *database)
{
  KasirShiftReportRepository *self;

  g_return_val_if_fail (KASIR_IS_DATABASE (database), NULL);

  self = g_object_new (KASIR_TYPE_SHIFT_REPORT_REPOSITORY, NULL);
  self->database = g_object_ref (database);

  return self;
}

KasirShiftSummary *
kasir_shift_report_repository_summarize (KasirShiftReportRepository  *self,
                                         const char                  *shift_id,
                                         GError                     **error)
{
  g_autoptr(KasirShiftSummary) summary = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (KASIR_IS_SHIFT_REPORT_REPOSITORY (self), NULL);

  if (shift_id == NULL || !kasir_uuid_is_valid (shift_id))
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   _("“%s” is not a shift id"), shift_id != NULL ? shift_id : "");
      return NULL;
    }

  summary = g_new0 (KasirShiftSummary, 1);
  summary->taken = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_payment_free);
  for (guint i = 0; i < KASIR_N_PAYMENT_METHODS; i++)
    g_ptr_array_add (summary->taken, kasir_payment_new (kasir_payment_method_nth (i), 0));

  /* No write transaction here: it would wait for the sync worker's write lock on the UI
   * thread. A sale committed between the two reads can only show in the payment sums
   * and not yet in the count, and the next refresh shows both. */
  stmt = kasir_database_prepare (self->database,
                                 "SELECT COUNT(*), COALESCE(SUM(total), 0), COALESCE(SUM(tax), 0), "
                                 "  COALESCE(SUM(change_due), 0), "
                                 "  (SELECT COALESCE(SUM(l.discount), 0) FROM sales s2 "
                                 "     JOIN sale_lines l ON " KASIR_SALE_KEYS ("l.line_key", "s2") " "
                                 "     WHERE s2.shift_id = ?1), "
                                 "  (SELECT COUNT(*) FROM sales s3 JOIN outbox o ON o.seq = s3.outbox_seq "
                                 "     WHERE s3.shift_id = ?1 AND o.state IN ('pending', 'in_flight')) "
                                 "FROM sales WHERE shift_id = ?1", error);
  if (stmt == NULL)
    return NULL;
  kasir_database_bind_text (stmt, 1, shift_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      summary->sale_count = sqlite3_column_int64 (stmt, 0);
      summary->total = sqlite3_column_int64 (stmt, 1);
      summary->tax = sqlite3_column_int64 (stmt, 2);
      summary->change = sqlite3_column_int64 (stmt, 3);
      summary->discount = sqlite3_column_int64 (stmt, 4);
      summary->unsynced_sales = sqlite3_column_int64 (stmt, 5);
    }
  kasir_database_stmt_done (stmt);
  if (rc != SQLITE_ROW)
    {
      kasir_database_set_error (self->database, rc, "shift summary", error);
      return NULL;
    }

  stmt = kasir_database_prepare (self->database,
                                 "SELECT COUNT(*), COALESCE(SUM(total), 0), "
                                 "  (SELECT COALESCE(SUM(p.amount), 0) FROM refund_payments p "
                                 "     JOIN refunds r2 ON r2.refund_id = p.refund_id "
                                 "     WHERE r2.shift_id = ?1 AND p.method = 'cash') "
                                 "FROM refunds WHERE shift_id = ?1", error);
  if (stmt == NULL)
    return NULL;
  kasir_database_bind_text (stmt, 1, shift_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      summary->refund_count = sqlite3_column_int64 (stmt, 0);
      summary->refunded = sqlite3_column_int64 (stmt, 1);
      summary->refunded_cash = sqlite3_column_int64 (stmt, 2);
    }
  kasir_database_stmt_done (stmt);
  if (rc != SQLITE_ROW)
    {
      kasir_database_set_error (self->database, rc, "shift refunds", error);
      return NULL;
    }

  {
    KasirShiftCashTotals moved;

    if (!kasir_shift_cash_totals_read (self->database, shift_id, &moved, error))
      return NULL;
    summary->pay_in_count = moved.pay_in_count;
    summary->paid_in = moved.paid_in;
    summary->pay_out_count = moved.pay_out_count;
    summary->paid_out = moved.paid_out;
  }

  stmt = kasir_database_prepare (self->database,
                                 "SELECT p.method, SUM(p.amount) FROM sales s "
                                 "JOIN sale_payments p ON " KASIR_SALE_KEYS ("p.payment_key", "s") " "
                                 "WHERE s.shift_id = ? GROUP BY p.method", error);
  if (stmt == NULL)
    return NULL;
  kasir_database_bind_text (stmt, 1, shift_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KasirPaymentMethod method;

      if (!kasir_payment_method_from_string ((const char *) sqlite3_column_text (stmt, 0),
                                             &method))
        continue;
      for (guint i = 0; i < summary->taken->len; i++)
        {
          KasirPayment *p = summary->taken->pdata[i];

          if (p->method == method)
            p->amount = sqlite3_column_int64 (stmt, 1);
        }
    }
  kasir_database_stmt_done (stmt);
  if (rc != SQLITE_DONE)
    {
      kasir_database_set_error (self->database, rc, "shift payments", error);
      return NULL;
    }

  return g_steal_pointer (&summary);
}
