/* kasir-outbox-repository.c — the mutation queue.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "kasir-protocol.h"
#include "kasir-database-private.h"
#include "kasir-outbox-repository.h"

struct _KasirOutboxRepository
{
  GObject        parent_instance;
  KasirDatabase *database;
};

G_DEFINE_TYPE (KasirOutboxRepository, kasir_outbox_repository, G_TYPE_OBJECT)

void
kasir_outbox_entry_free (KasirOutboxEntry *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->mutation, kasir_mutation_free);
  g_free (self->entity_id);
  g_free (self->last_error);
  g_clear_pointer (&self->result, json_node_unref);
  g_free (self);
}

static void
kasir_outbox_repository_dispose (GObject *object)
{
  KasirOutboxRepository *self = KASIR_OUTBOX_REPOSITORY (object);

  g_clear_object (&self->database);

  G_OBJECT_CLASS (kasir_outbox_repository_parent_class)->dispose (object);
}

static void
kasir_outbox_repository_class_init (KasirOutboxRepositoryClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kasir_outbox_repository_dispose;
}

static void
kasir_outbox_repository_init (KasirOutboxRepository *self)
{
}

KasirOutboxRepository *
kasir_outbox_repository_new (KasirDatabase *database)
{
  KasirOutboxRepository *self;

  g_return_val_if_fail (KASIR_IS_DATABASE (database), NULL);

  self = g_object_new (KASIR_TYPE_OUTBOX_REPOSITORY, NULL);
  self->database = g_object_ref (database);

  return self;
}

static JsonNode *
parse_json (const char *text)
{
  if (text == NULL)
    return NULL;

  return json_from_string (text, NULL);
}

/* Decodes @payload with the codec the server will use, so that a mutation the server
 * would refuse as malformed never enters the queue. */
static gboolean
validate_payload (KasirMutationType   type,
                  JsonNode           *payload,
                  GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean ok = FALSE;

  switch (type)
    {
    case KASIR_MUTATION_SALE_CREATE:
      {
        g_autoptr(KasirSale) v = kasir_protocol_decode_sale (payload, &local_error);
        ok = v != NULL;
      }
      break;
    case KASIR_MUTATION_SALE_REFUND:
      {
        g_autoptr(KasirRefund) v = kasir_protocol_decode_refund (payload, &local_error);
        ok = v != NULL;
      }
      break;
    case KASIR_MUTATION_SHIFT_OPEN:
      {
        g_autoptr(KasirShiftEvent) v = kasir_protocol_decode_shift_open (payload, &local_error);
        ok = v != NULL;
      }
      break;
    case KASIR_MUTATION_SHIFT_CLOSE:
      {
        g_autoptr(KasirShiftEvent) v = kasir_protocol_decode_shift_close (payload, &local_error);
        ok = v != NULL;
      }
      break;
    case KASIR_MUTATION_PRODUCT_UPDATE:
      {
        g_autoptr(KasirEdit) v = kasir_protocol_decode_product_update (payload, &local_error);
        ok = v != NULL;
      }
      break;
    case KASIR_MUTATION_STOCK_ADJUST:
      {
        g_autoptr(KasirStockAdjust) v = kasir_protocol_decode_stock_adjust (payload, &local_error);
        ok = v != NULL;
      }
      break;
    case KASIR_MUTATION_CUSTOMER_UPSERT:
      {
        g_autoptr(KasirEdit) v = kasir_protocol_decode_customer_upsert (payload, &local_error);
        ok = v != NULL;
      }
      break;
    case KASIR_MUTATION_CONFLICT_RESOLVE:
      {
        g_autoptr(KasirConflictResolve) v = kasir_protocol_decode_conflict_resolve (payload,
                                                                                   &local_error);
        ok = v != NULL;
      }
      break;
    case KASIR_MUTATION_STAFF_UPSERT:
      {
        g_autoptr(KasirStaffUpsert) v = kasir_protocol_decode_staff_upsert (payload, &local_error);
        ok = v != NULL;
      }
      break;
    case KASIR_MUTATION_CATEGORY_UPSERT:
      {
        g_autoptr(KasirCategoryUpsert) v = kasir_protocol_decode_category_upsert (payload, &local_error);
        ok = v != NULL;
      }
      break;
    case KASIR_MUTATION_PRODUCT_CREATE:
      {
        g_autoptr(KasirEdit) v = kasir_protocol_decode_product_create (payload, &local_error);
        ok = v != NULL;
      }
      break;
    case KASIR_MUTATION_SHIFT_CASH:
      {
        g_autoptr(KasirShiftCash) v = kasir_protocol_decode_shift_cash (payload, &local_error);
        ok = v != NULL;
      }
      break;
    case KASIR_MUTATION_ORDER_OPEN:
      {
        g_autoptr(KasirOrderSend) v = kasir_protocol_decode_order_open (payload, &local_error);
        ok = v != NULL;
      }
      break;
    case KASIR_MUTATION_ORDER_ADD:
      {
        g_autoptr(KasirOrderSend) v = kasir_protocol_decode_order_add (payload, &local_error);
        ok = v != NULL;
      }
      break;
    case KASIR_MUTATION_PRODUCT_MODIFIERS:
      {
        g_autoptr(KasirModifierEdit) v = kasir_protocol_decode_product_modifiers (payload, &local_error);
        ok = v != NULL;
      }
      break;
    case KASIR_MUTATION_ORDER_CANCEL:
      {
        g_autoptr(KasirOrderCancel) v = kasir_protocol_decode_order_cancel (payload, &local_error);
        ok = v != NULL;
      }
      break;
    default:
      break;
    }

  if (!ok)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   _("The %s change is not valid: %s"),
                   kasir_mutation_type_to_string (type),
                   local_error != NULL ? local_error->message : _("unknown kind of change"));
      return FALSE;
    }

  return TRUE;
}

