/* kasir-shift-repository.c — the shifts table.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kasir-payment-method.h"
#include "kasir-protocol.h"
#include "kasir-database-private.h"
#include "kasir-sale-keys.h"
#include "kasir-outbox-repository.h"
#include "kasir-shift-cash-repository.h"
#include "kasir-shift-repository.h"

struct _KasirShiftRepository
{
  GObject                parent_instance;
  KasirDatabase         *database;
  KasirOutboxRepository *outbox;
};

G_DEFINE_TYPE (KasirShiftRepository, kasir_shift_repository, G_TYPE_OBJECT)

static void
kasir_shift_repository_dispose (GObject *object)
{
  KasirShiftRepository *self = KASIR_SHIFT_REPOSITORY (object);

  g_clear_object (&self->outbox);
  g_clear_object (&self->database);

  G_OBJECT_CLASS (kasir_shift_repository_parent_class)->dispose (object);
}

static void
kasir_shift_repository_class_init (KasirShiftRepositoryClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kasir_shift_repository_dispose;
}

static void
kasir_shift_repository_init (KasirShiftRepository *self)
{
}

KasirShiftRepository *
kasir_shift_repository_new (KasirDatabase *database)
{
  KasirShiftRepository *self;

  g_return_val_if_fail (KASIR_IS_DATABASE (database), NULL);

  self = g_object_new (KASIR_TYPE_SHIFT_REPOSITORY, NULL);
  self->database = g_object_ref (database);
  self->outbox = kasir_outbox_repository_new (database);

  return self;
}

static gboolean
write_shift (KasirDatabase     *db,
             const KasirShift  *s,
             GError           **error)
{
  sqlite3_stmt *stmt;

  stmt = kasir_database_prepare (db,
                                 "INSERT OR REPLACE INTO shifts (id, outlet_id, terminal_id, "
                                 "staff_id, opened_at, closed_at, opening_float, counted_cash) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  kasir_database_bind_text (stmt, 1, s->id);
  sqlite3_bind_int64 (stmt, 2, s->outlet_id);
  sqlite3_bind_int64 (stmt, 3, s->terminal_id);
  sqlite3_bind_int64 (stmt, 4, s->staff_id);
  kasir_database_bind_text (stmt, 5, s->opened_at);
  kasir_database_bind_text (stmt, 6, s->closed_at);
  sqlite3_bind_int64 (stmt, 7, s->opening_float);
  sqlite3_bind_int64 (stmt, 8, s->counted_cash);

  return kasir_database_step_done (db, stmt, "write shift", error);
}

gboolean
kasir_shift_repository_upsert (KasirShiftRepository  *self,
                               GPtrArray             *shifts,
                               GError               **error)
{
  KasirDatabase *db;

  g_return_val_if_fail (KASIR_IS_SHIFT_REPOSITORY (self), FALSE);
  g_return_val_if_fail (shifts != NULL, FALSE);

  db = self->database;
  for (guint i = 0; i < shifts->len; i++)
    {
      const KasirShift *s = shifts->pdata[i];

      if (s == NULL || !kasir_uuid_is_valid (s->id) || s->outlet_id < 0 ||
          s->terminal_id < 0 || s->staff_id < 0 || !kasir_rfc3339_is_valid (s->opened_at) ||
          (s->closed_at != NULL && !kasir_rfc3339_is_valid (s->closed_at)) ||
          s->opening_float < 0 || s->counted_cash < 0)
        {
          g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                       _("Shift %s is not valid"), s != NULL && s->id != NULL ? s->id : "?");
          return FALSE;
        }
    }

  if (!kasir_database_begin (db, error))
    return FALSE;
  for (guint i = 0; i < shifts->len; i++)
    if (!write_shift (db, shifts->pdata[i], error))
      {
        kasir_database_rollback (db);
        return FALSE;
      }

  return kasir_database_commit (db, error);
}

#define SHIFT_COLUMNS "id, outlet_id, terminal_id, staff_id, opened_at, closed_at, " \
                      "opening_float, counted_cash"

static KasirShift *
first_shift (KasirDatabase  *db,
             sqlite3_stmt   *stmt,
             GError        **error)
{
  KasirShift *s;
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_DONE)
    {
      kasir_database_stmt_done (stmt);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      kasir_database_set_error (db, rc, "read shift", error);
      kasir_database_stmt_done (stmt);
      return NULL;
    }

  s = kasir_shift_new ();
  s->id = kasir_database_column_dup (stmt, 0);
  s->outlet_id = sqlite3_column_int64 (stmt, 1);
  s->terminal_id = sqlite3_column_int64 (stmt, 2);
  s->staff_id = sqlite3_column_int64 (stmt, 3);
  s->opened_at = kasir_database_column_dup (stmt, 4);
  s->closed_at = kasir_database_column_dup (stmt, 5);
  s->opening_float = sqlite3_column_int64 (stmt, 6);
  s->counted_cash = sqlite3_column_int64 (stmt, 7);
  kasir_database_stmt_done (stmt);

  return s;
}

KasirShift *
kasir_shift_repository_get (KasirShiftRepository  *self,
                            const char            *shift_id,
                            GError               **error)
{
  GError *local_error = NULL;
  sqlite3_stmt *stmt;
  KasirShift *s;

  g_return_val_if_fail (KASIR_IS_SHIFT_REPOSITORY (self), NULL);

  stmt = kasir_database_prepare (self->database,
                                 "SELECT " SHIFT_COLUMNS " FROM shifts WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  kasir_database_bind_text (stmt, 1, shift_id);
  s = first_shift (self->database, stmt, &local_error);
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  else if (s == NULL)
    g_set_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_NOT_FOUND,
                 _("There is no shift %s"), shift_id != NULL ? shift_id : "");

  return s;
}

/* Shifts pulled from the server include other tills' open shifts, hence the terminal id;
 * 0 is this till before it enrolled (a shift may be opened before the first sync). */
