/* kasir-shift-cash-repository.c — the shift_cash table and its shift.cash mutations.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "kasir-protocol.h"
#include "kasir-database-private.h"
#include "kasir-outbox-repository.h"
#include "kasir-shift-cash-repository.h"
#include "kasir-shift-repository.h"

struct _KasirShiftCashRepository
{
  GObject                parent_instance;
  KasirDatabase         *database;
  KasirOutboxRepository *outbox;
  KasirShiftRepository  *shifts;
};

G_DEFINE_FINAL_TYPE (KasirShiftCashRepository, kasir_shift_cash_repository, G_TYPE_OBJECT)

const char *
kasir_cash_direction_to_string (KasirCashDirection direction)
{
  return direction == KASIR_CASH_OUT ? "out" : "in";
}

const char *
kasir_cash_reason_to_string (KasirCashReason reason)
{
  switch (reason)
    {
    case KASIR_CASH_REASON_PETTY_CASH:
      return "petty_cash";
    case KASIR_CASH_REASON_FLOAT:
      return "float";
    case KASIR_CASH_REASON_OTHER:
    default:
      return "other";
    }
}

const char *
kasir_cash_reason_label (KasirCashReason reason)
{
  switch (reason)
    {
    case KASIR_CASH_REASON_PETTY_CASH:
      return _("Petty cash");
    case KASIR_CASH_REASON_FLOAT:
      return _("Change float");
    case KASIR_CASH_REASON_OTHER:
    default:
      return _("Other");
    }
}

static void
kasir_shift_cash_repository_dispose (GObject *object)
{
  KasirShiftCashRepository *self = KASIR_SHIFT_CASH_REPOSITORY (object);

  g_clear_object (&self->shifts);
  g_clear_object (&self->outbox);
  g_clear_object (&self->database);

  G_OBJECT_CLASS (kasir_shift_cash_repository_parent_class)->dispose (object);
}

static void
kasir_shift_cash_repository_class_init (KasirShiftCashRepositoryClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kasir_shift_cash_repository_dispose;
}

static void
kasir_shift_cash_repository_init (KasirShiftCashRepository *self)
{
}

KasirShiftCashRepository *
kasir_shift_cash_repository_new (KasirDatabase *database)
{
  KasirShiftCashRepository *self;

  g_return_val_if_fail (KASIR_IS_DATABASE (database), NULL);

  self = g_object_new (KASIR_TYPE_SHIFT_CASH_REPOSITORY, NULL);
  self->database = g_object_ref (database);
  self->outbox = kasir_outbox_repository_new (database);
  self->shifts = kasir_shift_repository_new (database);

  return self;
}

gboolean
kasir_shift_cash_totals_read (KasirDatabase         *database,
                              const char            *shift_id,
                              KasirShiftCashTotals  *out,
                              GError               **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (KASIR_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  stmt = kasir_database_prepare (database,
                                 "SELECT direction, COUNT(*), SUM(amount) FROM shift_cash "
                                 "WHERE shift_id = ? GROUP BY direction", error);
  if (stmt == NULL)
    return FALSE;
  kasir_database_bind_text (stmt, 1, shift_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *direction = (const char *) sqlite3_column_text (stmt, 0);

      if (g_strcmp0 (direction, "in") == 0)
        {
          out->pay_in_count = sqlite3_column_int64 (stmt, 1);
          out->paid_in = sqlite3_column_int64 (stmt, 2);
        }
      else if (g_strcmp0 (direction, "out") == 0)
        {
          out->pay_out_count = sqlite3_column_int64 (stmt, 1);
          out->paid_out = sqlite3_column_int64 (stmt, 2);
        }
    }
  kasir_database_stmt_done (stmt);
  if (rc != SQLITE_DONE)
    {
      kasir_database_set_error (database, rc, "shift cash", error);
      return FALSE;
    }

  return TRUE;
}

gboolean
kasir_shift_cash_repository_totals (KasirShiftCashRepository  *self,
                                    const char                *shift_id,
                                    KasirShiftCashTotals      *out,
                                    GError                   **error)
{
  g_return_val_if_fail (KASIR_IS_SHIFT_CASH_REPOSITORY (self), FALSE);

  return kasir_shift_cash_totals_read (self->database, shift_id, out, error);
}

static gboolean
check_input (gint64            staff_id,
             KasirCashReason   reason,
             const char       *note,
             KasirMoney        amount,
             GError          **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (note != NULL ? note : ""));

  if (staff_id <= 0)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   _("Moving cash in or out of the drawer needs a signed-in cashier"));
      return FALSE;
    }
  if (amount <= 0)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_OUT_OF_RANGE,
                   _("The amount must be more than zero"));
      return FALSE;
    }
  if (amount > KASIR_PROTOCOL_MAX_AMOUNT)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_OUT_OF_RANGE,
                   _("The amount is too large"));
      return FALSE;
    }
  if (reason > KASIR_CASH_REASON_OTHER)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   _("Choose a reason"));
      return FALSE;
    }
  if (reason == KASIR_CASH_REASON_OTHER && *trimmed == '\0')
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_REQUIRED,
                   _("Say what the cash is for in the note"));
      return FALSE;
    }
  if (g_utf8_strlen (trimmed, -1) > 200)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_TOO_LONG,
                   _("The note is too long (200 characters at most)"));
      return FALSE;
    }

  return TRUE;
}

/* Inside the caller's transaction: the shift is this till's open one, and a pay-out
 * leaves the drawer with no less than nothing. */