gint64
kasir_outbox_repository_enqueue_in_transaction (KasirOutboxRepository  *self,
                                                KasirMutationType       type,
                                                const char             *entity_id,
                                                JsonNode               *payload,
                                                KasirMutation         **out_mutation,
                                                GError                **error)
{
  KasirDatabase *db;
  sqlite3_stmt *stmt;
  g_autofree char *id = NULL;
  g_autofree char *created_at = NULL;
  g_autofree char *text = NULL;
  gint64 seq;

  g_return_val_if_fail (KASIR_IS_OUTBOX_REPOSITORY (self), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  db = self->database;
  if (!kasir_database_in_transaction (db))
    {
      g_set_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_INVALID,
                   "enqueue_in_transaction called outside a transaction");
      return 0;
    }
  if (payload == NULL || !JSON_NODE_HOLDS_OBJECT (payload))
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   _("A mutation payload must be a JSON object"));
      return 0;
    }
  if (kasir_mutation_type_to_string (type) == NULL)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   _("Unknown mutation type %d"), (int) type);
      return 0;
    }
  if (!validate_payload (type, payload, error))
    return 0;

  /* The counter row is bumped inside the caller's transaction: the number is only used
   * if everything commits. */
  stmt = kasir_database_prepare (db, "UPDATE counters SET value = value + 1 "
                                     "WHERE name = 'outbox_seq'", error);
  if (stmt == NULL || !kasir_database_step_done (db, stmt, "outbox seq", error))
    return 0;
  stmt = kasir_database_prepare (db, "SELECT value FROM counters WHERE name = 'outbox_seq'",
                                 error);
  if (stmt == NULL)
    return 0;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      kasir_database_set_error (db, sqlite3_errcode (kasir_database_get_handle (db)),
                                "outbox seq", error);
      kasir_database_stmt_done (stmt);
      return 0;
    }
  seq = sqlite3_column_int64 (stmt, 0);
  kasir_database_stmt_done (stmt);

  id = kasir_uuid_new ();
  created_at = kasir_now_rfc3339 ();
  text = kasir_protocol_to_string (payload, NULL);

  stmt = kasir_database_prepare (db,
                                 "INSERT INTO outbox (seq, id, type, entity_id, payload, "
                                 "created_at, state) VALUES (?, ?, ?, ?, ?, ?, 'pending')",
                                 error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, seq);
  kasir_database_bind_text (stmt, 2, id);
  kasir_database_bind_text (stmt, 3, kasir_mutation_type_to_string (type));
  kasir_database_bind_text (stmt, 4, entity_id);
  kasir_database_bind_text (stmt, 5, text);
  kasir_database_bind_text (stmt, 6, created_at);
  if (!kasir_database_step_done (db, stmt, "outbox insert", error))
    return 0;

  if (out_mutation != NULL)
    {
      KasirMutation *m = kasir_mutation_new ();

      m->seq = seq;
      m->id = g_steal_pointer (&id);
      m->type = type;
      m->created_at = g_steal_pointer (&created_at);
      m->payload = json_node_copy (payload);
      *out_mutation = m;
    }

  return seq;
}