KasirShift *
kasir_shift_repository_get_open (KasirShiftRepository  *self,
                                 GError               **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KASIR_IS_SHIFT_REPOSITORY (self), NULL);

  stmt = kasir_database_prepare (self->database,
                                 "SELECT " SHIFT_COLUMNS " FROM shifts "
                                 "WHERE closed_at IS NULL AND terminal_id IN "
                                 "  (0, (SELECT terminal_id FROM sync_state WHERE id = 1)) "
                                 "ORDER BY opened_at DESC LIMIT 1", error);
  if (stmt == NULL)
    return NULL;

  return first_shift (self->database, stmt, error);
}

KasirShift *
kasir_shift_repository_open_shift (KasirShiftRepository  *self,
                                   gint64                 staff_id,
                                   KasirMoney             opening_float,
                                   GError               **error)
{
  KasirDatabase *db;
  g_autoptr(KasirShift) shift = NULL;
  g_autoptr(KasirShift) open = NULL;
  g_autoptr(JsonNode) payload = NULL;
  GError *local_error = NULL;
  KasirShiftEvent ev = { 0 };
  gint64 ids[2] = { 0, 0 };

  g_return_val_if_fail (KASIR_IS_SHIFT_REPOSITORY (self), NULL);

  if (staff_id <= 0 || opening_float < 0)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   _("A shift needs a cashier and an opening float of zero or more"));
      return NULL;
    }

  db = self->database;
  if (!kasir_database_begin (db, error))
    return NULL;

  open = kasir_shift_repository_get_open (self, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      goto fail;
    }
  if (open != NULL)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_STATE,
                   _("A shift is already open on this till; close it first"));
      goto fail;
    }
  if (!kasir_database_query_int64 (db, "SELECT terminal_id FROM sync_state WHERE id = 1",
                                   &ids[0], error) ||
      !kasir_database_query_int64 (db, "SELECT outlet_id FROM sync_state WHERE id = 1",
                                   &ids[1], error))
    goto fail;

  shift = kasir_shift_new ();
  shift->id = kasir_uuid_new ();
  shift->terminal_id = ids[0];
  shift->outlet_id = ids[1];
  shift->staff_id = staff_id;
  shift->opened_at = kasir_now_rfc3339 ();
  shift->opening_float = opening_float;
  if (!write_shift (db, shift, error))
    goto fail;

  ev.shift_id = shift->id;
  ev.staff_id = staff_id;
  ev.opening_float = opening_float;
  ev.at = shift->opened_at;
  payload = kasir_protocol_encode_shift_open (&ev);
  if (kasir_outbox_repository_enqueue_in_transaction (self->outbox, KASIR_MUTATION_SHIFT_OPEN,
                                                      shift->id, payload, NULL, error) == 0)
    goto fail;

  if (!kasir_database_commit (db, error))
    return NULL;

  return g_steal_pointer (&shift);

fail:
  kasir_database_rollback (db);
  return NULL;
}