static gboolean
check_shift (KasirShiftCashRepository  *self,
             const char                *shift_id,
             KasirCashDirection         direction,
             KasirMoney                 amount,
             GError                   **error)
{
  g_autoptr(KasirShift) open = NULL;
  g_autoptr(GPtrArray) expected = NULL;
  GError *local_error = NULL;
  open = kasir_shift_repository_get_open (self->shifts, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (open == NULL || g_strcmp0 (open->id, shift_id) != 0)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_STATE,
                   _("Cash can only be moved in or out of the drawer during an open shift"));
      return FALSE;
    }
  if (direction != KASIR_CASH_OUT)
    return TRUE;

  expected = kasir_shift_repository_expected (self->shifts, shift_id, error);
  if (expected == NULL)
    return FALSE;
  if (amount > ((KasirPayment *) expected->pdata[0])->amount)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_OUT_OF_RANGE,
                   _("A pay-out cannot take more cash than the drawer should hold"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
write_row (KasirDatabase         *db,
           const KasirShiftCash  *cash,
           GError               **error)
{
  sqlite3_stmt *stmt;

  stmt = kasir_database_prepare (db,
                                 "INSERT INTO shift_cash (cash_id, shift_id, staff_id, "
                                 "approved_by, direction, reason, note, amount, created_at) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  kasir_database_bind_text (stmt, 1, cash->cash_id);
  kasir_database_bind_text (stmt, 2, cash->shift_id);
  sqlite3_bind_int64 (stmt, 3, cash->staff_id);
  sqlite3_bind_int64 (stmt, 4, cash->approved_by);
  kasir_database_bind_text (stmt, 5, cash->direction);
  kasir_database_bind_text (stmt, 6, cash->reason);
  kasir_database_bind_text (stmt, 7, cash->note);
  sqlite3_bind_int64 (stmt, 8, cash->amount);
  kasir_database_bind_text (stmt, 9, cash->created_at);

  return kasir_database_step_done (db, stmt, "write shift cash", error);
}

char *
kasir_shift_cash_repository_record (KasirShiftCashRepository  *self,
                                    const char                *shift_id,
                                    gint64                     staff_id,
                                    gint64                     approved_by,
                                    KasirCashDirection         direction,
                                    KasirCashReason            reason,
                                    const char                *note,
                                    KasirMoney                 amount,
                                    GError                   **error)
{
  g_autofree char *cash_id = NULL;
  g_autofree char *trimmed = NULL;
  g_autofree char *now = NULL;
  g_autoptr(JsonNode) payload = NULL;
  KasirShiftCash cash = { 0 };
  KasirDatabase *db;

  g_return_val_if_fail (KASIR_IS_SHIFT_CASH_REPOSITORY (self), NULL);

  if (!check_input (staff_id, reason, note, amount, error))
    return NULL;
  if (shift_id == NULL || !kasir_uuid_is_valid (shift_id) || approved_by < 0)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   _("Cash can only be moved in or out of the drawer during an open shift"));
      return NULL;
    }

  cash_id = kasir_uuid_new ();
  trimmed = g_strstrip (g_strdup (note != NULL ? note : ""));
  now = kasir_now_rfc3339 ();
  cash.cash_id = cash_id;
  cash.shift_id = (char *) shift_id;
  cash.staff_id = staff_id;
  cash.approved_by = approved_by;
  cash.direction = (char *) kasir_cash_direction_to_string (direction);
  cash.reason = (char *) kasir_cash_reason_to_string (reason);
  cash.note = trimmed;
  cash.amount = amount;
  cash.created_at = now;
  payload = kasir_protocol_encode_shift_cash (&cash);

  db = self->database;
  if (!kasir_database_begin (db, error))
    return NULL;
  if (!check_shift (self, shift_id, direction, amount, error) ||
      !write_row (db, &cash, error) ||
      kasir_outbox_repository_enqueue_in_transaction (self->outbox, KASIR_MUTATION_SHIFT_CASH,
                                                      cash_id, payload, NULL, error) == 0)
    {
      kasir_database_rollback (db);
      return NULL;
    }
  if (!kasir_database_commit (db, error))
    return NULL;

  return g_steal_pointer (&cash_id);
}