gint64
kasir_outbox_repository_enqueue (KasirOutboxRepository  *self,
                                 KasirMutationType       type,
                                 const char             *entity_id,
                                 JsonNode               *payload,
                                 GError                **error)
{
  gint64 seq;

  g_return_val_if_fail (KASIR_IS_OUTBOX_REPOSITORY (self), 0);

  if (!kasir_database_begin (self->database, error))
    return 0;
  seq = kasir_outbox_repository_enqueue_in_transaction (self, type, entity_id, payload,
                                                        NULL, error);
  if (seq == 0)
    {
      kasir_database_rollback (self->database);
      return 0;
    }
  if (!kasir_database_commit (self->database, error))
    return 0;

  return seq;
}

#define ENTRY_COLUMNS "seq, id, type, created_at, payload, entity_id, state, attempts, " \
                      "last_error, result"

static KasirOutboxEntry *
entry_from_row (sqlite3_stmt  *stmt,
                GError       **error)
{
  g_autoptr(KasirOutboxEntry) entry = g_new0 (KasirOutboxEntry, 1);
  KasirMutation *m = kasir_mutation_new ();
  const char *type = (const char *) sqlite3_column_text (stmt, 2);
  const char *state = (const char *) sqlite3_column_text (stmt, 6);
  g_autoptr(GError) local_error = NULL;

  entry->mutation = m;
  m->seq = sqlite3_column_int64 (stmt, 0);
  m->id = kasir_database_column_dup (stmt, 1);
  m->created_at = kasir_database_column_dup (stmt, 3);
  m->payload = json_from_string ((const char *) sqlite3_column_text (stmt, 4), &local_error);
  entry->entity_id = kasir_database_column_dup (stmt, 5);
  entry->attempts = sqlite3_column_int64 (stmt, 7);
  entry->last_error = kasir_database_column_dup (stmt, 8);
  entry->result = parse_json ((const char *) sqlite3_column_text (stmt, 9));

  if (m->payload == NULL || type == NULL || state == NULL ||
      !kasir_mutation_type_from_string (type, &m->type) ||
      !kasir_outbox_state_from_string (state, &entry->state))
    {
      g_set_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_CORRUPT,
                   _("Outbox row %" PRId64 " cannot be read"), m->seq);
      return NULL;
    }

  return g_steal_pointer (&entry);
}

static GPtrArray *
collect_entries (KasirDatabase  *db,
                 sqlite3_stmt   *stmt,
                 GError        **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_outbox_entry_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KasirOutboxEntry *entry = entry_from_row (stmt, error);

      if (entry == NULL)
        {
          kasir_database_stmt_done (stmt);
          return NULL;
        }
      g_ptr_array_add (entries, entry);
    }
  if (rc != SQLITE_DONE)
    {
      kasir_database_set_error (db, rc, "outbox query", error);
      kasir_database_stmt_done (stmt);
      return NULL;
    }
  kasir_database_stmt_done (stmt);

  return g_steal_pointer (&entries);
}

GPtrArray *
kasir_outbox_repository_list_pending (KasirOutboxRepository  *self,
                                      guint                   limit,
                                      GError                **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  GPtrArray *mutations;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KASIR_IS_OUTBOX_REPOSITORY (self), NULL);

  stmt = kasir_database_prepare (self->database,
                                 "SELECT " ENTRY_COLUMNS " FROM outbox "
                                 "WHERE state IN ('pending', 'in_flight') "
                                 "ORDER BY seq LIMIT ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, limit);
  entries = collect_entries (self->database, stmt, error);
  if (entries == NULL)
    return NULL;

  mutations = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_mutation_free);
  for (guint i = 0; i < entries->len; i++)
    {
      KasirOutboxEntry *entry = entries->pdata[i];

      g_ptr_array_add (mutations, g_steal_pointer (&entry->mutation));
    }

  return mutations;
}