GPtrArray *
kasir_shift_repository_expected (KasirShiftRepository  *self,
                                 const char            *shift_id,
                                 GError               **error)
{
  g_autoptr(KasirShift) shift = NULL;
  g_autoptr(GPtrArray) expected = NULL;
  sqlite3_stmt *stmt;
  KasirShiftCashTotals moved;
  gint64 change = 0;
  int rc;

  g_return_val_if_fail (KASIR_IS_SHIFT_REPOSITORY (self), NULL);

  shift = kasir_shift_repository_get (self, shift_id, error);
  if (shift == NULL)
    return NULL;

  expected = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_payment_free);
  for (guint i = 0; i < KASIR_N_PAYMENT_METHODS; i++)
    g_ptr_array_add (expected, kasir_payment_new (kasir_payment_method_nth (i), 0));

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
      for (guint i = 0; i < expected->len; i++)
        {
          KasirPayment *p = expected->pdata[i];

          if (p->method == method)
            p->amount = sqlite3_column_int64 (stmt, 1);
        }
    }
  kasir_database_stmt_done (stmt);
  if (rc != SQLITE_DONE)
    {
      kasir_database_set_error (self->database, rc, "shift totals", error);
      return NULL;
    }

  stmt = kasir_database_prepare (self->database,
                                 "SELECT COALESCE(SUM(change_due), 0) FROM sales "
                                 "WHERE shift_id = ?", error);
  if (stmt == NULL)
    return NULL;
  kasir_database_bind_text (stmt, 1, shift_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    change = sqlite3_column_int64 (stmt, 0);
  kasir_database_stmt_done (stmt);

  /* Cash in the drawer: what was there at the start, what came in, minus change, plus
   * pay-ins, minus pay-outs. */
  if (!kasir_shift_cash_totals_read (self->database, shift_id, &moved, error))
    return NULL;
  ((KasirPayment *) expected->pdata[0])->amount +=
    shift->opening_float - change + moved.paid_in - moved.paid_out;

  /* Money refunds of this shift gave back left by the same method. */
  stmt = kasir_database_prepare (self->database,
                                 "SELECT p.method, SUM(p.amount) FROM refund_payments p "
                                 "JOIN refunds r ON r.refund_id = p.refund_id "
                                 "WHERE r.shift_id = ? GROUP BY p.method", error);
  if (stmt == NULL)
    return NULL;
  kasir_database_bind_text (stmt, 1, shift_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KasirPaymentMethod method;

      if (!kasir_payment_method_from_string ((const char *) sqlite3_column_text (stmt, 0), &method))
        continue;
      for (guint i = 0; i < expected->len; i++)
        {
          KasirPayment *p = expected->pdata[i];

          if (p->method == method)
            p->amount -= sqlite3_column_int64 (stmt, 1);
        }
    }
  kasir_database_stmt_done (stmt);
  if (rc != SQLITE_DONE)
    {
      kasir_database_set_error (self->database, rc, "shift refunds", error);
      return NULL;
    }

  return g_steal_pointer (&expected);
}

gboolean
kasir_shift_repository_close_shift (KasirShiftRepository  *self,
                                    const char            *shift_id,
                                    gint64                 staff_id,
                                    GPtrArray             *counted,
                                    GError               **error)
{
  KasirDatabase *db;
  g_autoptr(KasirShift) shift = NULL;
  g_autoptr(GPtrArray) expected = NULL;
  g_autoptr(JsonNode) payload = NULL;
  g_autofree char *now = NULL;
  KasirShiftEvent ev = { 0 };
  KasirMoney counted_cash = 0;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KASIR_IS_SHIFT_REPOSITORY (self), FALSE);

  if (staff_id <= 0 || counted == NULL)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   _("Closing a shift needs the cashier and the counted amounts"));
      return FALSE;
    }
  for (guint i = 0; i < counted->len; i++)
    {
      const KasirPayment *p = counted->pdata[i];

      if (p == NULL || p->amount < 0)
        {
          g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_OUT_OF_RANGE,
                       _("A counted amount cannot be negative"));
          return FALSE;
        }
      if (p->method == KASIR_PAYMENT_CASH)
        counted_cash = p->amount;
    }

  db = self->database;
  if (!kasir_database_begin (db, error))
    return FALSE;

  shift = kasir_shift_repository_get (self, shift_id, error);
  if (shift == NULL)
    goto fail;
  if (shift->closed_at != NULL)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_STATE,
                   _("This shift is already closed"));
      goto fail;
    }
  expected = kasir_shift_repository_expected (self, shift_id, error);
  if (expected == NULL)
    goto fail;

  now = kasir_now_rfc3339 ();
  ev.shift_id = shift->id;
  ev.staff_id = staff_id;
  ev.at = now;
  ev.counted = counted;
  ev.expected = expected;
  payload = kasir_protocol_encode_shift_close (&ev);
  if (kasir_outbox_repository_enqueue_in_transaction (self->outbox, KASIR_MUTATION_SHIFT_CLOSE,
                                                      shift->id, payload, NULL, error) == 0)
    goto fail;

  stmt = kasir_database_prepare (db,
                                 "UPDATE shifts SET closed_at = ?, counted_cash = ? WHERE id = ?",
                                 error);
  if (stmt == NULL)
    goto fail;
  kasir_database_bind_text (stmt, 1, now);
  sqlite3_bind_int64 (stmt, 2, counted_cash);
  kasir_database_bind_text (stmt, 3, shift->id);
  if (!kasir_database_step_done (db, stmt, "close shift", error))
    goto fail;

  return kasir_database_commit (db, error);

fail:
  kasir_database_rollback (db);
  return FALSE;
}