GPtrArray *
kasir_outbox_repository_list_entries (KasirOutboxRepository  *self,
                                      int                     state,
                                      gint64                  after_seq,
                                      guint                   limit,
                                      GError                **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KASIR_IS_OUTBOX_REPOSITORY (self), NULL);

  stmt = kasir_database_prepare (self->database,
                                 "SELECT " ENTRY_COLUMNS " FROM outbox "
                                 "WHERE (?1 IS NULL OR state = ?1) AND seq > ?2 "
                                 "ORDER BY seq LIMIT ?3", error);
  if (stmt == NULL)
    return NULL;
  if (state >= 0)
    kasir_database_bind_text (stmt, 1, kasir_outbox_state_to_string (state));
  sqlite3_bind_int64 (stmt, 2, after_seq);
  sqlite3_bind_int64 (stmt, 3, limit);

  return collect_entries (self->database, stmt, error);
}

KasirOutboxEntry *
kasir_outbox_repository_get (KasirOutboxRepository  *self,
                             gint64                  seq,
                             GError                **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KASIR_IS_OUTBOX_REPOSITORY (self), NULL);

  stmt = kasir_database_prepare (self->database,
                                 "SELECT " ENTRY_COLUMNS " FROM outbox WHERE seq = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, seq);
  entries = collect_entries (self->database, stmt, error);
  if (entries == NULL)
    return NULL;
  if (entries->len == 0)
    {
      g_set_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_NOT_FOUND,
                   _("No outbox entry with seq %" PRId64), seq);
      return NULL;
    }

  return g_ptr_array_steal_index (entries, 0);
}

/* Runs one cached write statement in its own transaction (or the caller's). Values are
 * bound to ?1..?4; a statement that uses fewer simply ignores the rest (binding past the
 * last parameter is refused by SQLite and harmless). @expect_change: fail with NOT_FOUND
 * if no row changed. @advance_acked: move last_acked_seq up to @b. */
static gboolean
run_update (KasirOutboxRepository  *self,
            const char             *sql,
            gint64                  a,
            gint64                  b,
            const char             *text1,
            const char             *text2,
            gboolean                expect_change,
            gboolean                advance_acked,
            GError                **error)
{
  KasirDatabase *db = self->database;
  sqlite3_stmt *stmt;

  if (!kasir_database_begin (db, error))
    return FALSE;

  stmt = kasir_database_prepare (db, sql, error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, a);
  sqlite3_bind_int64 (stmt, 2, b);
  kasir_database_bind_text (stmt, 3, text1);
  kasir_database_bind_text (stmt, 4, text2);
  if (!kasir_database_step_done (db, stmt, "outbox update", error))
    goto fail;

  if (expect_change && sqlite3_changes (kasir_database_get_handle (db)) == 0)
    {
      g_set_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_NOT_FOUND,
                   _("No unanswered outbox entry with seq %" PRId64), a);
      goto fail;
    }

  if (advance_acked)
    {
      /* last_acked_seq only moves forward, and only over answered rows. */
      stmt = kasir_database_prepare (db,
                                     "UPDATE sync_state SET last_acked_seq = ?1 "
                                     "WHERE id = 1 AND last_acked_seq < ?1", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, b);
      if (!kasir_database_step_done (db, stmt, "last acked seq", error))
        goto fail;
    }

  return kasir_database_commit (db, error);

fail:
  kasir_database_rollback (db);
  return FALSE;
}

gboolean
kasir_outbox_repository_mark_in_flight (KasirOutboxRepository  *self,
                                        gint64                  first_seq,
                                        gint64                  last_seq,
                                        GError                **error)
{
  g_return_val_if_fail (KASIR_IS_OUTBOX_REPOSITORY (self), FALSE);

  return run_update (self,
                     "UPDATE outbox SET state = 'in_flight' "
                     "WHERE seq BETWEEN ?1 AND ?2 AND state IN ('pending', 'in_flight')",
                     first_seq, last_seq, NULL, NULL, FALSE, FALSE, error);
}

gboolean
kasir_outbox_repository_mark_acked (KasirOutboxRepository  *self,
                                    gint64                  seq,
                                    JsonNode               *result,
                                    GError                **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (KASIR_IS_OUTBOX_REPOSITORY (self), FALSE);

  if (result != NULL)
    text = kasir_protocol_to_string (result, NULL);

  return run_update (self,
                     "UPDATE outbox SET state = 'acked', result = ?3, last_error = NULL "
                     "WHERE seq = ?1 AND state IN ('pending', 'in_flight')",
                     seq, seq, text, NULL, TRUE, TRUE, error);
}

gboolean
kasir_outbox_repository_mark_acked_up_to (KasirOutboxRepository  *self,
                                          gint64                  seq,
                                          GError                **error)
{
  g_return_val_if_fail (KASIR_IS_OUTBOX_REPOSITORY (self), FALSE);

  return run_update (self,
                     "UPDATE outbox SET state = 'acked', last_error = NULL "
                     "WHERE seq <= ?1 AND state IN ('pending', 'in_flight')",
                     seq, seq, NULL, NULL, FALSE, TRUE, error);
}

gboolean
kasir_outbox_repository_mark_rejected (KasirOutboxRepository  *self,
                                       gint64                  seq,
                                       const char             *reason,
                                       JsonNode               *result,
                                       GError                **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (KASIR_IS_OUTBOX_REPOSITORY (self), FALSE);

  if (result != NULL)
    text = kasir_protocol_to_string (result, NULL);

  /* A rejected mutation still advances the server's last seq, so it counts as answered. */
  return run_update (self,
                     "UPDATE outbox SET state = 'rejected', result = ?3, last_error = ?4 "
                     "WHERE seq = ?1 AND state IN ('pending', 'in_flight')",
                     seq, seq, text, reason != NULL ? reason : "rejected",
                     TRUE, TRUE, error);
}

gboolean
kasir_outbox_repository_record_failure (KasirOutboxRepository  *self,
                                        gint64                  first_seq,
                                        gint64                  last_seq,
                                        const char             *message,
                                        GError                **error)
{
  g_return_val_if_fail (KASIR_IS_OUTBOX_REPOSITORY (self), FALSE);

  return run_update (self,
                     "UPDATE outbox SET state = 'pending', attempts = attempts + 1, "
                     "last_error = ?3 "
                     "WHERE seq BETWEEN ?1 AND ?2 AND state IN ('pending', 'in_flight')",
                     first_seq, last_seq, message != NULL ? message : "failed", NULL,
                     FALSE, FALSE, error);
}

static gboolean
query_count (KasirOutboxRepository  *self,
             const char             *sql,
             const char             *state,
             gint64                 *out,
             GError                **error)
{
  sqlite3_stmt *stmt = kasir_database_prepare (self->database, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  if (state != NULL)
    kasir_database_bind_text (stmt, 1, state);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      kasir_database_set_error (self->database, rc, "outbox count", error);
      kasir_database_stmt_done (stmt);
      return FALSE;
    }
  *out = sqlite3_column_int64 (stmt, 0);
  kasir_database_stmt_done (stmt);

  return TRUE;
}

gboolean
kasir_outbox_repository_count (KasirOutboxRepository  *self,
                               KasirOutboxState        state,
                               gint64                 *out_count,
                               GError                **error)
{
  g_return_val_if_fail (KASIR_IS_OUTBOX_REPOSITORY (self), FALSE);
  g_return_val_if_fail (out_count != NULL, FALSE);

  return query_count (self, "SELECT count(*) FROM outbox WHERE state = ?",
                      kasir_outbox_state_to_string (state), out_count, error);
}

gboolean
kasir_outbox_repository_count_unsent (KasirOutboxRepository  *self,
                                      gint64                 *out_count,
                                      GError                **error)
{
  g_return_val_if_fail (KASIR_IS_OUTBOX_REPOSITORY (self), FALSE);
  g_return_val_if_fail (out_count != NULL, FALSE);

  return query_count (self,
                      "SELECT count(*) FROM outbox WHERE state IN ('pending', 'in_flight')",
                      NULL, out_count, error);
}

gboolean
kasir_outbox_repository_get_last_seq (KasirOutboxRepository  *self,
                                      gint64                 *out_seq,
                                      GError                **error)
{
  g_return_val_if_fail (KASIR_IS_OUTBOX_REPOSITORY (self), FALSE);
  g_return_val_if_fail (out_seq != NULL, FALSE);

  return query_count (self, "SELECT value FROM counters WHERE name = 'outbox_seq'",
                      NULL, out_seq, error);
}

gboolean
kasir_outbox_repository_prune_acked (KasirOutboxRepository  *self,
                                     gint64                  up_to_seq,
                                     GError                **error)
{
  g_return_val_if_fail (KASIR_IS_OUTBOX_REPOSITORY (self), FALSE);

  return run_update (self,
                     "DELETE FROM outbox WHERE state = 'acked' AND seq <= ?1",
                     up_to_seq, 0, NULL, NULL, FALSE, FALSE, error);
}
